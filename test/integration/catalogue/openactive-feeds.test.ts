import { readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suspendMembership } from '../../../functions/applications/domain/membership';
import { createMembershipRepository } from '../../../functions/applications/repositories/memberships';
import { createProviderRepository } from '../../../functions/applications/repositories/providers';
import { activityTypeNames, activityTypes } from '../../../functions/catalogue/domain/activity';
import {
  activityConcept,
  dayOpportunityConcept,
  isInOpenActiveFeeds,
} from '../../../functions/catalogue/domain/openactive';
import { createActivityRepository } from '../../../functions/catalogue/repositories/activities';
import { createListingRepository } from '../../../functions/catalogue/repositories/listings';
import { createSessionRepository } from '../../../functions/catalogue/repositories/sessions';
import { addOpenActiveRoutes } from '../../../functions/catalogue/routes/openactive-routes';
import { createCatalogueService } from '../../../functions/catalogue/services/catalogue-service';
import { exampleWalkInput } from '../../../scripts/local/demo-checkout';
import { createBaseApp } from '../../../shared/http/create-base-app';
import { createLogger } from '../../../shared/log/logger';
import { createOfflinePostcodeLookup, postcodeItem } from '../../../shared/postcodes/offline-lookup';
import { createCouncilRepository } from '../../../shared/table/councils';
import { createOutboxRepository } from '../../../shared/table/outbox';
import { addDays, weekdays } from '../../../shared/time/london-time';
import { ukToday } from '../../../shared/time/uk-dates';
import { everyRole, publishThroughApi } from '../../support/catalogue';
import { catalogueAppWithDemoData } from '../../support/local-app';
import {
  openActiveActivityListSubset,
  type ValidationResult,
  validateOpenData,
  validateRpdeFeed,
  validatorCache,
} from '../../support/openactive';

/**
 * The OpenActive open data, end to end: activities published, withdrawn and cancelled through the
 * API; the feeds walked page by page as a consumer would; the OpenActive validators run over them
 * offline (the RPDE validator over real HTTP on loopback).
 */

interface FeedItem {
  state: 'updated' | 'deleted';
  kind: string;
  id: string;
  modified: number;
  data?: Record<string, unknown> & {
    '@type': string;
    activity?: { '@id': string }[];
    category?: { '@id': string }[];
  };
}
interface FeedPage {
  url: string;
  status: number;
  headers: Headers;
  body: { next: string; items: FeedItem[]; license: string };
}

const farm = 'dorset-provider-member';
const today = ukToday(new Date());
const seriesPath = '/openactive/feeds/session-series';
const sessionsPath = '/openactive/feeds/scheduled-sessions';

let harness: Awaited<ReturnType<typeof catalogueAppWithDemoData>>;
/** The same routes with small pages (a third of the activities, at least 2), to see paging. */
let smallPages: ReturnType<typeof createBaseApp>;
const servers: ReturnType<typeof serve>[] = [];
let catalogueUrl: string;
let smallPagesUrl: string;
interface Published {
  id: string;
  providerId: string;
  version: number;
}
let riverside: Published;
let buses: Published;
let pottery: Published;
let cancelledSessionId: string;

/** The example walk on two mornings a week, free, with no ISF. */
const activityBody = (overrides: Record<string, unknown>) =>
  exampleWalkInput({
    schedule: {
      slots: [
        { day: 'tuesday', starts: '10:00', ends: '12:00' },
        { day: 'friday', starts: '10:00', ends: '12:00' },
      ],
      startsOn: today,
      exceptions: [],
    },
    price: { amountPence: 0, per: 'session' },
    funding: ['direct-payment', 'self-funded'],
    needs: ['learning-disability', 'older-people'],
    ...overrides,
  });

async function publish(overrides: Record<string, unknown>) {
  return publishThroughApi<Published>(harness.call, farm, activityBody(overrides));
}

