import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { type Council, councilIdSchema } from '../../../shared/domain/councils';
import type { AppEnv } from '../../../shared/http/app-env';
import { problemResponses } from '../../../shared/http/openapi-responses';
import { problems } from '../../../shared/http/problem';
import { publicOrigin } from '../../../shared/http/public-origin';
import { sharedByCachesWhenOk } from '../../../shared/http/shared-cache';
import { PostcodeLookupUnavailableError } from '../../../shared/postcodes/lookup';
import { parsePostcode } from '../../../shared/postcodes/postcode';
import type { CouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
import { type Activity, activityIdPattern } from '../domain/activity';
import type { Listing } from '../domain/listing';
import {
  activityIdOfService,
  activityIdOfServiceAtLocation,
  type DirectoryContext,
  type DirectoryFilter,
  directoryFilterOf,
  type FieldProblem,
  isFiltering,
  listingMatches,
  maxProximityMetres,
  metresPerMile,
  milesNearerThan,
  milesSearched,
  nearbySearchFiltersOf,
  pageOf,
  pageOfAll,
  searchMilesFor,
  serviceAtLocationOf,
  serviceOf,
  taxonomies,
  taxonomyTerms,
} from '../domain/open-referral';
import { type SearchQuery, searchQuerySchema } from '../domain/search';
import type { ActivityRepository } from '../repositories/activities';
import type { CouncilPosition, ListingRepository } from '../repositories/listings';
import { SearchInputError, type SearchResult, type SearchService } from '../services/search-service';

export interface OpenReferralDependencies {
  listings: Pick<ListingRepository, 'get' | 'pageByCouncil' | 'positionOf'>;
  activities: Pick<ActivityRepository, 'get' | 'getMany'>;
  councils: Pick<CouncilRepository, 'get' | 'list'>;
  /** The catalogue's own search: services near a postcode are what it finds. */
  search: Pick<SearchService, 'search'>;
  now: () => Date;
}

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const tags = ['Open Referral UK directory'];
const profileUrl = 'https://open-referral-uk-profile.readthedocs.io/en/latest/';

/**
 * Directories harvest the whole list again and again; five minutes in a shared cache spares the
 * table most of that, and a change reaches them within five minutes anyway.
 */
const cacheControl = 'public, max-age=300';

const maxPerPage = 100;
/** Page numbers alone reach this far: page N reads the N - 1 pages before it too. */
const maxPage = 20;
/**
 * At most this many listings read for one page, whatever the filters: per_page's most and one
 * more, to know whether more follow. A filter that matches little gives a short page, even an
 * empty one, and its link carries on from the last listing read, so no page costs more.
 */
const listingsReadPerPage = maxPerPage + 1;
/** Near a postcode, pages reach the 200 nearest: page × per_page. */
const maxNearbyResults = 200;

/**
 * A whole number in the query string. An empty or blank value is refused, not read as 0 (which
 * `Number('')` gives): `minimum_age=` must not quietly mean every age.
 */
const wholeNumber = (message: string, min: number, max: number) =>
  z
    .preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? Number.NaN : value),
      z.coerce.number({ error: message }).int(message).min(min, message).max(max, message),
    )
    .optional();
const pageMessage = 'Enter the page as a whole number, 1 or more';
const perPageMessage = `Enter per_page as a whole number from 1 to ${maxPerPage}`;
const pageQuery = {
  page: wholeNumber(pageMessage, 1, 1_000_000).openapi({
    type: 'integer',
    minimum: 1,
    description: 'Page number, from 1 (default 1).',
    example: 1,
  }),
  per_page: wholeNumber(perPageMessage, 1, maxPerPage).openapi({
    type: 'integer',
    minimum: 1,
    maximum: maxPerPage,
    description: `Results per page, 1 to ${maxPerPage} (default 50).`,
    example: 50,
  }),
};
const ageMessage = (which: string) => `Enter the ${which} age as a whole number from 0 to 120`;
const age = (which: string, description: string) =>
  wholeNumber(ageMessage(which), 0, 120).openapi({ type: 'integer', minimum: 0, maximum: 120, description });
