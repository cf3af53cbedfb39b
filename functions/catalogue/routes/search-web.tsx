import type { Hono } from 'hono';
import type { AppEnv } from '../../../shared/http/app-env';
import { type FieldError, fieldErrorsFrom, ProblemError, problems } from '../../../shared/http/problem';
import type { CouncilRepository } from '../../../shared/table/councils';
import { pageChrome } from '../../../shared/web/page-chrome';
import { summaryErrors } from '../../../shared/web/read-form';
import { activityIdPattern } from '../domain/activity';
import { searchQuerySchema } from '../domain/search';
import { ActivityPage, SearchPage } from '../pages/search-pages';
import type { ActivityRepository } from '../repositories/activities';
import type { ListingRepository } from '../repositories/listings';
import type { SessionRepository } from '../repositories/sessions';
import { findBookableActivity } from '../services/bookable-activity';
import type { SearchService } from '../services/search-service';
import { rawSearchQuery, runSearch } from './search-api';

export interface SearchWebDependencies {
  activities: ActivityRepository;
  sessions: SessionRepository;
  listings: ListingRepository;
  search: SearchService;
  councils: Pick<CouncilRepository, 'get' | 'list'>;
  now: () => Date;
}

/** The public pages: search with filters, and each activity. No sign-in needed. */
export function addSearchPages(app: Hono<AppEnv>, deps: SearchWebDependencies) {
  const { search, councils, now } = deps;

  app.get('/catalogue', async (c) => {
    const raw = rawSearchQuery(c);
    const all = (await councils.list()).map(({ id, name }) => ({ id, name }));
    const values = { distance: '5', ...raw };
    const render = async (status: 200 | 400 | 422 | 503, page: Partial<Parameters<typeof SearchPage>[0]>) => {
      const chrome = await pageChrome(c, councils, 'Find day activities');
      const errors = page.errors;
      return c.html(
        <SearchPage
          chrome={{ ...chrome, errors: errors ? summaryErrors(errors) : undefined }}
          councils={all}
          values={values}
          searched={false}
          results={[]}
          {...page}
        />,
        status,
      );
    };
    if (!Object.keys(raw).length) return render(200, {});

    const parsed = searchQuerySchema.safeParse(raw);
    if (!parsed.success) return render(400, { errors: fieldErrorsFrom(parsed.error, 'query') });
    const query = parsed.data;
    let result: Awaited<ReturnType<typeof runSearch>>;
    try {
      result = await runSearch(search, query);
    } catch (error) {
      if (!(error instanceof ProblemError) || (error.status >= 500 && error.status !== 503)) throw error;
      const errors: FieldError[] = error.errors ?? [
        { field: 'postcode', message: error.detail ?? error.title },
      ];
      return render(error.status as 400 | 422 | 503, { errors });
    }

    const linkWith = (change: Record<string, string | undefined>) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries({ ...raw, ...change })) {
        if (value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
      }
      return `/catalogue?${params.toString()}`;
    };
    return render(200, {
      searched: true,
      results: result.results,
      nearLabel: result.near
        ? result.searchedMiles !== undefined
          ? `Nearest first. With these filters only the nearest ${result.searchedMiles.toFixed(1)} miles of ${result.near.postcode} were searched: choose fewer filters to look further.`
          : `Nearest first, within ${query.distance} miles of ${result.near.postcode}`
        : `A to Z, anywhere in ${all.find((council) => council.id === query.council)?.name ?? 'the council'}`,
      // Nothing found in a search that stopped early is not nothing within the distance chosen.
      noneLabel:
        result.near && result.searchedMiles !== undefined
          ? `No activities match within ${result.searchedMiles.toFixed(1)} miles of ${result.near.postcode}. With these filters only the nearest ${result.searchedMiles.toFixed(1)} miles were searched: choose fewer filters to look further.`
          : undefined,
      previousHref:
        result.near && query.page > 1
          ? linkWith({ page: String(query.page - 1), after: undefined })
          : undefined,
      nextHref: result.hasNext
        ? result.near
          ? linkWith({ page: String(query.page + 1) })
          : linkWith({ after: result.after, page: undefined })
        : undefined,
    });
  });

  app.get('/catalogue/activities/:activityId', async (c) => {
    const id = c.req.param('activityId');
    if (!activityIdPattern.test(id)) throw problems.notFound('There is no activity at this address.');
    const found = await findBookableActivity(deps, id, now());
    if (!found) throw problems.notFound('There is no activity at this address.');
    return c.html(
      <ActivityPage
        chrome={await pageChrome(c, councils, found.activity.title)}
        activity={found.activity}
        sessions={found.sessions}
        hub={found.hub}
        spokes={found.spokes}
      />,
    );
  });
}
