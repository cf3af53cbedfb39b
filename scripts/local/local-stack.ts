import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createApp as createApplicationsApp } from '../../functions/applications/app';
import { createEvidenceStore } from '../../functions/applications/storage/evidence-store';
import { createApp as createCatalogueApp } from '../../functions/catalogue/app';
import { createApp as createCheckoutApp } from '../../functions/checkout/app';
import { paymentsFor } from '../../functions/checkout/services/payments-from-config';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { securityHeaders } from '../../shared/http/security-headers';
import { createLogger } from '../../shared/log/logger';
import { functionForPath, staticPaths } from '../../shared/routing';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { tableDefinition } from '../../shared/table/definition';
import { createOutboxRepository } from '../../shared/table/outbox';
import { buildStaticSite } from '../build-static';
import { createTableIfMissing } from './create-table';
import { connectDemoPayouts } from './demo-checkout';
import { createDevApp } from './dev-routes';
import { startDynamoDbLocal } from './dynamodb-local';
import { createLocalTokenIssuer, type LocalTokenIssuer, localEnvironment } from './local-auth';
import { startLocalS3 } from './local-s3';
import { type JobSchedule, localSchedule, type ScheduledJobs, startScheduledJobs } from './scheduled-jobs';
import { seedDemoData } from './seed';
import { type StripeEmulator, startStripeEmulator } from './stripe-emulator';

export interface LocalStackOptions {
  port: number;
  /** Use this DynamoDB Local (tests); otherwise start one that keeps its data in `dataDir`. */
  dynamodbEndpoint?: string;
  dataDir?: string;
  tableName?: string;
  staticDir?: string;
  /** Where the local S3 keeps evidence files. */
  s3Dir?: string;
  /** Where the local signing key is kept between runs; a fresh key each run when absent. */
  keyFile?: string;
  /**
   * How often the scheduled jobs run (scheduled-jobs.ts): by default the checkout sweep every
   * minute and the daily run at start-up and then every 24 hours; `false` runs none.
   */
  jobs?: JobSchedule | false;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** The local stack's Stripe keys: only the local emulator accepts them. */
const localStripeSecretKey = 'sk_test_local_stack';
const localStripeWebhookSecret = 'whsec_local_stack';

export interface LocalStack {
  url: string;
  /** The Stripe emulator: its checkout and onboarding pages. */
  stripeUrl: string;
  issuer: LocalTokenIssuer;
  seeded: { added: number; alreadyThere: number };
  /** The scheduled jobs, when they run. */
  jobs?: ScheduledJobs;
  stop(): Promise<void>;
}

/**
 * The whole marketplace in one process: each function's app mounted at the same paths as API
 * Gateway routes them in AWS (shared/routing.ts), the static files CloudFront serves, and the
 * local-only sign-in. DynamoDB is DynamoDB Local.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const database = options.dynamodbEndpoint
    ? { endpoint: options.dynamodbEndpoint, stop: async () => {} }
    : await startDynamoDbLocal({ dataDir: resolve(options.dataDir ?? '.local/dynamodb') });
  let s3: Awaited<ReturnType<typeof startLocalS3>> | undefined;
  let stripe: StripeEmulator | undefined;
  try {
    s3 = await startLocalS3(options.s3Dir ?? resolve('.local/s3'));
    // Stripe's webhooks reach the site in this process; until it is listening they are refused
    // (and the emulator retries), as Stripe's would be by a server still starting.
    let site: Hono | undefined;
    stripe = await startStripeEmulator({
      webhookSecret: localStripeWebhookSecret,
      secretKeys: [localStripeSecretKey],
      webhook: {
        fetch: async (request) => (site ? site.fetch(request) : new Response('starting', { status: 503 })),
      },
    });
    const tableName = options.tableName ?? tableDefinition.localName;
    const issuer = await createLocalTokenIssuer(options.keyFile);
    const config = readRuntimeConfig({
      ...localEnvironment(tableName, database.endpoint, issuer, s3.endpoint),
      LOG_LEVEL: options.logLevel ?? 'info',
      STRIPE_SECRET_KEY: localStripeSecretKey,
      STRIPE_WEBHOOK_SECRET: localStripeWebhookSecret,
      STRIPE_API_URL: stripe.url,
    });
    const deps = createCommonDependencies(config, createLogger(config.logLevel));
    await createTableIfMissing(deps.table.client, tableName);
    const seeded = await seedDemoData(deps.table);
    const payments = paymentsFor(config.stripe);
    const emulator = stripe;
    await connectDemoPayouts(deps.table, payments.payments, (accountId) =>
      emulator.completeOnboarding(accountId),
    );
    const staticDir = buildStaticSite(options.staticDir ?? resolve('dist/static'));

    const apps = {
      applications: createApplicationsApp({
        ...deps,
        evidence: config.evidence ? createEvidenceStore(config.evidence) : undefined,
      }),
      // One process writes everything here, so feed positions cannot arrive out of order: no hold-back.
      catalogue: createCatalogueApp({ ...deps, feedDelayMs: 0 }),
      checkout: createCheckoutApp({ ...deps, ...payments }),
    };
    const devApp = createDevApp({ ...deps, outbox: createOutboxRepository(deps.table), issuer });

    site = new Hono();
    site.use(`${staticPaths.assetsPrefix}/*`, securityHeaders(), async (c, next) => {
      await next();
      // Asset URLs are versioned (shared/web/assets.ts), so browsers may keep them for a year.
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    site.use(`${staticPaths.assetsPrefix}/*`, serveStatic({ root: staticDir }));
    site.get(
      staticPaths.openApiDocument,
      securityHeaders(),
      serveStatic({ path: join(staticDir, 'openapi.json') }),
    );
    site.all('*', (c) => {
      const path = c.req.path;
      const app = path.startsWith('/dev/') || path === '/sign-in' ? devApp : apps[functionForPath(path)];
      return app.fetch(c.req.raw);
    });

    const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
      const started = serve({ fetch: site.fetch, port: options.port, hostname: '127.0.0.1' }, () =>
        resolveServer(started),
      );
      started.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    // Started once the site listens: a sweep's refunds send Stripe's webhooks back to it.
    const jobs =
      options.jobs === false
        ? undefined
        : startScheduledJobs(
            { table: deps.table, councils: deps.councils, payments: payments.payments, logger: deps.logger },
            options.jobs ?? localSchedule,
          );

    return {
      url: `http://localhost:${port}`,
      stripeUrl: stripe.url,
      issuer,
      seeded,
      ...(jobs ? { jobs } : {}),
      stop: async () => {
        await jobs?.stop();
        await new Promise<void>((done) => server.close(() => done()));
        deps.table.client.destroy();
        await stripe?.close();
        await s3?.stop();
        await database.stop();
      },
    };
  } catch (error) {
    await stripe?.close();
    await s3?.stop();
    await database.stop();
    throw error;
  }
}