async function sessionIdsOf(activityId: string): Promise<string[]> {
  const listed = await harness.call(farm, 'GET', `/api/catalogue/provider/activities/${activityId}/sessions`);
  expect(listed.status).toBe(200);
  return listed.body.sessions.map((session: { id: string }) => session.id);
}

async function cancel(sessionId: string) {
  const cancelled = await harness.call(farm, 'POST', `/api/catalogue/provider/sessions/${sessionId}/cancel`, {
    reason: 'The path is flooded',
  });
  expect(cancelled.status).toBe(200);
}

/** Follows `next` from the first page until a page has no items, as an RPDE consumer does. */
async function walk(
  get: (url: string) => Promise<Response> | Response,
  firstUrl: string,
  maxPages = 1000,
): Promise<FeedPage[]> {
  const pages: FeedPage[] = [];
  let url = firstUrl;
  for (let count = 0; count < maxPages; count += 1) {
    const response = await get(url);
    const page: FeedPage = {
      url,
      status: response.status,
      headers: response.headers,
      body: await response.json(),
    };
    pages.push(page);
    if (page.status !== 200 || page.body.items.length === 0) return pages;
    url = page.body.next;
  }
  throw new Error(`${firstUrl} did not reach its last page in ${maxPages} pages`);
}

/** Everything RPDE asks of each page and of the feed as a whole; returns the items in feed order. */
function checkFeed(pages: FeedPage[], feedUrl: string, kind: string): FeedItem[] {
  for (const page of pages) {
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('access-control-allow-origin')).toBe('*');
    // `next` is absolute, built from X-Forwarded-Host: caches keep pages apart by it.
    expect(page.headers.get('vary')).toContain('X-Forwarded-Host');
    expect(page.body.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    const last = page.body.items.at(-1);
    if (last) {
      expect(page.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(page.body.next).toBe(`${feedUrl}?afterTimestamp=${last.modified}&afterId=${last.id}`);
    } else {
      expect(page.headers.get('cache-control')).toBe('public, max-age=8');
      // The last page points at itself.
      expect(page.body.next).toBe(page.url);
    }
  }
  expect(pages.at(-1)?.body.items).toEqual([]);

  const items = pages.flatMap((page) => page.body.items);
  for (const item of items) {
    expect(item.kind).toBe(kind);
    expect(Number.isInteger(item.modified)).toBe(true);
    if (item.state === 'updated') expect(item.data?.['@type']).toBe(kind);
    else {
      expect(item.state).toBe('deleted');
      expect(item).not.toHaveProperty('data');
    }
  }
  // Strictly after the one before: by modified, then by id.
  for (let i = 1; i < items.length; i += 1) {
    const [before, after] = [items[i - 1] as FeedItem, items[i] as FeedItem];
    expect(
      before.modified < after.modified || (before.modified === after.modified && before.id < after.id),
    ).toBe(true);
  }
  expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
  return items;
}

const byId = (items: FeedItem[]) => new Map(items.map((item) => [item.id, item]));

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
    server.once('error', reject);
    servers.push(server);
  });
}

