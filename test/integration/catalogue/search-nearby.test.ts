import { PutCommand } from '@aws-sdk/lib-dynamodb';
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
  for (const one of all) await repository.reconcile(one.activityId, one, undefined);
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
      const expected = bruteForce(q, page.searchedMiles ?? q.distance);
      expect(ids(page.results)).toEqual(ids(expected.slice(0, 20)));
      if (page.searchedMiles === undefined) expect(page.hasNext).toBe(expected.length > 20);
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

  it('stops a narrow search at its item budget and returns only what is certainly nearest', async () => {
    // About 1 listing in 100 runs in the evening and has a hoist: fewer than a page in 20 miles.
    const q = query({ time: ['evening'], access: ['hoist'], distance: '20' });
    const page = await search.search(q);
    expect(page.cost.examined).toBeLessThanOrEqual(nearbyItemBudget(21));
    const searched = page.searchedMiles as number;
    expect(searched).toBeGreaterThan(0);
    expect(searched).toBeLessThan(20);
    expect(ids(page.results)).toEqual(ids(bruteForce(q, searched).slice(0, 20)));
    expect(page.hasNext).toBe(false);
  });

  it('tells the person how far a narrow search looked, on the page and in the API', async () => {
    const html = await (
      await harness.app.request('/catalogue?postcode=LS1+4AP&distance=20&time=evening&access=hoist', {
        headers: { accept: 'text/html' },
      })
    ).text();
    // Nothing matched in the miles it read: the page says so, not that nothing matches at all.
    expect(html).toMatch(
      /No activities match within \d+\.\d miles of LS1 4AP\. With these filters only the nearest \d+\.\d miles were searched/,
    );
    expect(html).not.toContain('Try a longer distance');
    const api = await harness.call(
      null,
      'GET',
      '/api/catalogue/search?postcode=LS1+4AP&distance=20&time=evening&access=hoist',
    );
    expect(api.status).toBe(200);
    expect(api.body.searchedMiles).toBeGreaterThan(0);
    expect(api.body.searchedMiles).toBeLessThan(20);
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
    const typeCount = async (type: ActivityType) =>
      (await repository.countsAt(nearLeeds, undefined, [type])).get(26);
    const [farms, music] = [await typeCount('community-farm'), await typeCount('music')];
    const found = async (type: ActivityType) =>
      ids((await search.search(query({ type: [type], distance: '2' }))).results).includes(before.activityId);

    await repository.reconcile(before.activityId, before, undefined);
    expect(await found('community-farm')).toBe(true);
    expect(await typeCount('community-farm')).toBe((farms ?? 0) + 1);

    // A change of type, and a move of a few metres that stays in the same coarse cells.
    const moved = { latitude: nearLeeds.latitude + 0.00002, longitude: nearLeeds.longitude };
    const after: Listing = { ...before, ...moved, geohash: geohash(moved), activityType: 'music' };
    await repository.reconcile(before.activityId, after, await repository.get(before.activityId));
    expect(await found('community-farm')).toBe(false);
    expect(await found('music')).toBe(true);
    expect(await typeCount('community-farm')).toBe(farms);
    expect(await typeCount('music')).toBe((music ?? 0) + 1);

    // Places run out: both copies follow, so a search by type with places leaves it out.
    await repository.setHasPlaces(after.activityId, false);
    const withPlaces = await search.search(query({ type: ['music'], places: 'yes', distance: '2' }));
    expect(ids(withPlaces.results)).not.toContain(after.activityId);
    expect((await repository.get(after.activityId))?.hasPlaces).toBe(false);

    await repository.reconcile(after.activityId, undefined, await repository.get(after.activityId));
    expect(await found('music')).toBe(false);
    expect(await repository.get(after.activityId)).toBeUndefined();
    expect(await typeCount('music')).toBe(music);
  });

  it('brings a listing written before the index by type into it at its next refresh', async () => {
    const old = listing({
      activityId: ulid().toLowerCase(),
      councilId: 'leeds',
      title: 'Listed long ago',
      ...nearLeeds,
      geohash: geohash(nearLeeds),
      activityType: 'community-farm',
    });
    // As such a listing was stored: the listing alone, on the index of every listing, counted in
    // all (left out here: only the count by type matters) but not by type.
    await harness.table.client.send(
      new PutCommand({
        TableName: harness.table.name,
        Item: {
          PK: `ACTIVITY#${old.activityId}`,
          SK: 'LISTING',
          GSI1PK: `GEO#${old.geohash.slice(0, 3)}`,
          GSI1SK: `${old.geohash}#${old.activityId}`,
          entity: 'Listing',
          ...old,
        },
      }),
    );
    const farms = (await repository.countsAt(nearLeeds, undefined, ['community-farm'])).get(26) ?? 0;
    const total = (await repository.countsAt(nearLeeds)).get(26) ?? 0;
    const byType = async () =>
      ids((await search.search(query({ type: ['community-farm'], distance: '2' }))).results);
    expect(await byType()).not.toContain(old.activityId);

    await repository.reconcile(old.activityId, old, await repository.get(old.activityId));
    expect(await byType()).toContain(old.activityId);
    expect((await repository.countsAt(nearLeeds, undefined, ['community-farm'])).get(26)).toBe(farms + 1);
    expect((await repository.countsAt(nearLeeds)).get(26)).toBe(total);
    // Only once: the next refresh finds it counted.
    await repository.reconcile(old.activityId, old, await repository.get(old.activityId));
    expect((await repository.countsAt(nearLeeds, undefined, ['community-farm'])).get(26)).toBe(farms + 1);
    expect(await repository.get(old.activityId)).toEqual(old);
  });
});
