import type { SignedInUser } from '../../../shared/domain/users';
import { problems } from '../../../shared/http/problem';
import { type Application, ApplicationRuleError } from '../domain/application';
import { type ApplicationRepository, VersionConflictError } from '../repositories/applications';
import type { ProviderRepository } from '../repositories/providers';

/**
 * The one place that decides who may see an application: its own provider, and the council's
 * commissioners and admins. Anyone else is told it does not exist, so ids reveal nothing.
 */
export async function loadApplicationFor(
  user: SignedInUser,
  id: string,
  repositories: {
    applications: Pick<ApplicationRepository, 'get'>;
    providers: Pick<ProviderRepository, 'findByOwner'>;
  },
): Promise<Application> {
  if (user.role === 'person' || user.role === 'representative') {
    throw problems.forbidden('Only providers and council staff can see applications.');
  }
  const notFound = problems.notFound('There is no application with this id.');
  const application = await repositories.applications.get(user.councilId, id);
  if (!application) throw notFound;
  if (user.role === 'provider') {
    const organisation = await repositories.providers.findByOwner(user.councilId, user.id);
    if (application.providerId !== organisation?.id) throw notFound;
  }
  return application;
}

/** Domain and storage refusals as HTTP problems; anything else goes on as it is (a 500). */
export function rethrowAsProblem(error: unknown): never {
  if (error instanceof ApplicationRuleError) {
    switch (error.kind) {
      case 'invalid-answers':
        throw problems.invalidInput(
          error.errors.map((e) => ({ field: `answers.${e.field}`, message: e.message })),
        );
      case 'incomplete':
      case 'closed':
      case 'not-approvable':
        throw problems.ruleBroken(error.message, error.errors);
      default:
        throw problems.conflict(error.message, error.errors.length ? error.errors : undefined);
    }
  }
  if (error instanceof VersionConflictError) {
    throw problems.conflict(
      'Someone else changed this while you were working on it. Reload it to see their change, then try again.',
    );
  }
  throw error;
}

export async function asProblem<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    rethrowAsProblem(error);
  }
}
