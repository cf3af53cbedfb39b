import type { Context, Hono } from 'hono';
import { ulid } from 'ulid';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { type FieldError, problems } from '../../../shared/http/problem';
import { publicOrigin } from '../../../shared/http/public-origin';
import type { CouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
import {
  answersFromForm,
  errorsForFields,
  type FormValues,
  formFromAnswers,
} from '../../../shared/web/form-fields';
import { pageChrome } from '../../../shared/web/page-chrome';
import { readForm, summaryErrors } from '../../../shared/web/read-form';
import { type Application, ApplicationRuleError, editableSections } from '../domain/application';
import {
  checkEvidence,
  evidenceFileName,
  evidenceProblemMessages,
  evidenceSections,
} from '../domain/evidence';
import { isOpenForApplications } from '../domain/framework';
import { organisationDetailsSchema } from '../domain/organisation';
import { type SectionId, sectionIds, sectionTitles } from '../domain/sections';
import {
  CheckAnswersPage,
  type EvidenceBlock,
  ProviderHomePage,
  SectionPage,
  SignUpPage,
  SubmittedPage,
  TaskListPage,
} from '../pages/provider-pages';
import { organisationFields, sectionFields } from '../pages/section-forms';
import { ProviderAlreadyExistsError } from '../repositories/providers';
import type { EvidenceStore } from '../storage/evidence-store';
import { frameworkIdSchema, idSchema } from './api-schemas';
import { asProblem, loadApplicationFor, rethrowAsProblem } from './application-access';
import type { ApplicationApiDependencies } from './application-api';
import { applicationView } from './application-view';

export interface ProviderWebDependencies extends ApplicationApiDependencies {
  councils: Pick<CouncilRepository, 'get'>;
  evidence?: EvidenceStore | undefined;
}

/** Uploads land here first; the bucket forgets anything under uploads/ after a day. */
const uploadKey = (application: Application, uploadId: string) =>
  `uploads/${application.councilId}/${application.id}/${uploadId}`;

const evidenceProblems = ['missing', 'empty', 'too-big', 'wrong-type'] as const;

const pageParams = z.object({ applicationId: idSchema, section: z.enum(sectionIds).optional() });

/**
 * The provider's pages: sign up, start, the task list, each section, check answers, submit. They
 * work without JavaScript: every step is a form post followed by a redirect or a page with errors.
 */
export function addProviderPages(app: Hono<AppEnv>, deps: ProviderWebDependencies) {
  const { frameworks, providers, applications, councils, service, evidence, now } = deps;

  const params = (c: Context<AppEnv>) => {
    const parsed = pageParams.safeParse(c.req.param());
    if (!parsed.success) throw problems.notFound();
    return parsed.data;
  };

  const loadForProvider = async (c: Context<AppEnv>) => {
    const user = requireUser(c, 'provider');
    const application = await loadApplicationFor(user, params(c).applicationId, deps);
    return { user, application };
  };

  app.get('/applications', async (c) => {
    const user = requireUser(c, 'provider');
    const organisation = await providers.findByOwner(user.councilId, user.id);
    const [mine, ownMemberships, councilFrameworks, chrome] = await Promise.all([
      organisation ? applications.listForProvider(user.councilId, organisation.id) : [],
      organisation ? deps.memberships.listForProvider(user.councilId, organisation.id) : [],
      frameworks.listByCouncil(user.councilId),
      pageChrome(c, councils, 'Your applications'),
    ]);
    const today = ukToday(now());
    return c.html(
      <ProviderHomePage
        chrome={chrome}
        organisationName={organisation?.details.legalName}
        applications={mine.map((application) => applicationView(application, now()))}
        frameworks={councilFrameworks.filter((framework) => isOpenForApplications(framework, today))}
        memberships={ownMemberships}
      />,
    );
  });

  app.get('/applications/sign-up', async (c) => {
    const user = requireUser(c, 'provider');
    if (await providers.findByOwner(user.councilId, user.id)) return c.redirect('/applications', 303);
    return c.html(
      <SignUpPage
        chrome={await pageChrome(c, councils, 'Sign up your organisation')}
        fields={organisationFields}
        values={{}}
      />,
    );
  });

  app.post('/applications/sign-up', async (c) => {
    const user = requireUser(c, 'provider');
    const values = await readForm(c);
    const parsed = organisationDetailsSchema.safeParse(answersFromForm(organisationFields, values));
    if (!parsed.success) {
      const errors = errorsForFields(
        organisationFields,
        parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
      );
      const chrome = await pageChrome(c, councils, 'Sign up your organisation');
      c.status(400);
      return c.html(
        <SignUpPage
          chrome={{ ...chrome, errors: summaryErrors(errors) }}
          fields={organisationFields}
          values={values}
          errors={errors}
        />,
      );
    }
    try {
      await providers.add({
        id: ulid(),
        councilId: user.councilId,
        ownerUserId: user.id,
        details: parsed.data,
        createdAt: now().toISOString(),
      });
    } catch (error) {
      if (!(error instanceof ProviderAlreadyExistsError)) throw error;
    }
    return c.redirect('/applications', 303);
  });

  app.post('/applications/start', async (c) => {
    const user = requireUser(c, 'provider');
    const form = await readForm(c);
    const frameworkId = frameworkIdSchema.safeParse(form.frameworkId);
    if (!frameworkId.success) throw problems.ruleBroken('Choose a framework to apply to.');
    const [framework, organisation] = await Promise.all([
      frameworks.get(user.councilId, frameworkId.data),
      providers.findByOwner(user.councilId, user.id),
    ]);
    if (!organisation) return c.redirect('/applications/sign-up', 303);
    if (!framework) throw problems.ruleBroken('This framework is not taking applications now.');
    const started = await asProblem(() => service.start(user, framework, organisation));
    return c.redirect(`/applications/${started.id}`, 303);
  });

  app.get('/applications/:applicationId', async (c) => {
    const { application } = await loadForProvider(c);
    return c.html(
      <TaskListPage
        chrome={await pageChrome(c, councils, 'Your application')}
        application={applicationView(application, now())}
      />,
    );
  });

  const renderSection = async (
    c: Context<AppEnv>,
    application: Awaited<ReturnType<typeof loadForProvider>>['application'],
    section: SectionId,
    values: FormValues,
    completed: boolean | undefined,
    errors?: FieldError[],
  ) => {
    const chrome = await pageChrome(c, councils, sectionTitles[section]);
    const files = evidenceSections.includes(section) ? evidenceBlock(c, application, section) : undefined;
    return c.html(
      <SectionPage
        evidence={files ? await files : undefined}
        chrome={{ ...chrome, errors: errors ? summaryErrors(errors) : undefined }}
        application={applicationView(application, now())}
        section={section}
        fields={sectionFields(section, application.framework)}
        values={values}
        completed={completed}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  app.get('/applications/:applicationId/sections/:section', async (c) => {
    const { application } = await loadForProvider(c);
    const section = params(c).section;
    if (!section) throw problems.notFound();
    const saved = application.sections[section];
    const fields = sectionFields(section, application.framework);
    return renderSection(
      c,
      application,
      section,
      saved ? formFromAnswers(fields, saved.answers) : {},
      saved ? saved.status === 'completed' : undefined,
    );
  });

  app.post('/applications/:applicationId/sections/:section', async (c) => {
    const { user, application } = await loadForProvider(c);
    const section = params(c).section;
    if (!section) throw problems.notFound();
    const values = await readForm(c);
    const completedValue = values.completed;
    delete values.completed;
    const fields = sectionFields(section, application.framework);
    if (completedValue !== 'yes' && completedValue !== 'no') {
      return renderSection(c, application, section, values, undefined, [
        { field: 'completed', message: 'Select yes if you have completed this section' },
      ]);
    }
    const completed = completedValue === 'yes';
    try {
      await service.saveSection(user, application, section, answersFromForm(fields, values), completed);
    } catch (error) {
      if (error instanceof ApplicationRuleError && error.kind === 'invalid-answers') {
        return renderSection(
          c,
          application,
          section,
          values,
          completed,
          errorsForFields(fields, error.errors),
        );
      }
      rethrowAsProblem(error);
    }
    return c.redirect(`/applications/${application.id}`, 303);
  });

  app.get('/applications/:applicationId/check-answers', async (c) => {
    const { application } = await loadForProvider(c);
    const view = applicationView(application, now());
    const sections = view.sections
      .filter((section) => section.status !== 'not-needed')
      .map((section) => ({
        id: section.id,
        fields: sectionFields(section.id, application.framework),
        editable: section.editable,
      }));
    const chrome = await pageChrome(c, councils, 'Check your answers');
    const errors = view.missing.map((missing) => ({ field: missing.field, message: missing.message }));
    return c.html(
      <CheckAnswersPage
        chrome={{
          ...chrome,
          errors: errors.length
            ? errors.map((e) => ({ field: `section-${e.field.split('.')[0]}`, message: e.message }))
            : undefined,
        }}
        application={view}
        sections={sections}
      />,
    );
  });

  app.post('/applications/:applicationId/submit', async (c) => {
    const { user, application } = await loadForProvider(c);
    const form = await readForm(c);
    if (String(form.version) !== String(application.version)) {
      throw problems.conflict(
        'Your application changed since you checked your answers. Check them again, then submit.',
      );
    }
    try {
      await service.submit(user, application);
    } catch (error) {
      if (error instanceof ApplicationRuleError && error.kind === 'incomplete') {
        return c.redirect(`/applications/${application.id}/check-answers`, 303);
      }
      rethrowAsProblem(error);
    }
    return c.redirect(`/applications/${application.id}/submitted`, 303);
  });

  app.get('/applications/:applicationId/submitted', async (c) => {
    const { application } = await loadForProvider(c);
    if (application.status !== 'submitted') return c.redirect(`/applications/${application.id}`, 303);
    return c.html(
      <SubmittedPage
        chrome={await pageChrome(c, councils, 'Application submitted')}
        application={applicationView(application, now())}
      />,
    );
  });

  /** The files already added to a section, and a form that uploads another straight to S3. */
  async function evidenceBlock(
    c: Context<AppEnv>,
    application: Application,
    section: SectionId,
  ): Promise<EvidenceBlock> {
    const files = (application.evidence ?? []).filter((file) => file.section === section);
    const problem = z.enum(evidenceProblems).safeParse(c.req.query('evidence-error'));
    if (!evidence || !editableSections(application).includes(section)) {
      return {
        applicationId: application.id,
        files,
        ...(problem.success ? { error: evidenceProblemMessages[problem.data] } : {}),
      };
    }
    const uploadId = ulid();
    const redirectTo = `${publicOrigin(c)}/applications/${application.id}/evidence/uploaded?${new URLSearchParams({ section, upload: uploadId })}`;
    return {
      applicationId: application.id,
      files,
      upload: await evidence.uploadForm(uploadKey(application, uploadId), redirectTo),
      ...(problem.success ? { error: evidenceProblemMessages[problem.data] } : {}),
    };
  }

  const uploadedQuerySchema = z.object({ section: z.enum(sectionIds), upload: idSchema });

  // S3 sends the browser here after an upload; the file is checked before the application records it.
  app.get('/applications/:applicationId/evidence/uploaded', async (c) => {
    const { user, application } = await loadForProvider(c);
    const query = uploadedQuerySchema.safeParse(c.req.query());
    if (!query.success || !evidence) throw problems.notFound();
    const { section, upload } = query.data;
    const back = (problem?: string) =>
      c.redirect(
        `/applications/${application.id}/sections/${section}${problem ? `?evidence-error=${problem}` : ''}#evidence`,
        303,
      );
    // The upload id becomes the file's id, so a repeated redirect adds nothing twice.
    if (application.evidence?.some((file) => file.id === upload)) return back();
    const uploaded = await evidence.inspect(uploadKey(application, upload));
    const checked = checkEvidence(uploaded);
    if (!checked.ok) return back(checked.problem);
    const contentType = checked.type;
    const fileId = upload;
    const key = `evidence/${application.councilId}/${application.id}/${fileId}`;
    await evidence.keep(uploadKey(application, upload), key, contentType);
    await asProblem(() =>
      service.addEvidence(user, application, {
        id: fileId,
        section,
        contentType,
        sizeBytes: uploaded?.sizeBytes ?? 0,
        key,
        uploadedAt: now().toISOString(),
        uploadedBy: { id: user.id, name: user.name },
      }),
    );
    return back();
  });

  // Provider and council staff alike: a short-lived link, never the bucket's address.
  app.get('/applications/:applicationId/evidence/:fileId', async (c) => {
    const user = requireUser(c, 'provider', 'commissioner', 'admin');
    const applicationId = idSchema.safeParse(c.req.param('applicationId'));
    const fileId = idSchema.safeParse(c.req.param('fileId'));
    if (!applicationId.success || !fileId.success || !evidence) throw problems.notFound();
    const application = await loadApplicationFor(user, applicationId.data, deps);
    const file = application.evidence?.find((candidate) => candidate.id === fileId.data);
    if (!file) throw problems.notFound('There is no such file on this application.');
    return c.redirect(await evidence.downloadLink(file.key, evidenceFileName(file)), 303);
  });
}
