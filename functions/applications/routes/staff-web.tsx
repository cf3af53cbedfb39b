import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { type FieldError, problems } from '../../../shared/http/problem';
import type { CouncilRepository } from '../../../shared/table/councils';
import {
  answersFromForm,
  errorsForFields,
  type FormField,
  type FormValues,
  formFromAnswers,
} from '../../../shared/web/form-fields';
import { pageChrome } from '../../../shared/web/page-chrome';
import { readForm, summaryErrors } from '../../../shared/web/read-form';
import {
  type Application,
  ApplicationRuleError,
  applicationStatuses,
  requiredSections,
} from '../domain/application';
import { evaluationInputSchema } from '../domain/evaluation';
import type { FrameworkSnapshot } from '../domain/framework';
import { sectionIds, sectionTitles } from '../domain/sections';
import { sectionFields } from '../pages/section-forms';
import { MembersPage, QueuePage, type ReviewForms, ReviewPage } from '../pages/staff-pages';
import { idSchema } from './api-schemas';
import { asProblem, loadApplicationFor, rethrowAsProblem } from './application-access';
import type { ApplicationApiDependencies } from './application-api';
import { applicationView } from './application-view';

export interface StaffWebDependencies extends ApplicationApiDependencies {
  councils: Pick<CouncilRepository, 'get'>;
}

function evaluationFields(framework: FrameworkSnapshot): FormField[] {
  return [
    ...framework.selectionCriteria.flatMap((criterion, index): FormField[] => [
      {
        path: `criteria.${criterion.id}.result`,
        kind: 'radios',
        label: criterion.text,
        group: `Criterion ${index + 1}`,
        options: [
          { value: 'pass', label: 'Pass' },
          { value: 'fail', label: 'Fail' },
        ],
      },
      {
        path: `criteria.${criterion.id}.note`,
        kind: 'textarea',
        label: 'Note (optional)',
        group: `Criterion ${index + 1}`,
      },
    ]),
    ...framework.qualityQuestions.flatMap((question, index): FormField[] => [
      {
        path: `scores.${question.id}.score`,
        kind: 'radios',
        label: `Score for: ${question.text} (weight ${question.weight})`,
        group: `Question ${index + 1}`,
        options: [0, 1, 2, 3, 4, 5].map((score) => ({ value: String(score), label: String(score) })),
      },
      {
        path: `scores.${question.id}.note`,
        kind: 'textarea',
        label: 'Note (optional)',
        group: `Question ${index + 1}`,
      },
    ]),
  ];
}

const decisionFields: FormField[] = [
  {
    path: 'outcome',
    kind: 'radios',
    label: 'What is your decision?',
    options: [
      { value: 'approve', label: 'Approve: the provider joins the framework' },
      { value: 'reject', label: 'Reject' },
    ],
  },
  {
    path: 'reasons',
    kind: 'textarea',
    label: 'Reasons',
    hint: 'The provider will see these. Required if you reject.',
  },
];

function clarificationFields(application: Application): FormField[] {
  return [
    { path: 'question', kind: 'textarea', label: 'Your question for the provider' },
    {
      path: 'sections',
      kind: 'checkboxes',
      label: 'Which sections should they change?',
      hint: 'Only these sections will open for changes',
      options: requiredSections(application).map((id) => ({ value: id, label: sectionTitles[id] })),
    },
  ];
}

const queueQuerySchema = z.object({
  status: z.enum(applicationStatuses).catch('submitted'),
  lot: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional()
    .catch(undefined),
});

/**
 * Council staff's pages: the queue, an application's review (answers, history, evaluation,
 * clarification, decision), and the members page. Registered before the provider's pages so
 * `/applications/review` is not taken for an application id.
 */
