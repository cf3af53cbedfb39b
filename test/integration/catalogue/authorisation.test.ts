import { beforeAll, describe, expect, it } from 'vitest';
import { createActivityRepository } from '../../../functions/catalogue/repositories/activities';
import { createSessionRepository } from '../../../functions/catalogue/repositories/sessions';
import { ukToday } from '../../../shared/time/uk-dates';
import { everyRole, publishThroughApi } from '../../support/catalogue';
import { catalogueAppWithDemoData } from '../../support/local-app';

/**
 * Who may do what in the catalogue, route by route and role by role. The provider's routes are for
 * providers only (anyone else signed in gets 403), and an activity or session is the owning
 * provider's alone: to any other provider, in their council or another, it does not exist (404),
 * so ids cannot be probed. Coverage is for council staff (commissioners and admins, each seeing
 * their own council). Finding activities is for everyone. Signed out, a page sends people to sign
 * in (303) and the JSON API answers 401. Every refusal changes nothing, and none shows a stack trace.
 */
let harness: Awaited<ReturnType<typeof catalogueAppWithDemoData>>;

const roles = everyRole;
type Role = keyof typeof roles;
const owner = roles.owner;

/** The activities the requests are about: the owner's published activity (with a session ahead) and draft. */
interface Fixture {
  published: { id: string; version: number };
  draft: { id: string; version: number };
  sessionId: string;
}

const today = ukToday(new Date());

