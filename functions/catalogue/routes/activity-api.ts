import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { problemResponses } from '../../../shared/http/openapi-responses';
import { fieldErrorsFrom, problems } from '../../../shared/http/problem';
import { ukToday } from '../../../shared/time/uk-dates';
import type { ProviderRepository } from '../../applications/repositories/providers';
import { type Activity, activityIdPattern, activityInputSchema } from '../domain/activity';
import { placesLeft, type Session, sessionIdPattern } from '../domain/sessions';
import type { ActivityRepository } from '../repositories/activities';
import type { SessionRepository } from '../repositories/sessions';
import type { CatalogueService } from '../services/catalogue-service';
import { asCatalogueProblem, loadOwnActivity } from './activity-access';

export interface ActivityApiDependencies {
  activities: ActivityRepository;
  sessions: SessionRepository;
  providers: ProviderRepository;
  service: CatalogueService;
  now: () => Date;
}

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const bearer = [{ bearerToken: [] }];
const tags = ['Catalogue: publishing'];

export const activitySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(['draft', 'published', 'withdrawn']),
    version: z.number(),
  })
  .passthrough()
  .openapi('Activity');

export const sessionSchema = z
  .object({
    id: z.string(),
    date: z.string(),
    starts: z.string(),
    ends: z.string(),
    startsAt: z.string(),
    places: z.number(),
    placesLeft: z.number(),
    status: z.enum(['scheduled', 'cancelled']),
  })
  .openapi('Session');

/**
 * What anyone, signed in or not, sees of a bookable activity: what a person needs to choose it and
 * get there (what, who runs it, where, when, price, ways to pay, support, contact). Not who owns it
 * on the framework, nor the record's bookkeeping (membership, versions, dates, feed position).
 */
export const activityView = (activity: Activity) => {
  const { venue } = activity;
  return {
    id: activity.id,
    title: activity.title,
    description: activity.description,
    providerName: activity.providerName,
    activityType: activity.activityType,
    setting: activity.setting,
    ...(activity.hubId ? { hubId: activity.hubId } : {}),
    venue: {
      name: venue.name,
      addressLine1: venue.addressLine1,
      ...(venue.addressLine2 ? { addressLine2: venue.addressLine2 } : {}),
      town: venue.town,
      postcode: venue.postcode,
      latitude: venue.latitude,
      longitude: venue.longitude,
    },
    schedule: activity.schedule,
    placesPerSession: activity.placesPerSession,
    price: activity.price,
    funding: activity.funding,
    needs: activity.needs,
    accessibility: activity.accessibility,
    ageRange: activity.ageRange,
    ...(activity.whatToBring ? { whatToBring: activity.whatToBring } : {}),
    contact: activity.contact,
  };
};

/** What the provider who owns an activity sees: all of it but its feed position, with the version to edit. */
export const ownActivityView = ({ feed: _feed, ...activity }: Activity) => activity;

export const sessionView = (session: Session) => ({
  id: session.id,
  activityId: session.activityId,
  date: session.date,
  starts: session.starts,
  ends: session.ends,
  startsAt: session.startsAt,
  endsAt: session.endsAt,
  places: session.places,
  placesLeft: placesLeft(session),
  status: session.status,
  ...(session.cancelledReason ? { cancelledReason: session.cancelledReason } : {}),
});

const idParams = z.strictObject({ activityId: z.string().regex(activityIdPattern, 'Not an activity id') });
const activityBody = z.looseObject({ version: z.number().int().min(1).optional() }).openapi({
  description:
    'The activity: title, description, lotId, activityType, setting, hubId (spokes), venue, schedule, placesPerSession, price, funding, needs, accessibility, ageRange, whatToBring, contact; for an edit, also the version you are editing.',
});

function readActivityInput(body: Record<string, unknown>) {
  const { version: _version, ...fields } = body;
  const parsed = activityInputSchema.safeParse(fields);
  if (!parsed.success) throw problems.invalidInput(fieldErrorsFrom(parsed.error));
  return parsed.data;
}

