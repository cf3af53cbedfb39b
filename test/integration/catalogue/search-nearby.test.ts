import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ActivityType, activityTypes } from '../../../functions/catalogue/domain/activity';
import { distanceMiles, geohash, type Point } from '../../../functions/catalogue/domain/geo';
import type { Listing } from '../../../functions/catalogue/domain/listing';
import {
  matchesFilters,
  nearbyItemBudget,
  type SearchQuery,
  searchQuerySchema,
} from '../../../functions/catalogue/domain/search';
import {
  createListingRepository,
  type ListingRepository,
} from '../../../functions/catalogue/repositories/listings';
import {
  createSearchService,
  type SearchPage,
  type SearchService,
} from '../../../functions/catalogue/services/search-service';
import { createOfflinePostcodeLookup, postcodeItem } from '../../../shared/postcodes/offline-lookup';
import { catalogueAppWithDemoData } from '../../support/local-app';
import { listing, mulberry32 } from '../../unit/functions/catalogue/fixtures';

/**
 * Search near a postcode against DynamoDB Local: 400 listings written as the catalogue writes
 * them (one transaction each, with the copy by type and the cell counts), around Leeds, where the
 * demo data has nothing.
 */
const leeds = { postcode: 'LS1 4AP', outward: 'LS1', latitude: 53.7997, longitude: -1.5492 };
const rareType: ActivityType = 'swimming';

let harness: Awaited<ReturnType<typeof catalogueAppWithDemoData>>;
let repository: ListingRepository;
let search: SearchService;
let all: Listing[];

/** Listings within about 12 miles of Leeds, more near the middle; one in ten each evening or with a hoist. */
function listingsAroundLeeds(count: number): Listing[] {
  const random = mulberry32(53);
  // Swimming is rare (about 1 in 40); the other types share the rest.
  const common = activityTypes.filter((type) => type !== rareType);
  return Array.from({ length: count }, (_, i) => {
    const point = {
      latitude: leeds.latitude + (random() + random() - 1) * 0.18,
      longitude: leeds.longitude + (random() + random() - 1) * 0.3,
    };
    const evening = random() < 0.1;
    return listing({
      activityId: ulid().toLowerCase(),
      councilId: 'leeds',
      title: `Activity ${String(i).padStart(3, '0')}`,
      ...point,
      geohash: geohash(point),
      activityType: random() < 0.025 ? rareType : (common[i % common.length] as ActivityType),
      days: ['wednesday'],
      timesOfDay: evening ? ['evening'] : ['daytime'],
      accessibility: random() < 0.1 ? ['step-free-access', 'hoist'] : ['step-free-access'],
      hasPlaces: random() < 0.8,
    });
  });
}

const query = (input: Record<string, unknown>): SearchQuery =>
  searchQuerySchema.parse({ postcode: leeds.postcode, ...input });

/** What a search should show: every listing checked, nearest first (then by title, as search sorts). */
function bruteForce(q: SearchQuery, within = q.distance, from: Listing[] = all) {
  return from
    .map((candidate) => ({ listing: candidate, miles: distanceMiles(leeds, candidate) }))
    .filter(({ listing: candidate, miles }) => miles <= within && matchesFilters(candidate, q))
    .sort((a, b) => a.miles - b.miles || a.listing.title.localeCompare(b.listing.title));
}

const ids = (results: { listing: Listing }[]) => results.map((result) => result.listing.activityId);

/**
 * A page's results are right: without a stop, the nearest; after one, every match within the
 * miles it says it searched, in order, and beyond that only matches no further than the tenth of
 * a mile it rounded away. `before` results came on the pages before.
 */
function expectRightAsFarAsSearched(page: SearchPage, q: SearchQuery, before = 0) {
  const searched = page.searchedMiles;
  const to = before + page.results.length;
  if (searched === undefined) {
    expect(ids(page.results)).toEqual(ids(bruteForce(q).slice(before, before + 20)));
    return;
  }
  expect(ids(page.results)).toEqual(
    ids(bruteForce(q, Math.min(q.distance, searched + 0.1)).slice(before, to)),
  );
  expect(to).toBeGreaterThanOrEqual(Math.min(before + 20, bruteForce(q, searched).length));
}

