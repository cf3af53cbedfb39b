import type { Logger } from '../../../shared/log/logger';
import type { CouncilRepository } from '../../../shared/table/councils';
import type { MembershipRepository } from '../../applications/repositories/memberships';
import type { ListingRepository } from '../repositories/listings';
import type { CatalogueService } from '../services/catalogue-service';

export interface CatalogueRefreshResult {
  providers: number;
  activities: number;
  failed: number;
  /** Listings given their copies by type while the index by type was being completed. */
  indexedByType?: number;
}

/**
 * The daily catalogue run, for every council and member: moves each published activity's session
 * window on a day, and makes search and the feeds match the membership as it is now (a member
 * suspended by the compliance check disappears; one reinstated comes back). Then, until it is
 * done, it gives listings written before the index by type existed their copies by type (after a
 * deploy; one read a day once done). Safe to run twice.
 */
export async function runCatalogueRefresh(deps: {
  councils: Pick<CouncilRepository, 'list'>;
  memberships: Pick<MembershipRepository, 'listByCouncil'>;
  catalogue: Pick<CatalogueService, 'refreshProvider'>;
  listings?: Pick<ListingRepository, 'completeIndexByType'>;
  logger: Logger;
  now?: Date;
}): Promise<CatalogueRefreshResult> {
  const result: CatalogueRefreshResult = { providers: 0, activities: 0, failed: 0 };
  const councils = await deps.councils.list();
  for (const council of councils) {
    const providers = new Set(
      (await deps.memberships.listByCouncil(council.id)).map((membership) => membership.providerId),
    );
    for (const providerId of providers) {
      result.providers += 1;
      try {
        const { refreshed, failed } = await deps.catalogue.refreshProvider(council.id, providerId);
        result.activities += refreshed;
        result.failed += failed;
        if (failed)
          deps.logger.warn('catalogue refresh left activities for tomorrow', {
            councilId: council.id,
            providerId,
            failed,
          });
      } catch (error) {
        // Reading the provider's activities failed: everyone else's windows still move on.
        result.failed += 1;
        deps.logger.warn('catalogue refresh failed for a provider', {
          councilId: council.id,
          providerId,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }
  }
  // No councils, no listings: nothing to complete yet.
  if (deps.listings && councils.length) {
    try {
      const indexed = await deps.listings.completeIndexByType(
        councils.map((council) => council.id),
        deps.now ?? new Date(),
      );
      if (!indexed.alreadyComplete) {
        result.indexedByType = indexed.added;
        deps.logger.info('search index by type completed', {
          checked: indexed.checked,
          added: indexed.added,
        });
      }
    } catch (error) {
      // Searches by type read every listing meanwhile: slower, never wrong. Tomorrow goes on.
      result.failed += 1;
      deps.logger.warn('search index by type not completed', {
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  }
  return result;
}
