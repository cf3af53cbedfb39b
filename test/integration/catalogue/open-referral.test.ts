import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Listing } from '../../../functions/catalogue/domain/listing';
import {
  serviceAtLocationIdOf,
  serviceIdOf,
  taxonomies,
  taxonomyTermId,
} from '../../../functions/catalogue/domain/open-referral';
import type { SearchQuery } from '../../../functions/catalogue/domain/search';
import { createListingRepository, noCost } from '../../../functions/catalogue/repositories/listings';
import { addOpenReferralRoutes } from '../../../functions/catalogue/routes/open-referral-routes';
import type { SearchResult } from '../../../functions/catalogue/services/search-service';
import type { Council } from '../../../shared/domain/councils';
import { createBaseApp } from '../../../shared/http/create-base-app';
import { createLogger } from '../../../shared/log/logger';
import { postcodeItem } from '../../../shared/postcodes/offline-lookup';
import { addDays, weekdayOf } from '../../../shared/time/london-time';
import { ukToday } from '../../../shared/time/uk-dates';
import { everyRole, publishThroughApi } from '../../support/catalogue';
import { catalogueAppWithDemoData } from '../../support/local-app';
import { type Kind, pageBreaches, profileBreaches } from '../../support/open-referral-profile';
import { createTestTable } from '../../support/test-table';
import { activity, listing } from '../../unit/functions/catalogue/fixtures';

