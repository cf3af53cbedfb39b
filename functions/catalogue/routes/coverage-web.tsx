import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { fieldErrorsFrom, problems } from '../../../shared/http/problem';
import { findDistrict } from '../../../shared/postcodes/district-centroids';
import type { CouncilRepository } from '../../../shared/table/councils';
import { pageChrome } from '../../../shared/web/page-chrome';
import type { FrameworkRepository } from '../../applications/repositories/frameworks';
import { coverageOf, type District } from '../domain/coverage';
import type { Listing } from '../domain/listing';
import { distancesMiles } from '../domain/search';
import { CoveragePage, coverageCsv } from '../pages/coverage-pages';
import type { ListingRepository } from '../repositories/listings';

export interface CoverageWebDependencies {
  listings: Pick<ListingRepository, 'pageByCouncil'>;
  frameworks: Pick<FrameworkRepository, 'listByCouncil'>;
  councils: Pick<CouncilRepository, 'get'>;
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

/** Commissioners and admins see where provision is thin in their own council. */
export function addCoveragePages(
  app: Hono<AppEnv>,
  { listings, frameworks, councils }: CoverageWebDependencies,
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
    const districts = council.postcodeDistricts
      .map((district) => findDistrict(district))
      .filter((district): district is District => Boolean(district));
    const lots = new Map<string, string>();
    for (const framework of await frameworks.listByCouncil(council.id))
      for (const lot of framework.lots) if (!lots.has(lot.id)) lots.set(lot.id, lot.name);
    return {
      coverage: coverageOf(all, districts, query.data.distance),
      districts,
      lots: [...lots].map(([id, name]) => ({ id, name })),
    };
  };

  app.get('/catalogue/coverage', async (c) => {
    const { coverage, districts, lots } = await load(c);
    return c.html(
      <CoveragePage
        chrome={await pageChrome(c, councils, 'Coverage')}
        coverage={coverage}
        districts={districts}
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
