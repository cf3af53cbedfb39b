import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  serviceAtLocationIdOf,
  serviceIdOf,
  taxonomyTermId,
} from '../../../functions/catalogue/domain/open-referral';
import { postcodeItem } from '../../../shared/postcodes/offline-lookup';
import { addDays, weekdayOf } from '../../../shared/time/london-time';
import { ukToday } from '../../../shared/time/uk-dates';
import { publishThroughApi } from '../../support/catalogue';
import { catalogueAppWithDemoData } from '../../support/local-app';

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

/** Every service in a list, page by page, checking each page's flags on the way. */
async function harvest(path: string, perPage: number) {
  const all: { id: string; name: string }[] = [];
  for (let page = 1; page < 100; page += 1) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await harness.call(null, 'GET', `${path}${separator}page=${page}&per_page=${perPage}`);
    expect(response.status).toBe(200);
    expect(breaches(response.body)).toEqual([]);
    expect(response.body).toMatchObject({ page_number: page, first_page: page === 1 });
    expect(response.body.size).toBe(response.body.contents.length);
    expect(response.body.contents.length).toBeLessThanOrEqual(perPage);
    all.push(...response.body.contents);
    if (response.body.last_page) return all;
    expect(response.body.contents).toHaveLength(perPage);
  }
  throw new Error('too many pages');
}

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
    expect(response.body).not.toHaveProperty('maximum_age');
    expect(response.body.cost_options).toEqual([expect.objectContaining({ amount: 0 })]);
    expect(response.body.service_at_locations[0].location).not.toHaveProperty('accessibility');
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
    const first = taxonomies.body.contents[0];
    const one = await harness.call(null, 'GET', `/openreferral/taxonomies/${first.id}`);
    expect(one.body).toEqual(first);

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
    }
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
      ['/openreferral/service_at_locations?postcode=BH20%204AA', 'postcode'],
      ['/openreferral/taxonomy_terms?per_page=0', 'per_page'],
    ];
    for (const [path, field] of cases) {
      const response = await harness.call(null, 'GET', path);
      expect(response.status, path).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(
        response.body.errors.map((error: { field: string }) => error.field),
        path,
      ).toEqual([field]);
    }
  });
});
