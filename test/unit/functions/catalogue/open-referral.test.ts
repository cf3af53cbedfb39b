import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import {
  activityIdOfService,
  activityIdOfServiceAtLocation,
  type DirectoryContext,
  type DirectoryFilter,
  directoryFilterOf,
  isFiltering,
  isUuid,
  listingMatches,
  maxProximityMetres,
  milesNearerThan,
  milesSearched,
  nearbySearchFiltersOf,
  pageOf,
  pageOfAll,
  searchMilesFor,
  serviceAtLocationIdOf,
  serviceAtLocationOf,
  serviceIdOf,
  serviceOf,
  taxonomies,
  taxonomyTermId,
  taxonomyTerms,
  uuidFor,
  uuidV5,
  withoutEmpty,
} from '../../../../functions/catalogue/domain/open-referral';
import { pageBreaches, profileBreaches } from '../../../support/open-referral-profile';
import { activity, listing, venue } from './fixtures';

const activityId = '01jq6z8k9m2n3p4q5r6s7t8v9w';
const context: DirectoryContext = {
  origin: 'https://marketplace.example.gov.uk',
  council: { id: 'dorset', name: 'Dorset Council', area: 'Dorset' },
  today: '2026-06-01',
};

/** Every [path, value] in a JSON value, depth first. */
function leaves(value: unknown, path = '$'): [string, unknown][] {
  if (Array.isArray(value))
    return [[path, value], ...value.flatMap((item, i) => leaves(item, `${path}[${i}]`))];
  if (value !== null && typeof value === 'object')
    return [[path, value], ...Object.entries(value).flatMap(([key, item]) => leaves(item, `${path}.${key}`))];
  return [[path, value]];
}

/** Paths holding null, undefined, "", [] or {}: what the profile wants left out. */
const emptyPaths = (value: unknown) =>
  leaves(value)
    .filter(
      ([, item]) =>
        item === null ||
        item === undefined ||
        item === '' ||
        (Array.isArray(item) && item.length === 0) ||
        (typeof item === 'object' && item !== null && !Array.isArray(item) && Object.keys(item).length === 0),
    )
    .map(([path]) => path);

/** Paths of `id` and `..._id` fields that are not UUIDs. */
const badIdPaths = (value: unknown) =>
  leaves(value)
    .filter(([path]) => /\.(id|\w+_id)$/.test(path))
    .filter(([, item]) => typeof item !== 'string' || !isUuid(item))
    .map(([path]) => path);

