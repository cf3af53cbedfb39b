import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ulid } from 'ulid';
import { actorOf } from '../../../shared/domain/users';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { problemResponses } from '../../../shared/http/openapi-responses';
import { fieldErrorsFrom, problems } from '../../../shared/http/problem';
import { applicationStatuses } from '../domain/application';
import { evaluationInputSchema } from '../domain/evaluation';
import { createFramework, frameworkInputSchema, reviseFramework } from '../domain/framework';
import { isMicroProvider, organisationDetailsSchema } from '../domain/organisation';
import { sectionIds } from '../domain/sections';
import type { ApplicationRepository } from '../repositories/applications';
import type { FrameworkRepository } from '../repositories/frameworks';
import type { MembershipRepository } from '../repositories/memberships';
import { ProviderAlreadyExistsError, type ProviderRepository } from '../repositories/providers';
import type { ApplicationService } from '../services/application-service';
import {
  applicationSchema,
  auditEntrySchema,
  frameworkAuditEntrySchema,
  frameworkIdSchema,
  frameworkSchema,
  idSchema,
  membershipSchema,
  organisationSchema,
} from './api-schemas';
import { asProblem, loadApplicationFor } from './application-access';
import { applicationView } from './application-view';

export interface ApplicationApiDependencies {
  frameworks: FrameworkRepository;
  providers: ProviderRepository;
  applications: ApplicationRepository;
  memberships: MembershipRepository;
  service: ApplicationService;
  now: () => Date;
}

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const bearer = [{ bearerToken: [] }];
const tags = ['Applications'];

/**
 * The JSON API for frameworks, provider sign-up and applications. Static paths are added before
 * `/api/applications/{applicationId}` so they are matched first.
 */