beforeAll(async () => {
  harness = await catalogueAppWithDemoData();
  await harness.table.client.send(
    new PutCommand({ TableName: harness.table.name, Item: postcodeItem(leeds) }),
  );
  repository = createListingRepository(harness.table);
  search = createSearchService({
    listings: repository,
    postcodes: createOfflinePostcodeLookup(harness.table),
  });
  all = listingsAroundLeeds(400);
  // One at a time: every listing moves the same few cell counts, as publishing does.
  for (const one of all) await repository.reconcile(one.activityId, one);
  // As after a deploy: every listing has its copy by type, so the index by type is complete.
  await repository.completeIndexByType(['leeds'], new Date());
}, 120_000);

describe('searching near a postcode', () => {
  it('finds exactly the nearest matches, nearest first, with no filter, by type, and with other filters', async () => {
    // Served by the index (no filter, or by type), searches never meet a budget here.
    const indexed: Record<string, unknown>[] = [
      {},
      { distance: '2' },
      { type: ['walking'] },
      { type: [rareType], distance: '20' },
      { type: ['walking', 'cooking'], distance: '10' },
      // Five types: read from the index of every listing, and the types kept.
      { type: ['walking', 'cooking', 'music', 'sport', 'volunteering'], distance: '10' },
      { type: ['music'], places: 'yes', distance: '20' },
    ];
    // Filters on what is read may stop early: right as far as they say they searched.
    const filtered: Record<string, unknown>[] = [
      { time: ['evening'], distance: '5' },
      { time: ['evening'], distance: '10' },
      { places: 'yes' },
    ];
    for (const input of [...indexed, ...filtered]) {
      const q = query(input);
      const page = await search.search(q);
      if (indexed.includes(input)) expect(page.searchedMiles).toBeUndefined();
      expectRightAsFarAsSearched(page, q);
      if (page.searchedMiles === undefined) expect(page.hasNext).toBe(bruteForce(q).length > 20);
      const miles = page.results.map((result) => result.miles ?? Number.NaN);
      expect(miles).toEqual([...miles].sort((a, b) => a - b));
      expect(miles.every((m) => m <= q.distance)).toBe(true);
    }
  });

  it('reads only listings of the chosen type when searching by type', async () => {
    const q = query({ type: [rareType], distance: '20' });
    const swimming = all.filter((candidate) => candidate.activityType === rareType);
    const page = await search.search(q);
    expect(ids(page.results)).toEqual(ids(bruteForce(q).slice(0, 20)));
    // Every item examined was a swimming listing: there are only this many.
    expect(page.cost.examined).toBeGreaterThan(0);
    expect(page.cost.examined).toBeLessThanOrEqual(swimming.length);
    // The same search over every listing would have had to read the rest too.
    const everything = await search.search(query({ distance: '20', page: '2' }));
    expect(everything.cost.examined).toBeGreaterThan(swimming.length);
  });

  it('pages on from where the page before stopped', async () => {
    const q1 = query({ distance: '10' });
    const q2 = query({ distance: '10', page: '2' });
    const [first, second] = [await search.search(q1), await search.search(q2)];
    expect(first.hasNext).toBe(true);
    expect([...ids(first.results), ...ids(second.results)]).toEqual(ids(bruteForce(q1).slice(0, 40)));
  });

  it('answers a caller with pages of its own (Open Referral) in one search: the nearest that many', async () => {
    const q = query({ distance: '10' });
    const page = await search.search(q, { perPage: 45 });
    expect(ids(page.results)).toEqual(ids(bruteForce(q).slice(0, 45)));
    expect(page.hasNext).toBe(bruteForce(q).length > 45);
    await expect(search.search(q, { perPage: 0 })).rejects.toThrow(RangeError);
  });

  it('stops a narrow search at its item budget and returns only what is certainly nearest', async () => {
    // About 1 listing in 100 runs in the evening and has a hoist: fewer than a page in 20 miles.
    const q = query({ time: ['evening'], access: ['hoist'], distance: '20' });
    const page = await search.search(q);
    expect(page.cost.examined).toBeLessThanOrEqual(nearbyItemBudget(21));
    const searched = page.searchedMiles as number;
    expect(searched).toBeGreaterThan(0);
    expect(searched).toBeLessThan(20);
    expectRightAsFarAsSearched(page, q);
    expect(page.hasNext).toBe(false);
  });

  it('tells the person how far a narrow search looked, rounded down, on the page and in the API', async () => {
    const q = query({ time: ['evening'], access: ['hoist'], distance: '20' });
    const page = await search.search(q);
    const searched = page.searchedMiles as number;
    // Tenths of a mile, rounded down: never more than it read.
    expect(Math.round(searched * 10)).toBeCloseTo(searched * 10, 9);
    expect(page.results.every((result) => (result.miles ?? 0) <= searched)).toBe(true);
    const html = await (
      await harness.app.request('/catalogue?postcode=LS1+4AP&distance=20&time=evening&access=hoist', {
        headers: { accept: 'text/html' },
      })
    ).text();
    expect(html).toContain(
      page.results.length
        ? `With these filters only the nearest ${searched.toFixed(1)} miles of LS1 4AP were searched`
        : `No activities match within ${searched.toFixed(1)} miles of LS1 4AP. With these filters only the nearest ${searched.toFixed(1)} miles were searched`,
    );
    expect(html).not.toContain('Try a longer distance');
    const api = await harness.call(
      null,
      'GET',
      '/api/catalogue/search?postcode=LS1+4AP&distance=20&time=evening&access=hoist',
    );
    expect(api.status).toBe(200);
    expect(api.body.searchedMiles).toBe(searched);
    expect(api.body.results).toHaveLength(page.results.length);
  });

  it('offers a next page only when it has one, and page 2 reaches at least as far as page 1', async () => {
    let offered = 0;
    for (const input of [
      { time: ['evening'], distance: '10' },
      { time: ['evening'], distance: '20' },
      { access: ['hoist'], distance: '20' },
      { places: 'yes', distance: '5' },
      { type: ['music'], distance: '20' },
    ]) {
      const first = await search.search(query(input));
      const second = await search.search(query({ ...input, page: '2' }));
      expect(second.searchedMiles ?? 20).toBeGreaterThanOrEqual(first.searchedMiles ?? 0);
      if (!first.hasNext) continue;
      offered += 1;
      expect(second.results.length).toBeGreaterThan(0);
      expectRightAsFarAsSearched(first, query(input));
      expectRightAsFarAsSearched(second, query(input), 20);
    }
    expect(offered).toBeGreaterThan(1);
  });
});

