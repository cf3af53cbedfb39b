import type { PostcodeLookup } from '../../../shared/postcodes/lookup';
import { createOfflinePostcodeLookup } from '../../../shared/postcodes/offline-lookup';
import type { Table } from '../../../shared/table/client';
import { createOutboxRepository } from '../../../shared/table/outbox';
import { createFrameworkRepository } from '../../applications/repositories/frameworks';
import { createMembershipRepository } from '../../applications/repositories/memberships';
import { createProviderRepository } from '../../applications/repositories/providers';
import { createActivityRepository } from '../repositories/activities';
import { createListingRepository } from '../repositories/listings';
import { createSessionRepository } from '../repositories/sessions';
import { createCatalogueService } from './catalogue-service';

/** The catalogue's repositories on one table: built once, here, for the app, the daily job and reinstatement. */
export function catalogueStores(table: Table) {
  return {
    activities: createActivityRepository(table),
    sessions: createSessionRepository(table),
    listings: createListingRepository(table),
    memberships: createMembershipRepository(table, createOutboxRepository(table)),
    providers: createProviderRepository(table),
    frameworks: createFrameworkRepository(table),
  };
}

/**
 * The catalogue service on a table. Callers that never place a venue (the daily job, a
 * reinstatement) can leave the postcode lookup out: the offline table stands in.
 */
export function catalogueServiceOn(
  table: Table,
  options: { now: () => Date; postcodes?: PostcodeLookup; stores?: ReturnType<typeof catalogueStores> },
) {
  const stores = options.stores ?? catalogueStores(table);
  return createCatalogueService({
    ...stores,
    postcodes: options.postcodes ?? createOfflinePostcodeLookup(table),
    now: options.now,
  });
}
