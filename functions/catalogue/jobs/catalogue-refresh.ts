import type { Logger } from '../../../shared/log/logger';
import type { CouncilRepository } from '../../../shared/table/councils';
import type { MembershipRepository } from '../../applications/repositories/memberships';
import type { CatalogueService } from '../services/catalogue-service';

export interface CatalogueRefreshResult {
  providers: number;
  activities: number;
  failed: number;
}

/**
 * The daily catalogue run, for every council and member: moves each published activity's session
 * window on a day, and makes search and the feeds match the membership as it is now (a member
 * suspended by the compliance check disappears; one reinstated comes back). Safe to run twice.
 */
export async function runCatalogueRefresh(deps: {
  councils: Pick<CouncilRepository, 'list'>;
  memberships: Pick<MembershipRepository, 'listByCouncil'>;
  catalogue: Pick<CatalogueService, 'refreshProvider'>;
  logger: Logger;
}): Promise<CatalogueRefreshResult> {
  const result: CatalogueRefreshResult = { providers: 0, activities: 0, failed: 0 };
  for (const council of await deps.councils.list()) {
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
  return result;
}