describe('keeping the index by type with the listing', () => {
  const nearLeeds: Point = { latitude: leeds.latitude + 0.001, longitude: leeds.longitude };

  it('moves a listing between types, keeps the counts by type, and removes both copies together', async () => {
    const before = listing({
      activityId: ulid().toLowerCase(),
      councilId: 'leeds',
      title: 'A moving target',
      ...nearLeeds,
      geohash: geohash(nearLeeds),
      activityType: 'community-farm',
    });
    const typeCount = async (type: ActivityType) => (await repository.countsAt(nearLeeds)).of([type]).get(26);
    const [farms, music] = [await typeCount('community-farm'), await typeCount('music')];
    const found = async (type: ActivityType) =>
      ids((await search.search(query({ type: [type], distance: '2' }))).results).includes(before.activityId);

    await repository.reconcile(before.activityId, before);
    expect(await found('community-farm')).toBe(true);
    expect(await typeCount('community-farm')).toBe((farms ?? 0) + 1);

    // A change of type, and a move of a few metres that stays in the same coarse cells.
    const moved = { latitude: nearLeeds.latitude + 0.00002, longitude: nearLeeds.longitude };
    const after: Listing = { ...before, ...moved, geohash: geohash(moved), activityType: 'music' };
    await repository.reconcile(before.activityId, after);
    expect(await found('community-farm')).toBe(false);
    expect(await found('music')).toBe(true);
    expect(await typeCount('community-farm')).toBe(farms);
    expect(await typeCount('music')).toBe((music ?? 0) + 1);

    // Places run out: both copies follow, so a search by type with places leaves it out.
    await repository.setHasPlaces(after.activityId, false);
    const withPlaces = await search.search(query({ type: ['music'], places: 'yes', distance: '2' }));
    expect(ids(withPlaces.results)).not.toContain(after.activityId);
    expect((await repository.get(after.activityId))?.hasPlaces).toBe(false);

    await repository.reconcile(after.activityId, undefined);
    expect(await found('music')).toBe(false);
    expect(await repository.get(after.activityId)).toBeUndefined();
    expect(await typeCount('music')).toBe(music);
  });

  /** A listing as it was stored before the index by type: on the index of every listing only, counted in all. */
  const storeAsBeforeTheIndexByType = async (old: Listing) => {
    await harness.table.client.send(
      new PutCommand({
        TableName: harness.table.name,
        Item: {
          PK: `ACTIVITY#${old.activityId}`,
          SK: 'LISTING',
          GSI1PK: `GEO#${old.geohash.slice(0, 3)}`,
          GSI1SK: `${old.geohash}#${old.activityId}`,
          GSI2PK: `COUNCIL#${old.councilId}#LISTINGS`,
          GSI2SK: `${old.title.toLowerCase()}#${old.activityId}`,
          entity: 'Listing',
          ...old,
        },
      }),
    );
  };
  const oldListing = (title: string) =>
    listing({
      activityId: ulid().toLowerCase(),
      councilId: 'leeds',
      title,
      ...nearLeeds,
      geohash: geohash(nearLeeds),
      activityType: 'community-farm',
    });
  const farmsNear = async () => (await repository.countsAt(nearLeeds)).of(['community-farm']).get(26) ?? 0;
  const allNear = async () => (await repository.countsAt(nearLeeds)).of().get(26) ?? 0;
  const farmSearch = () => search.search(query({ type: ['community-farm'], distance: '2' }));

  it('brings a listing written before the index by type into it at its next refresh, and counts it by type once', async () => {
    const old = oldListing('Listed long ago');
    await storeAsBeforeTheIndexByType(old);
    const [farms, total] = [await farmsNear(), await allNear()];

    await repository.reconcile(old.activityId, old);
    expect(ids((await farmSearch()).results)).toContain(old.activityId);
    expect(await farmsNear()).toBe(farms + 1);
    // Counted in all before: moved out and back in, so no change.
    expect(await allNear()).toBe(total);
    // Only once: the next refresh finds it counted.
    await repository.reconcile(old.activityId, old);
    expect(await farmsNear()).toBe(farms + 1);
    expect(await repository.get(old.activityId)).toEqual(old);
  });

  it('reads every listing for a search by type until the index by type is complete, and completing it counts old listings once', async () => {
    // As just after the deploy that brought the index by type: listings written before it, and no
    // record that the index is complete.
    await harness.table.client.send(
      new DeleteCommand({
        TableName: harness.table.name,
        Key: { PK: 'SERVICE#search-index', SK: 'LISTINGS-BY-TYPE' },
      }),
    );
    const old = oldListing('Listed before the index by type');
    await storeAsBeforeTheIndexByType(old);
    const [farms, total] = [await farmsNear(), await allNear()];
    const farmsListed = all.filter((candidate) => candidate.activityType === 'community-farm').length;

    expect((await repository.countsAt(nearLeeds)).indexByTypeComplete).toBe(false);
    const meanwhile = await farmSearch();
    // Found, from the index of every listing: it reads other types too.
    expect(ids(meanwhile.results)).toContain(old.activityId);
    expect(meanwhile.cost.examined).toBeGreaterThan(farmsListed + 1);

    const completed = await repository.completeIndexByType(['leeds'], new Date('2026-12-05T03:00:00Z'));
    expect(completed).toMatchObject({ alreadyComplete: false, added: 1 });
    expect(completed.checked).toBeGreaterThan(all.length);
    expect((await repository.countsAt(nearLeeds)).indexByTypeComplete).toBe(true);
    expect(await farmsNear()).toBe(farms + 1);
    expect(await allNear()).toBe(total);
    const after = await farmSearch();
    // The same answer, from the index by type.
    expect(ids(after.results)).toEqual(ids(meanwhile.results));
    // Now only farms are read.
    expect(after.cost.examined).toBeLessThanOrEqual(farmsListed + 1);
    expect(await repository.get(old.activityId)).toEqual(old);

    // Once complete, running it again reads one item and changes nothing.
    expect(await repository.completeIndexByType(['leeds'], new Date())).toEqual({
      alreadyComplete: true,
      checked: 0,
      added: 0,
    });
    expect(await farmsNear()).toBe(farms + 1);
  });
});

