import { createFunctionApp, type FunctionAppDependencies } from '../../shared/http/create-function-app';
import type { PostcodeLookup } from '../../shared/postcodes/lookup';
import { createOfflinePostcodeLookup } from '../../shared/postcodes/offline-lookup';
import type { CouncilRepository } from '../../shared/table/councils';
import { addActivityApi } from './routes/activity-api';
import { addCoveragePages } from './routes/coverage-web';
import { addOpenReferralRoutes } from './routes/open-referral-routes';
import { addOpenActiveRoutes } from './routes/openactive-routes';
import { addProviderActivityPages } from './routes/provider-web';
import { addSearchApi } from './routes/search-api';
import { addSearchPages } from './routes/search-web';
import { catalogueServiceOn, catalogueStores } from './services/catalogue-on-table';
import { createSearchService } from './services/search-service';

export interface CatalogueDependencies extends FunctionAppDependencies {
  councils: Pick<CouncilRepository, 'get' | 'list'>;
  /** Where postcodes are found: postcodes.io in AWS, the offline table locally. */
  postcodes?: PostcodeLookup;
  /** The clock; tests fix it. */
  now?: () => Date;
  /**
   * How long the open data feeds hold back new changes (default 10 s), so that writes from
   * several Lambdas at once reach the feed in order. One process writing alone can use 0.
   */
  feedDelayMs?: number;
}

/** Finding and publishing day opportunities: activities, sessions, search, open data feeds. */
export function createApp(deps: CatalogueDependencies) {
  const app = createFunctionApp('catalogue', deps);
  const now = deps.now ?? (() => new Date());
  const stores = catalogueStores(deps.table);
  const postcodes = deps.postcodes ?? createOfflinePostcodeLookup(deps.table);
  const service = catalogueServiceOn(deps.table, { now, postcodes, stores });
  const search = createSearchService({ listings: stores.listings, postcodes });
  addActivityApi(app, { ...stores, service, now });
  addSearchApi(app, { ...stores, search, councils: deps.councils, now });
  addOpenReferralRoutes(app, {
    listings: stores.listings,
    activities: stores.activities,
    councils: deps.councils,
    search,
    now,
  });
  addSearchPages(app, { ...stores, search, councils: deps.councils, now });
  addCoveragePages(app, { ...stores, postcodes, councils: deps.councils });
  addOpenActiveRoutes(app, {
    activities: stores.activities,
    sessions: stores.sessions,
    councils: deps.councils,
    now,
    feedDelayMs: deps.feedDelayMs ?? 10_000,
  });
  addProviderActivityPages(app, {
    ...stores,
    service,
    councils: deps.councils,
    now,
  });
  return app;
}
