import { z } from 'zod';
import { needsSupported } from '../../../shared/domain/needs';
import { fundingRoutes } from '../../../shared/domain/users';
import { weekdays } from '../../../shared/time/london-time';
import { type ActivityType, accessibilityFeatures, activityTypes, settings } from './activity';
import {
  type Cell,
  type CellRange,
  cellOf,
  cellRange,
  childrenOf,
  distanceMiles,
  mergeRanges,
  minDistanceMiles,
  neighbours,
  type Point,
  parentOf,
} from './geo';
import { type Listing, timesOfDay } from './listing';

export const distancesMiles = [2, 5, 10, 20] as const;
export const pageSize = 20;

const many = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.array(z.enum(values, { error: `Choose ${what} from the list` })).default([]);

/** A search as the page's form and the API's query string send it; every part is optional. */
export const searchQuerySchema = z.strictObject({
  postcode: z.string().trim().max(10, 'Enter a postcode of 10 characters or fewer').optional(),
  distance: z.coerce
    .number()
    .refine(
      (miles) => (distancesMiles as readonly number[]).includes(miles),
      'Choose a distance from the list',
    )
    .default(5),
  council: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'Choose a council from the list')
    .optional(),
  type: many(activityTypes, 'activity types'),
  setting: z.enum(settings, { error: 'Choose hub or spoke' }).optional(),
  day: many(weekdays, 'days'),
  time: many(timesOfDay, 'times of day'),
  needs: many(needsSupported, 'needs'),
  access: many(accessibilityFeatures, 'accessibility'),
  funding: z.enum(fundingRoutes, { error: 'Choose how you would pay from the list' }).optional(),
  maxPrice: z.coerce
    .number({ error: 'Enter a maximum price in pounds, like 20' })
    .min(0, 'The maximum price cannot be negative')
    .max(1000, 'Enter a maximum price of £1,000 or less')
    .optional(),
  places: z.enum(['yes']).optional(),
  page: z.coerce.number().int().min(1).max(50, 'Choose a page from 1 to 50').default(1),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'This page link is broken; start the search again')
    .optional(),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** Whether a listing passes every filter chosen; an empty choice passes everything. */
export function matchesFilters(listing: Listing, query: SearchQuery): boolean {
  const anyOf = <T>(chosen: T[], has: T[]) =>
    chosen.length === 0 || chosen.some((value) => has.includes(value));
  const allOf = <T>(chosen: T[], has: T[]) => chosen.every((value) => has.includes(value));
  return (
    (query.type.length === 0 || query.type.includes(listing.activityType)) &&
    (!query.setting || listing.setting === query.setting) &&
    anyOf(query.day, listing.days) &&
    anyOf(query.time, listing.timesOfDay) &&
    // Someone with autism and a learning disability needs both supported.
    allOf(query.needs, listing.needs) &&
    allOf(query.access, listing.accessibility) &&
    (!query.funding || listing.funding.includes(query.funding)) &&
    (query.maxPrice === undefined || listing.pricePence <= Math.round(query.maxPrice * 100)) &&
    (!query.places || listing.hasPlaces)
  );
}

/**
 * Depths (bits) at which the index keeps a count of listings per cell: from about 100 km across
 * down to about 3 km. Finer densities are estimated from the finest count, so a listing costs six
 * counter updates, not one per depth searched.
 */
export const countedDepths = [16, 18, 20, 22, 24, 26] as const;
/**
 * Depths a search may cut cells at: every depth from about 100 km across down to about 100
 * metres, for the densest towns. Odd depths make cells twice as wide as high; they let the cell
 * size follow density in steps of 2 rather than 4.
 */
export const searchDepths = Array.from({ length: 21 }, (_, i) => 16 + i);

