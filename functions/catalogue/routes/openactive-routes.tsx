import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { AppEnv } from '../../../shared/http/app-env';
import { problemResponses } from '../../../shared/http/openapi-responses';
import { publicOrigin } from '../../../shared/http/public-origin';
import { sharedByCaches } from '../../../shared/http/shared-cache';
import type { CouncilRepository } from '../../../shared/table/councils';
import { serviceName } from '../../../shared/web/assets';
import { Layout, type PageChrome } from '../../../shared/web/layout';
import { pageChrome } from '../../../shared/web/page-chrome';
import { activityTypeNames, activityTypes } from '../domain/activity';
import {
  activityListDocument,
  datasetDocument,
  isInOpenActiveFeeds,
  openActiveActivityConcepts,
  openActiveFeedKinds,
  openActiveLicence,
  openActivePaths,
  type RpdePosition,
  rpdePage,
  scheduledSessionRpdeItem,
  sessionSeriesRpdeItem,
} from '../domain/openactive';
import type { ActivityRepository } from '../repositories/activities';
import type { SessionRepository } from '../repositories/sessions';

export interface OpenActiveDependencies {
  activities: Pick<ActivityRepository, 'feedAfter'>;
  sessions: Pick<SessionRepository, 'feedAfter'>;
  councils: Pick<CouncilRepository, 'get' | 'list'>;
  /** Items per feed page; RPDE asks for at least 500. Tests make it smaller to see paging. */
  pageSize?: number;
  now: () => Date;
  /**
   * Changes newer than this are held back. Feed positions come from each writer's clock, and a
   * write can land a moment after a later one from another Lambda; serving only what is a few
   * seconds old means a consumer never moves past an item that has yet to arrive.
   */
  feedDelayMs: number;
}

export const feedPageSize = 500;

/** Where every day opportunity is, physical or not: the Open Referral UK directory API. */
const openReferralServicesPath = '/openreferral/services';

/**
 * RPDE "Modified Timestamp and ID" paging: both parameters or neither (the first page). The
 * timestamp is an integer without leading zeros, so a page's `next` reads back exactly as asked.
 */
export const feedQuerySchema = z
  .object({
    afterTimestamp: z
      .string()
      .refine(
        (value) => /^(0|[1-9]\d{0,15})$/.test(value) && Number.isSafeInteger(Number(value)),
        'afterTimestamp must be a whole number: the `modified` of the last item',
      )
      .optional()
      .openapi({
        description: 'The `modified` of the last item you have',
        pattern: '^(0|[1-9][0-9]{0,15})$',
        example: '1767225600000',
      }),
    afterId: z
      .string()
      .regex(/^[0-9a-z-]{1,64}$/, 'afterId must be the `id` of the last item')
      .optional()
      .openapi({ description: 'The `id` of the last item you have', example: '01jq6z8k9m2n3p4q5r6s7t8v9w' }),
  })
  .superRefine((query, context) => {
    if (query.afterTimestamp !== undefined && query.afterId === undefined)
      context.addIssue({ code: 'custom', path: ['afterId'], message: 'Send afterId with afterTimestamp' });
    if (query.afterId !== undefined && query.afterTimestamp === undefined)
      context.addIssue({
        code: 'custom',
        path: ['afterTimestamp'],
        message: 'Send afterTimestamp with afterId',
      });
  });

const positionOf = (query: z.infer<typeof feedQuerySchema>): RpdePosition | undefined =>
  query.afterTimestamp !== undefined && query.afterId !== undefined
    ? { modified: Number(query.afterTimestamp), id: query.afterId }
    : undefined;

const rpdeItemSchema = z
  .object({
    state: z.enum(['updated', 'deleted']),
    kind: z.string(),
    id: z.string(),
    modified: z.number().int(),
    data: z.object({}).passthrough().optional(),
  })
  .openapi('RpdeItem');
const rpdePageSchema = z
  .object({ next: z.url(), items: z.array(rpdeItemSchema), license: z.url() })
  .openapi('RpdePage');

const tags = ['OpenActive open data'];

const feedRoute = (path: string, kind: string) =>
  createRoute({
    method: 'get',
    path,
    tags,
    summary: `The ${kind} feed (RPDE, modified timestamp and ID ordering)`,
    description: `Items oldest change first, strictly after afterTimestamp and afterId. Follow \`next\` until a page has no items, then poll that page. Withdrawn, cancelled or suspended items stay as \`deleted\` items without data. The feeds carry the activities whose type has a concept in the OpenActive activity list (${openActiveFeedKinds}): any other activity (sport, travel training...), and its sessions, is only ever a \`deleted\` item; every day opportunity is in the Open Referral UK API at /openreferral/services.`,
    request: { query: feedQuerySchema },
    responses: {
      200: {
        description: 'One page of the feed',
        content: { 'application/json': { schema: rpdePageSchema } },
      },
      ...problemResponses(400),
    },
  });

