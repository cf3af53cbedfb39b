import type { Context, Hono } from 'hono';
import { ulid } from 'ulid';
import { actorOf } from '../../../shared/domain/users';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { problems } from '../../../shared/http/problem';
import type { CouncilRepository } from '../../../shared/table/councils';
import {
  answersFromForm,
  errorsForFields,
  type FormValues,
  formFromAnswers,
} from '../../../shared/web/form-fields';
import { pageChrome } from '../../../shared/web/page-chrome';
import { readForm, summaryErrors } from '../../../shared/web/read-form';
import {
  createFramework,
  type FrameworkInput,
  frameworkInputSchema,
  reviseFramework,
} from '../domain/framework';
import { FrameworkFormPage, FrameworksPage, frameworkFields } from '../pages/framework-pages';
import type { FrameworkRepository } from '../repositories/frameworks';
import { frameworkIdSchema } from './api-schemas';
import { asProblem } from './application-access';

export interface FrameworkWebDependencies {
  frameworks: FrameworkRepository;
  councils: Pick<CouncilRepository, 'get'>;
  now: () => Date;
}

/** The form's answers as a framework input: rolling admission has no windows. */
function frameworkFromForm(values: FormValues) {
  const input = answersFromForm(frameworkFields, values) as Record<string, unknown> & {
    admission?: Record<string, unknown>;
  };
  if (input.admission?.kind === 'rolling') delete input.admission.windows;
  for (const list of ['lots', 'selectionCriteria', 'qualityQuestions'] as const) input[list] ??= [];
  return frameworkInputSchema.safeParse(input);
}

/** Council admins create and edit their council's frameworks; commissioners can read them. */
export function addFrameworkPages(
  app: Hono<AppEnv>,
  { frameworks, councils, now }: FrameworkWebDependencies,
) {
  const render = async (
    c: Context<AppEnv>,
    page: { action: string; heading: string; version?: number; frameworkId?: string },
    values: FormValues,
    errors?: { field: string; message: string }[],
  ) => {
    const chrome = await pageChrome(c, councils, page.heading);
    const { frameworkId, ...form } = page;
    const user = requireUser(c, 'admin');
    const history = frameworkId ? await frameworks.auditTrail(user.councilId, frameworkId) : undefined;
    return c.html(
      <FrameworkFormPage
        chrome={{ ...chrome, errors: errors ? summaryErrors(errors) : undefined }}
        {...form}
        values={values}
        errors={errors}
        history={history}
      />,
      errors ? 400 : 200,
    );
  };

  const load = async (c: Context<AppEnv>) => {
    const user = requireUser(c, 'admin');
    const id = frameworkIdSchema.safeParse(c.req.param('frameworkId'));
    const framework = id.success ? await frameworks.get(user.councilId, id.data) : undefined;
    if (!framework) throw problems.notFound();
    return framework;
  };

  const issuesOf = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
    errorsForFields(
      frameworkFields,
      error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );

  app.get('/applications/frameworks', async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    return c.html(
      <FrameworksPage
        chrome={await pageChrome(c, councils, 'Frameworks')}
        frameworks={await frameworks.listByCouncil(user.councilId)}
        canEdit={user.role === 'admin'}
      />,
    );
  });

  app.get('/applications/frameworks/new', async (c) => {
    requireUser(c, 'admin');
    return render(
      c,
      { action: '/applications/frameworks/new', heading: 'Create a framework' },
      { 'admission.kind': 'rolling' },
    );
  });

  app.post('/applications/frameworks/new', async (c) => {
    const user = requireUser(c, 'admin');
    const values = await readForm(c);
    const parsed = frameworkFromForm(values);
    if (!parsed.success)
      return render(
        c,
        { action: '/applications/frameworks/new', heading: 'Create a framework' },
        values,
        issuesOf(parsed.error),
      );
    const at = now();
    await frameworks.add(
      createFramework(
        parsed.data as FrameworkInput,
        { id: ulid().toLowerCase(), councilId: user.councilId },
        actorOf(user),
        at,
      ),
      at,
    );
    return c.redirect('/applications/frameworks', 303);
  });

  app.get('/applications/frameworks/:frameworkId/edit', async (c) => {
    const framework = await load(c);
    const { id: _id, councilId: _council, version, ...input } = framework;
    return render(
      c,
      {
        action: `/applications/frameworks/${framework.id}/edit`,
        heading: `Edit ${framework.name}`,
        version,
        frameworkId: framework.id,
      },
      formFromAnswers(frameworkFields, input as unknown as Record<string, unknown>),
    );
  });

  app.post('/applications/frameworks/:frameworkId/edit', async (c) => {
    const framework = await load(c);
    const user = requireUser(c, 'admin');
    const values = await readForm(c);
    const page = {
      action: `/applications/frameworks/${framework.id}/edit`,
      heading: `Edit ${framework.name}`,
      version: framework.version,
      frameworkId: framework.id,
    };
    if (String(values.version) !== String(framework.version)) {
      throw problems.conflict(
        'This framework changed since you opened it. Go back and reload it to see the change.',
      );
    }
    delete values.version;
    const parsed = frameworkFromForm(values);
    if (!parsed.success) return render(c, page, values, issuesOf(parsed.error));
    const at = now();
    await asProblem(() =>
      frameworks.update(reviseFramework(framework, parsed.data as FrameworkInput, actorOf(user), at), at),
    );
    return c.redirect('/applications/frameworks', 303);
  });
}
