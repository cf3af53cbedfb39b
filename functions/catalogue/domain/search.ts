import { z } from 'zod';
import { needsSupported } from '../../../shared/domain/needs';
import { fundingRoutes } from '../../../shared/domain/users';
import { weekdays } from '../../../shared/time/london-time';
import { accessibilityFeatures, activityTypes, settings } from './activity';
import {
  type Cell,
  type CellRange,
  cellOf,
  distanceMiles,
  mergeRanges,
  minDistanceMiles,
  neighbours,
  type Point,
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
/** Depths a search may cut cells at: down to about 200 metres across, for the densest towns. */
export const searchDepths = [16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36] as const;

/**
 * How deep to cut cells for a search near a point: deep enough that a cell holds only a few of
 * the listings needed, so reading whole cells around the point wastes little; no deeper, so the
 * number of cells (queries) stays small. Density comes from the count of a cell around the point
 * at least two levels (16 times the area) coarser, which evens out a point in an empty corner.
 */
export function chooseDepth(countsAtPoint: Map<number, number>, needed: number): number {
  const target = Math.max(1, needed / 10);
  const finest = countedDepths[countedDepths.length - 1] as number;
  for (const depth of searchDepths) {
    const counted = Math.max(countedDepths[0], Math.min(depth - 4, finest));
    const perCell = (countsAtPoint.get(counted) ?? 0) / 2 ** (depth - counted);
    if (perCell <= target) return depth;
  }
  return searchDepths[searchDepths.length - 1] as number;
}

export interface NearbyResult {
  listing: Listing;
  miles: number;
}

export interface NearbyOutcome {
  results: NearbyResult[];
  /** Queries sent: one per merged range. */
  ranges: number;
  /**
   * Set when the query budget ran out first: everything within this many miles was searched, so
   * the results are right up to there; a narrower radius or fewer filters finds the rest.
   */
  searchedMiles?: number;
}

/** The most queries one search may send, whatever the filters: a public page must stay cheap. */
export const nearbyQueryBudget = 120;

/**
 * The nearest listings passing the filters, within `radiusMiles`: cells are read nearest first,
 * a few at a time, and the search stops as soon as no unread cell could hold anything nearer
 * than the `needed`-th result found. Reads about what the page needs, however big the catalogue.
 * When the filters leave few matches, it cuts the map coarser (16 times the area a cell) rather
 * than crawl outwards cell by cell, and it never sends more than `nearbyQueryBudget` queries.
 */
export async function searchNearby(
  point: Point,
  radiusMiles: number,
  depth: number,
  needed: number,
  matches: (listing: Listing) => boolean,
  read: (ranges: CellRange[]) => Promise<Listing[]>,
  firstBatch = 8,
): Promise<NearbyOutcome> {
  const found: NearbyResult[] = [];
  const foundIds = new Set<string>();
  let ranges = 0;
  let currentDepth = depth;

  // One pass at one depth; returns 'coarser' when matches are too sparse for this cell size.
  const pass = async (): Promise<'done' | 'coarser' | 'budget'> => {
    let batchSize = firstBatch;
    let cellsRead = 0;
    const start = cellOf(point, currentDepth);
    const keyOf = (cell: Cell) => `${cell.x}:${cell.y}`;
    const seen = new Set([keyOf(start)]);
    const queue = [{ cell: start, min: 0 }];
    for (;;) {
      const bound = found.length >= needed ? (found[needed - 1]?.miles ?? Infinity) : Infinity;
      const batch: Cell[] = [];
      while (batch.length < batchSize && queue.length && (queue[0]?.min ?? Infinity) <= bound) {
        const next = queue.shift() as { cell: Cell; min: number };
        batch.push(next.cell);
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
      if (!batch.length) return 'done';
      const merged = mergeRanges(batch);
      if (ranges + merged.length > nearbyQueryBudget) return 'budget';
      ranges += merged.length;
      for (const listing of await read(merged)) {
        const miles = distanceMiles(point, listing);
        if (miles <= radiusMiles && matches(listing) && !foundIds.has(listing.activityId)) {
          foundIds.add(listing.activityId);
          found.push({ listing, miles });
        }
      }
      found.sort((a, b) => a.miles - b.miles || a.listing.title.localeCompare(b.listing.title));
      queue.sort((a, b) => a.min - b.min);
      cellsRead += batch.length;
      // Size the next round from what the cells so far held: enough cells to find what is missing,
      // so a narrow filter does not crawl outwards a few cells at a time, nor a wide one overshoot.
      const perCell = found.length / cellsRead;
      const missing = needed - found.length;
      const wanted = perCell > 0 ? Math.ceil(missing / perCell) : cellsRead * 4;
      if (missing > 0 && wanted > 64 && currentDepth - 4 >= searchDepths[0]) return 'coarser';
      batchSize =
        missing <= 0
          ? firstBatch
          : // At most double the area read so far: early counts are too few to trust further.
            Math.min(Math.max(4, cellsRead), Math.max(4, wanted));
      if (!queue.length) return 'done';
      frontier = queue[0]?.min ?? radiusMiles;
    }
  };

  let frontier = 0;
  for (;;) {
    const outcome = await pass();
    if (outcome === 'coarser') {
      currentDepth -= 4;
      continue;
    }
    if (outcome === 'budget') return { results: found, ranges, searchedMiles: frontier };
    return { results: found, ranges };
  }
}
