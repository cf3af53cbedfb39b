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
  cellsBetween,
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
export const maxSearchPage = 10;

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
  // The 200 nearest, as Open Referral's pages reach: page N replays the searches of the pages
  // before it, so a deeper page would cost a public request many times the first page's reads.
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(
      maxSearchPage,
      `Choose a page from 1 to ${maxSearchPage}; for more, choose a shorter distance or a filter`,
    )
    .default(1),
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

/** The most one read may cost, in all: items examined and queries sent. */
export interface ReadLimits {
  items: number;
  queries: number;
}

/** A range a read stopped before its end, and the first full geohash in it not yet read. */
export interface UnfinishedRange {
  range: CellRange;
  unreadFrom: string;
}

/** What one read of cell ranges gave back, what it sent, and which ranges it did not finish. */
export interface RangeRead {
  listings: Listing[];
  /** Queries sent, the second and later queries of a range read in several goes included. */
  queries: number;
  unfinished: UnfinishedRange[];
}

/** Reads the listings in the ranges, within the limits. */
export type ReadRanges = (ranges: CellRange[], limits: ReadLimits) => Promise<RangeRead>;

/** What one query of a range gave back. */
export interface RangeQueryAnswer<Start> {
  listings: Listing[];
  examined: number;
  /** Set when the query stopped at its limit: where the next one starts, and that full geohash. */
  next?: { start: Start; geohash: string };
}

/**
 * Reads cell ranges, each from every one of `partitions` index partitions, in rounds of queries
 * sent together: the items left are shared between a round's queries (so one dense range cannot
 * take them all), and a query that stops at its share goes on in the next round with what is left.
 * Every query sent counts against the query limit, the ones that go on included. The index read
 * (DynamoDB, or an array in a test) is `send`; how the limits are shared lives here, once.
 */
export async function readInRounds<Start>(
  ranges: CellRange[],
  partitions: number,
  limits: ReadLimits,
  send: (
    range: CellRange,
    partition: number,
    limit: number | undefined,
    start: Start | undefined,
  ) => Promise<RangeQueryAnswer<Start>>,
): Promise<RangeRead> {
  interface OpenQuery {
    range: CellRange;
    partition: number;
    start?: Start;
    unreadFrom: string;
  }
  let open: OpenQuery[] = ranges.flatMap((range) =>
    Array.from({ length: partitions }, (_, partition) => ({ range, partition, unreadFrom: range.from })),
  );
  const listings: Listing[] = [];
  let items = limits.items;
  let queries = 0;
  while (open.length && items > 0 && queries < limits.queries) {
    const round = open.slice(0, Math.min(open.length, items, limits.queries - queries));
    const share = Number.isFinite(items) ? Math.floor(items / round.length) : undefined;
    const answers = await Promise.all(
      round.map((query) => send(query.range, query.partition, share, query.start)),
    );
    queries += round.length;
    answers.forEach((answer, i) => {
      const query = round[i] as OpenQuery;
      listings.push(...answer.listings);
      items -= answer.examined;
      if (answer.next) {
        query.start = answer.next.start;
        query.unreadFrom = answer.next.geohash;
      }
    });
    open = open.filter((_, i) => i >= round.length || answers[i]?.next !== undefined);
  }
  // A range read from several partitions is read as far as its least read partition.
  const unfinished = new Map<CellRange, string>();
  for (const query of open) {
    const before = unfinished.get(query.range);
    if (before === undefined || query.unreadFrom < before) unfinished.set(query.range, query.unreadFrom);
  }
  return {
    listings,
    queries,
    unfinished: [...unfinished].map(([range, unreadFrom]) => ({ range, unreadFrom })),
  };
}

export interface NearbyOutcome {
  results: NearbyResult[];
  /** Queries sent, every one. */
  queries: number;
  /** Items read (examined). */
  examined: number;
  /**
   * Set when a budget (items or queries) ran out first: everything within this many miles was
   * searched (said in tenths, rounded down, so never more than was), and only results as near as
   * what was read are returned, so they are right; a narrower radius or fewer filters finds the
   * rest.
   */
  searchedMiles?: number;
}

/**
 * The most queries the search for a page may send, whatever the filters: a public page must stay
 * cheap. Each costs at least half a capacity unit; searches without filters, or by type, send at
 * most about 25 for a first page on 100,000 listings. A later page reads the pages before it
 * first, so it may send 20 more a page.
 */
export const nearbyQueryBudget = (page = 1) => 20 + 20 * page;

/**
 * The most items one search may read, whatever the filters, for the results it needs (the page
 * and one more): 228 for the first page, 388 for the second. Searches without filters, or by
 * type, read under 5 a result needed at either catalogue size, so only filters the index cannot
 * use (time, needs, access, price, ...) ever meet it, when they leave few matches.
 */
