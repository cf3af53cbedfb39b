import { clearCookie } from '../../shared/http/cookies';
import { createFunctionApp, type FunctionAppDependencies } from '../../shared/http/create-function-app';
import { publicOrigin } from '../../shared/http/public-origin';
import type { CouncilRepository } from '../../shared/table/councils';
import { createOutboxRepository } from '../../shared/table/outbox';
import { pageChrome } from '../../shared/web/page-chrome';
import { catalogueServiceOn } from '../catalogue/services/catalogue-on-table';
import { addCognitoSignIn, type CognitoSignIn, cognitoSignOutUrl } from './front-door/cognito-sign-in';
import {
  addServiceHealthRoute,
  type CheckFunctionHealth,
  checkFunctionHealthOverHttp,
} from './front-door/service-health';
import { StartPage } from './front-door/start-page';
import { createApplicationRepository } from './repositories/applications';
import { createFrameworkRepository } from './repositories/frameworks';
import { createMembershipRepository } from './repositories/memberships';
import { createProviderRepository } from './repositories/providers';
import { addApplicationApi } from './routes/application-api';
import { addCouncilRoutes } from './routes/council-routes';
import { addFrameworkPages } from './routes/framework-web';
import { addMembershipPages } from './routes/membership-web';
import { addProviderPages } from './routes/provider-web';
import { addStaffPages } from './routes/staff-web';
import { createApplicationService } from './services/application-service';
import { createMembershipService } from './services/membership-service';
import type { EvidenceStore } from './storage/evidence-store';

export interface ApplicationsDependencies extends FunctionAppDependencies {
  councils: Pick<CouncilRepository, 'get'>;
  /** Cognito managed sign-in in AWS; absent locally, where the local stack signs people in. */
  cognito?: CognitoSignIn | undefined;
  checkFunctionHealth?: CheckFunctionHealth;
  /** Evidence files in S3; without it the upload forms are not offered. */
  evidence?: EvidenceStore | undefined;
  /** The clock; tests fix it. */
  now?: () => Date;
}

/**
 * Provider applications to join a council's framework, and the service's front door (start
 * page, sign in and out, overall health), which API Gateway sends here as the default route.
 */
export function createApp(deps: ApplicationsDependencies) {
  const app = createFunctionApp('applications', deps, {
    formActions: deps.evidence ? [deps.evidence.uploadOrigin] : [],
  });

  app.get('/', async (c) => c.html(<StartPage chrome={await pageChrome(c, deps.councils, 'Start')} />));

  if (deps.cognito) addCognitoSignIn(app, deps.cognito, deps.verifyToken);

  app.post('/sign-out', (c) => {
    clearCookie(c, 'session');
    return c.redirect(deps.cognito ? cognitoSignOutUrl(deps.cognito, publicOrigin(c)) : '/', 303);
  });

  addServiceHealthRoute(app, deps.checkFunctionHealth ?? checkFunctionHealthOverHttp);
  addCouncilRoutes(app, deps.councils);
  const now = deps.now ?? (() => new Date());
  const outbox = createOutboxRepository(deps.table);
  const stores = {
    frameworks: createFrameworkRepository(deps.table),
    providers: createProviderRepository(deps.table),
    applications: createApplicationRepository(deps.table),
    memberships: createMembershipRepository(deps.table, outbox),
    outbox,
  };
  const repositories = {
    ...stores,
    service: createApplicationService({ ...stores, councils: deps.councils, now }),
    now,
  };
  addApplicationApi(app, repositories);
  addStaffPages(app, { ...repositories, councils: deps.councils });
  addFrameworkPages(app, { frameworks: stores.frameworks, councils: deps.councils, now });
  addMembershipPages(app, {
    ...stores,
    councils: deps.councils,
    membershipService: createMembershipService({
      memberships: stores.memberships,
      frameworks: stores.frameworks,
      // A reinstated member's activities come back to search now, not at the next daily run.
      onReinstated: async (membership) => {
        try {
          await catalogueServiceOn(deps.table, { now }).refreshProvider(
            membership.councilId,
            membership.providerId,
          );
        } catch (error) {
          // The membership is already saved and announced; the daily job brings the catalogue round.
          deps.logger.warn('catalogue not refreshed after reinstatement', {
            membershipId: membership.id,
            error: error instanceof Error ? error.name : 'unknown',
          });
        }
      },
      councils: deps.councils,
      now,
    }),
    evidence: deps.evidence,
    now,
  });
  addProviderPages(app, { ...repositories, councils: deps.councils, evidence: deps.evidence });
  return app;
}