const repeatable = (description: string) =>
  z
    .union([z.string().max(400), z.array(z.string().max(400)).max(20)])
    .optional()
    .openapi({ description });
const proximityMessage = `Enter proximity in metres, a whole number from 1 to ${maxProximityMetres} (20 miles)`;
/** The parameters that may be given more than once (each value must hold). */
const repeatableParameters = ['taxonomy_term_id', 'taxonomy_id'];
const serviceListQuery = z.object({
  ...pageQuery,
  council: councilIdSchema
    .optional()
    .openapi({ description: "One council's directory, like dorset (default: every council's)." }),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'This page link is broken: start again from page 1')
    .optional()
    .openapi({
      description:
        'Where the page starts, from the `Link: <...>; rel="next"` header of the page before: reads one page, however deep. Not near a postcode.',
    }),
  search: z
    .string()
    .trim()
    .min(1, 'Enter something to search for')
    .max(100, 'Search for 100 characters or fewer')
    .optional()
    .openapi({
      description:
        'Words that must all appear in the name, the provider’s name or the start of the description.',
    }),
  taxonomy_term_id: repeatable(
    'Services with this term (from /openreferral/taxonomy_terms). Repeat it, or separate ids with commas, for services with every one.',
  ),
  taxonomy_id: repeatable(
    'Services with at least one term from this taxonomy (from /openreferral/taxonomies).',
  ),
  minimum_age: age('minimum', 'Services whose minimum age is at least this.'),
  maximum_age: age('maximum', 'Services with a maximum age of this or below.'),
  day: z
    .string()
    .max(10)
    .optional()
    .openapi({ description: 'Services that run on this day: MO, TU, WE, TH, FR, SA or SU (or monday...).' }),
  postcode: z.string().max(10, 'Enter a postcode of 10 characters or fewer').optional().openapi({
    description:
      'Services near this postcode (or postcode district), nearest first, within proximity or else 20 miles.',
  }),
  proximity: wholeNumber(proximityMessage, 1, maxProximityMetres).openapi({
    type: 'integer',
    minimum: 1,
    maximum: maxProximityMetres,
    description: 'With postcode: how far from it, in metres.',
  }),
});
type ServiceListQuery = z.infer<typeof serviceListQuery>;
const serviceListParameters = Object.keys(serviceListQuery.shape);
const taxonomyListQuery = z.object(pageQuery);

const idParams = (what: string) =>
  z.strictObject({
    id: z
      .string()
      .regex(
        /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
        `Enter the ${what} id as a UUID, like ac148810-d857-441c-9679-408f346de14b`,
      ),
  });

const pageSchema = (name: string, item: z.ZodType) =>
  z
    .object({
      total_items: z.number().int().optional(),
      total_pages: z.number().int().optional(),
      searched_miles: z.number().optional().openapi({
        description:
          'Our addition, near a postcode only, on the last page of a list that ends before the proximity asked for (the search reached its read budget, or pages reached the 200 nearest): every service within this many miles is in the list; there may be more further out. Ask with a smaller proximity or more filters to see them.',
      }),
      page_number: z.number().int(),
      size: z.number().int(),
      first_page: z.boolean(),
      last_page: z.boolean(),
      empty: z.boolean(),
      contents: z.array(item),
    })
    .openapi(name);

const serviceSchema = z
  .object({ id: z.uuid(), name: z.string(), status: z.literal('active'), url: z.url() })
  .passthrough()
  .openapi('OpenReferralService', {
    description: 'A bookable activity as an Open Referral UK (HSDS 3.0 UK profile) service.',
  });
const serviceAtLocationSchema = z
  .object({ id: z.uuid(), location: z.object({ id: z.uuid() }).passthrough(), service: serviceSchema })
  .openapi('OpenReferralServiceAtLocation');
const taxonomyTermSchema = z
  .object({ id: z.uuid(), taxonomy: z.string(), taxonomy_id: z.uuid(), term: z.string() })
  .openapi('OpenReferralTaxonomyTerm');
const taxonomySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    version: z.string(),
    taxonomy_terms: z.array(taxonomyTermSchema),
  })
  .openapi('OpenReferralTaxonomy');

/**
 * A parameter that takes one value, given twice, is a 400 naming it, before zod would say
 * "expected string, received array" (or read `1&1` as no number at all).
 */
const oneValueEach: MiddlewareHandler<AppEnv> = async (c, next) => {
  const repeated = Object.entries(c.req.queries())
    .filter(([name, values]) => values.length > 1 && !repeatableParameters.includes(name))
    .map(([field]) => ({
      field,
      message: `Give ${field} once: only ${repeatableParameters.join(' and ')} may be repeated`,
    }));
  if (repeated.length) throw problems.invalidInput(repeated);
  await next();
};

/** Parameters we do not offer (the profile's start_time and end_time among them): an error, not a silent no-op. */
function rejectOtherParameters(c: Context<AppEnv>, allowed: readonly string[]) {
  const others = Object.keys(c.req.queries()).filter((name) => !allowed.includes(name));
  if (others.length)
    throw problems.invalidInput(
      others.map((field) => ({
        field,
        message: `${field} is not supported here: use ${allowed.join(', ')}`,
      })),
    );
}

/** A place in the A to Z of every council's listings, councils in id order. */
interface DirectoryPosition extends CouncilPosition {
  councilId: string;
}

const positionSchema = z.strictObject({
  c: councilIdSchema,
  t: z.string().max(200),
  a: z.string().regex(activityIdPattern),
});
const encodePosition = ({ councilId, title, activityId }: DirectoryPosition) =>
  Buffer.from(JSON.stringify({ c: councilId, t: title, a: activityId })).toString('base64url');
function decodePosition(after: string): DirectoryPosition {
  try {
    const read = positionSchema.safeParse(JSON.parse(Buffer.from(after, 'base64url').toString('utf8')));
    if (read.success) return { councilId: read.data.c, title: read.data.t, activityId: read.data.a };
  } catch {
    // Not JSON: the same answer as any other broken link.
  }
  throw problems.invalidInput([
    { field: 'after', message: 'This page link is broken: start again from page 1' },
  ]);
}

/** One page of bookable activities as listed, in order, whether more follow, and where they start. */
interface ListingWindow {
  listings: Listing[];
  hasMore: boolean;
  /** Where the next page starts, for its link (A to Z only): after this page's last listing read. */
  next?: DirectoryPosition;
  /** Near a postcode, on a last page that ends before the proximity: how far the list is complete. */
  searchedMiles?: number;
}

/** What the parameters cannot be together. */
function listRuleErrors(query: ServiceListQuery, page: number, perPage: number): FieldProblem[] {
  const errors: FieldProblem[] = [];
  if (query.postcode !== undefined) {
    const parsed = parsePostcode(query.postcode);
    if (!parsed.ok) errors.push({ field: 'postcode', message: parsed.message });
    if (query.after !== undefined)
      errors.push({ field: 'after', message: 'Near a postcode, ask for pages by number, without after' });
  } else if (query.proximity !== undefined) {
    errors.push({ field: 'proximity', message: 'Give a postcode to measure proximity from' });
  }
  if (query.after !== undefined && page < 2)
    errors.push({
      field: 'page',
      message: 'Send after with the page number the Link header gives, 2 or more',
    });
  if (query.after === undefined && query.postcode === undefined && page > maxPage)
    errors.push({
      field: 'page',
      message: `The page must be ${maxPage} or less: follow each page's Link header to the next, which reaches any page`,
    });
  if (query.postcode !== undefined && page * perPage > maxNearbyResults)
    errors.push({
      field: 'page',
      message: `Near a postcode, pages reach the ${maxNearbyResults} nearest: with per_page=${perPage}, ask for page ${Math.max(1, Math.floor(maxNearbyResults / perPage))} or lower, or for a smaller proximity`,
    });
  return errors;
}