/** Open data must be readable by anyone, from any site: no credentials are involved. */
const openDataHeaders = {
  'Content-Type': 'application/json; charset=utf-8',
  'Access-Control-Allow-Origin': '*',
};

/**
 * RPDE caching: a page with items may be kept for an hour (an item changed since shows up again
 * further on); the last page, where changes appear, for seconds only.
 */
const feedCacheControl = (itemCount: number) =>
  itemCount > 0 ? 'public, max-age=3600' : 'public, max-age=8';

/**
 * The catalogue as OpenActive open data: the dataset page, the SessionSeries and ScheduledSession
 * RPDE feeds, and our activity list (a SKOS concept scheme). No sign-in; every council's data.
 */
export function addOpenActiveRoutes(app: OpenAPIHono<AppEnv>, deps: OpenActiveDependencies) {
  const { activities, sessions, councils } = deps;
  const cutOff = () => deps.now().getTime() - deps.feedDelayMs;
  const pageSize = deps.pageSize ?? feedPageSize;
  const feedUrl = (c: Context<AppEnv>, path: string) => `${publicOrigin(c)}${path}`;

  app.openapi(feedRoute(openActivePaths.sessionSeries, 'SessionSeries'), async (c) => {
    const after = positionOf(c.req.valid('query'));
    const origin = publicOrigin(c);
    const found = await activities.feedAfter(after, pageSize, cutOff());
    const regions = found.some(
      (activity) => activity.feed?.state === 'updated' && isInOpenActiveFeeds(activity.activityType),
    )
      ? new Map((await councils.list()).map((council) => [council.id, council.area]))
      : new Map<string, string>();
    const items = found.map((activity) =>
      sessionSeriesRpdeItem(activity, origin, regions.get(activity.councilId)),
    );
    const page = rpdePage(feedUrl(c, openActivePaths.sessionSeries), after, items);
    return sharedByCaches(c.json(page, 200, openDataHeaders), feedCacheControl(items.length));
  });

  app.openapi(feedRoute(openActivePaths.scheduledSessions, 'ScheduledSession'), async (c) => {
    const after = positionOf(c.req.valid('query'));
    const origin = publicOrigin(c);
    const items = (await sessions.feedAfter(after, pageSize, cutOff())).map((session) =>
      scheduledSessionRpdeItem(session, origin),
    );
    const page = rpdePage(feedUrl(c, openActivePaths.scheduledSessions), after, items);
    return sharedByCaches(c.json(page, 200, openDataHeaders), feedCacheControl(items.length));
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: openActivePaths.activityList,
      tags,
      summary: 'Our activity list: the kinds of day opportunity in this catalogue',
      description:
        'A SKOS concept scheme of every kind of day opportunity in this catalogue. Each SessionSeries in the OpenActive feeds carries its kind from this list in `category`, beside its concept from the OpenActive activity list in `activity`.',
      responses: {
        200: {
          description: 'A SKOS ConceptScheme in JSON-LD',
          content: {
            'application/ld+json': {
              schema: z
                .object({ id: z.string(), concept: z.array(z.object({}).passthrough()) })
                .passthrough(),
            },
          },
        },
      },
    }),
    (c) =>
      sharedByCaches(
        c.json(activityListDocument(publicOrigin(c)), 200, {
          ...openDataHeaders,
          'Content-Type': 'application/ld+json; charset=utf-8',
        }),
        'public, max-age=3600',
      ),
  );

  app.get(openActivePaths.datasetDocument, (c) =>
    sharedByCaches(
      c.json(datasetDocument(publicOrigin(c), serviceName), 200, {
        ...openDataHeaders,
        'Content-Type': 'application/ld+json; charset=utf-8',
      }),
      'public, max-age=3600',
    ),
  );

  app.get(openActivePaths.dataset, async (c) => {
    const chrome = await pageChrome(c, councils, 'Open data: day opportunities');
    return c.html(<DatasetPage chrome={chrome} origin={publicOrigin(c)} />);
  });
}

