import { z } from 'zod';
import type { PostcodeLocation, PostcodeLookup } from '../../../shared/postcodes/lookup';
import { parsePostcode, postcodeMessages } from '../../../shared/postcodes/postcode';
import { activityIdPattern } from '../domain/activity';
import type { Listing } from '../domain/listing';
import {
  chooseDepth,
  matchesFilters,
  maxSearchPage,
  pageSize,
  type SearchQuery,
  searchNearby,
  typesToReadApart,
} from '../domain/search';
import {
  type CouncilPosition,
  type ListingRepository,
  noCost,
  type ReadCost,
} from '../repositories/listings';

/** A search that cannot run as asked: the field and how to fix it. */
export class SearchInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SearchInputError';
  }
}

export interface SearchResult {
  listing: Listing;
  /** Present for searches near a postcode. */
  miles?: number;
}

export interface SearchPage {
  results: SearchResult[];
  /** Where the search was centred, for searches near a postcode. */
  near?: PostcodeLocation;
  page: number;
  hasNext: boolean;
  /** For "anywhere in the council": the cursor of the next page. */
  after?: string;
  /**
   * Set when a search stopped at its read budget: it looked this far (miles, in tenths rounded
   * down) from the postcode, and the results are those that near.
   */
  searchedMiles?: number;
  cost: ReadCost;
}

/** The largest page a caller may ask a search near a postcode for (its read budget grows with it). */
const maxPerPage = 250;

/** At most this many index pages read for one page of "anywhere in the council". */
const councilReadSteps = 5;

const encodeCursor = (position: CouncilPosition) =>
  Buffer.from(JSON.stringify(position)).toString('base64url');
const cursorSchema = z.strictObject({
  title: z.string().max(200),
  activityId: z.string().regex(activityIdPattern),
});
const decodeCursor = (cursor: string): CouncilPosition => {
  try {
    const position = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (position.success) return position.data;
  } catch {
    // Not JSON: the same answer as any other broken link.
  }
  throw new SearchInputError('after', 'This page link is broken; start the search again');
};

/**
 * Searches the catalogue: near a postcode (nearest first, within the chosen distance), or
 * anywhere in one council (A to Z). Either way it reads about one page's worth of listings.
 */
export function createSearchService(deps: {
  listings: Pick<ListingRepository, 'countsAt' | 'readRanges' | 'pageByCouncil' | 'positionOf'>;
  postcodes: PostcodeLookup;
}) {
  const { listings, postcodes } = deps;
  return {
    /**
     * One page of results. `perPage` is for callers with pages of their own (Open Referral near a
     * postcode asks for everything up to the end of its page in one search); it is not for the
     * public search, whose page is always `pageSize`. It applies to searches near a postcode.
     */
    async search(query: SearchQuery, options: { perPage?: number } = {}): Promise<SearchPage> {
      const perPage = options.perPage ?? pageSize;
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > maxPerPage)
        throw new RangeError(`perPage must be a whole number from 1 to ${maxPerPage}`);
      const cost = noCost();
      const matches = (listing: Listing) => matchesFilters(listing, query);

      if (query.postcode) {
        const parsed = parsePostcode(query.postcode);
        if (!parsed.ok) throw new SearchInputError('postcode', parsed.message);
        const near = await postcodes.find(parsed.postcode);
        if (!near) throw new SearchInputError('postcode', postcodeMessages.unknown);
        // Page N reads what pages 1 to N - 1 read first, with their budgets, and then its own: so
        // it reaches at least as far as the page before it, and a next page offered is there.
        const stages = Array.from({ length: query.page }, (_, i) => (i + 1) * perPage + 1);
        const counts = await listings.countsAt(near, cost);
        // A search by type reads only that type's listings, the filter costing nothing to apply,
        // once every listing has its copy by type; until then it reads every listing.
        const types = counts.indexByTypeComplete ? typesToReadApart(query) : undefined;
        const depth = chooseDepth(counts.of(types), stages[0] as number);
        const { results, searchedMiles } = await searchNearby(
          near,
          query.distance,
          depth,
          stages,
          matches,
          (ranges, limits) => listings.readRanges(ranges, cost, { ...(types ? { types } : {}), ...limits }),
          { partitions: types?.length ?? 1 },
        );
        return {
          results: results.slice((query.page - 1) * perPage, query.page * perPage),
          near,
          page: query.page,
          hasNext: query.page < maxSearchPage && results.length > query.page * perPage,
          ...(searchedMiles !== undefined ? { searchedMiles } : {}),
          cost,
        };
      }

      if (query.council) {
        const found: Listing[] = [];
        let position = query.after ? decodeCursor(query.after) : undefined;
        let lastExamined: Listing | undefined;
        let exhausted = false;
        // Read in steps a little larger than a page (filters may leave some out), but at most a
        // few steps: a filter that matches little gives a short page and a link to read on.
        for (let step = 0; step < councilReadSteps && found.length <= pageSize && !exhausted; step++) {
          const read = await listings.pageByCouncil(query.council, position, pageSize + 1, cost);
          for (const listing of read.listings) {
            if (found.length > pageSize) break;
            lastExamined = listing;
            if (matches(listing)) found.push(listing);
          }
          exhausted = !read.next;
          position = read.next;
        }
        const full = found.length > pageSize;
        const shown = found.slice(0, pageSize);
        // After a full page, the next starts after its last result; after a short one, after the
        // last listing read.
        const resumeAfter = full ? shown.at(-1) : exhausted ? undefined : lastExamined;
        return {
          results: shown.map((listing) => ({ listing })),
          page: query.page,
          hasNext: Boolean(resumeAfter),
          ...(resumeAfter ? { after: encodeCursor(listings.positionOf(resumeAfter)) } : {}),
          cost,
        };
      }

      throw new SearchInputError('postcode', 'Enter a postcode, or choose to search anywhere in a council');
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