export function addApplicationApi(app: OpenAPIHono<AppEnv>, deps: ApplicationApiDependencies) {
  const { frameworks, providers, applications, memberships, service, now } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/applications/frameworks',
      tags,
      summary: "The signed-in user's council's frameworks",
      security: bearer,
      responses: {
        200: { description: 'Frameworks', content: json(z.object({ frameworks: z.array(frameworkSchema) })) },
        ...problemResponses(401),
      },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json({ frameworks: await frameworks.listByCouncil(user.councilId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/applications/frameworks/{frameworkId}',
      tags,
      summary: 'One framework: lots, criteria, quality questions, term, admission',
      security: bearer,
      request: { params: z.strictObject({ frameworkId: frameworkIdSchema }) },
      responses: {
        200: { description: 'The framework', content: json(frameworkSchema) },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const framework = await frameworks.get(user.councilId, c.req.valid('param').frameworkId);
      if (!framework) throw problems.notFound('There is no framework with this id.');
      return c.json(framework, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/applications/frameworks/{frameworkId}/audit',
      tags,
      summary: "A framework's history: who created and changed it, when, and which parts",
      security: bearer,
      request: { params: z.strictObject({ frameworkId: frameworkIdSchema }) },
      responses: {
        200: {
          description: 'The history, oldest first',
          content: json(z.object({ entries: z.array(frameworkAuditEntrySchema) })),
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const { frameworkId } = c.req.valid('param');
      if (!(await frameworks.get(user.councilId, frameworkId)))
        throw problems.notFound('There is no framework with this id.');
      const entries = await frameworks.auditTrail(user.councilId, frameworkId);
      return c.json(
        {
          entries: entries.map(({ version, at, actor, action, detail }) => ({
            version,
            at,
            actor,
            action,
            detail,
          })),
        },
        200,
      );
    },
  );

  const frameworkBody = z.looseObject({ version: z.number().int().min(1).optional() }).openapi({
    description:
      'The framework fields (name, description, lots, selectionCriteria, qualityQuestions, passMarkPercent, term, admission, standardRules, microProviderRules, and optionally autoAcceptRenewals); for an edit, also the version you are editing.',
  });

  const readFrameworkInput = (body: Record<string, unknown>) => {
    const { version: _version, ...fields } = body;
    const parsed = frameworkInputSchema.safeParse(fields);
    if (!parsed.success) throw problems.invalidInput(fieldErrorsFrom(parsed.error));
    return parsed.data;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/applications/frameworks',
      tags,
      summary: "Create a framework for the admin's council",
      security: bearer,
      request: { body: { required: true, content: json(frameworkBody) } },
      responses: {
        201: { description: 'The new framework', content: json(frameworkSchema) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'admin');
      const at = now();
      const change = createFramework(
        readFrameworkInput(c.req.valid('json')),
        { id: ulid().toLowerCase(), councilId: user.councilId },
        actorOf(user),
        at,
      );
      await frameworks.add(change, at);
      return c.json(change.framework, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/applications/frameworks/{frameworkId}',
      tags,
      summary: 'Edit a framework; applications already started keep the version they answered',
      security: bearer,
      request: {
        params: z.strictObject({ frameworkId: frameworkIdSchema }),
        body: { required: true, content: json(frameworkBody) },
      },
      responses: {
        200: { description: 'The edited framework, one version on', content: json(frameworkSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'admin');
      const body = c.req.valid('json');
      const framework = await frameworks.get(user.councilId, c.req.valid('param').frameworkId);
      if (!framework) throw problems.notFound('There is no framework with this id.');
      if (body.version === undefined) {
        throw problems.invalidInput([
          { field: 'version', message: 'Send the version of the framework you are editing' },
        ]);
      }
      requireVersion(framework.version, body.version, 'framework');
      const at = now();
      const change = reviseFramework(framework, readFrameworkInput(body), actorOf(user), at);
      await asProblem(() => frameworks.update(change, at));
      return c.json(change.framework, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/applications/providers',
      tags,
      summary: "Sign up: create the signed-in provider's organisation",
      security: bearer,
      request: { body: { required: true, content: json(organisationDetailsSchema) } },
      responses: {
        201: { description: 'The organisation', content: json(organisationSchema) },
        ...problemResponses(400, 401, 403, 409),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const details = c.req.valid('json');
      const organisation = {
        id: ulid(),
        councilId: user.councilId,
        ownerUserId: user.id,
        details,
        createdAt: now().toISOString(),
      };
      try {
        await providers.add(organisation);
      } catch (error) {
        if (error instanceof ProviderAlreadyExistsError)
          throw problems.conflict('You have already signed up an organisation.');
        throw error;
      }
      const { id, createdAt } = organisation;
      return c.json({ id, details, microProvider: isMicroProvider(details), createdAt }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/applications/providers/me',
      tags,
      summary: "The signed-in provider's organisation",
      security: bearer,
      responses: {
        200: { description: 'The organisation', content: json(organisationSchema) },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const organisation = await providers.findByOwner(user.councilId, user.id);
      if (!organisation) throw problems.notFound('You have not signed up an organisation yet.');
      const { id, details, createdAt } = organisation;
      return c.json({ id, details, microProvider: isMicroProvider(details), createdAt }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/applications',
      tags,
      summary: "A provider's own applications, or the council's queue for commissioners and admins",
      security: bearer,
      request: {
        query: z.strictObject({
          status: z.enum(applicationStatuses).default('submitted').openapi({ description: 'Queue only' }),
          lot: z
            .string()
            .regex(/^[a-z0-9-]{1,40}$/, 'Lot ids are lower-case letters, digits and hyphens')
            .optional(),
        }),
      },
      responses: {
        200: {
          description: 'Applications',
          content: json(z.object({ applications: z.array(applicationSchema) })),
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider', 'commissioner', 'admin');
      const at = now();
      if (user.role === 'provider') {
        const organisation = await providers.findByOwner(user.councilId, user.id);
        const mine = organisation ? await applications.listForProvider(user.councilId, organisation.id) : [];
        return c.json({ applications: mine.map((application) => applicationView(application, at)) }, 200);
      }
      const { status, lot } = c.req.valid('query');
      const queue = (await applications.listByStatus(user.councilId, status)).filter((application) => {
        const lotIds = application.sections.lots?.answers.lotIds;
        return !lot || (Array.isArray(lotIds) && lotIds.includes(lot));
      });
      return c.json(
        { applications: queue.map((application) => applicationView(application, at, true)) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/applications',
      tags,
      summary: 'Start an application to join a framework',
      security: bearer,
      request: {
        body: { required: true, content: json(z.strictObject({ frameworkId: frameworkIdSchema })) },
      },
      responses: {
        201: { description: 'The new draft', content: json(applicationSchema) },
        ...problemResponses(400, 401, 403, 409, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const { frameworkId } = c.req.valid('json');
      const [framework, organisation] = await Promise.all([
        frameworks.get(user.councilId, frameworkId),
        providers.findByOwner(user.councilId, user.id),
      ]);
      if (!framework) {
        throw problems.ruleBroken('There is no such framework in your council.', [
          { field: 'frameworkId', message: 'Choose a framework from GET /api/applications/frameworks' },
        ]);
      }
      if (!organisation) {
        throw problems.ruleBroken(
          'Sign up your organisation before you apply (POST /api/applications/providers).',
        );
      }
      const started = await asProblem(() => service.start(user, framework, organisation));
      return c.json(applicationView(started, now()), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/applications/memberships',
      tags,
      summary: "The council's framework members (staff), or the signed-in provider's memberships",
      security: bearer,
      responses: {
        200: {
          description: 'Memberships, suspended first, then by soonest expiry',
          content: json(z.object({ memberships: z.array(membershipSchema) })),
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider', 'commissioner', 'admin');
      if (user.role !== 'provider')
        return c.json({ memberships: await memberships.listByCouncil(user.councilId) }, 200);
      const organisation = await providers.findByOwner(user.councilId, user.id);
      return c.json(
        {
          memberships: organisation ? await memberships.listForProvider(user.councilId, organisation.id) : [],
        },
        200,
      );
    },
  );

  const applicationParams = z.strictObject({ applicationId: idSchema });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/applications/{applicationId}',
      tags,
      summary: 'An application: answers, section statuses, what is missing, clarifications',
      security: bearer,
      request: { params: applicationParams },
      responses: {
        200: { description: 'The application', content: json(applicationSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const application = await loadApplicationFor(user, c.req.valid('param').applicationId, deps);
      return c.json(applicationView(application, now(), user.role !== 'provider'), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/applications/{applicationId}/sections/{sectionId}',
      tags,
      summary: 'Save one section, as completed or to come back to later',
      security: bearer,
      request: {
        params: z.strictObject({ applicationId: idSchema, sectionId: z.enum(sectionIds) }),
        body: {
          required: true,
          content: json(
            z.strictObject({
              answers: z.record(z.string(), z.unknown()),
              completed: z.boolean({
                error: 'Say whether the section is completed (true) or to come back to (false)',
              }),
            }),
          ),
        },
      },
      responses: {
        200: { description: 'The application after the save', content: json(applicationSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const { applicationId, sectionId } = c.req.valid('param');
      const { answers, completed } = c.req.valid('json');
      const application = await loadApplicationFor(user, applicationId, deps);
      const saved = await asProblem(() =>
        service.saveSection(user, application, sectionId, answers, completed),
      );
      return c.json(applicationView(saved, now()), 200);
    },
  );

  const versionSchema = z
    .number({ error: 'Send the version of the application you are looking at' })
    .int()
    .min(1);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/applications/{applicationId}/submit',
      tags,
      summary: 'Submit (or resubmit after clarification); refused with the list of what is missing',
      security: bearer,
      request: {
        params: applicationParams,
        body: { required: true, content: json(z.strictObject({ version: versionSchema })) },
      },
      responses: {
        200: { description: 'The submitted application', content: json(applicationSchema) },
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const application = await loadApplicationFor(user, c.req.valid('param').applicationId, deps);
      requireVersion(application.version, c.req.valid('json').version);
      const submitted = await asProblem(() => service.submit(user, application));
      return c.json(applicationView(submitted, now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/applications/{applicationId}/clarification',
      tags,
      summary: 'Send the application back to the provider with a question about named sections',
      security: bearer,
      request: {
        params: applicationParams,
        body: {
          required: true,
          content: json(
            z.strictObject({
              version: versionSchema,
              question: z
                .string({ error: 'Enter your question' })
                .trim()
                .min(1, 'Enter your question')
                .max(2000),
              sections: z
                .array(z.enum(sectionIds), { error: 'Select the sections the provider should change' })
                .min(1, 'Select the sections the provider should change'),
            }),
          ),
        },
      },
      responses: {
        200: { description: 'The application, back with the provider', content: json(applicationSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const application = await loadApplicationFor(user, c.req.valid('param').applicationId, deps);
      const { version, question, sections } = c.req.valid('json');
      requireVersion(application.version, version);
      const returned = await asProblem(() =>
        service.requestClarification(user, application, { question, sections }),
      );
      return c.json(applicationView(returned, now(), true), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/applications/{applicationId}/evaluation',
      tags,
      summary: 'Mark each pass/fail criterion and score each quality question (0 to 5), each with a note',
      security: bearer,
      request: {
        params: applicationParams,
        body: {
          required: true,
          content: json(
            z.strictObject({
              version: versionSchema,
              criteria: z.record(
                z.string(),
                z.object({ result: z.enum(['pass', 'fail']), note: z.string().optional() }),
              ),
              // Shape only: the framework's own rules (every criterion, scores 0 to 5) are checked
              // next, so one response names every mark that is missing or out of range.
              scores: z.record(z.string(), z.object({ score: z.number(), note: z.string().optional() })),
            }),
          ),
        },
      },
      responses: {
        200: {
          description: 'The application with its evaluation and computed score',
          content: json(applicationSchema),
        },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const application = await loadApplicationFor(user, c.req.valid('param').applicationId, deps);
      const { version, ...marks } = c.req.valid('json');
      requireVersion(application.version, version);
      const parsed = evaluationInputSchema(application.framework).safeParse(marks);
      if (!parsed.success) throw problems.invalidInput(fieldErrorsFrom(parsed.error));
      const evaluated = await asProblem(() => service.evaluate(user, application, parsed.data));
      return c.json(applicationView(evaluated, now(), true), 200);
    },
  );

  const decisionRoute = (outcome: 'approve' | 'reject') =>
    createRoute({
      method: 'post',
      path: `/api/applications/{applicationId}/${outcome}`,
      tags,
      summary:
        outcome === 'approve'
          ? 'Approve: only if every criterion passed and the score meets the pass mark; creates the membership'
          : 'Reject, with reasons the provider will see',
      security: bearer,
      request: {
        params: applicationParams,
        body: {
          required: true,
          content: json(
            z.strictObject({
              version: versionSchema,
              reasons:
                outcome === 'reject'
                  ? z
                      .string({ error: 'Enter the reasons for rejecting' })
                      .trim()
                      .min(1, 'Enter the reasons for rejecting')
                      .max(4000)
                  : z.string().trim().max(4000).default(''),
            }),
          ),
        },
      },
      responses: {
        200: { description: 'The decided application', content: json(applicationSchema) },
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    });

  app.openapi(decisionRoute('approve'), async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const application = await loadApplicationFor(user, c.req.valid('param').applicationId, deps);
    const { version, reasons } = c.req.valid('json');
    requireVersion(application.version, version);
    const approved = await asProblem(() => service.approve(user, application, reasons));
    return c.json(applicationView(approved, now(), true), 200);
  });

  app.openapi(decisionRoute('reject'), async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const application = await loadApplicationFor(user, c.req.valid('param').applicationId, deps);
    const { version, reasons } = c.req.valid('json');
    requireVersion(application.version, version);
    const rejected = await asProblem(() => service.reject(user, application, reasons));
    return c.json(applicationView(rejected, now(), true), 200);
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/applications/{applicationId}/audit',
      tags,
      summary: "The application's audit trail: every change and decision, oldest first",
      security: bearer,
      request: { params: applicationParams },
      responses: {
        200: { description: 'Audit trail', content: json(z.object({ entries: z.array(auditEntrySchema) })) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const application = await loadApplicationFor(user, c.req.valid('param').applicationId, deps);
      const entries = await applications.auditTrail(application.councilId, application.id);
      return c.json({ entries: entries.map(({ applicationId: _a, councilId: _c, ...entry }) => entry) }, 200);
    },
  );
}

/** The caller decided on what they saw; if it has changed since, their decision may not hold. */
function requireVersion(current: number, seen: number, what = 'application'): void {
  if (current !== seen) {
    throw problems.conflict(
      `This ${what} has changed since you opened it (you saw version ${seen}, it is now version ${current}). Reload it and check before you try again.`,
    );
  }
}