const DatasetPage: FC<{ chrome: PageChrome; origin: string }> = ({ chrome, origin }) => {
  const sessionSeriesUrl = `${origin}${openActivePaths.sessionSeries}`;
  const scheduledSessionsUrl = `${origin}${openActivePaths.scheduledSessions}`;
  const directoryUrl = `${origin}${openReferralServicesPath}`;
  return (
    <Layout {...chrome}>
      <h1 class="govuk-heading-xl">Open data: day opportunities</h1>
      <p class="govuk-body-l">
        The {openActiveFeedKinds} activities in {serviceName}, and their sessions for the weeks ahead, as open
        data that anyone can use: for example to show activities in another website or app.
      </p>
      <p class="govuk-body">
        Every day opportunity in {serviceName}, including sport, travel training, employment preparation and
        carers’ respite, is in our Open Referral UK directory API at{' '}
        <a class="govuk-link" href={directoryUrl}>
          {directoryUrl}
        </a>
        .
      </p>

      <h2 class="govuk-heading-l">What the data contains</h2>
      <p class="govuk-body">The data follows the OpenActive standards. It has two feeds:</p>
      <ul class="govuk-list govuk-list--bullet">
        <li>
          activities (OpenActive SessionSeries): what each activity is, who runs it, where, its weekly times,
          price, ages and the support it offers
        </li>
        <li>
          sessions (OpenActive ScheduledSession): each dated session, the number of places and the places left
        </li>
      </ul>
      <p class="govuk-body">
        It does not contain anything about the people who book, their bookings or how they pay, nor activities
        that are not published.
      </p>
      <p class="govuk-body">
        OpenActive is open data about being physically active: each activity in it must have a type from the
        OpenActive activity list. That list has {openActiveFeedKinds}. It names particular sports, such as
        boccia, but not sport in general, which is all a provider tells us about a sport session; and it has
        nothing for, for example, travel training or employment preparation. So sport and those other kinds
        are not in these feeds.
      </p>
      <p class="govuk-body">
        When an activity is withdrawn, a session is cancelled, a provider is suspended from the framework or
        an activity’s type changes to one that is not in these feeds, the activity or session stays in its
        feed as a deleted item, so that anyone using the data removes it too.
      </p>

      <h2 class="govuk-heading-l">Licence</h2>
      <p class="govuk-body">
        You can use the data under the{' '}
        <a class="govuk-link" href={openActiveLicence} rel="license">
          Creative Commons Attribution 4.0 licence
        </a>
        . Say where it came from: “Contains data from {serviceName}”.
      </p>

      <h2 class="govuk-heading-l">Feeds and documents</h2>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Activities feed</dt>
          <dd class="govuk-summary-list__value">
            <a class="govuk-link" href={sessionSeriesUrl}>
              {sessionSeriesUrl}
            </a>
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Sessions feed</dt>
          <dd class="govuk-summary-list__value">
            <a class="govuk-link" href={scheduledSessionsUrl}>
              {scheduledSessionsUrl}
            </a>
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Our activity list</dt>
          <dd class="govuk-summary-list__value">
            <a class="govuk-link" href={openActivePaths.activityList}>
              The kinds of day opportunity in this catalogue (JSON-LD)
            </a>
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Every day opportunity</dt>
          <dd class="govuk-summary-list__value">
            <a class="govuk-link" href={openReferralServicesPath}>
              Open Referral UK directory API
            </a>
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">About the dataset</dt>
          <dd class="govuk-summary-list__value">
            <a class="govuk-link" href={openActivePaths.datasetDocument}>
              Dataset description (JSON-LD)
            </a>
          </dd>
        </div>
      </dl>

      <h2 class="govuk-heading-l">How to read the feeds</h2>
      <p class="govuk-body">
        The feeds use the Realtime Paged Data Exchange (RPDE) standard, ordered by when each item last
        changed. Start at the first page and follow each page’s <code>next</code> link until a page has no
        items. Then ask for that last page again from time to time: it shows changes as they happen.
      </p>

      <h2 class="govuk-heading-l">Types of activity</h2>
      <p class="govuk-body">
        Each activity in the feeds has its type twice: in <code>activity</code>, as a concept from the
        OpenActive activity list, and in <code>category</code>, as a concept from our activity list, which has
        every kind of day opportunity in {serviceName}.
      </p>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">
          Activity types and their concepts
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Type
            </th>
            <th scope="col" class="govuk-table__header">
              OpenActive activity
            </th>
            <th scope="col" class="govuk-table__header">
              Where to find it
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {activityTypes.map((type) => {
            const concept = openActiveActivityConcepts[type];
            return (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {activityTypeNames[type]}
                </th>
                <td class="govuk-table__cell">{concept ? concept.prefLabel : 'None'}</td>
                <td class="govuk-table__cell">
                  {concept ? 'These feeds and the directory API' : 'The directory API only'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Layout>
  );
};
