import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../shared/http/app-env';
import { problemResponses } from '../../../shared/http/openapi-responses';
import { fieldErrorsFrom, problems } from '../../../shared/http/problem';
import { PostcodeLookupUnavailableError } from '../../../shared/postcodes/lookup';
import type { CouncilRepository } from '../../../shared/table/councils';
import { activityIdPattern } from '../domain/activity';
import type { Listing } from '../domain/listing';
import { type SearchQuery, searchQuerySchema } from '../domain/search';
import type { ActivityRepository } from '../repositories/activities';
import type { ListingRepository } from '../repositories/listings';
import type { SessionRepository } from '../repositories/sessions';
import { findBookableActivity } from '../services/bookable-activity';
import { SearchInputError, type SearchService } from '../services/search-service';
import { activityView, sessionSchema, sessionView } from './activity-api';

export interface SearchApiDependencies {
  activities: ActivityRepository;
  sessions: SessionRepository;
  listings: ListingRepository;
  search: SearchService;
  councils: Pick<CouncilRepository, 'get'>;
  now: () => Date;
}

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const tags = ['Catalogue: finding'];
const arrayParameters = ['type', 'day', 'time', 'needs', 'access'] as const;

/** The query string as the schema wants it: repeated parameters (`day=monday&day=friday`) as lists. */
export function rawSearchQuery(c: Context<AppEnv>): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    const kept = values.filter((value) => value !== '');
    if (!kept.length) continue;
    raw[name] = (arrayParameters as readonly string[]).includes(name) ? kept : (kept.at(-1) as string);
  }
  return raw;
}

export function readSearchQuery(c: Context<AppEnv>): SearchQuery {
  const parsed = searchQuerySchema.safeParse(rawSearchQuery(c));
  if (!parsed.success) throw problems.invalidInput(fieldErrorsFrom(parsed.error, 'query'));
  return parsed.data;
}

/** Search input problems and an unavailable postcode service, as problems. */
export async function runSearch(search: SearchService, query: SearchQuery) {
  try {
    return await search.search(query);
  } catch (error) {
    if (error instanceof SearchInputError)
      throw problems.ruleBroken(error.message, [{ field: error.field, message: error.message }]);
    if (error instanceof PostcodeLookupUnavailableError)
      throw problems.unavailable(
        'Searching by postcode is not working right now. Try again later, or search anywhere in your council.',
      );
    throw error;
  }
}

/**
 * A listing as anyone may see it: what a person needs to choose an activity and find it. The
 * record's own workings (provider and lot ids, index keys, coverage counts) stay inside.
 */
export const listingView = (listing: Listing, miles?: number) => ({
  activityId: listing.activityId,
  title: listing.title,
  summary: listing.summary,
  providerName: listing.providerName,
  activityType: listing.activityType,
  setting: listing.setting,
  ...(listing.hubId ? { hubId: listing.hubId } : {}),
  venueName: listing.venueName,
  town: listing.town,
  postcode: listing.postcode,
  latitude: listing.latitude,
  longitude: listing.longitude,
  days: listing.days,
  timesOfDay: listing.timesOfDay,
  needs: listing.needs,
  accessibility: listing.accessibility,
  funding: listing.funding,
  pricePence: listing.pricePence,
  pricePer: listing.pricePer,
  ageFrom: listing.ageFrom,
  ...(listing.ageTo !== undefined ? { ageTo: listing.ageTo } : {}),
  nextSessionAt: listing.nextSessionAt,
  hasPlaces: listing.hasPlaces,
  ...(miles !== undefined ? { miles: Math.round(miles * 10) / 10 } : {}),
});

/** Anyone, signed in or not, finds activities and their sessions. */
export function addSearchApi(app: OpenAPIHono<AppEnv>, deps: SearchApiDependencies) {
  const { search, now } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/catalogue/search',
      tags,
      summary:
        'Find activities near a postcode (nearest first) or anywhere in a council (A to Z), with filters',
      description:
        'Query: postcode and distance (2, 5, 10 or 20 miles), or council; then any of type, setting, day, time (daytime, evening, weekend), needs, access, funding, maxPrice (pounds), places=yes; page (postcode) or after (council). Repeat a parameter to choose several.',
      responses: {
        200: {
          description: 'One page of results',
          content: json(
            z.object({
              results: z.array(z.object({ activityId: z.string(), title: z.string() }).passthrough()),
              page: z.number(),
              hasNext: z.boolean(),
              after: z.string().optional(),
              searchedMiles: z.number().optional().openapi({
                description:
                  'Present when the filters left so few matches that the search stopped at its read budget: it looked this many miles (a tenth, rounded down) and the results are those that near',
              }),
            }),
          ),
        },
        ...problemResponses(400, 422),
      },
    }),
    async (c) => {
      const page = await runSearch(search, readSearchQuery(c));
      return c.json(
        {
          results: page.results.map(({ listing, miles }) => listingView(listing, miles)),
          page: page.page,
          hasNext: page.hasNext,
          ...(page.after ? { after: page.after } : {}),
          ...(page.searchedMiles !== undefined ? { searchedMiles: page.searchedMiles } : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/catalogue/activities/{activityId}',
      tags,
      summary:
        'A bookable activity: what it is, where, when, the next sessions with places left, its hub or spokes',
      request: {
        params: z.strictObject({ activityId: z.string().regex(activityIdPattern, 'Not an activity id') }),
      },
      responses: {
        200: {
          description: 'The activity',
          content: json(
            z
              .object({
                activity: z.object({ id: z.string() }).passthrough(),
                sessions: z.array(sessionSchema),
              })
              .passthrough(),
          ),
        },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const found = await findBookableActivity(deps, c.req.valid('param').activityId, now());
      if (!found) throw problems.notFound('There is no activity with this id.');
      const { activity, sessions: next, hub, spokes } = found;
      return c.json(
        {
          activity: activityView(activity),
          sessions: next.map(sessionView),
          ...(hub ? { hub: listingView(hub) } : {}),
          spokes: spokes.map((spoke) => listingView(spoke)),
        },
        200,
      );
    },
  );
}