/**
 * The Open Referral UK read-only directory API: every bookable activity as a service, with its
 * organization, location, schedules, cost, contact and taxonomy terms. Public and open to any
 * origin, as the profile requires. Only activities with a listing appear: drafts, withdrawn
 * activities, those with no session ahead and those of suspended providers have none, so they
 * are simply not there (and `/services/{id}` is a 404 for them).
 */
export function addOpenReferralRoutes(app: OpenAPIHono<AppEnv>, deps: OpenReferralDependencies) {
  const { listings, activities, councils, search, now } = deps;

  app.use('/openreferral', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  app.use('/openreferral/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  app.use('/openreferral', sharedByCachesWhenOk(cacheControl));
  app.use('/openreferral/*', sharedByCachesWhenOk(cacheControl), oneValueEach);

  const contextFor = (c: Context<AppEnv>, council: Council): DirectoryContext => ({
    origin: publicOrigin(c),
    council,
    today: ukToday(now()),
  });

  /** The councils a list covers: the one asked for, or all of them in id order. */
  async function councilsFor(councilId: string | undefined): Promise<Council[]> {
    if (councilId === undefined) {
      return (await councils.list()).sort((a, b) => a.id.localeCompare(b.id));
    }
    const council = await councils.get(councilId);
    if (!council)
      throw problems.invalidInput([
        { field: 'council', message: `There is no council with the id ${councilId}` },
      ]);
    return [council];
  }

  /** The place in the A to Z just after a listing: where the page after it starts. */
  const positionAfter = (listing: Listing): DirectoryPosition => ({
    councilId: listing.councilId,
    ...listings.positionOf(listing),
  });

  /**
   * One page of listings A to Z that pass the filter, across councils' indexes in turn, from a
   * position (after the page before) or from the start. Reads until it has found the page and one
   * more, or has read `listingsReadPerPage` listings: a filter that matches little gives a short
   * page, perhaps empty, and the next page starts after the last listing read: a harvester that
   * follows the links walks the whole list, and no page costs more than that.
   */
  async function readAtoZPage(
    councilIds: string[],
    from: DirectoryPosition | undefined,
    take: number,
    filter: DirectoryFilter,
  ): Promise<ListingWindow> {
    const filtering = isFiltering(filter);
    const firstCouncil = from ? councilIds.indexOf(from.councilId) : 0;
    if (firstCouncil < 0)
      throw problems.invalidInput([
        { field: 'after', message: 'This page link is for another list: start again from page 1' },
      ]);
    const found: Listing[] = [];
    let read = 0;
    let lastRead: Listing | undefined;
    let spent = false;
    for (const councilId of councilIds.slice(firstCouncil)) {
      let position: CouncilPosition | undefined = from?.councilId === councilId ? from : undefined;
      do {
        const budget = listingsReadPerPage - read;
        // Without filters every listing read is shown: read no more than the page and one more.
        const limit = filtering ? budget : Math.min(budget, take + 1 - found.length);
        spent = limit <= 0;
        if (spent) break;
        const page = await listings.pageByCouncil(councilId, position, limit);
        for (const listing of page.listings) {
          read += 1;
          lastRead = listing;
          if (listingMatches(listing, filter)) found.push(listing);
          if (found.length > take) break;
        }
        position = page.next;
      } while (position && found.length <= take);
      if (spent || found.length > take) break;
    }
    if (found.length > take) {
      const shown = found.slice(0, take);
      return { listings: shown, hasMore: true, next: positionAfter(shown[take - 1] as Listing) };
    }
    // Read to the end of the last council's index: nothing follows.
    if (!spent || !lastRead) return { listings: found, hasMore: false };
    // The page's reading ran out first. Its link may lead to an empty last page, when the read
    // ended exactly at the end of the list: DynamoDB cannot say so without reading on.
    return { listings: found, hasMore: true, next: positionAfter(lastRead) };
  }

  /**
   * Page N by number: the page a harvester following the links from page 1 would reach, so short
   * pages never make page numbers skip a match. Reads the N - 1 pages before it (N ≤ `maxPage`).
   */
  async function readAtoZByNumber(
    councilIds: string[],
    page: number,
    take: number,
    filter: DirectoryFilter,
  ): Promise<ListingWindow> {
    let from: DirectoryPosition | undefined;
    for (let before = 1; before < page; before += 1) {
      const window = await readAtoZPage(councilIds, from, take, filter);
      if (!window.next) return { listings: [], hasMore: false };
      from = window.next;
    }
    return readAtoZPage(councilIds, from, take, filter);
  }

  /**
   * Listings near a postcode, nearest first, from the catalogue's search. Filters the search
   * applies as it reads go to it; `listingMatches` applies the rest to what it finds, so then a
   * page can hold fewer than per_page (and, rarely, none before the last). A list that ends
   * before the proximity asked for, because the search reached its read budget or the pages
   * reached the 200 nearest, says how far it is complete rather than passing for the whole list.
   */
  async function readNearby(
    query: ServiceListQuery,
    postcode: string,
    page: number,
    perPage: number,
    filter: DirectoryFilter,
  ): Promise<ListingWindow> {
    const indexed = nearbySearchFiltersOf(filter);
    if (!indexed) return { listings: [], hasMore: false };
    const reach = query.proximity ?? maxProximityMetres;
    const first = (page - 1) * perPage;
    const end = page * perPage;
    const found = await nearestResults(
      { ...searchQuerySchema.parse({}), ...indexed, postcode, distance: searchMilesFor(query.proximity) },
      first,
      end,
    );
    const within = (result: SearchResult) => (result.miles ?? 0) * metresPerMile <= reach;
    const shown = found.results.filter(within);
    // Nearest first: once one is out of reach, everything after it is too.
    const more = found.after ? within(found.after) : found.hasMore && shown.length === found.results.length;
    const capped = more && end >= maxNearbyResults;
    const last = shown.at(-1)?.miles;
    // At the cap, the next result may be as near as the last shown: complete only nearer than it.
    const searchedMiles =
      capped && last !== undefined
        ? milesNearerThan(last)
        : !more && found.searchedMiles !== undefined && found.searchedMiles * metresPerMile < reach
          ? milesSearched(found.searchedMiles)
          : undefined;
    return {
      listings: shown
        .map((result) => result.listing)
        .filter((listing) => listingMatches(listing, filter))
        .filter((listing) => query.council === undefined || listing.councilId === query.council),
      hasMore: more && !capped,
      ...(searchedMiles !== undefined ? { searchedMiles } : {}),
    };
  }

  /**
   * Results `first` to `end` of a search near a postcode, the one after them if there is one,
   * and how far the search looked if its budget stopped it: one search for all of them.
   */
  async function nearestResults(query: SearchQuery, first: number, end: number) {
    const found = await searchNear({ ...query, page: 1 }, end + 1);
    return {
      results: found.results.slice(first, end),
      after: found.results[end],
      hasMore: found.results.length > end || found.hasNext,
      searchedMiles: found.searchedMiles,
    };
  }

  /** Search near a postcode, its input problems as 400s naming the field. */
  async function searchNear(query: SearchQuery, perPage: number) {
    try {
      return await search.search(query, { perPage });
    } catch (error) {
      if (error instanceof SearchInputError)
        throw problems.invalidInput([{ field: error.field, message: error.message }]);
      if (error instanceof PostcodeLookupUnavailableError)
        throw problems.unavailable(
          'Finding services near a postcode is not working right now. Try again later.',
        );
      throw error;
    }
  }

  /** The published activities behind listings, in the listings' order. */
  async function activitiesOf(found: Listing[]): Promise<Activity[]> {
    const byId = new Map(
      (await activities.getMany(found.map((listing) => listing.activityId))).map((activity) => [
        activity.id,
        activity,
      ]),
    );
    return found
      .map((listing) => byId.get(listing.activityId))
      .filter((activity): activity is Activity => activity?.status === 'published');
  }

  /** One page of bookable activities, with each one's council, and the link to the next page. */
  async function bookablePage(c: Context<AppEnv>, query: ServiceListQuery) {
    rejectOtherParameters(c, serviceListParameters);
    const page = query.page ?? 1;
    const perPage = query.per_page ?? 50;
    const read = directoryFilterOf(query);
    const errors = [...(read.ok ? [] : read.errors), ...listRuleErrors(query, page, perPage)];
    if (errors.length || !read.ok) throw problems.invalidInput(errors);
    const covered = await councilsFor(query.council);
    const councilIds = covered.map((council) => council.id);
    const window = query.postcode
      ? await readNearby(query, query.postcode, page, perPage, read.filter)
      : query.after
        ? await readAtoZPage(councilIds, decodePosition(query.after), perPage, read.filter)
        : await readAtoZByNumber(councilIds, page, perPage, read.filter);
    const everyCouncil = query.council === undefined && query.postcode ? await councils.list() : covered;
    const byId = new Map(everyCouncil.map((council) => [council.id, council]));
    const found = (await activitiesOf(window.listings)).flatMap((activity) => {
      const council = byId.get(activity.councilId);
      return council ? [{ activity, council }] : [];
    });
    if (window.hasMore) c.header('Link', `<${nextPageUrl(c, page, window.next)}>; rel="next"`);
    return {
      found,
      page,
      perPage,
      hasMore: window.hasMore,
      ...(window.searchedMiles !== undefined ? { searchedMiles: window.searchedMiles } : {}),
    };
  }

  /** Where the next page is: the same request one page on, from where this one stopped. */
  function nextPageUrl(c: Context<AppEnv>, page: number, next: DirectoryPosition | undefined) {
    const url = new URL(c.req.url);
    const target = new URL(`${publicOrigin(c)}${url.pathname}`);
    for (const [name, value] of url.searchParams)
      if (name !== 'page' && name !== 'after') target.searchParams.append(name, value);
    target.searchParams.set('page', String(page + 1));
    if (next) target.searchParams.set('after', encodePosition(next));
    return target.toString();
  }

  /** A bookable activity by id, with its council; undefined for anything not in search. */
  async function bookable(activityId: string | undefined) {
    if (!activityId) return undefined;
    const [listing, activity] = await Promise.all([listings.get(activityId), activities.get(activityId)]);
    if (!listing || activity?.status !== 'published') return undefined;
    const council = await councils.get(activity.councilId);
    return council ? { activity, council } : undefined;
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral',
      tags,
      summary: 'About this Open Referral UK API: the HSDS version and profile it follows',
      responses: {
        200: {
          description: 'API information',
          content: json(z.object({ version: z.string(), profile: z.url(), openapi_url: z.url() })),
        },
      },
    }),
    (c) =>
      c.json({ version: '3.0', profile: profileUrl, openapi_url: `${publicOrigin(c)}/openapi.json` }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral/services',
      tags,
      summary: 'Bookable activities as services, A to Z by council, page by page',
      description:
        'Every activity that can be booked now, fully nested, A to Z; without `council`, councils follow one another in id order. ' +
        'With `postcode`, nearest first instead. total_items and total_pages are left out: counting would mean reading the whole catalogue. ' +
        `Every filter given must hold. A page reads at most ${listingsReadPerPage} activities, so a filter that matches few gives short pages, even empty ones, ` +
        'until the list ends (last_page). Each page but the last has a `Link: <...>; rel="next"` header: following it reads one page, however deep, ' +
        `where page numbers alone reach page ${maxPage} (page N by number holds what the links give). ` +
        `Near a postcode, pages reach the ${maxNearbyResults} nearest; filters other than one activity type, needs, accessibility, one way to pay and day ` +
        'are applied to what the search finds, so a page can hold fewer than per_page; a list that ends before the proximity says how far it is complete ' +
        'in searched_miles. start_time and end_time are not offered; parameters other than taxonomy_term_id and taxonomy_id are given once.',
      request: { query: serviceListQuery },
      responses: {
        200: {
          description: 'One page of services',
          content: json(pageSchema('OpenReferralServicePage', serviceSchema)),
        },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const { found, ...position } = await bookablePage(c, c.req.valid('query'));
      const contents = found.map(({ activity, council }) => serviceOf(activity, contextFor(c, council)));
      return c.json(pageOf(contents, position), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral/services/{id}',
      tags,
      summary: 'One bookable activity as a fully nested service',
      request: { params: idParams('service') },
      responses: {
        200: { description: 'The service', content: json(serviceSchema) },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const found = await bookable(activityIdOfService(c.req.valid('param').id.toLowerCase()));
      if (!found) throw problems.notFound('There is no service with this id.');
      return c.json(serviceOf(found.activity, contextFor(c, found.council)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral/service_at_locations',
      tags,
      summary: 'Where each bookable activity happens, with its service, page by page',
      description:
        'The same activities, in the same order and pages, with the same parameters, as /openreferral/services.',
      request: { query: serviceListQuery },
      responses: {
        200: {
          description: 'One page of services at locations',
          content: json(pageSchema('OpenReferralServiceAtLocationPage', serviceAtLocationSchema)),
        },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const { found, ...position } = await bookablePage(c, c.req.valid('query'));
      const contents = found.map(({ activity, council }) =>
        serviceAtLocationOf(activity, contextFor(c, council)),
      );
      return c.json(pageOf(contents, position), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral/service_at_locations/{id}',
      tags,
      summary: 'One service at its location, fully nested',
      request: { params: idParams('service at location') },
      responses: {
        200: { description: 'The service at its location', content: json(serviceAtLocationSchema) },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id.toLowerCase();
      const found = await bookable(activityIdOfServiceAtLocation(id));
      if (!found) throw problems.notFound('There is no service at location with this id.');
      return c.json(serviceAtLocationOf(found.activity, contextFor(c, found.council)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral/taxonomies',
      tags,
      summary:
        'Our vocabularies (activity types, needs, accessibility and support, ways to pay), with their terms',
      request: { query: taxonomyListQuery },
      responses: {
        200: {
          description: 'One page of taxonomies',
          content: json(pageSchema('OpenReferralTaxonomyPage', taxonomySchema)),
        },
        ...problemResponses(400),
      },
    }),
    (c) => {
      rejectOtherParameters(c, ['page', 'per_page']);
      const { page = 1, per_page = 50 } = c.req.valid('query');
      return c.json(pageOfAll(taxonomies, page, per_page), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral/taxonomies/{id}',
      tags,
      summary: 'One vocabulary with its terms',
      request: { params: idParams('taxonomy') },
      responses: {
        200: { description: 'The taxonomy', content: json(taxonomySchema) },
        ...problemResponses(400, 404),
      },
    }),
    (c) => {
      const id = c.req.valid('param').id.toLowerCase();
      const taxonomy = taxonomies.find((candidate) => candidate.id === id);
      if (!taxonomy) throw problems.notFound('There is no taxonomy with this id.');
      return c.json(taxonomy, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral/taxonomy_terms',
      tags,
      summary: 'Every term of every vocabulary, page by page',
      request: { query: taxonomyListQuery },
      responses: {
        200: {
          description: 'One page of taxonomy terms',
          content: json(pageSchema('OpenReferralTaxonomyTermPage', taxonomyTermSchema)),
        },
        ...problemResponses(400),
      },
    }),
    (c) => {
      rejectOtherParameters(c, ['page', 'per_page']);
      const { page = 1, per_page = 50 } = c.req.valid('query');
      return c.json(pageOfAll(taxonomyTerms, page, per_page), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openreferral/taxonomy_terms/{id}',
      tags,
      summary: 'One taxonomy term',
      request: { params: idParams('taxonomy term') },
      responses: {
        200: { description: 'The taxonomy term', content: json(taxonomyTermSchema) },
        ...problemResponses(400, 404),
      },
    }),
    (c) => {
      const id = c.req.valid('param').id.toLowerCase();
      const term = taxonomyTerms.find((candidate) => candidate.id === id);
      if (!term) throw problems.notFound('There is no taxonomy term with this id.');
      return c.json(term, 200);
    },
  );
}
