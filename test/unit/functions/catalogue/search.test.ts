import { describe, expect, it } from 'vitest';
import {
  type CellRange,
  cellBits,
  cellOf,
  distanceMiles,
  geohash,
  type Point,
} from '../../../../functions/catalogue/domain/geo';
import type { Listing } from '../../../../functions/catalogue/domain/listing';
import {
  chooseDepth,
  countedDepths,
  distancesMiles,
  matchesFilters,
  type NearbyOutcome,
  nearbyItemBudget,
  nearbyQueryBudget,
  type RangeRead,
  type ReadLimits,
  readInRounds,
  type SearchQuery,
  searchDepths,
  searchedMilesShown,
  searchNearby,
  searchQuerySchema,
  typesReadApart,
  typesToReadApart,
} from '../../../../functions/catalogue/domain/search';
import { listing, mulberry32 } from './fixtures';

const query = (input: Record<string, unknown> = {}): SearchQuery => searchQuerySchema.parse(input);

function issuesOf(input: Record<string, unknown>) {
  const result = searchQuerySchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('searchQuerySchema', () => {
  it('fills in the defaults for an empty search', () => {
    expect(query()).toEqual({
      distance: 5,
      type: [],
      day: [],
      time: [],
      needs: [],
      access: [],
      page: 1,
    });
  });

  it('coerces distance, page and maxPrice from query-string text', () => {
    expect(query({ distance: '10', page: '3', maxPrice: '12.50' })).toMatchObject({
      distance: 10,
      page: 3,
      maxPrice: 12.5,
    });
  });

  it('accepts each distance on the list and refuses any other, naming the distance', () => {
    for (const miles of distancesMiles) expect(query({ distance: String(miles) }).distance).toBe(miles);
    expect(issuesOf({ distance: '7' })).toEqual([
      { path: 'distance', message: 'Choose a distance from the list' },
    ]);
  });

  it('refuses a page outside 1 to 50, or not whole', () => {
    expect(issuesOf({ page: '11' })).toEqual([
      {
        path: 'page',
        message: 'Choose a page from 1 to 10; for more, choose a shorter distance or a filter',
      },
    ]);
    expect(issuesOf({ page: '0' }).map((i) => i.path)).toEqual(['page']);
    expect(issuesOf({ page: '1.5' }).map((i) => i.path)).toEqual(['page']);
  });

  it('refuses a negative or too high maximum price', () => {
    expect(issuesOf({ maxPrice: '-1' })).toEqual([
      { path: 'maxPrice', message: 'The maximum price cannot be negative' },
    ]);
    expect(issuesOf({ maxPrice: '1000.01' })).toEqual([
      { path: 'maxPrice', message: 'Enter a maximum price of £1,000 or less' },
    ]);
    expect(issuesOf({ maxPrice: 'cheap' }).map((i) => i.path)).toEqual(['maxPrice']);
  });

  it('takes several choices as arrays and refuses one not on the list, naming its position', () => {
    expect(
      query({
        type: ['walking', 'swimming'],
        day: ['saturday', 'sunday'],
        needs: ['autism'],
        access: ['hoist'],
      }),
    ).toMatchObject({
      type: ['walking', 'swimming'],
      day: ['saturday', 'sunday'],
      needs: ['autism'],
      access: ['hoist'],
    });
    expect(issuesOf({ day: ['monday', 'funday'] })).toEqual([
      { path: 'day.1', message: 'Choose days from the list' },
    ]);
    expect(issuesOf({ time: ['night'] })).toEqual([
      { path: 'time.0', message: 'Choose times of day from the list' },
    ]);
  });

  it('refuses a setting, a way to pay or a council not on the list', () => {
    expect(issuesOf({ setting: 'home' })).toEqual([{ path: 'setting', message: 'Choose hub or spoke' }]);
    expect(issuesOf({ funding: 'cash' })).toEqual([
      { path: 'funding', message: 'Choose how you would pay from the list' },
    ]);
    expect(issuesOf({ council: 'Dorset Council' })).toEqual([
      { path: 'council', message: 'Choose a council from the list' },
    ]);
  });

  it('refuses unknown parameters', () => {
    const result = searchQuerySchema.safeParse({ sort: 'price' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['sort'] });
  });
});

describe('matchesFilters', () => {
  const target = listing();

  it('passes everything with no filters chosen', () => {
    expect(matchesFilters(target, query())).toBe(true);
  });

  it('filters by any of the chosen activity types', () => {
    expect(matchesFilters(target, query({ type: ['community-gardening'] }))).toBe(true);
    expect(matchesFilters(target, query({ type: ['walking', 'community-gardening'] }))).toBe(true);
    expect(matchesFilters(target, query({ type: ['walking'] }))).toBe(false);
  });

  it('filters by setting', () => {
    expect(matchesFilters(target, query({ setting: 'spoke' }))).toBe(true);
    expect(matchesFilters(target, query({ setting: 'hub' }))).toBe(false);
  });

  it('passes a listing on any of the chosen days', () => {
    expect(matchesFilters(target, query({ day: ['monday', 'saturday'] }))).toBe(true);
    expect(matchesFilters(target, query({ day: ['monday', 'friday'] }))).toBe(false);
  });

  it('passes a listing at any of the chosen times of day', () => {
    expect(matchesFilters(target, query({ time: ['evening', 'weekend'] }))).toBe(true);
    expect(matchesFilters(target, query({ time: ['evening'] }))).toBe(false);
  });

  it('needs every chosen need supported', () => {
    expect(matchesFilters(target, query({ needs: ['autism'] }))).toBe(true);
    expect(matchesFilters(target, query({ needs: ['autism', 'learning-disability'] }))).toBe(true);
    expect(matchesFilters(target, query({ needs: ['autism', 'dementia'] }))).toBe(false);
  });

  it('needs every chosen accessibility feature', () => {
    expect(matchesFilters(target, query({ access: ['step-free-access', 'accessible-toilet'] }))).toBe(true);
    expect(matchesFilters(target, query({ access: ['step-free-access', 'hoist'] }))).toBe(false);
  });

  it('filters by the way to pay', () => {
    expect(matchesFilters(target, query({ funding: 'self-funded' }))).toBe(true);
    expect(matchesFilters(target, query({ funding: 'individual-service-fund' }))).toBe(false);
  });

  it('compares a maximum price in pounds with the price in pence', () => {
    // The listing costs £12.50.
    expect(matchesFilters(target, query({ maxPrice: '12.50' }))).toBe(true);
    expect(matchesFilters(target, query({ maxPrice: '13' }))).toBe(true);
    expect(matchesFilters(target, query({ maxPrice: '12.49' }))).toBe(false);
    expect(matchesFilters(target, query({ maxPrice: '12' }))).toBe(false);
    expect(matchesFilters(listing({ pricePence: 0 }), query({ maxPrice: '0' }))).toBe(true);
    expect(matchesFilters(listing({ pricePence: 1 }), query({ maxPrice: '0' }))).toBe(false);
    // 0.29 * 100 is 28.999999999999996 in floating point: rounding keeps 29p within a 29p maximum.
    expect(matchesFilters(listing({ pricePence: 29 }), query({ maxPrice: '0.29' }))).toBe(true);
  });

  it('keeps only listings with places when asked', () => {
    expect(matchesFilters(target, query({ places: 'yes' }))).toBe(true);
    expect(matchesFilters(listing({ hasPlaces: false }), query({ places: 'yes' }))).toBe(false);
    expect(matchesFilters(listing({ hasPlaces: false }), query())).toBe(true);
  });

  it('needs every chosen filter to pass at once', () => {
    const all = query({ type: ['community-gardening'], day: ['tuesday'], needs: ['autism'], maxPrice: '20' });
    expect(matchesFilters(target, all)).toBe(true);
    expect(matchesFilters(listing({ days: ['friday'] }), all)).toBe(false);
  });
});

describe('chooseDepth', () => {
  /** The counts a uniform density gives: `perCell16` listings in each 16-bit cell. */
  const uniform = (perCell16: number) =>
    new Map(countedDepths.map((depth) => [depth, perCell16 / 2 ** (depth - 16)] as [number, number]));

  it('chooses the shallowest depth, 16, when there is nothing nearby', () => {
    expect(chooseDepth(new Map(), 21)).toBe(16);
    expect(chooseDepth(new Map(countedDepths.map((depth) => [depth, 0])), 21)).toBe(16);
  });

  it('stays at 16 while the 16-bit cell holds no more than a quarter of what is needed', () => {
    expect(chooseDepth(new Map([[16, 5]]), 21)).toBe(16);
    // One bit deeper halves the cell: 6 listings a 16-bit cell is 3 a 17-bit one.
    expect(chooseDepth(new Map([[16, 6]]), 21)).toBe(17);
    // Fewer than 4 needed still allows one listing a cell.
    expect(chooseDepth(new Map([[16, 1]]), 3)).toBe(16);
    expect(chooseDepth(new Map([[16, 2]]), 3)).toBe(17);
  });

  it('reads the density from the even depth at least four levels above the depth it tries', () => {
    // Depth 22 looks at the count at 18, spread over 16 cells.
    expect(
      chooseDepth(
        new Map([
          [16, 1000],
          [18, 40],
          [20, 1000],
        ]),
        21,
      ),
    ).toBe(22);
    // Depth 23 looks at 18 too (counts are kept at even depths), spread over 32 cells.
    expect(
      chooseDepth(
        new Map([
          [16, 1000],
          [18, 100],
          [20, 1000],
        ]),
        21,
      ),
    ).toBe(23);
    // Depth 24 looks at the count at 20.
    expect(
      chooseDepth(
        new Map([
          [16, 1000],
          [18, 1000],
          [20, 80],
        ]),
        21,
      ),
    ).toBe(24);
  });

  it('goes deeper as the counts get denser, never shallower', () => {
    let previous = 16;
    for (let perCell16 = 1; perCell16 <= 2 ** 42; perCell16 *= 2) {
      const depth = chooseDepth(uniform(perCell16), 21);
      expect(searchDepths).toContain(depth);
      expect(depth).toBeGreaterThanOrEqual(previous);
      previous = depth;
    }
    expect(chooseDepth(uniform(10), 21)).toBeLessThan(chooseDepth(uniform(10_000), 21));
    expect(chooseDepth(uniform(10_000), 21)).toBeLessThan(chooseDepth(uniform(10_000_000), 21));
  });

  it('stops at the deepest search depth, 36, however dense', () => {
    expect(chooseDepth(uniform(1e15), 21)).toBe(36);
    expect(chooseDepth(new Map(countedDepths.map((depth) => [depth, 1e9])), 21)).toBe(36);
  });
});

// ---- searchNearby against an in-memory index ---------------------------------------------------

const walkingEvery = 4;

function makeListings(points: Point[]): Listing[] {
  return points
    .map((point, i) =>
      listing({
        activityId: `a${String(i).padStart(6, '0')}`,
        title: `Listing ${String(i).padStart(6, '0')}`,
        ...point,
        geohash: geohash(point),
        activityType: i % walkingEvery === 0 ? 'walking' : 'community-gardening',
        hasPlaces: i % 3 !== 0,
      }),
    )
    .sort((a, b) => a.geohash.localeCompare(b.geohash) || a.activityId.localeCompare(b.activityId));
}

/**
 * A sorted index read by geohash range, as the GSI is: through `readInRounds`, as the repository
 * reads DynamoDB, each query stopping at its limit and saying where (even when nothing follows,
 * as DynamoDB does). With `partitions`, each is an index of its own (as the indexes by type are),
 * holding the listings it accepts. Counts the queries it answers and the items it hands back.
 */
function memoryIndex(items: Listing[], partitions: ((l: Listing) => boolean)[] = [() => true]) {
  const counts = new Map<number, Map<string, number>>(
    countedDepths.map((depth) => {
      const perCell = new Map<string, number>();
      for (const item of items) {
        const key = cellBits(cellOf(item, depth));
        perCell.set(key, (perCell.get(key) ?? 0) + 1);
      }
      return [depth, perCell];
    }),
  );
  const sorted = partitions.map((accepts) => items.filter(accepts));
  const lowerBound = (within: Listing[], key: string) => {
    let lo = 0;
    let hi = within.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((within[mid] as Listing).geohash < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const index = {
    examined: 0,
    requests: 0,
    /** Queries that went on with a range a query before them stopped part way through. */
    followUps: 0,
    largestRead: 0,
    /** The ranges of every read, in order. */
    reads: [] as string[],
    async read(
      ranges: CellRange[],
      limits: ReadLimits = { items: Number.POSITIVE_INFINITY, queries: Number.POSITIVE_INFINITY },
    ): Promise<RangeRead> {
      const answer = await readInRounds<number>(
        ranges,
        partitions.length,
        limits,
        async (range, p, limit, start) => {
          index.requests += 1;
          if (start !== undefined) index.followUps += 1;
          const within = sorted[p] as Listing[];
          const found: Listing[] = [];
          let i = start ?? lowerBound(within, range.from);
          for (; i < within.length && (within[i] as Listing).geohash <= range.to; i++) {
            if (limit !== undefined && found.length >= limit) break;
            found.push(within[i] as Listing);
          }
          const stopped = limit !== undefined && found.length >= limit;
          return {
            listings: found,
            examined: found.length,
            ...(stopped ? { next: { start: i, geohash: (found.at(-1) as Listing).geohash } } : {}),
          };
        },
      );
      index.reads.push(ranges.map((range) => `${range.from}-${range.to}`).join(' '));
      index.examined += answer.listings.length;
      index.largestRead = Math.max(index.largestRead, answer.listings.length);
      return answer;
    },
    countsAt(point: Point) {
      return new Map(
        countedDepths.map((depth) => [depth, counts.get(depth)?.get(cellBits(cellOf(point, depth))) ?? 0]),
      );
    },
  };
  return index;
}

function bruteForce(items: Listing[], point: Point, radius: number, matches: (l: Listing) => boolean) {
  return items
    .map((item) => ({ listing: item, miles: distanceMiles(point, item) }))
    .filter(({ listing: item, miles }) => miles <= radius && matches(item))
    .sort((a, b) => a.miles - b.miles || a.listing.title.localeCompare(b.listing.title));
}

/**
 * The results a search shows are right: without a stop, the nearest; after one, every match
 * within the miles it says it searched, in order, and beyond that only matches it had read, no
 * further than the tenth of a mile it rounded away.
 */
function expectRightAsFarAsSearched(
  outcome: NearbyOutcome,
  all: Listing[],
  point: Point,
  radius: number,
  matches: (l: Listing) => boolean,
  from: number,
  to: number,
) {
  const shown = outcome.results.slice(from, to);
  const searched = outcome.searchedMiles;
  if (searched === undefined) {
    expect(ids(shown)).toEqual(ids(bruteForce(all, point, radius, matches).slice(from, to)));
    return;
  }
  const nearer = bruteForce(all, point, Math.min(radius, searched + 0.1), matches).slice(from, to);
  expect(ids(shown)).toEqual(ids(nearer.slice(0, shown.length)));
  expect(shown.length).toBeGreaterThanOrEqual(
    bruteForce(all, point, searched, matches).slice(from, to).length,
  );
  expect(shown.every((result) => result.miles <= searched + 0.1)).toBe(true);
}

/** Reads through `reader`, remembering every listing read: what it says it searched, it read. */
function readRecording(reader: ReturnType<typeof memoryIndex>) {
  const seen = new Set<string>();
  return {
    read: async (ranges: CellRange[], limits: ReadLimits) => {
      const answer = await reader.read(ranges, limits);
      for (const item of answer.listings) seen.add(item.activityId);
      return answer;
    },
    nearestUnread: (all: Listing[], point: Point) =>
      Math.min(...all.filter((item) => !seen.has(item.activityId)).map((item) => distanceMiles(point, item))),
  };
}

function randomPoints(seed: number, count: number, box: { lat: [number, number]; lon: [number, number] }) {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => ({
    latitude: box.lat[0] + random() * (box.lat[1] - box.lat[0]),
    longitude: box.lon[0] + random() * (box.lon[1] - box.lon[0]),
  }));
}

/** Dorset and around: a uniform scatter, with towns where listings cluster. */
function dorsetPoints(): Point[] {
  const random = mulberry32(2026);
  const scatter = randomPoints(1, 2000, { lat: [50.4, 51.2], lon: [-3.2, -1.6] });
  const towns = [
    { latitude: 50.7154, longitude: -2.4367 },
    { latitude: 50.7192, longitude: -1.8808 },
    { latitude: 50.6139, longitude: -2.4571 },
  ];
  const clustered = towns.flatMap((town) =>
    Array.from({ length: 400 }, () => ({
      latitude: town.latitude + (random() - 0.5) * 0.04,
      longitude: town.longitude + (random() - 0.5) * 0.06,
    })),
  );
  return [...scatter, ...clustered];
}

const ids = (results: { listing: Listing }[]) => results.map((result) => result.listing.activityId);

describe('searchNearby', () => {
  const items = makeListings(dorsetPoints());
  const index = memoryIndex(items);
  const everything = () => true;
  const walking = (l: Listing) => l.activityType === 'walking';
  const withPlaces = (l: Listing) => l.hasPlaces;
  const centres: Point[] = [
    { latitude: 50.7154, longitude: -2.4367 }, // Dorchester, in a cluster
    { latitude: 50.7192, longitude: -1.8808 }, // Bournemouth, in a cluster
    { latitude: 50.9, longitude: -2.9 }, // countryside
    { latitude: 51.19, longitude: -1.62 }, // a corner of the scatter
    ...randomPoints(99, 4, { lat: [50.45, 51.15], lon: [-3.1, -1.7] }),
  ];

  it('finds exactly the brute-force nearest listings, nearest first, for several points, radii and filters', async () => {
    const needed = 21;
    let compared = 0;
    for (const point of centres)
      for (const radius of distancesMiles)
        for (const matches of [everything, walking, withPlaces]) {
          const depth = chooseDepth(index.countsAt(point), needed);
          const outcome = await searchNearby(point, radius, depth, needed, matches, index.read);
          // Without a filter, or with one most listings pass, no budget stops it.
          if (matches !== walking) expect(outcome.searchedMiles).toBeUndefined();
          expectRightAsFarAsSearched(outcome, items, point, radius, matches, 0, needed);
          expect(new Set(ids(outcome.results)).size).toBe(outcome.results.length);
          const miles = outcome.results.map((r) => r.miles);
          expect(miles).toEqual([...miles].sort((a, b) => a - b));
          compared += Math.min(needed, outcome.results.length);
        }
    expect(compared).toBeGreaterThan(1000);
  });

  it('finds a type through an index of that type alone without meeting the item budget', async () => {
    // What the index by type gives a search by type: only walking listings, nothing to filter.
    const walks = memoryIndex(items.filter(walking));
    for (const point of centres)
      for (const radius of distancesMiles) {
        walks.examined = 0;
        const depth = chooseDepth(walks.countsAt(point), 21);
        const outcome = await searchNearby(point, radius, depth, 21, everything, walks.read);
        expect(outcome.searchedMiles).toBeUndefined();
        expect(ids(outcome.results.slice(0, 21))).toEqual(
          ids(bruteForce(items, point, radius, walking).slice(0, 21)),
        );
        expect(walks.examined).toBeLessThanOrEqual(nearbyItemBudget(21));
      }
  });

  it('finds the same listings whatever depth the cells are cut at', async () => {
    const point = centres[2] as Point;
    const expected = ids(bruteForce(items, point, 10, everything).slice(0, 21));
    for (const depth of [16, 20, 24, 27, 28, 32]) {
      // Cells cut far too coarse read far more than a search would: no budget here.
      const outcome = await searchNearby(point, 10, depth, 21, everything, index.read, {
        itemBudget: Number.POSITIVE_INFINITY,
        queryBudget: Number.POSITIVE_INFINITY,
      });
      expect(ids(outcome.results.slice(0, 21))).toEqual(expected);
    }
  });

  it('returns nothing beyond the radius', async () => {
    for (const point of centres)
      for (const radius of [2, 5]) {
        const outcome = await searchNearby(point, radius, 28, 50, everything, index.read);
        for (const result of outcome.results) {
          expect(result.miles).toBeLessThanOrEqual(radius);
          expect(result.miles).toBeCloseTo(distanceMiles(point, result.listing), 10);
        }
      }
  });

  it('returns every listing within the radius when there are fewer than needed', async () => {
    let fewerSeen = 0;
    for (const point of centres)
      for (const matches of [everything, walking]) {
        const all = bruteForce(items, point, 2, matches);
        if (all.length >= 21) continue;
        const depth = chooseDepth(index.countsAt(point), 21);
        const outcome = await searchNearby(point, 2, depth, 21, matches, index.read);
        expect(ids(outcome.results)).toEqual(ids(all));
        fewerSeen += 1;
      }
    expect(fewerSeen).toBeGreaterThan(3);
  });

  it('returns nothing, reading little, far from any listing', async () => {
    const sea = { latitude: 50.0, longitude: -2.5 };
    const reader = memoryIndex(items);
    const outcome = await searchNearby(
      sea,
      20,
      chooseDepth(reader.countsAt(sea), 21),
      21,
      everything,
      reader.read,
    );
    expect(outcome.results).toEqual([]);
    expect(bruteForce(items, sea, 20, everything)).toEqual([]);
  });

  it('counts one query for each merged range it reads', async () => {
    const reader = memoryIndex(items);
    const point = centres[0] as Point;
    const outcome = await searchNearby(
      point,
      5,
      chooseDepth(reader.countsAt(point), 21),
      21,
      everything,
      reader.read,
    );
    expect(outcome.queries).toBe(reader.requests);
    expect(outcome.queries).toBeGreaterThan(0);
  });

  it('reads fewer than 3 times what is needed in a dense uniform catalogue', async () => {
    const dense = makeListings(randomPoints(314, 20_000, { lat: [50, 52], lon: [-3, -1] }));
    const needed = 21;
    const points = randomPoints(271, 12, { lat: [50.5, 51.5], lon: [-2.5, -1.5] });
    const reader = memoryIndex(dense);
    for (const point of points) {
      reader.examined = 0;
      const depth = chooseDepth(reader.countsAt(point), needed);
      // About 5,000 listings a square degree: 26 bits leaves about 4.8 listings a cell (27 where
      // the counts around the point run a little high).
      expect([26, 27]).toContain(depth);
      const outcome = await searchNearby(point, 20, depth, needed, everything, reader.read);
      expect(ids(outcome.results.slice(0, needed))).toEqual(
        ids(bruteForce(dense, point, 20, everything).slice(0, needed)),
      );
      expect(reader.examined).toBeGreaterThanOrEqual(needed);
      expect(reader.examined).toBeLessThan(3 * needed);
    }
  });

  it('keeps a narrow filter cheap: coarser cells and a query budget, and still right as far as it searched', async () => {
    const dense = makeListings(randomPoints(314, 20_000, { lat: [50, 52], lon: [-3, -1] }));
    const reader = memoryIndex(dense);
    const point = { latitude: 51, longitude: -2 };
    const depth = chooseDepth(reader.countsAt(point), 21);
    const nothing = () => false;
    const none = await searchNearby(point, 20, depth, 21, nothing, reader.read);
    expect(none.results).toEqual([]);
    expect(none.queries).toBeLessThanOrEqual(nearbyQueryBudget());

    // About 1 in 200 matches: found by cutting the map coarser rather than crawling.
    const rare = (l: Listing) => Number.parseInt(l.activityId.replace(/\D/g, '') || '0', 10) % 200 === 0;
    reader.requests = 0;
    const outcome = await searchNearby(point, 20, depth, 21, rare, reader.read);
    expect(outcome.queries).toBeLessThanOrEqual(nearbyQueryBudget());
    expectRightAsFarAsSearched(outcome, dense, point, 20, rare, 0, 21);
  });

  it('never reads more than its item budget, and is right as far as it says it searched', async () => {
    const dense = makeListings(randomPoints(314, 20_000, { lat: [50, 52], lon: [-3, -1] }));
    const point = { latitude: 51, longitude: -2 };
    // About 1 in 50 matches: far more than the budget to find 21 of them.
    const rare = (l: Listing) => Number.parseInt(l.activityId.replace(/\D/g, '') || '0', 10) % 50 === 0;
    for (const itemBudget of [40, 100, 228]) {
      const reader = memoryIndex(dense);
      const depth = chooseDepth(reader.countsAt(point), 21);
      const outcome = await searchNearby(point, 20, depth, 21, rare, reader.read, { itemBudget });
      expect(reader.examined).toBeLessThanOrEqual(itemBudget);
      expect(outcome.examined).toBe(reader.examined);
      expect(outcome.searchedMiles).toBeGreaterThan(0);
      expect(outcome.searchedMiles).toBeLessThan(20);
      // Every match within the distance searched, and nothing it had not read.
      expectRightAsFarAsSearched(outcome, dense, point, 20, rare, 0, 21);
    }
  });

  it('says how far it looked when the budget ends in the middle of a read: as far as the nearest part it did not read', async () => {
    const dense = makeListings(randomPoints(314, 20_000, { lat: [50, 52], lon: [-3, -1] }));
    const point = { latitude: 51, longitude: -2 };
    const reader = memoryIndex(dense);
    const read = readRecording(reader);
    // Cells far too big for the budget, read one at a time: the cell holding the point (about 77
    // listings) is read whole, and the budget ends part way through the next.
    const outcome = await searchNearby(point, 20, 22, 21, everything, read.read, {
      itemBudget: 120,
      firstBatch: 1,
    });
    expect(reader.examined).toBe(120);
    const searched = outcome.searchedMiles as number;
    // The area read whole reaches 1.8 miles: not 0, and not the whole cell cut short.
    expect(searched).toBeGreaterThan(1);
    expect(outcome.results.length).toBeGreaterThan(10);
    expectRightAsFarAsSearched(outcome, dense, point, 20, everything, 0, 21);
    // Every listing within what it says it searched was read.
    expect(read.nearestUnread(dense, point)).toBeGreaterThanOrEqual(searched);
  });

  it('says how far it looked when a coarser pass stops, from the parts it had not read, not from the point', async () => {
    // 1 in 50 matches: the finer pass reads round the point and then cuts coarser; the coarser
    // cell holding the point is read only in its unread parts, and the budget ends among them.
    // Measured from the whole coarser cell, that said 0 miles and showed nothing, though it had
    // read the nearest 3.5 miles.
    const dense = makeListings(randomPoints(314, 20_000, { lat: [50, 52], lon: [-3, -1] }));
    const reader = memoryIndex(dense);
    const read = readRecording(reader);
    const point = { latitude: 50.75703704315237, longitude: -1.7161088084802032 };
    const rare = (l: Listing) => Number.parseInt(l.activityId.slice(1), 10) % 50 === 0;
    const outcome = await searchNearby(
      point,
      5,
      chooseDepth(reader.countsAt(point), 21),
      21,
      rare,
      read.read,
    );
    const searched = outcome.searchedMiles as number;
    expect(searched).toBeGreaterThan(3);
    expect(outcome.results.length).toBeGreaterThan(0);
    expect(read.nearestUnread(dense, point)).toBeGreaterThanOrEqual(searched);
    expectRightAsFarAsSearched(outcome, dense, point, 5, rare, 0, 21);
  });

  it('counts every query a read sends, the ones that go on with a range cut short too, and keeps within the query budget', async () => {
    const dense = makeListings(randomPoints(314, 20_000, { lat: [50, 52], lon: [-3, -1] }));
    const reader = memoryIndex(dense);
    let most = 0;
    for (const [i, point] of randomPoints(5, 24, { lat: [50.3, 51.7], lon: [-2.7, -1.3] }).entries()) {
      // From 1 in 7 to 1 in 400: narrow filters cut the map coarser, so their reads are cut short.
      const every = [7, 20, 50, 100, 200, 400][i % 6] as number;
      const matches = (l: Listing) => Number.parseInt(l.activityId.slice(1), 10) % every === 0;
      for (const page of [1, 2]) {
        reader.requests = 0;
        const stages = page === 1 ? [21] : [21, 41];
        const outcome = await searchNearby(
          point,
          20,
          chooseDepth(reader.countsAt(point), 21),
          stages,
          matches,
          reader.read,
        );
        expect(outcome.queries).toBe(reader.requests);
        expect(outcome.queries).toBeLessThanOrEqual(nearbyQueryBudget(page));
        most = Math.max(most, outcome.queries);
      }
    }
    // The searches did meet ranges cut short, and a budget.
    expect(reader.followUps).toBeGreaterThan(0);
    expect(most).toBeGreaterThan(30);
  });

  it('counts a query for each range and index partition, and keeps within the query budget', async () => {
    // An index by type: a partition for each type searched.
    const reader = memoryIndex(items, [walking, (l) => l.activityType === 'community-gardening']);
    const point = centres[0] as Point;
    const depth = chooseDepth(reader.countsAt(point), 21);
    const outcome = await searchNearby(point, 5, depth, 21, everything, reader.read, { partitions: 2 });
    expect(outcome.queries).toBe(reader.requests);
    expect(reader.requests % 2).toBe(0);
    expect(ids(outcome.results.slice(0, 21))).toEqual(
      ids(bruteForce(items, point, 5, everything).slice(0, 21)),
    );

    const thrifty = memoryIndex(items);
    const stopped = await searchNearby(point, 20, 30, 21, everything, thrifty.read, { queryBudget: 2 });
    expect(stopped.queries).toBeLessThanOrEqual(2);
    expect(stopped.queries).toBe(thrifty.requests);
    expect(stopped.searchedMiles).toBeDefined();
    expectRightAsFarAsSearched(stopped, items, point, 20, everything, 0, 21);
  });

  it('reads for page 2 what page 1 read first, then more, so page 2 holds what page 1 offered', async () => {
    const many = makeListings(randomPoints(7, 60_000, { lat: [50, 52], lon: [-3, -1] }));
    const reader = memoryIndex(many);
    // The review's case first: page 1 found 44 and offered page 2, which then stopped at 2.5 miles
    // with 17 results, so was empty.
    const points = [
      { latitude: 51.51806068792939, longitude: -2.339889158541337 },
      ...randomPoints(11, 30, { lat: [50.3, 51.7], lon: [-2.7, -1.3] }),
    ];
    let offered = 0;
    for (const [i, point] of points.entries()) {
      const every = [5, 3, 7, 10, 15, 20][i % 6] as number;
      const matches = (l: Listing) => Number.parseInt(l.activityId.slice(1), 10) % every === 0;
      const depth = chooseDepth(reader.countsAt(point), 21);
      reader.reads = [];
      const first = await searchNearby(point, 20, depth, [21], matches, reader.read);
      const firstReads = reader.reads;
      reader.reads = [];
      const second = await searchNearby(point, 20, depth, [21, 41], matches, reader.read);
      // The same reads, then more.
      expect(reader.reads.slice(0, firstReads.length)).toEqual(firstReads);
      expect(second.searchedMiles ?? 20).toBeGreaterThanOrEqual(first.searchedMiles ?? 0);
      if (first.results.length <= 20) continue;
      offered += 1;
      expect(ids(second.results.slice(0, 21))).toEqual(ids(first.results.slice(0, 21)));
      expectRightAsFarAsSearched(second, many, point, 20, matches, 20, 40);
    }
    expect(offered).toBeGreaterThan(10);
  });

  it('leaves room in the item budget for what unfiltered searches read', () => {
    expect(nearbyItemBudget(21)).toBe(228);
    expect(nearbyItemBudget(41)).toBe(388);
    expect(nearbyQueryBudget()).toBe(40);
    expect(nearbyQueryBudget(2)).toBe(60);
  });

  it('says how far it searched in tenths of a mile rounded down, and shows nothing beyond what it read', async () => {
    expect(searchedMilesShown(2.39)).toBe(2.3);
    expect(searchedMilesShown(2.3)).toBe(2.3);
    expect(searchedMilesShown(0.7)).toBe(0.7);
    expect(searchedMilesShown(0.09)).toBe(0);
    const dense = makeListings(randomPoints(314, 20_000, { lat: [50, 52], lon: [-3, -1] }));
    const reader = memoryIndex(dense);
    const point = { latitude: 51, longitude: -2 };
    let stopped = 0;
    for (const itemBudget of [60, 90, 120, 150, 200]) {
      // One cell a round: the queue of cells to read grows faster than it is taken from.
      const read = readRecording(reader);
      const outcome = await searchNearby(point, 20, 22, 21, everything, read.read, {
        itemBudget,
        firstBatch: 1,
      });
      if (outcome.searchedMiles === undefined) continue;
      stopped += 1;
      expect(Number.isInteger(Math.round(outcome.searchedMiles * 10 * 1e6) / 1e6)).toBe(true);
      // Everything within what it says was read.
      expect(read.nearestUnread(dense, point)).toBeGreaterThanOrEqual(outcome.searchedMiles);
      expectRightAsFarAsSearched(outcome, dense, point, 20, everything, 0, 21);
    }
    expect(stopped).toBeGreaterThan(2);
  });
});

describe('readInRounds', () => {
  /** An index of numbered listings in one range; `send` answers from it and records what was asked. */
  function fakeIndex(sizes: number[]) {
    const ranges = sizes.map((_, i) => ({ partition: 'gcn', from: `gcn${i}00000`, to: `gcn${i}zzzzz` }));
    const asked: {
      range: number;
      partition: number;
      limit: number | undefined;
      start: number | undefined;
    }[] = [];
    const send = async (
      range: CellRange,
      partition: number,
      limit: number | undefined,
      start: number | undefined,
    ) => {
      const r = ranges.indexOf(range);
      asked.push({ range: r, partition, limit, start });
      const from = start ?? 0;
      const to = limit === undefined ? (sizes[r] as number) : Math.min(sizes[r] as number, from + limit);
      const found = Array.from({ length: to - from }, (_, i) =>
        listing({
          activityId: `r${r}p${partition}n${from + i}`,
          geohash: `gcn${r}${String(from + i).padStart(5, '0')}`,
        }),
      );
      // As DynamoDB: a query that reaches its limit says where it stopped, even if nothing follows.
      const stopped = limit !== undefined && found.length === limit;
      return {
        listings: found,
        examined: found.length,
        ...(stopped ? { next: { start: to, geohash: (found.at(-1) as Listing).geohash } } : {}),
      };
    };
    return { ranges, asked, send };
  }

  it('shares the items left between the queries of a round, and goes on with the ranges cut short', async () => {
    const index = fakeIndex([2, 30, 5]);
    const read = await readInRounds(index.ranges, 1, { items: 30, queries: 10 }, index.send);
    // 10 each; the small ranges finish, the big one goes on with what they left, twice.
    expect(index.asked.map(({ range, limit, start }) => [range, limit, start])).toEqual([
      [0, 10, undefined],
      [1, 10, undefined],
      [2, 10, undefined],
      [1, 13, 10],
    ]);
    expect(read.listings).toHaveLength(30);
    expect(read.queries).toBe(4);
    expect(read.unfinished).toEqual([{ range: index.ranges[1], unreadFrom: 'gcn100022' }]);
  });

  it('counts every query against the query limit, the ones that go on included, and stops there', async () => {
    const index = fakeIndex([100, 10]);
    const read = await readInRounds(index.ranges, 1, { items: 60, queries: 3 }, index.send);
    expect(index.asked.map(({ range, limit, start }) => [range, limit, start])).toEqual([
      [0, 30, undefined],
      [1, 30, undefined],
      [0, 20, 30],
    ]);
    expect(read.queries).toBe(3);
    expect(read.unfinished).toEqual([{ range: index.ranges[0], unreadFrom: 'gcn000049' }]);
  });

  it('sends a query for each range and partition, and a range is read only as far as its least read partition', async () => {
    const index = fakeIndex([3, 50]);
    const read = await readInRounds(index.ranges, 2, { items: 40, queries: 4 }, index.send);
    expect(index.asked.map(({ range, partition }) => `${range}:${partition}`)).toEqual([
      '0:0',
      '0:1',
      '1:0',
      '1:1',
    ]);
    expect(read.queries).toBe(4);
    expect(read.unfinished).toEqual([{ range: index.ranges[1], unreadFrom: 'gcn100009' }]);
  });

  it('reads everything when there is no limit, and sends only the queries that fit when the items left are fewer', async () => {
    const all = fakeIndex([7, 9]);
    const everything = await readInRounds(
      all.ranges,
      1,
      { items: Number.POSITIVE_INFINITY, queries: Number.POSITIVE_INFINITY },
      all.send,
    );
    expect(everything).toMatchObject({ queries: 2, unfinished: [] });
    expect(everything.listings).toHaveLength(16);
    const few = fakeIndex([7, 9, 4]);
    const read = await readInRounds(few.ranges, 1, { items: 2, queries: 10 }, few.send);
    expect(few.asked.map(({ range, limit }) => [range, limit])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    // The range never asked is unread from its start.
    expect(read.unfinished).toContainEqual({ range: few.ranges[2], unreadFrom: 'gcn200000' });
  });
});

describe('typesToReadApart', () => {
  it('reads each chosen type apart, up to a few types, and all listings otherwise', () => {
    expect(typesToReadApart(query())).toBeUndefined();
    expect(typesToReadApart(query({ type: ['walking'] }))).toEqual(['walking']);
    expect(typesToReadApart(query({ type: ['walking', 'swimming', 'walking'] }))).toEqual([
      'walking',
      'swimming',
    ]);
    const many = ['walking', 'swimming', 'cooking', 'music'];
    expect(many.length).toBeGreaterThan(typesReadApart);
    expect(typesToReadApart(query({ type: many }))).toBeUndefined();
  });
});