export const nearbyItemBudget = (needed: number) => 60 + 8 * needed;

/** What a stopped search says it searched: tenths of a mile, rounded down, so never more than it read. */
export const searchedMilesShown = (miles: number) => Math.floor(miles * 10) / 10;

export interface NearbyOptions {
  /** Index partitions read for each range (one per activity type searched by type). */
  partitions?: number;
  /** Items the whole search may read, whatever its stage; by default `nearbyItemBudget` of each stage. */
  itemBudget?: number;
  /** Queries the whole search may send; by default `nearbyQueryBudget` of each stage (a page). */
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
 * looked: as far as the nearest place it had not read.
 *
 * `needed` may grow in stages, one a page: the search for page N first runs exactly the search
 * for page N - 1, with that page's budgets, and then goes on with its own. So a later page always
 * reaches at least as far as the page before it, and holds what that page promised.
 */
export async function searchNearby(
  point: Point,
  radiusMiles: number,
  depth: number,
  needed: number | readonly number[],
  matches: (listing: Listing) => boolean,
  read: ReadRanges,
  options: NearbyOptions = {},
): Promise<NearbyOutcome> {
  const { partitions = 1, firstBatch = 8 } = options;
  const stages = typeof needed === 'number' ? [needed] : [...needed];
  let stage = 0;
  let wanted = stages[0] as number;
  const itemBudget = () => options.itemBudget ?? nearbyItemBudget(wanted);
  const queryBudget = () => options.queryBudget ?? nearbyQueryBudget(stage + 1);
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
  const readWhole = (cell: Cell) => {
    for (let up = cell; ; up = parentOf(up)) {
      if (readCells.has(keyOf(up))) return true;
      if (up.depth <= coarsestDepth) return false;
    }
  };
  const unreadParts = (cell: Cell): Cell[] =>
    readWhole(cell) ? [] : partlyRead.has(keyOf(cell)) ? childrenOf(cell).flatMap(unreadParts) : [cell];
  const nearest = (cells: Cell[]) => Math.min(...cells.map((cell) => minDistanceMiles(point, cell)));
  /**
   * Parts of cells left unread because they lie beyond the needed-th result: a later stage, which
   * needs more, reads them, and a search stopped meanwhile has not searched them.
   */
  let beyondResult: Cell[] = [];
  const unreadBeyondResult = () => nearest(beyondResult.flatMap(unreadParts));

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
    /** Cells to read, nearest first; `again` marks one put back, whose neighbours are queued already. */
    const queue: { cell: Cell; min: number; again?: boolean }[] = [{ cell: start, min: 0 }];
    /**
     * The next stage, which needs more and may read more: it goes on from where this one left
     * off, reading the parts left beyond the result this one needed, and any cells put back.
     */
    const nextStage = (putBack: { cell: Cell; min: number }[] = []) => {
      stage += 1;
      wanted = stages[stage] as number;
      for (const cell of beyondResult.flatMap(unreadParts))
        queue.push({ cell, min: minDistanceMiles(point, cell), again: true });
      beyondResult = [];
      queue.push(...putBack.map((entry) => ({ ...entry, again: true })));
      queue.sort((a, b) => a.min - b.min);
    };
    const lastStage = () => stage + 1 >= stages.length;
    for (;;) {
      const bound = found.length >= wanted ? (found[wanted - 1]?.miles ?? Infinity) : Infinity;
      const batch: { cell: Cell; min: number }[] = [];
      while (batch.length < batchSize && queue.length && (queue[0]?.min ?? Infinity) <= bound) {
        const next = queue.shift() as { cell: Cell; min: number; again?: boolean };
        batch.push(next);
        if (!next.again)
          for (const cell of neighbours(next.cell)) {
            if (seen.has(keyOf(cell))) continue;
            seen.add(keyOf(cell));
            const min = minDistanceMiles(point, cell);
            if (min <= radiusMiles) queue.push({ cell, min });
          }
        // Neighbours were added: keep the queue nearest first, for the next cell taken and for
        // what a search stopped now says it covered.
        queue.sort((a, b) => a.min - b.min);
        if (batch.length === batchSize) break;
      }
      if (!batch.length) {
        // This stage has what it needs.
        if (!lastStage() && (queue.length || beyondResult.length)) {
          nextStage();
          continue;
        }
        return { end: 'done' };
      }
      // Once the needed-th result is known, only the parts of a cell nearer than it matter: a
      // cell that holds many listings is read as its smaller parts that are.
      const perCellNow = areaRead > 0 ? (examined * cellArea) / areaRead : 0;
      const nearerParts = (cell: Cell): Cell[] => {
        if (
          bound === Infinity ||
          perCellNow * 2 ** (cellDepth - cell.depth) <= splitAbove ||
          cell.depth >= cellDepth + 2
        )
          return [cell];
        const [near, far] = [[], []] as [Cell[], Cell[]];
        for (const child of childrenOf(cell))
          (minDistanceMiles(point, child) <= bound ? near : far).push(child);
        beyondResult.push(...far);
        return near.flatMap(nearerParts);
      };
      const targets = batch.flatMap(({ cell }) => nearerParts(cell));
      const parts = targets.flatMap(unreadParts);
      // Anything not read yet is at least this far away: what a search stopped now has covered.
      const unreadFrom = () =>
        Math.min(queue[0]?.min ?? radiusMiles, radiusMiles, unreadBeyondResult(), nearest(parts));
      if (parts.length) {
        // Nearest first, so a read the budget cuts short has read the nearest.
        const merged = mergeRanges(parts)
          .map((range) => ({ range, miles: nearest(cellsBetween(range.from, range.to)) }))
          .sort((a, b) => a.miles - b.miles)
          .map(({ range }) => range);
        const remaining = itemBudget() - examined;
        if (queries + merged.length * partitions > queryBudget() || remaining <= 0) {
          if (lastStage()) return { end: 'stopped', searchedMiles: unreadFrom() };
          nextStage(batch);
          continue;
        }
        const answer = await read(merged, { items: remaining, queries: queryBudget() - queries });
        queries += answer.queries;
        examined += answer.listings.length;
        for (const listing of answer.listings) {
          const miles = distanceMiles(point, listing);
          if (miles <= radiusMiles && matches(listing) && !foundIds.has(listing.activityId)) {
            foundIds.add(listing.activityId);
            found.push({ listing, miles });
          }
        }
        found.sort((a, b) => a.miles - b.miles || a.listing.title.localeCompare(b.listing.title));
        if (answer.unfinished.length) {
          // What a range cut short did not read is the stretch of it from where it stopped.
          const unreadTails = answer.unfinished.flatMap(({ range, unreadFrom: from }) =>
            cellsBetween(from, range.to),
          );
          if (!lastStage()) {
            // Parts read to their end stay read; the rest is read again with the next budget.
            for (const part of parts) {
              const own = cellRange(part);
              const cutShort = answer.unfinished.some(
                ({ range, unreadFrom: from }) =>
                  range.partition === own.partition &&
                  range.from <= own.from &&
                  own.to <= range.to &&
                  from <= own.to,
              );
              if (cutShort) continue;
              markRead(part);
              areaRead += 2 ** (coarsestDepth - part.depth);
            }
            nextStage(batch);
            continue;
          }
          return {
            end: 'stopped',
            searchedMiles: Math.min(
              queue[0]?.min ?? radiusMiles,
              radiusMiles,
              unreadBeyondResult(),
              nearest(unreadTails),
            ),
          };
        }
        for (const part of parts) areaRead += 2 ** (coarsestDepth - part.depth);
      }
      for (const target of targets) markRead(target);
      queue.sort((a, b) => a.min - b.min);
      if (!queue.length && !beyondResult.length) return { end: 'done' };
      // Size the next round from what the cells so far held: enough cells to find what is missing,
      // so a narrow filter does not crawl outwards a few cells at a time, nor a wide one overshoot;
      // and no more than the items left in the budget are expected to pay for.
      const cellsRead = areaRead / cellArea;
      const perCell = cellsRead > 0 ? examined / cellsRead : 0;
      const affordable = (cells: number, coarser = 0) =>
        perCell > 0
          ? Math.min(cells, Math.floor((itemBudget() - examined) / (perCell * 2 ** coarser)))
          : cells;
      const missing = wanted - found.length;
      if (missing <= 0) {
        batchSize = Math.max(1, affordable(firstBatch));
        continue;
      }
      const wantedCells = found.length > 0 ? Math.ceil((missing * cellsRead) / found.length) : cellsRead * 4;
      if (wantedCells > coarsenAbove && cellDepth > coarsestDepth) {
        // Cut coarser, so the cells still wanted are about a first round's worth.
        const bits = Math.min(cellDepth - coarsestDepth, Math.ceil(Math.log2(wantedCells / firstBatch)));
        const batch = affordable(Math.max(4, Math.ceil(wantedCells / 2 ** bits)), bits);
        if (batch >= 1) return { end: 'coarser', bits, batch };
      }
      // At most double the area read so far: early counts are too few to trust further.
      batchSize = Math.max(
        1,
        affordable(Math.min(Math.max(4, Math.ceil(cellsRead)), Math.max(4, wantedCells))),
      );
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
        searchedMiles: searchedMilesShown(outcome.searchedMiles),
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