const activityBody = (title: string) => ({
  title,
  description: 'A morning in the kitchen garden with a small friendly group.',
  lotId: 'spokes',
  activityType: 'community-gardening',
  setting: 'spoke',
  venue: {
    name: 'Purbeck Community Farm',
    addressLine1: 'Corfe Road',
    town: 'Wareham',
    postcode: 'BH20 4AA',
  },
  schedule: { slots: [{ day: 'tuesday', starts: '10:00', ends: '12:00' }], startsOn: today, exceptions: [] },
  placesPerSession: 8,
  price: { amountPence: 1500, per: 'session' },
  funding: ['direct-payment', 'self-funded'],
  ageRange: { from: 18 },
  contact: { name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
});

/** The same activity as the form on the page sends it. */
const activityForm = (title: string): Record<string, string> => {
  const [year, month, day] = today.split('-');
  return {
    title,
    description: 'A morning in the kitchen garden with a small friendly group.',
    lotId: 'spokes',
    activityType: 'community-gardening',
    setting: 'spoke',
    hubId: '',
    'venue.name': 'Purbeck Community Farm',
    'venue.addressLine1': 'Corfe Road',
    'venue.town': 'Wareham',
    'venue.postcode': 'BH20 4AA',
    'schedule.slots.0.day': 'tuesday',
    'schedule.slots.0.starts': '10:00',
    'schedule.slots.0.ends': '12:00',
    'schedule.startsOn-day': String(Number(day)),
    'schedule.startsOn-month': String(Number(month)),
    'schedule.startsOn-year': year ?? '',
    placesPerSession: '8',
    'price.amountPence': '15.00',
    'price.per': 'session',
    funding: 'direct-payment',
    'ageRange.from': '18',
    'contact.name': 'Jess Parker',
    'contact.email': 'jess@purbeckfarm.example',
  };
};

let made = 0;
/** A new draft and a new published activity of the owner's, for a request that changes them. */
async function makeFixture(): Promise<Fixture> {
  made += 1;
  const created = await harness.call(
    owner,
    'POST',
    '/api/catalogue/provider/activities',
    activityBody(`Draft ${made}`),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await publishThroughApi(harness.call, owner, activityBody(`Published ${made}`));
  const sessions = await createSessionRepository(harness.table).listForActivity(published.id, today);
  const ahead = sessions.find((session) => session.startsAt > new Date().toISOString());
  if (!ahead) throw new Error('no session ahead');
  return {
    published: { id: published.id, version: published.version },
    draft: { id: created.body.id, version: created.body.version },
    sessionId: ahead.id,
  };
}

const stackTrace = /\bat\s+[\w.<>$]+\s+\(|\bat\s+(file:|\/)|node_modules|\.tsx?:\d+|\w*Error:\s|"stack"/;

interface Answer {
  status: number;
  location: string | null;
}

type Send = (user: string | null, fixture: Fixture) => Promise<Answer>;

/** A JSON API request with a bearer token; every refusal must be problem+json with its status. */
const api =
  (method: string, path: (f: Fixture) => string, body?: (f: Fixture) => unknown): Send =>
  async (user, fixture) => {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${await harness.tokenFor(user)}`;
    const payload = body?.(fixture);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await harness.app.request(path(fixture), {
      method,
      headers,
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    const text = await response.text();
    expect(text, `${method} ${path(fixture)} shows a stack trace`).not.toMatch(stackTrace);
    if (response.status >= 400) {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(text).status).toBe(response.status);
    }
    return { status: response.status, location: response.headers.get('location') };
  };

const answerOf = async (response: Response): Promise<Answer> => {
  const text = await response.text();
  expect(text).not.toMatch(stackTrace);
  if (response.status >= 400) expect(response.headers.get('content-type')).toContain('text/html');
  return { status: response.status, location: response.headers.get('location') };
};

/** A page opened in a browser, with the session cookie. */
const page =
  (path: (f: Fixture) => string): Send =>
  async (user, fixture) =>
    answerOf(await harness.browse(user, path(fixture)));

/** A form posted from a page, with the session cookie and a good CSRF token. */
const form =
  (path: (f: Fixture) => string, fields: (f: Fixture) => Record<string, string>): Send =>
  async (user, fixture) =>
    answerOf(await harness.submit(user, path(fixture), fields(fixture)));

/** What each role gets from a route of the provider's, about the owner's own activity. */
const ownersOnly = (kind: 'page' | 'api', success: number): Record<Role, number> => ({
  'signed out': kind === 'page' ? 303 : 401,
  person: 403,
  representative: 403,
  owner: success,
  'another member provider': 404,
  "another council's provider": 404,
  commissioner: 403,
  admin: 403,
  "another council's admin": 403,
});

/** A provider's route about their own things (their list, a new activity): every member provider may. */
const providers = (kind: 'page' | 'api', success: number): Record<Role, number> => ({
  ...ownersOnly(kind, success),
  'another member provider': success,
  "another council's provider": success,
});

const councilStaff: Record<Role, number> = {
  'signed out': 303,
  person: 403,
  representative: 403,
  owner: 403,
  'another member provider': 403,
  "another council's provider": 403,
  commissioner: 200,
  admin: 200,
  "another council's admin": 200,
};

const everyone = (status: number): Record<Role, number> => ({
  'signed out': status,
  person: status,
  representative: status,
  owner: status,
  'another member provider': status,
  "another council's provider": status,
  commissioner: status,
  admin: status,
  "another council's admin": status,
});

interface Route {
  route: string;
  send: Send;
  expected: Record<Role, number>;
  /** The owner's request changes the activity, so it is made on activities of its own. */
  changes?: true;
}

const pages = '/catalogue/provider/activities';
const apiPath = '/api/catalogue/provider/activities';

const routes: Route[] = [
  // The provider's pages.
  { route: `GET ${pages}`, send: page(() => pages), expected: providers('page', 200) },
  { route: `GET ${pages}/new`, send: page(() => `${pages}/new`), expected: providers('page', 200) },
  {
    route: `POST ${pages}/new`,
    send: form(
      () => `${pages}/new`,
      () => activityForm('Made on the page'),
    ),
    expected: providers('page', 303),
  },
  {
    route: `GET ${pages}/{id}/edit`,
    send: page((f) => `${pages}/${f.published.id}/edit`),
    expected: ownersOnly('page', 200),
  },
  {
    route: `POST ${pages}/{id}/edit`,
    send: form(
      (f) => `${pages}/${f.published.id}/edit`,
      (f) => ({ ...activityForm('Renamed on the page'), version: String(f.published.version) }),
    ),
    expected: ownersOnly('page', 303),
    changes: true,
  },
  {
    route: `POST ${pages}/{id}/publish`,
    send: form(
      (f) => `${pages}/${f.draft.id}/publish`,
      (f) => ({ version: String(f.draft.version) }),
    ),
    expected: ownersOnly('page', 303),
    changes: true,
  },
  {
    route: `POST ${pages}/{id}/withdraw`,
    send: form(
      (f) => `${pages}/${f.published.id}/withdraw`,
      (f) => ({ version: String(f.published.version) }),
    ),
    expected: ownersOnly('page', 303),
    changes: true,
  },
  {
    route: `GET ${pages}/{id}/sessions`,
    send: page((f) => `${pages}/${f.published.id}/sessions`),
    expected: ownersOnly('page', 200),
  },
  {
    route: 'GET /catalogue/provider/sessions/{id}/cancel',
    send: page((f) => `/catalogue/provider/sessions/${f.sessionId}/cancel`),
    expected: ownersOnly('page', 200),
  },
  {
    route: 'POST /catalogue/provider/sessions/{id}/cancel',
    send: form(
      (f) => `/catalogue/provider/sessions/${f.sessionId}/cancel`,
      () => ({ reason: 'The field is flooded' }),
    ),
    expected: ownersOnly('page', 303),
    changes: true,
  },

  // The provider's JSON API.
  { route: `GET ${apiPath}`, send: api('GET', () => apiPath), expected: providers('api', 200) },
  {
    route: `POST ${apiPath}`,
    send: api(
      'POST',
      () => apiPath,
      () => activityBody('Made through the API'),
    ),
    expected: providers('api', 201),
  },
  {
    route: `GET ${apiPath}/{id}`,
    send: api('GET', (f) => `${apiPath}/${f.published.id}`),
    expected: ownersOnly('api', 200),
  },
  {
    route: `PUT ${apiPath}/{id}`,
    send: api(
      'PUT',
      (f) => `${apiPath}/${f.published.id}`,
      (f) => ({ ...activityBody('Renamed through the API'), version: f.published.version }),
    ),
    expected: ownersOnly('api', 200),
    changes: true,
  },
  {
    route: `POST ${apiPath}/{id}/publish`,
    send: api(
      'POST',
      (f) => `${apiPath}/${f.draft.id}/publish`,
      (f) => ({ version: f.draft.version }),
    ),
    expected: ownersOnly('api', 200),
    changes: true,
  },
  {
    route: `POST ${apiPath}/{id}/withdraw`,
    send: api(
      'POST',
      (f) => `${apiPath}/${f.published.id}/withdraw`,
      (f) => ({ version: f.published.version }),
    ),
    expected: ownersOnly('api', 200),
    changes: true,
  },
  {
    route: `GET ${apiPath}/{id}/sessions`,
    send: api('GET', (f) => `${apiPath}/${f.published.id}/sessions`),
    expected: ownersOnly('api', 200),
  },
  {
    route: 'POST /api/catalogue/provider/sessions/{id}/cancel',
    send: api(
      'POST',
      (f) => `/api/catalogue/provider/sessions/${f.sessionId}/cancel`,
      () => ({ reason: 'The field is flooded' }),
    ),
    expected: ownersOnly('api', 200),
    changes: true,
  },

  // Coverage, for council staff.
  { route: 'GET /catalogue/coverage', send: page(() => '/catalogue/coverage'), expected: councilStaff },
  {
    route: 'GET /catalogue/coverage.csv',
    send: page(() => '/catalogue/coverage.csv'),
    expected: councilStaff,
  },

  // Finding activities, for everyone: a draft is not there for anyone, its owner included.
  { route: 'GET /catalogue', send: page(() => '/catalogue?council=dorset'), expected: everyone(200) },
  {
    route: 'GET /catalogue/activities/{published id}',
    send: page((f) => `/catalogue/activities/${f.published.id}`),
    expected: everyone(200),
  },
  {
    route: 'GET /catalogue/activities/{draft id}',
    send: page((f) => `/catalogue/activities/${f.draft.id}`),
    expected: everyone(404),
  },
  {
    route: 'GET /api/catalogue/search',
    send: api('GET', () => '/api/catalogue/search?council=dorset'),
    expected: everyone(200),
  },
  {
    route: 'GET /api/catalogue/activities/{published id}',
    send: api('GET', (f) => `/api/catalogue/activities/${f.published.id}`),
    expected: everyone(200),
  },
  {
    route: 'GET /api/catalogue/activities/{draft id}',
    send: api('GET', (f) => `/api/catalogue/activities/${f.draft.id}`),
    expected: everyone(404),
  },
  {
    route: 'GET /openactive/feeds/scheduled-sessions',
    send: api('GET', () => '/openactive/feeds/scheduled-sessions'),
    expected: everyone(200),
  },
  {
    route: 'GET /openreferral/services',
    send: api('GET', () => '/openreferral/services'),
    expected: everyone(200),
  },
];

let shared: Fixture;

beforeAll(async () => {
  harness = await catalogueAppWithDemoData({ demoCatalogue: true });
  shared = await makeFixture();
});

describe.each(routes)('$route', ({ send, expected, changes }) => {
  it.each(Object.keys(roles) as Role[])('as %s', async (role) => {
    const user = roles[role];
    const own = changes && expected[role] < 400 && role === 'owner';
    const answer = await send(user, own ? await makeFixture() : shared);
    expect(answer.status).toBe(expected[role]);
    if (answer.status === 303 && role === 'signed out')
      expect(answer.location).toMatch(/^\/sign-in\?returnTo=%2F/);
  });
});

describe('coverage for another council’s staff', () => {
  it('is their own council’s, with none of this one’s districts', async () => {
    const districtsIn = async (user: string) =>
      (await (await harness.browse(user, '/catalogue/coverage.csv')).text())
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]);
    const dorset = await districtsIn(roles.admin);
    const bcp = await districtsIn(roles["another council's admin"]);
    expect(dorset).toContain('DT1');
    expect(bcp.length).toBeGreaterThan(0);
    expect(bcp.filter((district) => district?.startsWith('DT'))).toEqual([]);
  });
});

describe('after every refusal', () => {
  it('the shared activities and their session are as they were', async () => {
    const activities = createActivityRepository(harness.table);
    expect((await activities.get(shared.published.id))?.version).toBe(shared.published.version);
    expect((await activities.get(shared.draft.id))?.version).toBe(shared.draft.version);
    expect(await createSessionRepository(harness.table).get(shared.sessionId)).toMatchObject({
      status: 'scheduled',
    });
  });
});