/** Providers' JSON API for their own activities and sessions; only framework members may publish. */
export function addActivityApi(app: OpenAPIHono<AppEnv>, deps: ActivityApiDependencies) {
  const { activities, sessions, providers, service, now } = deps;
  const own = (user: Parameters<typeof loadOwnActivity>[0], id: string) =>
    loadOwnActivity(user, id, { activities, providers });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/catalogue/provider/activities',
      tags,
      summary: "The signed-in provider's activities, in any status",
      security: bearer,
      responses: {
        200: { description: 'Activities', content: json(z.object({ activities: z.array(activitySchema) })) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const organisation = await providers.findByOwner(user.councilId, user.id);
      const mine = organisation ? await activities.listForProvider(user.councilId, organisation.id) : [];
      return c.json({ activities: mine.map(ownActivityView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/catalogue/provider/activities',
      tags,
      summary: 'Create a draft activity (framework members only)',
      security: bearer,
      request: { body: { required: true, content: json(activityBody) } },
      responses: {
        201: { description: 'The draft', content: json(activitySchema) },
        ...problemResponses(400, 401, 403, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const input = readActivityInput(c.req.valid('json'));
      const activity = await asCatalogueProblem(() => service.create(user, input));
      return c.json(ownActivityView(activity), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/catalogue/provider/activities/{activityId}',
      tags,
      summary: 'One of your activities',
      security: bearer,
      request: { params: idParams },
      responses: {
        200: { description: 'The activity', content: json(activitySchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      return c.json(ownActivityView(await own(user, c.req.valid('param').activityId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/catalogue/provider/activities/{activityId}',
      tags,
      summary: 'Change an activity; a schedule change never drops or overfills sessions with bookings',
      security: bearer,
      request: { params: idParams, body: { required: true, content: json(activityBody) } },
      responses: {
        200: { description: 'The activity, one version on', content: json(activitySchema) },
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const activity = await own(user, c.req.valid('param').activityId);
      const body = c.req.valid('json');
      if (body.version === undefined)
        throw problems.invalidInput([
          { field: 'version', message: 'Send the version of the activity you are editing' },
        ]);
      if (body.version !== activity.version)
        throw problems.conflict(
          `This activity is at version ${activity.version}, not ${body.version}: someone changed it. Reload it and try again.`,
        );
      const input = readActivityInput(body);
      const saved = await asCatalogueProblem(() => service.update(activity, input));
      return c.json(ownActivityView(saved), 200);
    },
  );

  for (const action of ['publish', 'withdraw'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/catalogue/provider/activities/{activityId}/${action}`,
        tags,
        summary:
          action === 'publish'
            ? 'Publish: sessions are made for the weeks ahead and the activity can be found'
            : 'Withdraw: the activity leaves search and the open data feeds',
        security: bearer,
        request: {
          params: idParams,
          body: { required: true, content: json(z.strictObject({ version: z.number().int().min(1) })) },
        },
        responses: {
          200: { description: 'The activity', content: json(activitySchema) },
          ...problemResponses(400, 401, 403, 404, 409),
        },
      }),
      async (c) => {
        const user = requireUser(c, 'provider');
        const activity = await own(user, c.req.valid('param').activityId);
        if (c.req.valid('json').version !== activity.version)
          throw problems.conflict(
            'Someone changed this activity since you read it. Reload it and try again.',
          );
        const changed = await asCatalogueProblem(() =>
          action === 'publish' ? service.publish(activity) : service.withdraw(activity),
        );
        return c.json(ownActivityView(changed), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/catalogue/provider/activities/{activityId}/sessions',
      tags,
      summary: 'The sessions of one of your activities from today, with places left',
      security: bearer,
      request: { params: idParams },
      responses: {
        200: { description: 'Sessions', content: json(z.object({ sessions: z.array(sessionSchema) })) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const activity = await own(user, c.req.valid('param').activityId);
      const today = ukToday(now());
      const list = await sessions.listForActivity(activity.id, today);
      return c.json({ sessions: list.map(sessionView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/catalogue/provider/sessions/{sessionId}/cancel',
      tags,
      summary: 'Cancel one session, saying why (bookings are refunded by the checkout)',
      security: bearer,
      request: {
        params: z.strictObject({ sessionId: z.string().regex(sessionIdPattern, 'Not a session id') }),
        body: {
          required: true,
          content: json(
            z.strictObject({
              reason: z
                .string({ error: 'Enter why the session is cancelled' })
                .trim()
                .min(1, 'Enter why the session is cancelled')
                .max(500, 'The reason must be 500 characters or fewer'),
            }),
          ),
        },
      },
      responses: {
        200: { description: 'The cancelled session', content: json(sessionSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const sessionId = c.req.valid('param').sessionId;
      const activity = await own(user, sessionId.slice(0, 26));
      const session = await sessions.get(sessionId);
      if (!session) throw problems.notFound('There is no session of yours with this id.');
      const cancelled = await asCatalogueProblem(() =>
        service.cancelSession(activity, session, c.req.valid('json').reason),
      );
      return c.json(sessionView(cancelled), 200);
    },
  );
}