describe('writing a listing from what is stored now', () => {
  const nearLeeds: Point = { latitude: leeds.latitude - 0.002, longitude: leeds.longitude + 0.001 };

  /**
   * The repository on a client that holds back the answers to reads of listings until `readers`
   * reads have been asked, so that many writers all read the same stored listing before any of
   * them writes; it records the transactions DynamoDB cancelled.
   */
  function racingRepository(readers: number) {
    const cancelled: string[] = [];
    const waiting: (() => void)[] = [];
    let reads = 0;
    const client = {
      send: async (command: { constructor: { name: string }; input: { Key?: { SK?: string } } }) => {
        const held =
          command.constructor.name === 'GetCommand' &&
          command.input.Key?.SK === 'LISTING' &&
          ++reads <= readers;
        try {
          const answer = await harness.table.client.send(command as never);
          // The first readers wait for each other; later reads (a writer trying again) do not.
          if (held && reads < readers) await new Promise<void>((go) => waiting.push(go));
          else if (held) for (const go of waiting.splice(0)) go();
          return answer;
        } catch (error) {
          if (error instanceof Error && error.name === 'TransactionCanceledException')
            cancelled.push(command.constructor.name);
          throw error;
        }
      },
    } as unknown as DynamoDBDocumentClient;
    return { repository: createListingRepository({ name: harness.table.name, client }), cancelled };
  }

  it('counts a listing once when two refreshes that read it missing write it at once, and takes it away once when two remove it', async () => {
    const one = listing({
      activityId: ulid().toLowerCase(),
      councilId: 'leeds',
      title: 'Refreshed twice at once',
      ...nearLeeds,
      geohash: geohash(nearLeeds),
      activityType: 'cooking',
    });
    const counts = async () => {
      const around = await repository.countsAt(nearLeeds);
      return { all: around.of().get(26), cooking: around.of(['cooking']).get(26) };
    };
    const before = await counts();

    const appearing = racingRepository(2);
    await Promise.all([
      appearing.repository.reconcile(one.activityId, one),
      appearing.repository.reconcile(one.activityId, one),
    ]);
    // Both read "no listing"; the second write found one there, read again, and changed nothing.
    expect(appearing.cancelled).toEqual(['TransactWriteCommand']);
    expect(await counts()).toEqual({ all: (before.all ?? 0) + 1, cooking: (before.cooking ?? 0) + 1 });

    const going = racingRepository(2);
    await Promise.all([
      going.repository.reconcile(one.activityId, undefined),
      going.repository.reconcile(one.activityId, undefined),
    ]);
    expect(going.cancelled).toEqual(['TransactWriteCommand']);
    expect(await counts()).toEqual(before);
    expect(await repository.get(one.activityId)).toBeUndefined();
  });

  it('changes places on the listing and its copy by type in one transaction, and on a listing with no copy yet alone', async () => {
    const sent: string[] = [];
    const client = {
      send: (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        return harness.table.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const watched = createListingRepository({ name: harness.table.name, client });
    const one = listing({
      activityId: ulid().toLowerCase(),
      councilId: 'leeds',
      title: 'Filling up',
      ...nearLeeds,
      geohash: geohash(nearLeeds),
      activityType: 'cooking',
      hasPlaces: true,
    });
    await repository.reconcile(one.activityId, one);
    const withPlaces = async () =>
      ids((await search.search(query({ type: ['cooking'], places: 'yes', distance: '2' }))).results);
    expect(await withPlaces()).toContain(one.activityId);

    await watched.setHasPlaces(one.activityId, false);
    expect(sent).toEqual(['TransactWriteCommand']);
    expect((await repository.get(one.activityId))?.hasPlaces).toBe(false);
    expect(await withPlaces()).not.toContain(one.activityId);

    // A listing written before the copies by type: the listing alone changes, and no copy appears.
    const old = { ...oldListingNear(nearLeeds), hasPlaces: true };
    await harness.table.client.send(
      new PutCommand({
        TableName: harness.table.name,
        Item: { PK: `ACTIVITY#${old.activityId}`, SK: 'LISTING', entity: 'Listing', ...old },
      }),
    );
    await watched.setHasPlaces(old.activityId, false);
    expect((await repository.get(old.activityId))?.hasPlaces).toBe(false);
    // Not listed at all: nothing happens, and nothing is made.
    const missing = ulid().toLowerCase();
    await watched.setHasPlaces(missing, true);
    expect(await repository.get(missing)).toBeUndefined();
  });
});

function oldListingNear(point: Point): Listing {
  return listing({
    activityId: ulid().toLowerCase(),
    councilId: 'leeds',
    title: 'Listed before the copies by type',
    ...point,
    geohash: geohash(point),
  });
}
