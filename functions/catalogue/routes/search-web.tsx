import type { Hono } from 'hono';
import type { AppEnv } from '../../../shared/http/app-env';
import { type FieldError, fieldErrorsFrom, ProblemError, problems } from '../../../shared/http/problem';
import type { CouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
import { pageChrome } from '../../../shared/web/page-chrome';
import { summaryErrors } from '../../../shared/web/read-form';
import { searchQuerySchema } from '../domain/search';
import { ActivityPage, SearchPage } from '../pages/search-pages';
import type { ActivityRepository } from '../repositories/activities';
import type { ListingRepository } from '../repositories/listings';
import type { SessionRepository } from '../repositories/sessions';
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
  const { activities, sessions, listings, search, councils, now } = deps;

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
        ? `Nearest first, within ${query.distance} miles of ${result.near.postcode}`
        : `A to Z, anywhere in ${all.find((council) => council.id === query.council)?.name ?? 'the council'}`,
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
    if (!/^[0-9a-z]{26}$/.test(id)) throw problems.notFound('There is no activity at this address.');
    const [activity, listing] = await Promise.all([activities.get(id), listings.get(id)]);
    if (!activity || !listing) throw problems.notFound('There is no activity at this address.');
    const at = now();
    const next = (await sessions.listForActivity(id, ukToday(at), 40))
      .filter((session) => session.status === 'scheduled' && session.startsAt > at.toISOString())
      .slice(0, 12);
    const hub = activity.hubId ? await listings.get(activity.hubId) : undefined;
    const spokes = activity.setting === 'hub' ? await listings.getMany(await activities.spokesOf(id)) : [];
    return c.html(
      <ActivityPage
        chrome={await pageChrome(c, councils, activity.title)}
        activity={activity}
        sessions={next}
        hub={hub}
        spokes={spokes.sort((a, b) => a.title.localeCompare(b.title))}
      />,
    );
  });
}