export function addStaffPages(app: Hono<AppEnv>, deps: StaffWebDependencies) {
  const { applications, memberships, frameworks, councils, service, now } = deps;

  const staff = (c: Context<AppEnv>) => requireUser(c, 'commissioner', 'admin');

  const load = async (c: Context<AppEnv>) => {
    const user = staff(c);
    const id = idSchema.safeParse(c.req.param('applicationId'));
    if (!id.success) throw problems.notFound();
    return { user, application: await loadApplicationFor(user, id.data, deps) };
  };

  app.get('/applications', async (c, next) => {
    const user = c.get('user');
    if (user && (user.role === 'commissioner' || user.role === 'admin'))
      return c.redirect('/applications/review', 303);
    await next();
  });

  app.get('/applications/review', async (c) => {
    const user = staff(c);
    const { status, lot } = queueQuerySchema.parse(c.req.query());
    const [queue, councilFrameworks, chrome] = await Promise.all([
      applications.listByStatus(user.councilId, status),
      frameworks.listByCouncil(user.councilId),
      pageChrome(c, councils, 'Applications to review'),
    ]);
    const at = now();
    const filtered = queue.filter((application) => {
      const lotIds = application.sections.lots?.answers.lotIds;
      return !lot || (Array.isArray(lotIds) && lotIds.includes(lot));
    });
    const lots = councilFrameworks.flatMap((framework) => framework.lots);
    return c.html(
      <QueuePage
        chrome={chrome}
        applications={filtered.map((a) => applicationView(a, at, true))}
        status={status}
        lot={lot}
        lots={lots}
        now={at}
      />,
    );
  });

  const renderReview = async (
    c: Context<AppEnv>,
    application: Application,
    overrides: Partial<ReviewForms> = {},
    status = 200,
  ) => {
    const at = now();
    const view = applicationView(application, at, true);
    const evaluation = evaluationFields(application.framework);
    const forms: ReviewForms = {
      evaluation: {
        fields: evaluation,
        values: application.evaluation ? formFromAnswers(evaluation, { ...application.evaluation }) : {},
      },
      clarification: { fields: clarificationFields(application), values: {} },
      decision: { fields: decisionFields, values: {} },
      ...overrides,
    };
    const errors = [forms.evaluation, forms.clarification, forms.decision].flatMap(
      (form) => form.errors ?? [],
    );
    const [chrome, audit, providerApplications, providerMemberships] = await Promise.all([
      pageChrome(c, councils, application.providerName),
      applications.auditTrail(application.councilId, application.id),
      applications.listForProvider(application.councilId, application.providerId),
      memberships.listForProvider(application.councilId, application.providerId),
    ]);
    return c.html(
      <ReviewPage
        chrome={{
          ...chrome,
          errors: errors.length ? summaryErrors(errors) : undefined,
        }}
        application={view}
        framework={application.framework}
        sections={view.sections
          .filter((s) => s.status !== 'not-needed')
          .map((s) => ({ id: s.id, fields: sectionFields(s.id, application.framework) }))}
        audit={audit}
        forms={forms}
        files={application.evidence ?? []}
        history={{
          applications: providerApplications
            .filter((other) => other.id !== application.id)
            .map((other) => ({
              id: other.id,
              frameworkName: other.framework.name,
              status: other.status,
              createdAt: other.createdAt,
            })),
          memberships: providerMemberships,
        }}
      />,
      status as 200,
    );
  };

  app.get('/applications/review/:applicationId', async (c) => {
    const { application } = await load(c);
    return renderReview(c, application);
  });

  /** A form decided on what the page showed; if the application has moved on since, say so. */
  const checkVersion = (application: Application, values: FormValues) => {
    if (String(values.version) !== String(application.version)) {
      throw problems.conflict(
        'This application changed since you opened it, perhaps by another commissioner. Go back and reload it to see the change.',
      );
    }
  };

  app.post('/applications/review/:applicationId/evaluation', async (c) => {
    const { user, application } = await load(c);
    const values = await readForm(c);
    checkVersion(application, values);
    const fields = evaluationFields(application.framework);
    const marks = answersFromForm(fields, values) as {
      scores?: Record<string, { score?: unknown; note?: string }>;
    };
    for (const mark of Object.values(marks.scores ?? {})) {
      if (typeof mark.score === 'string' && /^[0-5]$/.test(mark.score)) mark.score = Number(mark.score);
    }
    const parsed = evaluationInputSchema(application.framework).safeParse(marks);
    if (!parsed.success) {
      const errors = errorsForFields(
        fields,
        parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
      );
      return renderReview(c, application, { evaluation: { fields, values, errors } }, 400);
    }
    await asProblem(() => service.evaluate(user, application, parsed.data));
    return c.redirect(`/applications/review/${application.id}#decision`, 303);
  });

  app.post('/applications/review/:applicationId/decision', async (c) => {
    const { user, application } = await load(c);
    const values = await readForm(c);
    checkVersion(application, values);
    const outcome = values.outcome;
    const reasons = typeof values.reasons === 'string' ? values.reasons.trim() : '';
    const fail = (errors: FieldError[]) =>
      renderReview(
        c,
        application,
        { decision: { fields: decisionFields, values, errors } },
        errors[0]?.field === 'reasons' || errors[0]?.field === 'outcome' ? 400 : 422,
      );
    if (outcome !== 'approve' && outcome !== 'reject')
      return fail([{ field: 'outcome', message: 'Select approve or reject' }]);
    if (outcome === 'reject' && !reasons)
      return fail([{ field: 'reasons', message: 'Enter the reasons for rejecting' }]);
    try {
      if (outcome === 'approve') await service.approve(user, application, reasons);
      else await service.reject(user, application, reasons);
    } catch (error) {
      if (error instanceof ApplicationRuleError && error.kind === 'not-approvable') {
        return fail(error.errors.map((e) => ({ field: 'outcome', message: e.message })));
      }
      rethrowAsProblem(error);
    }
    return c.redirect(`/applications/review/${application.id}`, 303);
  });

  app.post('/applications/review/:applicationId/clarification', async (c) => {
    const { user, application } = await load(c);
    const values = await readForm(c);
    checkVersion(application, values);
    const fields = clarificationFields(application);
    const question = typeof values.question === 'string' ? values.question.trim() : '';
    const chosen = z
      .array(z.enum(sectionIds))
      .safeParse(Array.isArray(values.sections) ? values.sections : values.sections ? [values.sections] : []);
    const errors: FieldError[] = [];
    if (!question) errors.push({ field: 'question', message: 'Enter your question for the provider' });
    if (!chosen.success || chosen.data.length === 0)
      errors.push({ field: 'sections', message: 'Select the sections the provider should change' });
    if (errors.length || !chosen.success)
      return renderReview(c, application, { clarification: { fields, values, errors } }, 400);
    await asProblem(() =>
      service.requestClarification(user, application, { question, sections: chosen.data }),
    );
    return c.redirect(`/applications/review/${application.id}`, 303);
  });

  app.get('/applications/members', async (c) => {
    const user = staff(c);
    const [members, councilFrameworks, chrome] = await Promise.all([
      memberships.listByCouncil(user.councilId),
      frameworks.listByCouncil(user.councilId),
      pageChrome(c, councils, 'Framework members'),
    ]);
    return c.html(
      <MembersPage chrome={chrome} memberships={members} lots={councilFrameworks.flatMap((f) => f.lots)} />,
    );
  });
}
