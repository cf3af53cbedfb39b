import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { accessibilityFeatures, activityTypes } from '../../functions/catalogue/domain/activity';
import { geohash, type Point } from '../../functions/catalogue/domain/geo';
import type { Listing, TimeOfDay } from '../../functions/catalogue/domain/listing';
import { type SearchQuery, searchQuerySchema } from '../../functions/catalogue/domain/search';
import { createListingRepository } from '../../functions/catalogue/repositories/listings';
import { createSearchService } from '../../functions/catalogue/services/search-service';
import { needsSupported } from '../../shared/domain/needs';
import { fundingRoutes } from '../../shared/domain/users';
import { createOfflinePostcodeLookup, postcodeItem } from '../../shared/postcodes/offline-lookup';
import { connectTable, type Table } from '../../shared/table/client';
import { weekdays } from '../../shared/time/london-time';
import { createTableIfMissing } from '../local/create-table';
import { startDynamoDbLocal } from '../local/dynamodb-local';

/**
 * Search read cost against catalogue size: the same searches on 1,000 and on 100,000 activities
 * spread across England, each reporting DynamoDB requests, items examined (ScannedCount),
 * capacity consumed, and latency. Only listings (what search reads, with their copies by type)
 * and their cell counts are loaded, in bulk; activities and sessions are not read by search, so
 * they are left out to keep seeding to a couple of minutes. The searches are of three kinds: no
 * filter, by type (the index serves both), and with filters the index does not hold, which are
 * applied to what is read and so can meet the search's item budget.
 */

/** A seeded generator, so both sizes and every run see the same catalogue. */
export function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Towns weight the spread as people are spread; the rest falls anywhere in three boxes covering England. */
const towns: [string, number, number, number][] = [
  ['London', 51.5072, -0.1276, 9],
  ['Birmingham', 52.4862, -1.8904, 3],
  ['Manchester', 53.4808, -2.2426, 3],
  ['Leeds', 53.8008, -1.5491, 2],
  ['Newcastle', 54.9783, -1.6178, 1],
  ['Bristol', 51.4545, -2.5879, 1],
  ['Dorchester', 50.7154, -2.4367, 1],
  ['Bournemouth', 50.7192, -1.8808, 1],
  ['Norwich', 52.6309, 1.2974, 1],
  ['Plymouth', 50.3755, -4.1427, 1],
];
const boxes = [
  { lat: [50.2, 51.6], lon: [-5.5, 1.3] },
  { lat: [51.6, 53.5], lon: [-3.0, 1.7] },
  { lat: [53.5, 55.7], lon: [-3.3, -0.3] },
];

export function spreadAcrossEngland(count: number, random: () => number): Point[] {
  const weights = towns.reduce((sum, town) => sum + town[3], 0);
  return Array.from({ length: count }, () => {
    if (random() < 0.6) {
      const pick = random() * weights;
      let before = 0;
      const town =
        towns.find((candidate) => {
          before += candidate[3];
          return pick < before;
        }) ?? towns[0];
      // About 8 km either way, more near the middle.
      const spread = () => (random() + random() + random() - 1.5) * 0.15;
      return { latitude: (town?.[1] ?? 51.5) + spread(), longitude: (town?.[2] ?? 0) + spread() * 1.6 };
    }
    const box = boxes[Math.floor(random() * boxes.length)] ?? boxes[0];
    return {
      latitude: (box?.lat[0] ?? 51) + random() * ((box?.lat[1] ?? 52) - (box?.lat[0] ?? 51)),
      longitude: (box?.lon[0] ?? -1) + random() * ((box?.lon[1] ?? 0) - (box?.lon[0] ?? -1)),
    };
  });
}