describe('name-based ids (UUID version 5)', () => {
  it('matches the RFC 9562 example: www.example.com in the DNS namespace', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives the same id for the same kind and key, and different ids for different kinds', () => {
    const location = uuidFor('location', activityId);
    expect(uuidFor('location', activityId)).toBe(location);
    expect(uuidFor('address', activityId)).not.toBe(location);
    expect(location).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('service ids: the activity ULID inside a UUIDv8', () => {
  it('leads back to the activity, for fresh ULIDs and the extremes of the range', () => {
    const ids = [
      ...Array.from({ length: 50 }, () => ulid().toLowerCase()),
      '00000000000000000000000000',
      '03zzzzzzzzzzzzzzzzzzzzzzzz',
    ];
    for (const id of ids) {
      const serviceId = serviceIdOf(id);
      expect(serviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(activityIdOfService(serviceId)).toBe(id);
      const atLocation = serviceAtLocationIdOf(id);
      expect(atLocation).not.toBe(serviceId);
      expect(isUuid(atLocation)).toBe(true);
      expect(activityIdOfServiceAtLocation(atLocation)).toBe(id);
      expect(activityIdOfService(atLocation)).not.toBe(id);
    }
  });

  it('sorts as the ULIDs do: by when the activity was made', () => {
    const older = '01h0000000000000000000zzzz';
    const newer = '01j0000000000000000000aaaa';
    expect(serviceIdOf(older) < serviceIdOf(newer)).toBe(true);
  });

  it('refuses what is not a ULID that fits, and reads nothing from other UUIDs', () => {
    expect(() => serviceIdOf('act1')).toThrow();
    expect(() => serviceIdOf('04000000000000000000000000')).toThrow();
    expect(() => serviceIdOf('01JQ6Z8K9M2N3P4Q5R6S7T8V9W')).toThrow();
    expect(activityIdOfService('ac148810-d857-441c-9679-408f346de14b')).toBeUndefined();
    expect(activityIdOfService('not-a-uuid')).toBeUndefined();
    expect(activityIdOfServiceAtLocation(uuidFor('location', activityId))).toBeUndefined();
  });
});

describe('withoutEmpty', () => {
  it('leaves out null, undefined, blank strings, empty lists and objects left empty, at any depth', () => {
    expect(
      withoutEmpty({
        a: null,
        b: undefined,
        c: ' ',
        d: [],
        e: { f: [null, ''], g: {} },
        keep: [0, false, 'x', { h: 1, i: null }],
      }),
    ).toEqual({ keep: [0, false, 'x', { h: 1 }] });
  });
});

describe('serviceOf: a bookable activity as an Open Referral UK service', () => {
  const full = activity({
    id: activityId,
    providerId: '01EH4HQT86Z1GYMNRCZZK48KZD',
    venue: { ...venue, addressLine2: 'Stinsford' },
    schedule: {
      slots: [
        { day: 'tuesday', starts: '10:00', ends: '12:00' },
        { day: 'thursday', starts: '18:30', ends: '20:30' },
      ],
      startsOn: '2026-04-01',
      endsOn: '2026-12-31',
      exceptions: ['2026-05-05', '2026-12-24', '2026-12-29'],
    },
    price: { amountPence: 2550, per: 'session' },
    funding: ['direct-payment', 'self-funded'],
    needs: ['learning-disability', 'autism'],
    accessibility: ['step-free-access', 'one-to-one-support'],
    ageRange: { from: 18, to: 65 },
    contact: { name: 'Jess Parker', email: 'jess@example.org', phone: '01305 221000' },
    updatedAt: '2026-05-20T08:15:30.123Z',
  });
  const service = serviceOf(full, context);

  it('has the one-to-one fields, linking to the activity page', () => {
    expect(service).toMatchObject({
      id: serviceIdOf(activityId),
      name: 'Gardening at Kingston Maurward',
      description: 'Growing vegetables and flowers in the walled garden.',
      url: `https://marketplace.example.gov.uk/catalogue/activities/${activityId}`,
      email: 'jess@example.org',
      status: 'active',
      minimum_age: 18,
      maximum_age: 65,
      last_modified: '2026-05-20T08:15:30.123Z',
      organization: {
        id: uuidFor('organization', '01EH4HQT86Z1GYMNRCZZK48KZD'),
        name: 'Kingston Maurward Farm',
      },
    });
    expect(service.organization.description).toContain('Dorset Council');
  });

  it('is delivered at one location with a UK address in the council area', () => {
    expect(service.service_at_locations).toEqual([
      {
        id: serviceAtLocationIdOf(activityId),
        location: {
          id: uuidFor('location', activityId),
          name: 'Kingston Maurward walled garden',
          latitude: venue.latitude,
          longitude: venue.longitude,
          addresses: [
            {
              id: uuidFor('address', activityId),
              address_1: 'Kingston Maurward, Stinsford',
              city: 'Dorchester',
              state_province: 'Dorset',
              postal_code: 'DT2 8PY',
              country: 'GB',
              address_type: 'physical',
            },
          ],
          // Only the building's own features: 1:1 support is the service's, not the venue's.
          accessibility: [
            {
              id: uuidFor('accessibility', `${activityId}:step-free-access`),
              description: 'Step-free access',
            },
          ],
        },
      },
    ]);
  });

  it('runs weekly, day by day, naming the dates ahead with no session', () => {
    expect(service.schedules).toEqual([
      expect.objectContaining({
        freq: 'WEEKLY',
        interval: 1,
        byday: 'TU',
        opens_at: '10:00:00',
        closes_at: '12:00:00',
        valid_from: '2026-04-01',
        valid_to: '2026-12-31',
        dtstart: '2026-04-07',
        schedule_link: `https://marketplace.example.gov.uk/catalogue/activities/${activityId}`,
        notes: 'No session on 29 December 2026.',
      }),
      expect.objectContaining({
        byday: 'TH',
        opens_at: '18:30:00',
        closes_at: '20:30:00',
        dtstart: '2026-04-02',
      }),
    ]);
    // 5 May is past (today is 1 June) and 24 December is a Thursday.
    expect(service.schedules?.[1]?.notes).toBe('No session on 24 December 2026.');
  });

  it('costs pounds per session, and has a named contact with their email and telephone number', () => {
    expect(service.cost_options).toEqual([
      { id: uuidFor('cost_option', activityId), amount: 25.5, amount_description: 'per session' },
    ]);
    expect(
      serviceOf(activity({ id: activityId, price: { amountPence: 0, per: 'hour' } }), context).cost_options,
    ).toEqual([{ id: uuidFor('cost_option', activityId), amount: 0, amount_description: 'per hour' }]);
    expect(service.contacts).toEqual([
      {
        id: uuidFor('contact', activityId),
        name: 'Jess Parker',
        email: 'jess@example.org',
        phones: [{ id: uuidFor('phone', activityId), number: '01305 221000' }],
      },
    ]);
    const noPhone = serviceOf(
      activity({ id: activityId, contact: { name: 'Jess Parker', email: 'jess@example.org' } }),
      context,
    );
    expect(noPhone.contacts).toEqual([
      { id: uuidFor('contact', activityId), name: 'Jess Parker', email: 'jess@example.org' },
    ]);
  });

  it('is described by terms from our published taxonomies', () => {
    const terms = (service.attributes ?? []).map((attribute) => attribute.taxonomy_term);
    expect(terms.map((term) => term.term)).toEqual([
      'Community gardening',
      'Learning disability',
      'Autism',
      'Step-free access',
      '1:1 support available',
      'Direct payment',
      'Own money (self-funded)',
    ]);
    for (const attribute of service.attributes ?? []) {
      expect(taxonomyTerms).toContainEqual(attribute.taxonomy_term);
      expect(attribute.taxonomy_term_id).toBe(attribute.taxonomy_term.id);
    }
  });

  it('sends no empty field and no id that is not a UUID, and meets the UK profile field by field', () => {
    const sparse = activity({ id: activityId, needs: [], accessibility: [], ageRange: { from: 18 } });
    for (const value of [service, serviceOf(sparse, context), serviceAtLocationOf(full, context)]) {
      expect(emptyPaths(value)).toEqual([]);
      expect(badIdPaths(value)).toEqual([]);
    }
    expect(profileBreaches(service, 'service')).toEqual([]);
    expect(profileBreaches(serviceOf(sparse, context), 'service')).toEqual([]);
    expect(profileBreaches(serviceAtLocationOf(full, context), 'service_at_location')).toEqual([]);
    expect(serviceOf(sparse, context)).not.toHaveProperty('maximum_age');
    expect(serviceOf(sparse, context).service_at_locations[0]?.location).not.toHaveProperty('accessibility');
  });

  it('gives the service at location its location and its service', () => {
    const atLocation = serviceAtLocationOf(full, context);
    expect(atLocation.id).toBe(serviceAtLocationIdOf(activityId));
    expect(atLocation.location).toEqual(service.service_at_locations[0]?.location);
    expect(atLocation.service).toMatchObject({
      id: service.id,
      name: service.name,
      schedules: service.schedules,
    });
    expect(atLocation.service).not.toHaveProperty('service_at_locations');
  });
});

describe('the UK profile checker (test/support)', () => {
  const service = serviceOf(activity({ id: activityId }), context);

  it('finds a required field missing, at any depth', () => {
    const { status: _status, ...noStatus } = service;
    expect(profileBreaches(noStatus, 'service')).toEqual(['$.status is required']);
    const [atLocation] = service.service_at_locations;
    const [address] = atLocation?.location.addresses ?? [];
    const { postal_code: _postcode, ...noPostcode } = address ?? {};
    const broken = {
      ...service,
      service_at_locations: [
        { ...atLocation, location: { ...atLocation?.location, addresses: [noPostcode] } },
      ],
    };
    expect(profileBreaches(broken, 'service')).toEqual([
      '$.service_at_locations[0].location.addresses[0].postal_code is required',
    ]);
  });

  it('finds ids that are not UUIDs, empty values, unknown fields and values outside the lists', () => {
    const broken = {
      ...service,
      id: 'act1',
      email: '',
      contacts: [],
      status: 'open',
      colour: 'green',
      organization: { ...service.organization, description: null },
    };
    expect(profileBreaches(broken, 'service').sort()).toEqual(
      [
        '$.id is not a uuid: act1',
        '$.email is empty: leave it out instead',
        '$.contacts is empty: leave it out instead',
        '$.status is not one of active, inactive, defunct, temporarily closed',
        '$.colour is not a service field',
        '$.organization.description is empty: leave it out instead',
      ].sort(),
    );
  });

  it('checks a page: its flags agree with its contents, and every item', () => {
    const good = pageOf([service], { page: 1, perPage: 10, hasMore: false });
    expect(pageBreaches(good, 'service')).toEqual([]);
    expect(pageBreaches({ ...good, size: 3, empty: true }, 'service')).toEqual([
      '$.size is not the number of items in contents',
      '$.empty does not say whether contents is empty',
    ]);
    expect(pageBreaches(pageOfAll(taxonomies, 1, 50), 'taxonomy')).toEqual([]);
    expect(pageBreaches(pageOfAll(taxonomyTerms, 2, 10), 'taxonomy_term')).toEqual([]);
  });
});

describe('filters: the profile parameters, read against listings', () => {
  const gardening = listing();
  const filterOf = (input: Parameters<typeof directoryFilterOf>[0]): DirectoryFilter => {
    const read = directoryFilterOf(input);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    return read.filter;
  };
  const term = (vocabulary: Parameters<typeof taxonomyTermId>[0], code: string) =>
    taxonomyTermId(vocabulary, code);

  it('finds a service by any term of any vocabulary we publish, exactly as its attributes carry them', () => {
    const cases: [string, boolean][] = [
      [term('activity-types', 'community-gardening'), true],
      [term('activity-types', 'walking'), false],
      [term('needs', 'autism'), true],
      [term('needs', 'dementia'), false],
      [term('accessibility', 'accessible-toilet'), true],
      [term('accessibility', 'hoist'), false],
      [term('ways-to-pay', 'self-funded'), true],
      [term('ways-to-pay', 'individual-service-fund'), false],
    ];
    for (const [id, matches] of cases)
      expect(listingMatches(gardening, filterOf({ taxonomy_term_id: id })), id).toBe(matches);
    // What a service's attributes say is what the filter finds.
    const attributes = serviceOf(activity({ id: activityId }), context).attributes ?? [];
    const fromActivity = listing({
      activityType: 'community-gardening',
      needs: ['learning-disability'],
      accessibility: ['step-free-access'],
      funding: ['direct-payment'],
    });
    for (const attribute of attributes)
      expect(listingMatches(fromActivity, filterOf({ taxonomy_term_id: attribute.taxonomy_term_id }))).toBe(
        true,
      );
  });

  it('needs every term asked for, repeated or separated by commas', () => {
    const both = [term('needs', 'autism'), term('needs', 'learning-disability')];
    expect(listingMatches(gardening, filterOf({ taxonomy_term_id: both }))).toBe(true);
    expect(listingMatches(gardening, filterOf({ taxonomy_term_id: both.join(',') }))).toBe(true);
    expect(
      listingMatches(gardening, filterOf({ taxonomy_term_id: [...both, term('needs', 'dementia')] })),
    ).toBe(false);
  });

  it('finds services with any term of a taxonomy', () => {
    const needs = taxonomies.find((taxonomy) => taxonomy.name === 'Needs supported')?.id as string;
    expect(listingMatches(gardening, filterOf({ taxonomy_id: needs }))).toBe(true);
    expect(listingMatches(listing({ needs: [] }), filterOf({ taxonomy_id: needs }))).toBe(false);
  });

  it('searches words in the name, the provider and the start of the description', () => {
    expect(listingMatches(gardening, filterOf({ search: 'GARDEN' }))).toBe(true);
    expect(listingMatches(gardening, filterOf({ search: 'maurward vegetables' }))).toBe(true);
    expect(listingMatches(gardening, filterOf({ search: 'pottery' }))).toBe(false);
  });

  it('reads ages and days as the profile says', () => {
    expect(listingMatches(gardening, filterOf({ minimum_age: 18 }))).toBe(true);
    expect(listingMatches(gardening, filterOf({ minimum_age: 19 }))).toBe(false);
    // No upper age: not "a maximum age equal to or below" anything.
    expect(listingMatches(gardening, filterOf({ maximum_age: 99 }))).toBe(false);
    expect(listingMatches(listing({ ageTo: 65 }), filterOf({ maximum_age: 65 }))).toBe(true);
    expect(listingMatches(listing({ ageTo: 65 }), filterOf({ maximum_age: 64 }))).toBe(false);
    expect(listingMatches(gardening, filterOf({ day: 'TU' }))).toBe(true);
    expect(listingMatches(gardening, filterOf({ day: 'saturday' }))).toBe(true);
    expect(listingMatches(gardening, filterOf({ day: 'mo' }))).toBe(false);
  });

  it('says which parameter is wrong', () => {
    expect(
      directoryFilterOf({
        taxonomy_term_id: ['ac148810-d857-441c-9679-408f346de14b', term('needs', 'autism')],
        taxonomy_id: 'abc',
        day: 'someday',
        search: 'one two three four five six seven eight nine ten eleven',
      }),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: 'taxonomy_term_id',
          message: expect.stringContaining('ac148810-d857-441c-9679-408f346de14b'),
        },
        { field: 'taxonomy_id', message: expect.stringContaining('abc') },
        { field: 'search', message: 'Search for 10 words or fewer' },
        { field: 'day', message: expect.stringContaining('MO, TU') },
      ],
    });
    expect(isFiltering(filterOf({}))).toBe(false);
  });

  it('refuses an empty term or taxonomy id rather than ignoring it, which would list every service', () => {
    const autism = term('needs', 'autism');
    for (const input of [
      { taxonomy_term_id: '' },
      { taxonomy_term_id: ' ' },
      { taxonomy_term_id: `${autism},` },
      { taxonomy_term_id: [autism, ''] },
    ])
      expect(directoryFilterOf(input), JSON.stringify(input)).toEqual({
        ok: false,
        errors: [{ field: 'taxonomy_term_id', message: expect.stringContaining('Enter a taxonomy term id') }],
      });
    expect(directoryFilterOf({ taxonomy_id: '' })).toEqual({
      ok: false,
      errors: [{ field: 'taxonomy_id', message: expect.stringContaining('Enter a taxonomy id') }],
    });
  });

  it('gives search near a postcode what it can apply as it reads, and nothing for two types', () => {
    const filter = filterOf({
      taxonomy_term_id: [
        term('activity-types', 'walking'),
        term('needs', 'autism'),
        term('accessibility', 'hoist'),
        term('ways-to-pay', 'direct-payment'),
      ],
      day: 'FR',
      search: 'river',
    });
    expect(nearbySearchFiltersOf(filter)).toEqual({
      type: ['walking'],
      needs: ['autism'],
      access: ['hoist'],
      funding: 'direct-payment',
      day: ['friday'],
    });
    expect(
      nearbySearchFiltersOf(
        filterOf({
          taxonomy_term_id: [term('activity-types', 'walking'), term('activity-types', 'swimming')],
        }),
      ),
    ).toBeUndefined();
  });

  it('turns a proximity in metres into the search distance that covers it', () => {
    expect(searchMilesFor(undefined)).toBe(20);
    expect(searchMilesFor(1000)).toBe(2);
    expect(searchMilesFor(3218)).toBe(2);
    expect(searchMilesFor(3219)).toBe(5);
    expect(searchMilesFor(maxProximityMetres)).toBe(20);
    expect(maxProximityMetres).toBe(32186);
  });
});

describe('taxonomies', () => {
  it('publishes each vocabulary with unique UUID ids and every term', () => {
    expect(taxonomies.map((taxonomy) => taxonomy.name)).toEqual([
      'Day opportunity activity types',
      'Needs supported',
      'Accessibility and support',
      'Ways to pay',
    ]);
    const ids = [...taxonomies.map((taxonomy) => taxonomy.id), ...taxonomyTerms.map((term) => term.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(badIdPaths(taxonomies)).toEqual([]);
    expect(emptyPaths(taxonomies)).toEqual([]);
    expect(taxonomyTerms).toHaveLength(14 + 7 + 8 + 3);
  });
});

describe('pages', () => {
  it('says where a page is without totals it does not know', () => {
    expect(pageOf(['a', 'b'], { page: 1, perPage: 2, hasMore: true })).toEqual({
      page_number: 1,
      size: 2,
      first_page: true,
      last_page: false,
      empty: false,
      contents: ['a', 'b'],
    });
    expect(pageOf([], { page: 3, perPage: 2, hasMore: false })).toMatchObject({
      first_page: false,
      last_page: true,
      empty: true,
      size: 0,
    });
  });

  it('says how far a list near a postcode is complete, on its last page, as our own field', () => {
    const last = pageOf(['a'], { page: 2, perPage: 1, hasMore: false, searchedMiles: 1.2 });
    expect(last).toEqual({
      searched_miles: 1.2,
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
      contents: ['a'],
    });
    expect(pageBreaches({ ...last, contents: [], size: 0, empty: true }, 'service')).toEqual([]);
    expect(pageBreaches({ ...last, searched_miles: 'far' }, 'service')).toContain(
      '$.searched_miles is not a distance in miles',
    );
  });

  it('never claims a list complete further than was searched, in tenths of a mile rounded down', () => {
    expect(milesSearched(1.27)).toBe(1.2);
    expect(milesSearched(1.2)).toBe(1.2);
    expect(milesSearched(2.3)).toBe(2.3);
    expect(milesSearched(0.05)).toBe(0);
    // Nearer than the last one shown: one just as far may be on no page.
    expect(milesNearerThan(1.27)).toBe(1.2);
    expect(milesNearerThan(1.2)).toBe(1.1);
    expect(milesNearerThan(2.3)).toBe(2.2);
    expect(milesNearerThan(0.05)).toBe(0);
    expect(milesNearerThan(0)).toBe(0);
  });

  it('gives totals for a list held whole', () => {
    const all = ['a', 'b', 'c', 'd', 'e'];
    expect(pageOfAll(all, 2, 2)).toEqual({
      total_items: 5,
      total_pages: 3,
      page_number: 2,
      size: 2,
      first_page: false,
      last_page: false,
      empty: false,
      contents: ['c', 'd'],
    });
    expect(pageOfAll(all, 3, 2)).toMatchObject({ last_page: true, contents: ['e'] });
  });
});
