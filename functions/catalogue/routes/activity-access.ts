import type { SignedInUser } from '../../../shared/domain/users';
import { problems } from '../../../shared/http/problem';
import { PostcodeLookupUnavailableError } from '../../../shared/postcodes/lookup';
import type { ProviderRepository } from '../../applications/repositories/providers';
import { type Activity, ActivityRuleError, activityIdPattern } from '../domain/activity';
import { SessionRuleError } from '../domain/sessions';
import { type ActivityRepository, ActivityVersionConflictError } from '../repositories/activities';
import { SessionsChangedError } from '../repositories/sessions';
import { SessionsWithBookingsError } from '../services/catalogue-service';

/**
 * The one place that decides who may change an activity: the provider that owns it, in its
 * council. Anyone else is told it does not exist.
 */
export async function loadOwnActivity(
  user: SignedInUser,
  id: string,
  repositories: {
    activities: Pick<ActivityRepository, 'get'>;
    providers: Pick<ProviderRepository, 'findByOwner'>;
  },
): Promise<Activity> {
  const notFound = problems.notFound('There is no activity of yours with this id.');
  if (!activityIdPattern.test(id)) throw notFound;
  const [activity, organisation] = await Promise.all([
    repositories.activities.get(id),
    repositories.providers.findByOwner(user.councilId, user.id),
  ]);
  if (!activity || activity.councilId !== user.councilId || activity.providerId !== organisation?.id)
    throw notFound;
  return activity;
}

/** Catalogue refusals as HTTP problems; anything else goes on as it is (a 500). */
export async function asCatalogueProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ActivityRuleError) {
      if (error.kind === 'illegal-transition') throw problems.conflict(error.message);
      if (error.kind === 'not-member') throw problems.forbidden(error.message);
      throw problems.ruleBroken(error.message, error.errors);
    }
    if (error instanceof SessionRuleError || error instanceof SessionsWithBookingsError)
      throw problems.conflict(error.message);
    if (error instanceof PostcodeLookupUnavailableError)
      throw problems.unavailable(
        'We cannot check postcodes right now, so nothing was saved. Try again in a few minutes.',
      );
    if (error instanceof ActivityVersionConflictError || error instanceof SessionsChangedError)
      throw problems.conflict(
        'Someone else changed this while you were working on it. Reload it to see their change, then try again.',
      );
    throw error;
  }
}