/**
 * How deep to cut cells for a search near a point: deep enough that a cell holds about a quarter
 * of the listings needed, so reading whole cells around the point wastes little; no deeper. A
 * query costs at least half a capacity unit (4 KB) whatever it returns, and a quarter of a page
 * is about that much, so finer cells would cost more queries than the listings they save (cutting
 * at a tenth took two to three times the queries for a tenth fewer listings). Density comes from
 * the count of a cell around the point at least 16 times the area, which evens out a point in an
 * empty corner.
 */
export function chooseDepth(countsAtPoint: Map<number, number>, needed: number): number {
  const target = Math.max(1, needed / 4);
  const finest = countedDepths[countedDepths.length - 1] as number;
  for (const depth of searchDepths) {
    // Counts are kept at even depths only.
    const counted = Math.max(countedDepths[0], Math.min(depth - 4, finest)) & ~1;
    const perCell = (countsAtPoint.get(counted) ?? 0) / 2 ** (depth - counted);
    if (perCell <= target) return depth;
  }
  return searchDepths[searchDepths.length - 1] as number;
}

export interface NearbyResult {
  listing: Listing;
  miles: number;
}

/** What one read of cell ranges gave back, and which ranges the limit stopped before their end. */
export interface RangeRead {
  listings: Listing[];
  /** The ranges (the same objects as asked for) not read to their end. */
  unfinished: CellRange[];
}

/** Reads the listings in the ranges, examining no more than `limit` items. */
export type ReadRanges = (ranges: CellRange[], limit: number) => Promise<RangeRead>;

export interface NearbyOutcome {
  results: NearbyResult[];
  /** Queries sent: one per merged range and index partition read. */
  queries: number;
  /** Items read (examined). */
  examined: number;
  /**
   * Set when a budget (items or queries) ran out first: everything within this many miles was
   * searched, and only results that near are returned, so they are right; a narrower radius or
   * fewer filters finds the rest.
   */
  searchedMiles?: number;
}

/**
 * The most queries one search may send, whatever the filters: a public page must stay cheap.
 * Each costs at least half a capacity unit; searches without filters, or by type, send at most
 * about 25 on 100,000 listings.
 */
export const nearbyQueryBudget = 40;

/**
 * The most items one search may read, whatever the filters, for the results it needs (the page
 * and one more): 228 for the first page, 388 for the second. Searches without filters, or by
 * type, read under 5 a result needed at either catalogue size, so only filters the index cannot
 * use (time, needs, access, price, ...) ever meet it, when they leave few matches.
 */
export const nearbyItemBudget = (needed: number) => 60 + 8 * needed;

export interface NearbyOptions {
  /** Index partitions read for each range (one per activity type searched by type). */
  partitions?: number;
  itemBudget?: number;
  queryBudget?: number;
  /** Cells read in the first round. */
  firstBatch?: number;
}

/** The coarsest cells a search reads: about 100 km across. */
const coarsestDepth = 16;
/**
 * Once the needed-th result is known, a cell expected to hold more than this many listings is
 * read as those of its quarters (or halves) that come nearer than that result.
 */
const splitAbove = 2;
/** A search cuts coarser when it would otherwise want more than this many cells in one round. */
const coarsenAbove = 32;

/**
 * The nearest listings passing the filters, within `radiusMiles`: cells are read nearest first,
 * a few at a time, and the search stops as soon as no unread cell could hold anything nearer
 * than the `needed`-th result found. Reads about what the page needs, however big the catalogue.
 * When the filters leave few matches, it cuts the map coarser (fewer, bigger cells, so fewer
 * queries) and reads only the parts of them not yet read; it never reads more than its item
 * budget nor sends more than its query budget, and when either stops it early it says how far it
 * looked.
 */