let harness: Awaited<ReturnType<typeof catalogueAppWithDemoData>>;
const farm = 'dorset-provider-member';
const today = ukToday(new Date());
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A complete activity as a provider would send it. */
const gardening = (overrides: Record<string, unknown> = {}) => ({
  title: 'ORUK kitchen garden mornings',
  description: 'Grow vegetables and herbs with a small friendly group; tea and cake at the end.',
  lotId: 'spokes',
  activityType: 'community-gardening',
  setting: 'spoke',
  venue: {
    name: 'Purbeck Community Farm',
    addressLine1: 'Corfe Road',
    addressLine2: 'Stoborough',
    town: 'Wareham',
    postcode: 'bh20 4aa',
  },
  schedule: {
    slots: [
      { day: 'tuesday', starts: '10:00', ends: '12:30' },
      { day: 'thursday', starts: '18:00', ends: '20:00' },
    ],
    startsOn: today,
    exceptions: [],
  },
  placesPerSession: 8,
  price: { amountPence: 1800, per: 'session' },
  funding: ['direct-payment', 'self-funded'],
  needs: ['learning-disability', 'autism'],
  accessibility: ['step-free-access', 'accessible-toilet'],
  ageRange: { from: 18, to: 80 },
  contact: { name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
  ...overrides,
});

async function published(overrides: Record<string, unknown> = {}) {
  return publishThroughApi<{ id: string; version: number; providerId: string }>(
    harness.call,
    farm,
    gardening(overrides),
  );
}

/** Every [path, value] in a JSON value, depth first. */
function leaves(value: unknown, path = '$'): [string, unknown][] {
  if (Array.isArray(value))
    return [[path, value], ...value.flatMap((item, i) => leaves(item, `${path}[${i}]`))];
  if (value !== null && typeof value === 'object')
    return [[path, value], ...Object.entries(value).flatMap(([key, item]) => leaves(item, `${path}.${key}`))];
  return [[path, value]];
}

/** What the profile rules out: empty values anywhere, and ids that are not UUIDs. */
function breaches(body: unknown): string[] {
  return leaves(body).flatMap(([path, value]) => {
    const found: string[] = [];
    const empty =
      value === null ||
      value === '' ||
      (Array.isArray(value) && value.length === 0 && !path.endsWith('.contents')) ||
      (typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length === 0);
    if (empty) found.push(`${path} is empty`);
    if (/\.(id|\w+_id)$/.test(path) && (typeof value !== 'string' || !uuid.test(value)))
      found.push(`${path} is not a UUID: ${String(value)}`);
    return found;
  });
}

/** A GET as a directory sends it, with what came back: status, headers and the parsed body. */
async function get(path: string) {
  const response = await harness.app.request(path, { headers: { origin: 'https://directory.example' } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const kindOf = (path: string): Kind =>
  path.startsWith('/openreferral/service_at_locations')
    ? 'service_at_location'
    : path.startsWith('/openreferral/taxonomy_terms')
      ? 'taxonomy_term'
      : path.startsWith('/openreferral/taxonomies')
        ? 'taxonomy'
        : 'service';

/** Every service in a list, page by page, checking each page's flags on the way. */
async function harvest(path: string, perPage: number) {
  const all: { id: string; name: string }[] = [];
  for (let page = 1; page < 100; page += 1) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await harness.call(null, 'GET', `${path}${separator}page=${page}&per_page=${perPage}`);
    expect(response.status).toBe(200);
    expect(breaches(response.body)).toEqual([]);
    expect(pageBreaches(response.body, kindOf(path))).toEqual([]);
    expect(response.body).toMatchObject({ page_number: page, first_page: page === 1 });
    expect(response.body.size).toBe(response.body.contents.length);
    expect(response.body.contents.length).toBeLessThanOrEqual(perPage);
    all.push(...response.body.contents);
    if (response.body.last_page) return all;
    expect(response.body.contents).toHaveLength(perPage);
  }
  throw new Error('too many pages');
}

/** The same list by following each page's Link header, as a harvester should; checks each link. */
async function harvestByLink(path: string, perPage: number) {
  const all: { id: string; name: string }[] = [];
  const separator = path.includes('?') ? '&' : '?';
  let url: string | undefined = `${path}${separator}per_page=${perPage}`;
  for (let page = 1; url; page += 1) {
    const response = await get(url);
    expect(response.status, url).toBe(200);
    expect(pageBreaches(response.body, kindOf(path))).toEqual([]);
    expect(response.body.page_number).toBe(page);
    all.push(...response.body.contents);
    const link = response.headers.get('link');
    if (response.body.last_page) {
      expect(link).toBeNull();
      return all;
    }
    expect(response.body.contents).toHaveLength(perPage);
    const next = /^<http:\/\/localhost(\/[^>]+)>; rel="next"$/.exec(link ?? '')?.[1];
    expect(next, link ?? 'no Link header').toBeDefined();
    expect(new URL(`http://localhost${next}`).searchParams.get('page')).toBe(String(page + 1));
    url = next;
    if (page > 100) throw new Error('too many pages');
  }
  return all;
}

const ids = (services: { id: string }[]) => services.map((service) => service.id);

let garden: { id: string; version: number; providerId: string };
let club: { id: string };
let pottery: { id: string };
let withdrawn: { id: string };

beforeAll(async () => {
  harness = await catalogueAppWithDemoData();
  await harness.table.client.send(
    new PutCommand({
      TableName: harness.table.name,
      Item: postcodeItem({ postcode: 'BH20 4AA', outward: 'BH20', latitude: 50.6862, longitude: -2.1121 }),
    }),
  );
  garden = await published();
  club = await published({
    title: 'ORUK evening social club',
    activityType: 'social-club',
    needs: [],
    accessibility: [],
    ageRange: { from: 18 },
    price: { amountPence: 0, per: 'hour' },
    contact: { name: 'Sam Lee', email: 'sam@purbeckfarm.example', phone: '01929 550123' },
  });
  pottery = await published({ title: 'ORUK pottery', activityType: 'arts-and-crafts' });
  const leaving = await published({ title: 'ORUK short-lived club' });
  const done = await harness.call(farm, 'POST', `/api/catalogue/provider/activities/${leaving.id}/withdraw`, {
    version: leaving.version,
  });
  expect(done.status).toBe(200);
  withdrawn = leaving;
});

describe('the Open Referral UK directory', () => {
  it('says which HSDS version and profile it follows, open to any origin', async () => {
    const response = await harness.app.request('/openreferral', {
      headers: { origin: 'https://directory.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({
      version: '3.0',
      profile: expect.stringContaining('open-referral-uk-profile'),
      openapi_url: 'http://localhost/openapi.json',
    });
    const services = await harness.app.request('/openreferral/services', {
      headers: { origin: 'https://directory.example' },
    });
    expect(services.headers.get('access-control-allow-origin')).toBe('*');
  });

  it("lists a council's bookable activities page by page, and not the withdrawn one", async () => {
    // Three of ours at least, two to a page: more than one page whatever else is listed.
    const services = await harvest('/openreferral/services?council=dorset', 2);
    const ids = services.map((service) => service.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([garden, club, pottery].map((one) => serviceIdOf(one.id))));
    expect(ids).not.toContain(serviceIdOf(withdrawn.id));
    const names = services.map((service) => service.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names).not.toContain('oruk short-lived club');

    // Without a council, every council's directory, one after another.
    const everyone = await harvest('/openreferral/services', 50);
    expect(everyone.map((service) => service.id)).toEqual(expect.arrayContaining(ids));
    expect(everyone.length).toBeGreaterThanOrEqual(ids.length);
  });

  it('gives an empty last page past the end', async () => {
    const response = await harness.call(
      null,
      'GET',
      '/openreferral/services?council=dorset&page=20&per_page=100',
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      page_number: 20,
      size: 0,
      first_page: false,
      last_page: true,
      empty: true,
      contents: [],
    });
  });

  it('shows one service fully nested by its UUID', async () => {
    const response = await harness.call(null, 'GET', `/openreferral/services/${serviceIdOf(garden.id)}`);
    expect(response.status).toBe(200);
    expect(breaches(response.body)).toEqual([]);
    expect(profileBreaches(response.body, 'service')).toEqual([]);
    const service = response.body;
    expect(service).toMatchObject({
      id: serviceIdOf(garden.id),
      name: 'ORUK kitchen garden mornings',
      url: `http://localhost/catalogue/activities/${garden.id}`,
      email: 'jess@purbeckfarm.example',
      status: 'active',
      minimum_age: 18,
      maximum_age: 80,
      organization: { name: 'Purbeck Community Farm CIC' },
      cost_options: [{ amount: 18, amount_description: 'per session' }],
      contacts: [{ name: 'Jess Parker' }],
    });
    expect(service.service_at_locations).toEqual([
      {
        id: serviceAtLocationIdOf(garden.id),
        location: expect.objectContaining({
          name: 'Purbeck Community Farm',
          latitude: 50.6862,
          longitude: -2.1121,
          addresses: [
            expect.objectContaining({
              address_1: 'Corfe Road, Stoborough',
              city: 'Wareham',
              postal_code: 'BH20 4AA',
              country: 'GB',
            }),
          ],
        }),
      },
    ]);
    expect(service.schedules.map((schedule: { byday: string }) => schedule.byday)).toEqual(['TU', 'TH']);
    expect(service.schedules[0]).toMatchObject({
      freq: 'WEEKLY',
      opens_at: '10:00:00',
      closes_at: '12:30:00',
    });
    const termIds = service.attributes.map(
      (attribute: { taxonomy_term_id: string }) => attribute.taxonomy_term_id,
    );
    expect(termIds).toContain(taxonomyTermId('activity-types', 'community-gardening'));
    expect(termIds).toContain(taxonomyTermId('ways-to-pay', 'direct-payment'));
  });

  it('leaves out what an activity does not have, rather than sending it empty', async () => {
    const response = await harness.call(null, 'GET', `/openreferral/services/${serviceIdOf(club.id)}`);
    expect(response.status).toBe(200);
    expect(breaches(response.body)).toEqual([]);
    expect(profileBreaches(response.body, 'service')).toEqual([]);
    expect(response.body).not.toHaveProperty('maximum_age');
    expect(response.body.cost_options).toEqual([expect.objectContaining({ amount: 0 })]);
    expect(response.body.service_at_locations[0].location).not.toHaveProperty('accessibility');
    // The garden's contact gave no telephone number: no empty list of phones either.
    const gardenService = await harness.call(null, 'GET', `/openreferral/services/${serviceIdOf(garden.id)}`);
    expect(gardenService.body.contacts).toEqual([
      { id: expect.any(String), name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
    ]);
  });

  it('gives the contact’s email and telephone number, as well as the service’s email and page', async () => {
    const response = await harness.call(null, 'GET', `/openreferral/services/${serviceIdOf(club.id)}`);
    expect(profileBreaches(response.body, 'service')).toEqual([]);
    expect(response.body).toMatchObject({
      email: 'sam@purbeckfarm.example',
      url: `http://localhost/catalogue/activities/${club.id}`,
      contacts: [
        {
          name: 'Sam Lee',
          email: 'sam@purbeckfarm.example',
          phones: [{ id: expect.stringMatching(uuid), number: '01929 550123' }],
        },
      ],
    });
  });

  it('lists and shows services at their locations', async () => {
    const all = await harvest('/openreferral/service_at_locations?council=dorset', 10);
    const mine = all.find((item) => item.id === serviceAtLocationIdOf(garden.id)) as
      | { service: { id: string }; location: { name: string } }
      | undefined;
    expect(mine?.service.id).toBe(serviceIdOf(garden.id));
    expect(mine?.location.name).toBe('Purbeck Community Farm');
    expect(all.map((item) => item.id)).not.toContain(serviceAtLocationIdOf(withdrawn.id));

    const one = await harness.call(
      null,
      'GET',
      `/openreferral/service_at_locations/${serviceAtLocationIdOf(garden.id)}`,
    );
    expect(one.status).toBe(200);
    expect(breaches(one.body)).toEqual([]);
    expect(profileBreaches(one.body, 'service_at_location')).toEqual([]);
    expect(one.body).toMatchObject({
      id: serviceAtLocationIdOf(garden.id),
      service: { id: serviceIdOf(garden.id) },
    });
  });

  it('publishes the vocabularies the services use', async () => {
    const taxonomies = await harness.call(null, 'GET', '/openreferral/taxonomies');
    expect(taxonomies.status).toBe(200);
    expect(breaches(taxonomies.body)).toEqual([]);
    expect(taxonomies.body).toMatchObject({
      total_items: 4,
      total_pages: 1,
      first_page: true,
      last_page: true,
    });
    expect(pageBreaches(taxonomies.body, 'taxonomy')).toEqual([]);
    const first = taxonomies.body.contents[0];
    const one = await harness.call(null, 'GET', `/openreferral/taxonomies/${first.id}`);
    expect(one.body).toEqual(first);
    expect(profileBreaches(one.body, 'taxonomy')).toEqual([]);

    const terms = await harvest('/openreferral/taxonomy_terms', 10);
    const service = (await harness.call(null, 'GET', `/openreferral/services/${serviceIdOf(garden.id)}`))
      .body;
    for (const attribute of service.attributes) {
      expect(terms).toContainEqual(attribute.taxonomy_term);
      const term = await harness.call(
        null,
        'GET',
        `/openreferral/taxonomy_terms/${attribute.taxonomy_term_id}`,
      );
      expect(term.body).toEqual(attribute.taxonomy_term);
      expect(profileBreaches(term.body, 'taxonomy_term')).toEqual([]);
    }
  });

  it('lets shared caches keep its answers for five minutes, without anyone’s cookie', async () => {
    for (const path of [
      '/openreferral',
      '/openreferral/services?council=dorset',
      `/openreferral/services/${serviceIdOf(garden.id)}`,
      '/openreferral/service_at_locations',
      `/openreferral/service_at_locations/${serviceAtLocationIdOf(garden.id)}`,
      '/openreferral/taxonomies',
      '/openreferral/taxonomy_terms?per_page=5',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('public, max-age=300');
      expect(response.headers.get('set-cookie'), path).toBeNull();
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    // Problems are not kept: a mistyped parameter or a withdrawn activity is not worth keeping.
    for (const path of [
      `/openreferral/services/${serviceIdOf(withdrawn.id)}`,
      '/openreferral/services?page=0',
      '/openreferral/taxonomies/ac148810-d857-441c-9679-408f346de14b',
    ]) {
      const problem = await get(path);
      expect(problem.status, path).toBeGreaterThanOrEqual(400);
      expect(problem.headers.get('cache-control'), path).toBe('no-store');
      expect(problem.headers.get('content-type'), path).toBe('application/problem+json');
    }
  });

  it('builds its links from the forwarded host, and says caches must keep answers apart by it', async () => {
    // In AWS CloudFront sets X-Forwarded-Host; anyone calling API Gateway directly can send any.
    const response = await harness.app.request('/openreferral/services?council=dorset&per_page=1', {
      headers: { 'x-forwarded-host': 'directory.example.gov.uk' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('link')).toMatch(
      /^<https:\/\/directory\.example\.gov\.uk\/openreferral\/services\?/,
    );
    expect((await response.json()).contents[0].url).toMatch(/^https:\/\/directory\.example\.gov\.uk\//);
    for (const path of [
      '/openreferral',
      '/openreferral/services?council=dorset',
      '/openreferral/taxonomies',
    ]) {
      const answer = await get(path);
      expect(answer.headers.get('vary'), path).toContain('X-Forwarded-Host');
    }
  });
});

describe('who may read the directory', () => {
  const roles = everyRole;

  it('gives every role, and no one, the same service by id, and the same 404 for a withdrawn one', async () => {
    const service = `/openreferral/services/${serviceIdOf(garden.id)}`;
    const atLocation = `/openreferral/service_at_locations/${serviceAtLocationIdOf(garden.id)}`;
    const gone = `/openreferral/services/${serviceIdOf(withdrawn.id)}`;
    const withdrawnAtLocation = `/openreferral/service_at_locations/${serviceAtLocationIdOf(withdrawn.id)}`;
    const anonymous = await harness.call(null, 'GET', service);
    const anonymousAtLocation = await harness.call(null, 'GET', atLocation);
    for (const [role, user] of Object.entries(roles)) {
      const one = await harness.call(user, 'GET', service);
      expect(one.status, role).toBe(200);
      expect(one.body, role).toEqual(anonymous.body);
      const there = await harness.call(user, 'GET', atLocation);
      expect(there.status, role).toBe(200);
      expect(there.body, role).toEqual(anonymousAtLocation.body);
      for (const path of [gone, withdrawnAtLocation]) {
        const missing = await harness.call(user, 'GET', path);
        expect(missing.status, `${role} ${path}`).toBe(404);
        expect(missing.contentType).toBe('application/problem+json');
      }
    }
  });
});

describe('paging by the Link header', () => {
  it('reads the same list, one page at a time, as page numbers do', async () => {
    const byNumber = await harvest('/openreferral/services?council=dorset', 1);
    const byLink = await harvestByLink('/openreferral/services?council=dorset', 1);
    expect(ids(byLink)).toEqual(ids(byNumber));
    expect(byLink.length).toBeGreaterThanOrEqual(3);
    // Every council, one after the other: the link carries on from one council into the next.
    const everyone = await harvest('/openreferral/services', 2);
    expect(ids(await harvestByLink('/openreferral/services', 2))).toEqual(ids(everyone));
    expect(ids(await harvestByLink('/openreferral/service_at_locations?council=dorset', 2))).toEqual(
      ids(await harvest('/openreferral/service_at_locations?council=dorset', 2)),
    );
  });

  it('reaches past page 20: the link says where to start, the page number only labels it', async () => {
    const first = await get('/openreferral/services?council=dorset&per_page=1');
    const next = new URL(/^<([^>]+)>/.exec(first.headers.get('link') ?? '')?.[1] ?? 'http://x');
    const second = await get(`${next.pathname}${next.search}`);
    next.searchParams.set('page', '25');
    const deep = await get(`${next.pathname}${next.search}`);
    expect(deep.status).toBe(200);
    expect(deep.body).toMatchObject({ page_number: 25, first_page: false });
    expect(ids(deep.body.contents)).toEqual(ids(second.body.contents));
    expect((await get('/openreferral/services?council=dorset&page=25')).status).toBe(400);
  });
});

describe('filters, as the profile names them', () => {
  const dorset = (query: string) => `/openreferral/services?council=dorset&${query}`;
  const term = (vocabulary: Parameters<typeof taxonomyTermId>[0], code: string) =>
    `taxonomy_term_id=${taxonomyTermId(vocabulary, code)}`;
  const ours = (services: { id: string }[]) =>
    ids(services).filter((id) => [garden, club, pottery].some((one) => serviceIdOf(one.id) === id));

  it('finds services by a term of each vocabulary, page by page, and each one has that term', async () => {
    const cases: [string, { id: string }[]][] = [
      [term('activity-types', 'community-gardening'), [garden]],
      [term('activity-types', 'social-club'), [club]],
      [term('needs', 'autism'), [garden, pottery]],
      [term('accessibility', 'accessible-toilet'), [garden, pottery]],
      [term('ways-to-pay', 'self-funded'), [garden, club, pottery]],
      [term('ways-to-pay', 'individual-service-fund'), []],
      [`${term('needs', 'autism')}&${term('activity-types', 'arts-and-crafts')}`, [pottery]],
    ];
    for (const [query, expected] of cases) {
      const found = await harvest(dorset(query), 1);
      expect(ours(found).sort(), query).toEqual(expected.map((one) => serviceIdOf(one.id)).sort());
      const wanted = new URLSearchParams(query).getAll('taxonomy_term_id');
      for (const service of found as unknown as { attributes: { taxonomy_term_id: string }[] }[])
        for (const id of wanted)
          expect(service.attributes.map((attribute) => attribute.taxonomy_term_id)).toContain(id);
      expect(ids(await harvestByLink(dorset(query), 1))).toEqual(ids(found));
    }
  });

  it('finds services with any term of a taxonomy, by words, by age and by day', async () => {
    const needs = taxonomies.find((taxonomy) => taxonomy.name === 'Needs supported')?.id;
    const cases: [string, { id: string }[]][] = [
      [`taxonomy_id=${needs}`, [garden, pottery]],
      ['search=oruk', [garden, club, pottery]],
      ['search=Kitchen%20GARDEN', [garden]],
      ['minimum_age=18', [garden, club, pottery]],
      ['minimum_age=19', []],
      ['maximum_age=80', [garden, pottery]],
      ['day=TH', [garden, club, pottery]],
      ['day=monday', []],
    ];
    for (const [query, expected] of cases) {
      const found = await harvest(dorset(query), 2);
      expect(ours(found).sort(), query).toEqual(expected.map((one) => serviceIdOf(one.id)).sort());
    }
    const atLocations = await harvest(
      `/openreferral/service_at_locations?council=dorset&${term('activity-types', 'social-club')}`,
      5,
    );
    expect(atLocations.map((item) => item.id)).toContain(serviceAtLocationIdOf(club.id));
    expect(atLocations.map((item) => item.id)).not.toContain(serviceAtLocationIdOf(garden.id));
  });
});

describe('services near a postcode', () => {
  it('lists the nearest first, within the proximity asked for, with filters', async () => {
    const near = await get('/openreferral/services?postcode=BH20%204AA&per_page=100');
    expect(near.status).toBe(200);
    expect(pageBreaches(near.body, 'service')).toEqual([]);
    expect(ids(near.body.contents)).toEqual(
      expect.arrayContaining([garden, club, pottery].map((one) => serviceIdOf(one.id))),
    );
    expect(ids(near.body.contents)).not.toContain(serviceIdOf(withdrawn.id));

    // Dorchester is about 14 miles from Wareham: inside 20 miles, not inside 5 km.
    const dorchester = await get('/openreferral/services?postcode=DT1&per_page=100');
    expect(ids(dorchester.body.contents)).toContain(serviceIdOf(garden.id));
    const close = await get('/openreferral/services?postcode=DT1&proximity=5000&per_page=100');
    expect(close.status).toBe(200);
    expect(ids(close.body.contents)).not.toContain(serviceIdOf(garden.id));

    const clubs = await get(
      `/openreferral/services?postcode=BH20%204AA&proximity=1000&taxonomy_term_id=${taxonomyTermId('activity-types', 'social-club')}`,
    );
    expect(ids(clubs.body.contents)).toEqual([serviceIdOf(club.id)]);
    const kitchen = await get('/openreferral/service_at_locations?postcode=BH20%204AA&search=kitchen');
    expect(pageBreaches(kitchen.body, 'service_at_location')).toEqual([]);
    expect(kitchen.body.contents.map((item: { id: string }) => item.id)).toEqual([
      serviceAtLocationIdOf(garden.id),
    ]);
  });

  it('pages as search does, a page link going on from the page before', async () => {
    const all = await get('/openreferral/services?postcode=BH20%204AA&per_page=100');
    const pages: string[] = [];
    let url: string | undefined = '/openreferral/services?postcode=BH20%204AA&per_page=2';
    while (url) {
      const page = await get(url);
      expect(page.status).toBe(200);
      pages.push(...ids(page.body.contents));
      const link = /^<http:\/\/localhost(\/[^>]+)>/.exec(page.headers.get('link') ?? '')?.[1];
      expect(Boolean(link)).toBe(!page.body.last_page);
      url = link;
    }
    expect(pages).toEqual(ids(all.body.contents));
  });
});

describe('leaving the directory', () => {
  it('takes an activity out once its only session is cancelled', async () => {
    const day = addDays(today, 2);
    const once = await published({
      title: 'ORUK one-off taster',
      schedule: {
        slots: [{ day: weekdayOf(day), starts: '10:00', ends: '11:00' }],
        startsOn: today,
        endsOn: addDays(today, 6),
        exceptions: [],
      },
    });
    const path = `/openreferral/services/${serviceIdOf(once.id)}`;
    expect((await harness.call(null, 'GET', path)).status).toBe(200);
    const sessions = (
      await harness.call(farm, 'GET', `/api/catalogue/provider/activities/${once.id}/sessions`)
    ).body.sessions;
    expect(sessions).toHaveLength(1);
    const cancelled = await harness.call(
      farm,
      'POST',
      `/api/catalogue/provider/sessions/${sessions[0].id}/cancel`,
      {
        reason: 'The tutor is ill',
      },
    );
    expect(cancelled.status).toBe(200);
    expect((await harness.call(null, 'GET', path)).status).toBe(404);
    const listed = await harvest('/openreferral/services?council=dorset', 100);
    expect(listed.map((service) => service.id)).not.toContain(serviceIdOf(once.id));
  });
});

describe('what the directory refuses', () => {
  it('is a 404 problem for an id it does not have: unknown, withdrawn, or of another kind', async () => {
    for (const path of [
      '/openreferral/services/ac148810-d857-441c-9679-408f346de14b',
      `/openreferral/services/${serviceIdOf(withdrawn.id)}`,
      `/openreferral/services/${serviceAtLocationIdOf(garden.id)}`,
      `/openreferral/service_at_locations/${serviceAtLocationIdOf(withdrawn.id)}`,
      '/openreferral/taxonomies/ac148810-d857-441c-9679-408f346de14b',
      '/openreferral/taxonomy_terms/ac148810-d857-441c-9679-408f346de14b',
    ]) {
      const response = await harness.call(null, 'GET', path);
      expect(response.status, path).toBe(404);
      expect(response.contentType).toBe('application/problem+json');
    }
  });

  it('is a 400 problem naming the parameter for bad input', async () => {
    const cases: [string, string][] = [
      ['/openreferral/services/not-a-uuid', 'id'],
      [`/openreferral/services/${garden.id}`, 'id'],
      ['/openreferral/services?page=0', 'page'],
      ['/openreferral/services?page=21', 'page'],
      ['/openreferral/services?page=two', 'page'],
      ['/openreferral/services?per_page=1000', 'per_page'],
      ['/openreferral/services?council=Not%20a%20council', 'council'],
      ['/openreferral/services?council=atlantis', 'council'],
      ['/openreferral/services?taxonomy_term_id=abc', 'taxonomy_term_id'],
      ['/openreferral/services?taxonomy_term_id=ac148810-d857-441c-9679-408f346de14b', 'taxonomy_term_id'],
      ['/openreferral/services?taxonomy_id=abc', 'taxonomy_id'],
      ['/openreferral/services?day=someday', 'day'],
      ['/openreferral/services?minimum_age=old', 'minimum_age'],
      ['/openreferral/services?maximum_age=-1', 'maximum_age'],
      ['/openreferral/services?search=', 'search'],
      ['/openreferral/service_at_locations?postcode=NOT%20A%20POSTCODE', 'postcode'],
      ['/openreferral/services?postcode=YO1%207HH', 'postcode'],
      ['/openreferral/services?proximity=500', 'proximity'],
      ['/openreferral/services?postcode=BH20%204AA&proximity=40000', 'proximity'],
      ['/openreferral/services?postcode=BH20%204AA&page=21&per_page=50', 'page'],
      ['/openreferral/services?after=not%20a%20link', 'after'],
      ['/openreferral/services?page=2&after=bm90LWpzb24', 'after'],
      [
        `/openreferral/services?after=${Buffer.from('{"c":"dorset","t":"a","a":"01jq6z8k9m2n3p4q5r6s7t8v9w"}').toString('base64url')}`,
        'page',
      ],
      ['/openreferral/services?start_time=10:00', 'start_time'],
      ['/openreferral/services?modified_after=2026-01-01', 'modified_after'],
      ['/openreferral/taxonomies?taxonomy_term_id=abc', 'taxonomy_term_id'],
      ['/openreferral/taxonomy_terms?per_page=0', 'per_page'],
      // Empty is not 0, nor "any": each would quietly widen the list.
      ['/openreferral/services?minimum_age=', 'minimum_age'],
      ['/openreferral/services?maximum_age=%20', 'maximum_age'],
      ['/openreferral/services?taxonomy_term_id=', 'taxonomy_term_id'],
      [`/openreferral/services?taxonomy_term_id=${taxonomyTermId('needs', 'autism')},`, 'taxonomy_term_id'],
      ['/openreferral/services?taxonomy_id=', 'taxonomy_id'],
      ['/openreferral/services?page=', 'page'],
      ['/openreferral/services?postcode=BH20%204AA&proximity=', 'proximity'],
      // One value each, but for the two the profile lets a directory repeat.
      ['/openreferral/services?day=MO&day=TU', 'day'],
      ['/openreferral/services?search=garden&search=farm', 'search'],
      ['/openreferral/services?minimum_age=18&minimum_age=19', 'minimum_age'],
      ['/openreferral/services?council=dorset&council=bcp', 'council'],
      ['/openreferral/taxonomy_terms?page=1&page=2', 'page'],
    ];
    for (const [path, field] of cases) {
      const response = await harness.call(null, 'GET', path);
      expect(response.status, path).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(
        response.body.errors.map((error: { field: string }) => error.field),
        path,
      ).toEqual([field]);
      // Our own words, not zod's ("expected string, received array").
      for (const error of response.body.errors as { message: string }[])
        expect(error.message, path).not.toMatch(/expected|received|invalid input/i);
    }
  });
});

/**
 * A directory bigger than one page can read: 2,300 Dorset listings in DynamoDB Local, three of
 * them with "needle" in the name, read through the real listing index (counting what each request
 * reads); near a postcode, a stand-in for the catalogue's search that records what it is asked.
 */
describe('a directory of 2,300 listings', () => {
  const dorset: Council = {
    id: 'dorset',
    name: 'Dorset Council',
    area: 'Dorset',
    commissionersEmail: 'commissioning@dorset.example.gov.uk',
    postcodeDistricts: ['DT1'],
  };
  const needles = [150, 1_200, 2_250];
  let all: Listing[];
  let app: ReturnType<typeof createBaseApp>;
  /** Listings read by the request last sent. */
  let listingsRead = 0;
  /** What the search was asked, and what it has to give. */
  let searches: (SearchQuery & { perPage: number })[] = [];
  let nearby: SearchResult[] = [];
  let stoppedAt: number | undefined;

  beforeAll(async () => {
    const table = await createTestTable();
    const repository = createListingRepository(table);
    all = Array.from({ length: 2_300 }, (_, i) =>
      listing({
        activityId: ulid().toLowerCase(),
        title: `Activity ${String(i).padStart(4, '0')}${needles.includes(i) ? ' needle' : ''}`,
      }),
    );
    await repository.loadIntoEmptyTable(all);
    const byId = new Map(all.map((one) => [one.activityId, one]));
    app = createBaseApp(createLogger('silent'));
    addOpenReferralRoutes(app, {
      listings: {
        get: (id) => repository.get(id),
        positionOf: (one) => repository.positionOf(one),
        pageByCouncil: async (councilId, after, limit) => {
          const page = await repository.pageByCouncil(councilId, after, limit);
          listingsRead += page.listings.length;
          return page;
        },
      },
      activities: {
        get: async () => undefined,
        getMany: async (ids) => ids.map((id) => activity({ id, title: byId.get(id)?.title ?? id })),
      },
      councils: {
        get: async (id) => (id === 'dorset' ? dorset : undefined),
        list: async () => [dorset],
      },
      // The search service as it answers near a postcode: pages (of 20 unless asked otherwise)
      // from the nearest results it reached, and how far it looked when its budget stopped it.
      search: {
        search: async (query, options) => {
          const perPage = options?.perPage ?? 20;
          searches.push({ ...query, perPage });
          const reached = nearby.slice(0, query.page * perPage + 1);
          return {
            results: reached.slice((query.page - 1) * perPage, query.page * perPage),
            page: query.page,
            hasNext: reached.length > query.page * perPage,
            ...(stoppedAt !== undefined ? { searchedMiles: stoppedAt } : {}),
            cost: noCost(),
          };
        },
      },
      now: () => new Date(),
    });
  });

  async function read(path: string) {
    listingsRead = 0;
    searches = [];
    const response = await app.request(path);
    const body = await response.json();
    const link = /^<http:\/\/localhost(\/[^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
    return { status: response.status, body, link, read: listingsRead };
  }

  /** Every page from the first, by its Link header: each one checked, with what it read. */
  async function followLinks(path: string) {
    const pages: Awaited<ReturnType<typeof read>>[] = [];
    for (let url: string | undefined = path; url; url = pages.at(-1)?.link) {
      const page = await read(url);
      expect(page.status, url).toBe(200);
      expect(pageBreaches(page.body, 'service'), url).toEqual([]);
      expect(page.body.page_number, url).toBe(pages.length + 1);
      expect(Boolean(page.link), url).toBe(!page.body.last_page);
      pages.push(page);
      if (pages.length > 100) throw new Error('too many pages');
    }
    return pages;
  }

  const names = (page: { body: { contents: { name: string }[] } }) =>
    page.body.contents.map((service) => service.name);
  const needleNames = needles.map((i) => `Activity ${String(i).padStart(4, '0')} needle`);

  it('answers a search that matches nothing with short pages and a link on, never a 400', async () => {
    const pages = await followLinks('/openreferral/services?council=dorset&search=nothingmatchesthis');
    // 101 listings read a page: 22 pages of them, and the last 78.
    expect(pages).toHaveLength(23);
    for (const page of pages) {
      expect(page.body).toMatchObject({ size: 0, empty: true, contents: [] });
      expect(page.body).not.toHaveProperty('total_items');
      expect(page.body).not.toHaveProperty('total_pages');
      expect(page.read).toBeLessThanOrEqual(101);
    }
    expect(pages[0]?.body).toMatchObject({ first_page: true, last_page: false });
    expect(pages.at(-1)?.body).toMatchObject({ last_page: true });
    expect(pages.reduce((sum, page) => sum + page.read, 0)).toBe(2_300);
  });

  it('finds the few that match anywhere in the list, and page numbers give the pages the links do', async () => {
    const byLink = await followLinks('/openreferral/services?council=dorset&search=needle&per_page=2');
    expect(byLink.flatMap(names)).toEqual(needleNames);
    expect(Math.max(...byLink.map((page) => page.read))).toBeLessThanOrEqual(101);

    // Page N by number is the page the links reach: a short page never makes numbers skip a match.
    for (const [index, linked] of byLink.slice(0, 20).entries()) {
      const page = await read(
        `/openreferral/services?council=dorset&search=needle&per_page=2&page=${index + 1}`,
      );
      expect(page.status).toBe(200);
      expect(names(page), `page ${index + 1}`).toEqual(names(linked));
      expect(page.body.last_page).toBe(linked.body.last_page);
      // It reads the pages before it, and no more.
      expect(page.read).toBeLessThanOrEqual((index + 1) * 101);
    }
    const tooDeep = await read('/openreferral/services?council=dorset&search=needle&page=21');
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors).toEqual([{ field: 'page', message: expect.stringContaining('Link header') }]);
  });

  it('gives full pages without a filter, each read as the page and one more', async () => {
    const pages = await followLinks('/openreferral/services?council=dorset&per_page=100');
    expect(pages).toHaveLength(23);
    expect(pages.flatMap(names)).toEqual(all.map((one) => one.title).sort());
    for (const page of pages) expect(page.read).toBeLessThanOrEqual(101);
    const twentieth = await read('/openreferral/services?council=dorset&per_page=100&page=20');
    expect(names(twentieth)).toEqual(names(pages[19] as (typeof pages)[number]));
    expect(twentieth.read).toBeLessThanOrEqual(20 * 101);
  });

  describe('near a postcode', () => {
    const near = '/openreferral/services?postcode=DT1%201XJ';
    /** `count` results, the nearest 0.01 miles away and each a hundredth of a mile further. */
    const resultsOut = (count: number) =>
      all.slice(0, count).map((one, i) => ({ listing: one, miles: (i + 1) / 100 }));

    it('refuses, by name, a page beyond the 200 nearest, without searching', async () => {
      nearby = resultsOut(250);
      stoppedAt = undefined;
      for (const query of ['per_page=99&page=10', 'per_page=100&page=3', 'page=5']) {
        const answer = await read(`${near}&${query}`);
        expect(answer.status, query).toBe(400);
        expect(answer.body.errors, query).toEqual([
          { field: 'page', message: expect.stringContaining('the 200 nearest') },
        ]);
        expect(searches, query).toEqual([]);
      }
    });

    it('ends at the 200 nearest saying how far the list is complete, and asks search for no more than that', async () => {
      nearby = resultsOut(250);
      stoppedAt = undefined;
      const first = await read(`${near}&per_page=100`);
      expect(first.body).toMatchObject({ size: 100, last_page: false });
      expect(first.body).not.toHaveProperty('searched_miles');
      expect(first.link).toContain('page=2');
      const second = await read(first.link as string);
      expect(second.status).toBe(200);
      expect(pageBreaches(second.body, 'service')).toEqual([]);
      expect(names(second)).toEqual(nearby.slice(100, 200).map((result) => result.listing.title));
      // More lie beyond, but no page can show them: the list ends here, and says how far it is
      // complete (the 200th is 2 miles away, and the 201st could be as near).
      expect(second.body).toMatchObject({ last_page: true, searched_miles: 1.9 });
      expect(second.link).toBeUndefined();
      // One search, for everything up to the end of this page and the one after: none past the 201st.
      expect(searches.map(({ page, perPage }) => ({ page, perPage }))).toEqual([{ page: 1, perPage: 201 }]);
    });

    it('says how far it looked when the search stops at its budget, rather than passing for the whole list', async () => {
      nearby = resultsOut(30);
      stoppedAt = 0.3;
      const first = await read(`${near}&per_page=20`);
      expect(first.body).toMatchObject({ size: 20, last_page: false });
      expect(first.body).not.toHaveProperty('searched_miles');
      const last = await read(first.link as string);
      expect(last.body).toMatchObject({ size: 10, last_page: true, searched_miles: 0.3 });
      expect(last.link).toBeUndefined();
      expect(pageBreaches(last.body, 'service')).toEqual([]);
      // Within a proximity the search did cover (200 m, about 0.12 miles), the list is whole.
      const close = await read(`${near}&proximity=200`);
      expect(close.body).toMatchObject({ size: 12, last_page: true });
      expect(close.body).not.toHaveProperty('searched_miles');
    });
  });
});
