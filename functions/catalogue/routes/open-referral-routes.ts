import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { type Council, councilIdSchema } from '../../../shared/domain/councils';
import type { AppEnv } from '../../../shared/http/app-env';
import { problemResponses } from '../../../shared/http/openapi-responses';
import { problems } from '../../../shared/http/problem';
import { publicOrigin } from '../../../shared/http/public-origin';
import type { CouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
import type { Activity } from '../domain/activity';
import type { Listing } from '../domain/listing';
import {
  activityIdOfService,
  activityIdOfServiceAtLocation,
  type DirectoryContext,
  pageOf,
  pageOfAll,
  serviceAtLocationOf,
  serviceOf,
  taxonomies,
  taxonomyTerms,
} from '../domain/open-referral';
import type { ActivityRepository } from '../repositories/activities';
import type { CouncilPosition, ListingRepository } from '../repositories/listings';

export interface OpenReferralDependencies {
  listings: Pick<ListingRepository, 'get' | 'pageByCouncil'>;
  activities: Pick<ActivityRepository, 'get' | 'getMany'>;
  councils: Pick<CouncilRepository, 'get' | 'list'>;
  now: () => Date;
}

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const tags = ['Open Referral UK directory'];
const profileUrl = 'https://open-referral-uk-profile.readthedocs.io/en/latest/';

const pageMessage = 'Enter the page as a whole number, 1 or more';
/** At most 2,000 services read for one request (20 pages of 100). */
const maxPage = 20;
const perPageMessage = 'Enter per_page as a whole number from 1 to 100';
const pageQuery = {
  page: z.coerce
    .number({ error: pageMessage })
    .int(pageMessage)
    .min(1, pageMessage)
    // Page N reads through the pages before it, so a public request cannot ask for too many.
    .max(maxPage, `The page must be ${maxPage} or less: narrow the list with council`)
    .optional()
    .openapi({ description: 'Page number, from 1 (default 1).', example: 1 }),
  per_page: z.coerce
    .number({ error: perPageMessage })
    .int(perPageMessage)
    .min(1, perPageMessage)
    .max(100, perPageMessage)
    .optional()
    .openapi({ description: 'Results per page, 1 to 100 (default 50).', example: 50 }),
};
const serviceListQuery = z.object({
  ...pageQuery,
  council: councilIdSchema
    .optional()
    .openapi({ description: "One council's directory, like dorset (default: every council's)." }),
});
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

/** Filters the profile describes that we do not offer; asking for one is an error, not a silent no-op. */
function rejectOtherParameters(c: Context<AppEnv>, allowed: readonly string[]) {
  const others = Object.keys(c.req.queries()).filter((name) => !allowed.includes(name));
  if (others.length)
    throw problems.invalidInput(
      others.map((field) => ({
        field,
        message: `${field} is not supported here: use ${allowed.join(', ')}, or read every page and filter your copy`,
      })),
    );
}

/**
 * The Open Referral UK read-only directory API: every bookable activity as a service, with its
 * organization, location, schedules, cost and taxonomy terms. Public and open to any origin, as
 * the profile requires. Only activities with a listing appear: drafts, withdrawn activities,
 * those with no session ahead and those of suspended providers have none, so they are simply not
 * there (and `/services/{id}` is a 404 for them).
 */
export function addOpenReferralRoutes(app: OpenAPIHono<AppEnv>, deps: OpenReferralDependencies) {
  const { listings, activities, councils, now } = deps;

  app.use('/openreferral', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  app.use('/openreferral/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));

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

  /**
   * Listings `skip` onwards, up to `take`, across councils' A to Z indexes in turn, and whether
   * there are more. The index has no page numbers, so page N reads through the N - 1 pages before
   * it: a directory harvesting page after page reads its council's index about pages²/2 times over.
   * That is fine at the size of a council's catalogue (hundreds of activities) and needs nothing
   * stored beyond what search already keeps. One item past the page says whether it is the last.
   */
  async function readListings(councilIds: string[], skip: number, take: number) {
    const found: Listing[] = [];
    let toSkip = skip;
    for (const councilId of councilIds) {
      let after: CouncilPosition | undefined;
      do {
        const wanted = toSkip > 0 ? Math.min(toSkip, 1000) : take + 1 - found.length;
        const page = await listings.pageByCouncil(councilId, after, wanted);
        const skipped = Math.min(toSkip, page.listings.length);
        toSkip -= skipped;
        found.push(...page.listings.slice(skipped));
        after = page.next;
      } while (after && found.length <= take);
      if (found.length > take) break;
    }
    return { listings: found.slice(0, take), hasMore: found.length > take };
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

  /** One page of bookable activities, with each one's council. */
  async function bookablePage(query: { page?: number; per_page?: number; council?: string }) {
    const page = query.page ?? 1;
    const perPage = query.per_page ?? 50;
    const covered = await councilsFor(query.council);
    const window = await readListings(
      covered.map((council) => council.id),
      (page - 1) * perPage,
      perPage,
    );
    const byId = new Map(covered.map((council) => [council.id, council]));
    const found = (await activitiesOf(window.listings)).flatMap((activity) => {
      const council = byId.get(activity.councilId);
      return council ? [{ activity, council }] : [];
    });
    return { found, page, perPage, hasMore: window.hasMore };
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
        'Every activity that can be booked now, fully nested. Without `council`, councils follow one another in id order. ' +
        'total_items and total_pages are left out: counting would mean reading the whole catalogue. ' +
        'The search and filter parameters of the profile are not offered: read every page and filter your copy.',
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
      rejectOtherParameters(c, ['page', 'per_page', 'council']);
      const { found, page, perPage, hasMore } = await bookablePage(c.req.valid('query'));
      const contents = found.map(({ activity, council }) => serviceOf(activity, contextFor(c, council)));
      return c.json(pageOf(contents, { page, perPage, hasMore }), 200);
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
      description: 'The same activities, in the same order and pages, as /openreferral/services.',
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
      rejectOtherParameters(c, ['page', 'per_page', 'council']);
      const { found, page, perPage, hasMore } = await bookablePage(c.req.valid('query'));
      const contents = found.map(({ activity, council }) =>
        serviceAtLocationOf(activity, contextFor(c, council)),
      );
      return c.json(pageOf(contents, { page, perPage, hasMore }), 200);
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