export async function searchNearby(
  point: Point,
  radiusMiles: number,
  depth: number,
  needed: number,
  matches: (listing: Listing) => boolean,
  read: ReadRanges,
  options: NearbyOptions = {},
): Promise<NearbyOutcome> {
  const {
    partitions = 1,
    itemBudget = nearbyItemBudget(needed),
    queryBudget = nearbyQueryBudget,
    firstBatch = 8,
  } = options;
  const found: NearbyResult[] = [];
  const foundIds = new Set<string>();
  let queries = 0;
  let examined = 0;
  /** Area read so far, in cells of the coarsest depth. */
  let areaRead = 0;
  const keyOf = (cell: Cell) => `${cell.depth}:${cell.x}:${cell.y}`;
  /** Cells read whole, at whatever depth they were read. */
  const readCells = new Set<string>();
  /** Cells some part of which has been read. */
  const partlyRead = new Set<string>();
  const markRead = (cell: Cell) => {
    readCells.add(keyOf(cell));
    for (let up = cell; up.depth > coarsestDepth; ) {
      up = parentOf(up);
      partlyRead.add(keyOf(up));
    }
  };
  const unreadParts = (cell: Cell): Cell[] =>
    readCells.has(keyOf(cell))
      ? []
      : partlyRead.has(keyOf(cell))
        ? childrenOf(cell).flatMap(unreadParts)
        : [cell];

  /** One pass at one depth: 'coarser' with the next pass's first batch when matches are too sparse. */
  const pass = async (
    cellDepth: number,
    firstRound: number,
  ): Promise<
    | { end: 'done' }
    | { end: 'stopped'; searchedMiles: number }
    | { end: 'coarser'; bits: number; batch: number }
  > => {
    let batchSize = firstRound;
    const cellArea = 2 ** (coarsestDepth - cellDepth);
    const start = cellOf(point, cellDepth);
    const seen = new Set([keyOf(start)]);
    const queue = [{ cell: start, min: 0 }];
    for (;;) {
      const bound = found.length >= needed ? (found[needed - 1]?.miles ?? Infinity) : Infinity;
      const batch: { cell: Cell; min: number }[] = [];
      while (batch.length < batchSize && queue.length && (queue[0]?.min ?? Infinity) <= bound) {
        const next = queue.shift() as { cell: Cell; min: number };
        batch.push(next);
        for (const cell of neighbours(next.cell)) {
          if (seen.has(keyOf(cell))) continue;
          seen.add(keyOf(cell));
          const min = minDistanceMiles(point, cell);
          if (min <= radiusMiles) queue.push({ cell, min });
        }
        if (batch.length === batchSize || !queue.length) break;
        // Neighbours were added: keep the queue nearest first before taking the next cell.
        queue.sort((a, b) => a.min - b.min);
      }
      if (!batch.length) return { end: 'done' };
      // Anything unread is at least this far away: what a search stopped now has covered.
      const unreadFrom = Math.min(queue[0]?.min ?? radiusMiles, ...batch.map(({ min }) => min));
      // Once the needed-th result is known, only the parts of a cell nearer than it matter: a
      // cell that holds many listings is read as its smaller parts that are.
      const perCellNow = areaRead > 0 ? (examined * cellArea) / areaRead : 0;
      const nearerParts = (cell: Cell): Cell[] =>
        bound === Infinity ||
        perCellNow * 2 ** (cellDepth - cell.depth) <= splitAbove ||
        cell.depth >= cellDepth + 2
          ? [cell]
          : childrenOf(cell)
              .filter((child) => minDistanceMiles(point, child) <= bound)
              .flatMap(nearerParts);
      const targets = batch.map(({ cell }) => nearerParts(cell));
      const parts = targets.map((cells) => cells.flatMap(unreadParts));
      if (parts.some((cellParts) => cellParts.length)) {
        const merged = mergeRanges(parts.flat());
        const remaining = itemBudget - examined;
        if (queries + merged.length * partitions > queryBudget || remaining <= 0)
          return { end: 'stopped', searchedMiles: unreadFrom };
        queries += merged.length * partitions;
        const { listings, unfinished } = await read(merged, remaining);
        examined += listings.length;
        for (const listing of listings) {
          const miles = distanceMiles(point, listing);
          if (miles <= radiusMiles && matches(listing) && !foundIds.has(listing.activityId)) {
            foundIds.add(listing.activityId);
            found.push({ listing, miles });
          }
        }
        found.sort((a, b) => a.miles - b.miles || a.listing.title.localeCompare(b.listing.title));
        // A cell is read when every part of it lies in a range read to its end.
        const readWhole = (part: Cell) => {
          const own = cellRange(part);
          return !unfinished.some(
            (range) => range.partition === own.partition && range.from <= own.from && own.to <= range.to,
          );
        };
        let stoppedAt = queue[0]?.min ?? radiusMiles;
        batch.forEach(({ min }, i) => {
          const cellParts = parts[i] ?? [];
          if (cellParts.every(readWhole)) {
            for (const part of cellParts) areaRead += 2 ** (coarsestDepth - part.depth);
            for (const target of targets[i] ?? []) markRead(target);
          } else stoppedAt = Math.min(stoppedAt, min);
        });
        if (unfinished.length) return { end: 'stopped', searchedMiles: stoppedAt };
      }
      queue.sort((a, b) => a.min - b.min);
      if (!queue.length) return { end: 'done' };
      // Size the next round from what the cells so far held: enough cells to find what is missing,
      // so a narrow filter does not crawl outwards a few cells at a time, nor a wide one overshoot;
      // and no more than the items left in the budget are expected to pay for.
      const cellsRead = areaRead / cellArea;
      const perCell = cellsRead > 0 ? examined / cellsRead : 0;
      const affordable = (cells: number, coarser = 0) =>
        perCell > 0 ? Math.min(cells, Math.floor((itemBudget - examined) / (perCell * 2 ** coarser))) : cells;
      const missing = needed - found.length;
      if (missing <= 0) {
        batchSize = Math.max(1, affordable(firstBatch));
        continue;
      }
      const wanted = found.length > 0 ? Math.ceil((missing * cellsRead) / found.length) : cellsRead * 4;
      if (wanted > coarsenAbove && cellDepth > coarsestDepth) {
        // Cut coarser, so the cells still wanted are about a first round's worth.
        const bits = Math.min(cellDepth - coarsestDepth, Math.ceil(Math.log2(wanted / firstBatch)));
        const batch = affordable(Math.max(4, Math.ceil(wanted / 2 ** bits)), bits);
        if (batch >= 1) return { end: 'coarser', bits, batch };
      }
      // At most double the area read so far: early counts are too few to trust further.
      batchSize = Math.max(1, affordable(Math.min(Math.max(4, Math.ceil(cellsRead)), Math.max(4, wanted))));
    }
  };

  let cellDepth = depth;
  let firstRound = firstBatch;
  for (;;) {
    const outcome = await pass(cellDepth, firstRound);
    if (outcome.end === 'coarser') {
      cellDepth -= outcome.bits;
      firstRound = outcome.batch;
      continue;
    }
    if (outcome.end === 'stopped')
      return {
        // Only what is certainly in order: a nearer match may lie in what was not read.
        results: found.filter(({ miles }) => miles <= outcome.searchedMiles),
        queries,
        examined,
        searchedMiles: outcome.searchedMiles,
      };
    return { results: found, queries, examined };
  }
}

/**
 * A search for up to this many activity types reads each type's own cells; one for more reads
 * the cells of all listings and keeps the chosen types. Each type read apart costs a query per
 * range, so beyond a few types the queries cost more than the listings of other types would.
 */
export const typesReadApart = 3;

/** The types whose own index a search near a point reads, or undefined to read every listing. */
export function typesToReadApart(query: SearchQuery): ActivityType[] | undefined {
  const chosen = [...new Set(query.type)];
  return chosen.length > 0 && chosen.length <= typesReadApart ? chosen : undefined;
}
