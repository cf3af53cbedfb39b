import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { fieldErrorsFrom, problems } from '../../../shared/http/problem';
import { type PostcodeLookup, PostcodeLookupUnavailableError } from '../../../shared/postcodes/lookup';
import type { CouncilRepository } from '../../../shared/table/councils';
import { pageChrome } from '../../../shared/web/page-chrome';
import type { FrameworkRepository } from '../../applications/repositories/frameworks';
import { coverageOf, type District, type UnplacedDistrict } from '../domain/coverage';
import type { Listing } from '../domain/listing';
import { distancesMiles } from '../domain/search';
import { CoveragePage, coverageCsv } from '../pages/coverage-pages';
import type { ListingRepository } from '../repositories/listings';

export interface CoverageWebDependencies {
  listings: Pick<ListingRepository, 'pageByCouncil'>;
  frameworks: Pick<FrameworkRepository, 'listByCouncil'>;
  councils: Pick<CouncilRepository, 'get'>;
  /** Where each district's centre is: postcodes.io in AWS, the offline table locally. */
  postcodes: Pick<PostcodeLookup, 'findDistrictCentre'>;
}

const querySchema = z.strictObject({
  distance: z.coerce
    .number()
    .refine(
      (miles) => (distancesMiles as readonly number[]).includes(miles),
      'Choose a distance from the list',
    )
    .default(5),
});

/**
 * Each district's centre, or why it has none. A lookup that is not answering costs the map and
 * the gaps, not the page: the figures by district still stand. A few districts are asked at a
 * time, so a large council does not send the lookup dozens of requests at once.
 */
async function placeDistricts(postcodes: CoverageWebDependencies['postcodes'], names: string[]) {
  // Once the lookup has failed, the rest are not asked: each ask may wait for its timeout, and a
  // council of many districts would wait past the function's own.
  let lookupDown = false;
  const place = async (district: string): Promise<District | UnplacedDistrict> => {
    if (lookupDown) return { district, why: 'lookup-unavailable' };
    try {
      const centre = await postcodes.findDistrictCentre(district);
      return centre
        ? { district, latitude: centre.latitude, longitude: centre.longitude }
        : { district, why: 'unknown' };
    } catch (error) {
      if (error instanceof PostcodeLookupUnavailableError) {
        lookupDown = true;
        return { district, why: 'lookup-unavailable' };
      }
      throw error;
    }
  };
  const found: (District | UnplacedDistrict)[] = [];
  for (let i = 0; i < names.length; i += 8)
    found.push(...(await Promise.all(names.slice(i, i + 8).map(place))));
  return {
    placed: found.filter((district): district is District => 'latitude' in district),
    unplaced: found.filter((district): district is UnplacedDistrict => 'why' in district),
  };
}

/** Commissioners and admins see where provision is thin in their own council. */
export function addCoveragePages(
  app: Hono<AppEnv>,
  { listings, frameworks, councils, postcodes }: CoverageWebDependencies,
) {
  const load = async (c: Context<AppEnv>) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const query = querySchema.safeParse(c.req.query());
    if (!query.success) throw problems.invalidInput(fieldErrorsFrom(query.error, 'query'));
    const council = await councils.get(user.councilId);
    if (!council) throw problems.notFound();
    // A report over the whole council: every listing, a page of the index at a time.
    const all: Listing[] = [];
    let after: Parameters<typeof listings.pageByCouncil>[1];
    do {
      const page = await listings.pageByCouncil(council.id, after, 200);
      all.push(...page.listings);
      after = page.next;
    } while (after);
    const { placed: districts, unplaced } = await placeDistricts(postcodes, council.postcodeDistricts);
    const lots = new Map<string, string>();
    for (const framework of await frameworks.listByCouncil(council.id))
      for (const lot of framework.lots) if (!lots.has(lot.id)) lots.set(lot.id, lot.name);
    return {
      coverage: coverageOf(all, districts, query.data.distance, unplaced),
      districts,
      unplaced,
      lots: [...lots].map(([id, name]) => ({ id, name })),
    };
  };

  app.get('/catalogue/coverage', async (c) => {
    const { coverage, districts, unplaced, lots } = await load(c);
    return c.html(
      <CoveragePage
        chrome={await pageChrome(c, councils, 'Coverage')}
        coverage={coverage}
        districts={districts}
        unplaced={unplaced}
        lots={lots}
      />,
    );
  });

  app.get('/catalogue/coverage.csv', async (c) => {
    const { coverage, lots } = await load(c);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header(
      'content-disposition',
      `attachment; filename="coverage-within-${coverage.withinMiles}-miles.csv"`,
    );
    return c.body(coverageCsv(coverage, lots));
  });
}