beforeAll(async () => {
  harness = await catalogueAppWithDemoData();
  await harness.table.client.send(
    new PutCommand({
      TableName: harness.table.name,
      Item: postcodeItem({ postcode: 'BH20 4AA', outward: 'BH20', latitude: 50.6862, longitude: -2.1121 }),
    }),
  );

  riverside = await publish({});
  buses = await publish({
    title: 'Bus buddies',
    description:
      'Learn the bus routes to town and back, with a travel trainer beside you until you are ready.',
    activityType: 'travel-training',
    schedule: {
      slots: [{ day: 'wednesday', starts: '13:30', ends: '15:00' }],
      startsOn: today,
      exceptions: [],
    },
    price: { amountPence: 1250, per: 'hour' },
    ageRange: { from: 18, to: 30 },
  });
  pottery = await publish({
    title: 'Pop-up pottery',
    description: 'Hand-building with clay; everything is fired and ready to take home the week after.',
    activityType: 'arts-and-crafts',
    schedule: { slots: [{ day: 'monday', starts: '14:00', ends: '16:00' }], startsOn: today, exceptions: [] },
  });
  const withdrawn = await harness.call(
    farm,
    'POST',
    `/api/catalogue/provider/activities/${pottery.id}/withdraw`,
    {
      version: pottery.version,
    },
  );
  expect(withdrawn.status).toBe(200);
  cancelledSessionId = (await sessionIdsOf(riverside.id))[1] as string;
  await cancel(cancelledSessionId);
  // One more of every type, for four weeks: the physical ones meet the validators, the rest are
  // deletions only.
  for (const [index, type] of activityTypes.entries()) {
    await publish({
      title: `${activityTypeNames[type]} taster`,
      activityType: type,
      schedule: {
        slots: [{ day: weekdays[index % 7], starts: '11:00', ends: '12:15' }],
        startsOn: today,
        endsOn: addDays(today, 27),
        exceptions: [],
      },
      price: { amountPence: 500 + index * 125, per: index % 2 ? 'hour' : 'session' },
    });
  }

  const activities = createActivityRepository(harness.table);
  const inFeed = (await activities.feedAfter(undefined, 1000)).length;
  smallPages = createBaseApp(createLogger('silent'));
  addOpenActiveRoutes(smallPages, {
    activities,
    sessions: createSessionRepository(harness.table),
    councils: createCouncilRepository(harness.table),
    pageSize: Math.max(2, Math.ceil(inFeed / 3)),
    now: () => new Date(),
    feedDelayMs: 0,
  });
  // The catalogue app as it is deployed (all its middleware), and the small-page one, on loopback.
  catalogueUrl = await listen((request) =>
    harness.app.request(request.url, { method: request.method, headers: request.headers }),
  );
  smallPagesUrl = await listen((request) => smallPages.fetch(request));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
});

describe('the SessionSeries feed', () => {
  it('pages through every published activity in strict order; the withdrawn one and the travel training are deletions', async () => {
    const feedUrl = `http://localhost${seriesPath}`;
    const pages = await walk((url) => smallPages.request(url), feedUrl);
    expect(pages.length).toBeGreaterThan(2);
    const items = byId(checkFeed(pages, feedUrl, 'SessionSeries'));

    expect(items.get(riverside.id)).toMatchObject({
      state: 'updated',
      data: {
        '@id': `http://localhost/catalogue/activities/${riverside.id}`,
        name: 'Riverside walk',
        activity: [{ '@id': 'https://openactive.io/activity-list#95092977-5a20-4d6e-b312-8fddabe71544' }],
        category: [
          {
            '@type': 'Concept',
            '@id': 'http://localhost/openactive/activity-list#walking',
            prefLabel: 'Walking',
            inScheme: 'http://localhost/openactive/activity-list',
          },
        ],
        offers: [{ price: 0, priceCurrency: 'GBP' }],
        isAccessibleForFree: true,
        location: { address: { postalCode: 'BH20 4AA', addressRegion: 'Dorset' } },
      },
    });
    // Travel training is not a physical activity: it is in the Open Referral UK API, not here.
    expect(items.get(buses.id)).toEqual({
      state: 'deleted',
      kind: 'SessionSeries',
      id: buses.id,
      modified: expect.any(Number),
    });
    expect(items.get(pottery.id)).toEqual({
      state: 'deleted',
      kind: 'SessionSeries',
      id: pottery.id,
      modified: expect.any(Number),
    });
  });
});