export function listingsAt(points: Point[], random: () => number): Listing[] {
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)] as T;
  const some = <T>(values: readonly T[], chance: number) => values.filter(() => random() < chance);
  return points.map((point, index) => {
    const days = [pick(weekdays)];
    const evening = random() < 0.2;
    const weekend = days.some((day) => day === 'saturday' || day === 'sunday');
    const times: TimeOfDay[] = [
      ...(weekend ? (['weekend'] as const) : []),
      ...(evening ? (['evening'] as const) : []),
      ...(!weekend && !evening ? (['daytime'] as const) : []),
    ];
    const title = `${pick(['Morning', 'Afternoon', 'Friday', 'Community', 'Village', 'Town'])} ${pick(activityTypes).replaceAll('-', ' ')} ${index}`;
    return {
      activityId: ulid().toLowerCase(),
      councilId: 'bench',
      providerId: `provider-${index % 5000}`,
      providerName: `Provider ${index % 5000}`,
      title,
      summary: 'A benchmark activity.',
      activityType: pick(activityTypes),
      setting: random() < 0.2 ? 'hub' : 'spoke',
      lotId: 'spokes',
      venueName: 'Venue',
      town: 'Town',
      postcode: 'XX1 1XX',
      district: 'XX1',
      latitude: point.latitude,
      longitude: point.longitude,
      geohash: geohash(point),
      days,
      timesOfDay: times,
      needs: some(needsSupported, 0.4),
      accessibility: some(accessibilityFeatures, 0.3),
      funding: [...fundingRoutes].filter((_, i) => i === 0 || random() < 0.6),
      pricePence: Math.floor(random() * 40) * 100,
      pricePer: 'session',
      ageFrom: 18,
      nextSessionAt: new Date(Date.now() + 86_400_000).toISOString(),
      hasPlaces: random() < 0.85,
      weeklyPlaces: 12,
      eveningPlaces: evening ? 12 : 0,
      weekendPlaces: weekend ? 12 : 0,
    } satisfies Listing;
  });
}

/** Places to search from, as postcodes a person would type (loaded into the offline lookup). */
export const searchPostcodes = [
  { postcode: 'M1 1AE', outward: 'M1', latitude: 53.4794, longitude: -2.2453 },
  { postcode: 'SW1A 1AA', outward: 'SW1A', latitude: 51.501, longitude: -0.1416 },
  { postcode: 'B1 1BB', outward: 'B1', latitude: 52.4776, longitude: -1.9086 },
  { postcode: 'DT1 1XJ', outward: 'DT1', latitude: 50.7131, longitude: -2.4386 },
  { postcode: 'LS1 4AP', outward: 'LS1', latitude: 53.7997, longitude: -1.5492 },
  { postcode: 'TR18 2AA', outward: 'TR18', latitude: 50.1188, longitude: -5.5371 },
  { postcode: 'BS1 4DJ', outward: 'BS1', latitude: 51.4537, longitude: -2.5973 },
];

/** What kind of search a row is: whether the index can serve its filters. */
export type SearchKind = 'no filter' | 'by type' | 'other filters';