describe('the ScheduledSession feed', () => {
  it('pages through every session in strict order; cancelled ones, a withdrawn activity’s and travel training’s are deletions', async () => {
    const feedUrl = `http://localhost${sessionsPath}`;
    const items = byId(
      checkFeed(await walk((url) => smallPages.request(url), feedUrl), feedUrl, 'ScheduledSession'),
    );

    expect(items.get(cancelledSessionId)).toEqual({
      state: 'deleted',
      kind: 'ScheduledSession',
      id: cancelledSessionId,
      modified: expect.any(Number),
    });
    const potterySessions = await sessionIdsOf(pottery.id);
    expect(potterySessions.length).toBeGreaterThan(0);
    for (const id of potterySessions) expect(items.get(id)?.state).toBe('deleted');
    const busSessions = await sessionIdsOf(buses.id);
    expect(busSessions.length).toBeGreaterThan(5);
    for (const id of busSessions) expect(items.get(id)?.state).toBe('deleted');

    const walkSessions = (await sessionIdsOf(riverside.id)).filter((id) => id !== cancelledSessionId);
    expect(walkSessions.length).toBeGreaterThan(10);
    for (const id of walkSessions)
      expect(items.get(id)).toMatchObject({
        state: 'updated',
        data: {
          superEvent: `http://localhost/catalogue/activities/${riverside.id}`,
          eventStatus: 'https://schema.org/EventScheduled',
          maximumAttendeeCapacity: 10,
          remainingAttendeeCapacity: 10,
          duration: 'PT2H',
        },
      });
  });
});