export const searches: { name: string; kind: SearchKind; query: Record<string, string | string[]> }[] = [
  { name: 'Manchester, 5 miles', kind: 'no filter', query: { postcode: 'M1 1AE', distance: '5' } },
  { name: 'London, 2 miles', kind: 'no filter', query: { postcode: 'SW1A 1AA', distance: '2' } },
  {
    name: 'Birmingham, 10 miles, page 2',
    kind: 'no filter',
    query: { postcode: 'B1 1BB', distance: '10', page: '2' },
  },
  { name: 'Dorchester, 20 miles', kind: 'no filter', query: { postcode: 'DT1 1XJ', distance: '20' } },
  { name: 'Penzance, 20 miles', kind: 'no filter', query: { postcode: 'TR18 2AA', distance: '20' } },
  {
    name: 'Leeds, 10 miles, swimming',
    kind: 'by type',
    query: { postcode: 'LS1 4AP', distance: '10', type: ['swimming'] },
  },
  {
    name: "London, 20 miles, carers' respite",
    kind: 'by type',
    query: { postcode: 'SW1A 1AA', distance: '20', type: ['carers-respite'] },
  },
  {
    name: 'Bristol, 10 miles, walking or gardening',
    kind: 'by type',
    query: { postcode: 'BS1 4DJ', distance: '10', type: ['walking', 'community-gardening'] },
  },
  {
    name: 'Manchester, 20 miles, 3 types',
    kind: 'by type',
    query: { postcode: 'M1 1AE', distance: '20', type: ['cooking', 'music', 'arts-and-crafts'] },
  },
  {
    name: 'Birmingham, 10 miles, 5 types',
    kind: 'by type',
    query: {
      postcode: 'B1 1BB',
      distance: '10',
      type: ['cooking', 'music', 'arts-and-crafts', 'walking', 'sport'],
    },
  },
  {
    name: 'Leeds, 10 miles, evenings',
    kind: 'other filters',
    query: { postcode: 'LS1 4AP', distance: '10', time: ['evening'] },
  },
  {
    name: "London, 20 miles, carers' respite + hoist",
    kind: 'other filters',
    query: { postcode: 'SW1A 1AA', distance: '20', type: ['carers-respite'], access: ['hoist'] },
  },
  {
    name: 'Manchester, 20 miles, cooking + 2 access features',
    kind: 'other filters',
    query: {
      postcode: 'M1 1AE',
      distance: '20',
      type: ['cooking'],
      access: ['step-free-access', 'accessible-toilet'],
    },
  },
  {
    name: 'London, 5 miles, evening + hoist',
    kind: 'other filters',
    query: { postcode: 'SW1A 1AA', distance: '5', time: ['evening'], access: ['hoist'] },
  },
  { name: 'Anywhere in the council, A to Z', kind: 'no filter', query: { council: 'bench' } },
];

export interface SearchBenchRow {
  search: string;
  kind: SearchKind;
  size: number;
  results: number;
  /** Set when a budget stopped the search: how far it looked. */
  searchedMiles?: number;
  requests: number;
  examined: number;
  capacityUnits: number;
  p50: number;
  p95: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function measure(table: Table, size: number, repeats: number): Promise<SearchBenchRow[]> {
  const search = createSearchService({
    listings: createListingRepository(table),
    postcodes: createOfflinePostcodeLookup(table),
  });
  const rows: SearchBenchRow[] = [];
  for (const { name, kind, query } of searches) {
    const parsed: SearchQuery = searchQuerySchema.parse(query);
    const first = await search.search(parsed);
    // Warm the JVM and the connection pool before timing, so the first size is not penalised.
    for (let i = 0; i < 5; i++) await search.search(parsed);
    const timings: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      await search.search(parsed);
      timings.push(performance.now() - started);
    }
    rows.push({
      search: name,
      kind,
      size,
      results: first.results.length,
      ...(first.searchedMiles !== undefined ? { searchedMiles: first.searchedMiles } : {}),
      requests: first.cost.requests,
      examined: first.cost.examined,
      capacityUnits: first.cost.capacityUnits,
      p50: percentile(timings, 50),
      p95: percentile(timings, 95),
    });
  }
  return rows;
}

/** Seeds both sizes in one DynamoDB Local (a table each) and runs the same searches on each. */
export async function benchCatalogueSearch(
  repeats = 30,
): Promise<{ rows: SearchBenchRow[]; seedSeconds: number[] }> {
  const dynamodb = await startDynamoDbLocal();
  try {
    const random = mulberry32(20261124);
    const all = listingsAt(spreadAcrossEngland(100_000, random), random);
    const rows: SearchBenchRow[] = [];
    const seedSeconds: number[] = [];
    for (const size of [1_000, 100_000]) {
      const table = connectTable({ name: `bench-${size}`, endpoint: dynamodb.endpoint });
      await createTableIfMissing(table.client, table.name);
      for (const postcode of searchPostcodes)
        await table.client.send(new PutCommand({ TableName: table.name, Item: postcodeItem(postcode) }));
      const started = performance.now();
      // The first 1,000 are the same activities in both tables.
      await createListingRepository(table).loadIntoEmptyTable(all.slice(0, size));
      seedSeconds.push((performance.now() - started) / 1000);
      rows.push(...(await measure(table, size, repeats)));
    }
    return { rows, seedSeconds };
  } finally {
    await dynamodb.stop();
  }
}