describe('paging parameters', () => {
  it('needs both afterTimestamp and afterId, and says which is wrong', async () => {
    const problem = async (query: string) => {
      const response = await harness.app.request(`${sessionsPath}?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      // A problem is never kept by a cache, unlike the pages.
      expect(response.headers.get('cache-control')).toBe('no-store');
      return (await response.json()).errors.map((error: { field: string }) => error.field);
    };
    expect(await problem('afterTimestamp=1767225600000')).toEqual(['afterId']);
    expect(await problem('afterId=01jq6z8k9m2n3p4q5r6s7t8v9w')).toEqual(['afterTimestamp']);
    expect(await problem('afterTimestamp=soon&afterId=x')).toEqual(['afterTimestamp']);
    expect(await problem('afterTimestamp=012&afterId=x')).toEqual(['afterTimestamp']);
    expect(await problem('afterTimestamp=12&afterId=NOT%20AN%20ID')).toEqual(['afterId']);
  });

  it('answers a position past the end with an empty last page that points at itself', async () => {
    const url = `http://localhost${seriesPath}?afterTimestamp=9007199254740991&afterId=zzz`;
    const response = await harness.app.request(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      next: url,
      items: [],
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(response.headers.get('cache-control')).toBe('public, max-age=8');
  });

  it('builds next from the forwarded host, as CloudFront sends it', async () => {
    const response = await harness.app.request(seriesPath, {
      headers: { 'x-forwarded-host': 'marketplace.example.gov.uk' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('vary')).toContain('X-Forwarded-Host');
    const page = await response.json();
    expect(page.next).toMatch(
      /^https:\/\/marketplace\.example\.gov\.uk\/openactive\/feeds\/session-series\?/,
    );
  });
});

describe('who may read the feeds', () => {
  const roles = everyRole;

  it('gives every role, and no one, the same SessionSeries and ScheduledSession pages', async () => {
    for (const path of [seriesPath, sessionsPath]) {
      const anonymous = await harness.call(null, 'GET', path);
      expect(anonymous.status, path).toBe(200);
      expect(anonymous.body.items.length, path).toBeGreaterThan(0);
      for (const [role, user] of Object.entries(roles)) {
        const answer = await harness.call(user, 'GET', path);
        expect(answer.status, `${role} ${path}`).toBe(200);
        expect(answer.body, `${role} ${path}`).toEqual(anonymous.body);
      }
    }
  });
});

describe('the OpenActive validators', () => {
  const failures = (results: ValidationResult[]) => results.filter((result) => result.severity === 'failure');
  const brief = (results: ValidationResult[]) =>
    results.map(
      (result) => `${result.severity} ${result.type} ${result.path ?? ''}: ${result.message.slice(0, 120)}`,
    );

  it('finds no errors in either feed, walked over HTTP (RPDE validator)', { timeout: 120_000 }, async () => {
    const warnings = (results: ValidationResult[]) =>
      results
        .filter((result) => result.severity === 'warning')
        .map((result) => `${result.type} ${result.path}`);
    for (const [path, kind] of [
      [seriesPath, 'SessionSeries'],
      [sessionsPath, 'ScheduledSession'],
    ] as const) {
      // The deployed app (with its cookie-setting middleware) meets every RPDE rule we check too.
      const pages = await walk(fetch, `${catalogueUrl}${path}`);
      checkFeed(pages, `${catalogueUrl}${path}`, kind);
      const lastPage = pages.at(-1)?.url;
      const deployed = await validateRpdeFeed(`${catalogueUrl}${path}`);
      expect(brief(failures(deployed))).toEqual([]);
      // Its one warning is its own: while walking it checks every page's caching as if it were not
      // the last, then checks the last page the other way round. The last page's max-age of 8 is
      // what RPDE asks for (checked above, and by the validator's own last-page check).
      expect(warnings(deployed)).toEqual([`missing_cache_control ${lastPage}`]);

      // Small pages: also the advice that pages should hold 500 items.
      const small = await validateRpdeFeed(`${smallPagesUrl}${path}`);
      expect(brief(failures(small))).toEqual([]);
      expect(new Set(warnings(small).map((warning) => warning.split(' ')[0]))).toEqual(
        new Set(['minimum_items_per_page', 'missing_cache_control']),
      );
    }
  });

  it('accepts every published item (data model validator)', { timeout: 120_000 }, async () => {
    const ourList = await fetch(`${catalogueUrl}/openactive/activity-list`);
    expect(ourList.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const cache = await validatorCache({
      'https://openactive.io/activity-list': openActiveActivityListSubset,
      [`${catalogueUrl}/openactive/activity-list`]: await ourList.json(),
    });
    const typeOfConcept = new Map(
      activityTypes.filter(isInOpenActiveFeeds).map((type) => [activityConcept(type)['@id'], type]),
    );
    const typesSeen = new Set<string>();
    let checked = 0;
    for (const path of [seriesPath, sessionsPath]) {
      const pages = await walk(fetch, `${catalogueUrl}${path}`);
      for (const item of pages.flatMap((page) => page.body.items)) {
        if (item.state !== 'updated') continue;
        // Not one failure: our own scheme's concept in `category` included.
        expect(brief(failures(await validateOpenData(item.data, cache)))).toEqual([]);
        const concept = item.data?.activity?.[0]?.['@id'];
        const type = concept && typeOfConcept.get(concept);
        if (type) {
          typesSeen.add(type);
          expect(item.data?.category).toEqual([dayOpportunityConcept(type, catalogueUrl)]);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
    // Every physical type, and only those.
    expect([...typesSeen].sort()).toEqual(['community-gardening', 'swimming', 'walking']);
    // It fetched nothing: a fetched document would have been added to the cache.
    expect(await readdir(cache)).toHaveLength(2);
  });
});

describe('the dataset', () => {
  it('has a page saying what the data is, its licence, and where the feeds are', async () => {
    const response = await harness.app.request('/openactive', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1 class="govuk-heading-xl">Open data: day opportunities</h1>');
    expect(html).toContain('href="https://creativecommons.org/licenses/by/4.0/"');
    expect(html).toContain(`href="http://localhost${seriesPath}"`);
    expect(html).toContain(`href="http://localhost${sessionsPath}"`);
    expect(html).toContain('href="/openactive/activity-list"');
    expect(html).toContain('href="/openactive/dataset.jsonld"');
    // What is in the feeds, and where everything else is.
    expect(html).toContain('The walking, swimming and gardening activities in');
    expect(html).toContain('but not sport in general');
    expect(html).toContain('href="http://localhost/openreferral/services"');
    expect(html).not.toContain('<script type="application/ld+json"');
  });

  it('describes itself in JSON-LD, with both feeds', async () => {
    const response = await harness.app.request('/openactive/dataset.jsonld');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(response.headers.get('vary')).toContain('X-Forwarded-Host');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.json()).toMatchObject({
      '@type': 'Dataset',
      description: expect.stringMatching(
        /^The walking, swimming and gardening activities among the day opportunities.*including sport, travel training.*http:\/\/localhost\/openreferral\/services\.$/,
      ),
      license: 'https://creativecommons.org/licenses/by/4.0/',
      distribution: [
        {
          additionalType: 'https://openactive.io/SessionSeries',
          contentUrl: `http://localhost${seriesPath}`,
        },
        {
          additionalType: 'https://openactive.io/ScheduledSession',
          contentUrl: `http://localhost${sessionsPath}`,
        },
      ],
    });
  });
});

describe('activities that are not physical activities', () => {
  it('are in both feeds only as deletions, and their sessions too', async () => {
    const seriesUrl = `http://localhost${seriesPath}`;
    const series = byId(
      checkFeed(await walk((url) => smallPages.request(url), seriesUrl), seriesUrl, 'SessionSeries'),
    );
    const scheduledUrl = `http://localhost${sessionsPath}`;
    const scheduled = byId(
      checkFeed(await walk((url) => smallPages.request(url), scheduledUrl), scheduledUrl, 'ScheduledSession'),
    );
    const sessions = createSessionRepository(harness.table);
    const published = await createActivityRepository(harness.table).feedAfter(undefined, 1000);
    const others = published.filter((activity) => !isInOpenActiveFeeds(activity.activityType));
    expect(new Set(others.map((activity) => activity.activityType)).size).toBe(11);
    expect(others.map((activity) => activity.activityType)).toContain('sport');
    let sessionCount = 0;
    for (const activity of others) {
      expect(series.get(activity.id)?.state).toBe('deleted');
      for (const session of await sessions.listForActivity(activity.id)) {
        expect(scheduled.get(session.id)?.state).toBe('deleted');
        sessionCount += 1;
      }
    }
    expect(sessionCount).toBeGreaterThan(50);
    // The ones with an OpenActive concept are in the feeds: the riverside walk and three tasters.
    const physical = published.filter((activity) => isInOpenActiveFeeds(activity.activityType));
    expect(physical.map((activity) => series.get(activity.id)?.state)).toEqual(Array(4).fill('updated'));
  });

  it('follow a change of type: walking to cooking deletes the series and its sessions, and back brings them back', async () => {
    const heath = await publish({ title: 'Heath walk' });
    const heathSessions = (await sessionIdsOf(heath.id)).sort();
    expect(heathSessions.length).toBeGreaterThan(10);
    const seriesUrl = `http://localhost${seriesPath}`;
    const scheduledUrl = `http://localhost${sessionsPath}`;
    const get = (url: string) => smallPages.request(url);
    const lastPage = async (url: string) => (await walk(get, url)).at(-1)?.url as string;
    /** The items after a feed position (a last page's URL), checked as a feed; and the new last page. */
    const since = async (from: string, feedUrl: string, kind: string) => {
      const pages = await walk(get, from);
      return { items: checkFeed(pages, feedUrl, kind), last: pages.at(-1)?.url as string };
    };
    const changeType = async (activityType: string) => {
      const current = await harness.call(farm, 'GET', `/api/catalogue/provider/activities/${heath.id}`);
      const changed = await harness.call(farm, 'PUT', `/api/catalogue/provider/activities/${heath.id}`, {
        ...activityBody({ title: 'Heath walk', activityType }),
        version: current.body.version,
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      // The feeds serve only changes older than now, and a burst of writes in one millisecond is
      // stamped a few milliseconds ahead (positions must strictly increase): wait until it is past.
      const activity = await createActivityRepository(harness.table).get(heath.id);
      const stamped = await createSessionRepository(harness.table).listForActivity(heath.id);
      const newest = Math.max(
        activity?.feed?.modified ?? 0,
        ...stamped.map((session) => session.feed?.modified ?? 0),
      );
      while (Date.now() <= newest) await new Promise((resolve) => setTimeout(resolve, 2));
    };

    let seriesAt = await lastPage(seriesUrl);
    let scheduledAt = await lastPage(scheduledUrl);
    await changeType('cooking');
    const deletedSeries = await since(seriesAt, seriesUrl, 'SessionSeries');
    expect(deletedSeries.items).toEqual([
      { state: 'deleted', kind: 'SessionSeries', id: heath.id, modified: expect.any(Number) },
    ]);
    const deletedSessions = await since(scheduledAt, scheduledUrl, 'ScheduledSession');
    expect(deletedSessions.items.map((item) => item.id).sort()).toEqual(heathSessions);
    expect(new Set(deletedSessions.items.map((item) => item.state))).toEqual(new Set(['deleted']));
    // Still bookable: search lists it, as it lists every published activity.
    expect((await harness.call(null, 'GET', `/api/catalogue/activities/${heath.id}`)).status).toBe(200);

    seriesAt = deletedSeries.last;
    scheduledAt = deletedSessions.last;
    await changeType('walking');
    const back = await since(seriesAt, seriesUrl, 'SessionSeries');
    expect(back.items).toMatchObject([
      {
        state: 'updated',
        id: heath.id,
        data: {
          name: 'Heath walk',
          activity: [{ '@id': activityConcept('walking')['@id'] }],
          category: [dayOpportunityConcept('walking', 'http://localhost')],
        },
      },
    ]);
    const backSessions = (await since(scheduledAt, scheduledUrl, 'ScheduledSession')).items;
    expect(backSessions.map((item) => item.id).sort()).toEqual(heathSessions);
    expect(new Set(backSessions.map((item) => item.state))).toEqual(new Set(['updated']));
  });

  it('sport published while sport was in the feeds leaves them, as deletions at the end, on the daily run', async () => {
    // As sport was stored before it left the feeds: the series and its sessions live.
    const match = await publish({ title: 'Boccia club', activityType: 'sport' });
    const activities = createActivityRepository(harness.table);
    const sessions = createSessionRepository(harness.table);
    const stored = await activities.get(match.id);
    if (!stored?.feed) throw new Error('the sport activity is not in the feed');
    await activities.save({
      ...stored,
      feed: { ...stored.feed, state: 'updated' },
      version: stored.version + 1,
    });
    const storedSessions = await sessions.listForActivity(match.id);
    expect(storedSessions.length).toBeGreaterThan(10);
    await sessions.write(
      [],
      storedSessions.map((session) => ({
        ...session,
        feed: { modified: session.feed?.modified ?? 0, state: 'updated' as const },
        version: session.version + 1,
      })),
    );

    const get = (url: string) => smallPages.request(url);
    const seriesUrl = `http://localhost${seriesPath}`;
    const scheduledUrl = `http://localhost${sessionsPath}`;
    const seriesAt = (await walk(get, seriesUrl)).at(-1)?.url as string;
    const scheduledAt = (await walk(get, scheduledUrl)).at(-1)?.url as string;

    const service = createCatalogueService({
      activities,
      sessions,
      listings: createListingRepository(harness.table),
      memberships: createMembershipRepository(harness.table, createOutboxRepository(harness.table)),
      providers: createProviderRepository(harness.table),
      postcodes: createOfflinePostcodeLookup(harness.table),
      now: () => new Date(),
    });
    expect(await service.refreshProvider('dorset', match.providerId)).toMatchObject({ failed: 0 });
    const refreshed = await activities.get(match.id);
    const newest = Math.max(
      refreshed?.feed?.modified ?? 0,
      ...(await sessions.listForActivity(match.id)).map((session) => session.feed?.modified ?? 0),
    );
    while (Date.now() <= newest) await new Promise((resolve) => setTimeout(resolve, 2));

    const series = checkFeed(await walk(get, seriesAt), seriesUrl, 'SessionSeries');
    expect(series.filter((item) => item.id === match.id)).toEqual([
      { state: 'deleted', kind: 'SessionSeries', id: match.id, modified: expect.any(Number) },
    ]);
    const scheduled = checkFeed(await walk(get, scheduledAt), scheduledUrl, 'ScheduledSession').filter(
      (item) => storedSessions.some((session) => session.id === item.id),
    );
    expect(scheduled.map((item) => item.id).sort()).toEqual(
      storedSessions.map((session) => session.id).sort(),
    );
    expect(new Set(scheduled.map((item) => item.state))).toEqual(new Set(['deleted']));
  });
});

describe('changes after a consumer has caught up', () => {
  it('shows on the last page: a newly cancelled session, then a suspended provider’s whole catalogue', async () => {
    const feedUrl = `http://localhost${sessionsPath}`;
    const caughtUp = (await walk((url) => smallPages.request(url), feedUrl)).at(-1)?.url as string;

    const [, , third] = await sessionIdsOf(riverside.id);
    await cancel(third as string);
    const next = await walk((url) => smallPages.request(url), caughtUp);
    expect(next.flatMap((page) => page.body.items)).toEqual([
      { state: 'deleted', kind: 'ScheduledSession', id: third, modified: expect.any(Number) },
    ]);

    const memberships = createMembershipRepository(harness.table, createOutboxRepository(harness.table));
    const membership = (await memberships.listByCouncil('dorset')).find(
      (candidate) => candidate.providerId === riverside.providerId,
    );
    if (!membership) throw new Error('no membership for the provider');
    await memberships.save(suspendMembership(membership, new Date()), {
      at: new Date().toISOString(),
      actor: { id: 'system', name: 'Test', role: 'admin' },
      action: 'suspended',
      detail: 'Insurance expired',
    });
    await createCatalogueService({
      activities: createActivityRepository(harness.table),
      sessions: createSessionRepository(harness.table),
      listings: createListingRepository(harness.table),
      memberships,
      providers: createProviderRepository(harness.table),
      postcodes: createOfflinePostcodeLookup(harness.table),
      now: () => new Date(),
    }).refreshProvider('dorset', riverside.providerId);

    const seriesUrl = `http://localhost${seriesPath}`;
    const series = byId(
      checkFeed(await walk((url) => smallPages.request(url), seriesUrl), seriesUrl, 'SessionSeries'),
    );
    expect(series.get(riverside.id)?.state).toBe('deleted');
    expect(series.get(buses.id)?.state).toBe('deleted');
    const search = await harness.call(null, 'GET', `/api/catalogue/activities/${riverside.id}`);
    expect(search.status).toBe(404);
  });
});

describe('changes written a moment ago', () => {
  it('are held back for the feed delay, so writes from several Lambdas reach consumers in order', async () => {
    const held = createBaseApp(createLogger('silent'));
    addOpenActiveRoutes(held, {
      activities: createActivityRepository(harness.table),
      sessions: createSessionRepository(harness.table),
      councils: createCouncilRepository(harness.table),
      now: () => new Date(),
      feedDelayMs: 60_000,
    });
    const page = await (await held.request(`http://localhost${seriesPath}`)).json();
    // Everything in this file was published within the last minute.
    expect(page.items).toEqual([]);
    expect(page.next).toBe(`http://localhost${seriesPath}`);
  });
});
