import { expect } from 'vitest';
import { createApp as createCatalogueApp } from '../../functions/catalogue/app';
import { createApp as createCheckoutApp } from '../../functions/checkout/app';
import { checkoutOn } from '../../functions/checkout/services/checkout-on-table';
import { createStripeGateway } from '../../functions/checkout/services/stripe-gateway';
import { connectDemoPayouts, demoPeople } from '../../scripts/local/demo-checkout';
import { demoUsers } from '../../scripts/local/demo-data';
import { createLocalTokenIssuer, localEnvironment } from '../../scripts/local/local-auth';
import { seedDemoData } from '../../scripts/local/seed';
import { type StripeEmulator, startStripeEmulator } from '../../scripts/local/stripe-emulator';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { createLogger } from '../../shared/log/logger';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import type { Table } from '../../shared/table/client';
import { ukToday } from '../../shared/time/uk-dates';
import { publishThroughApi } from './catalogue';
import { createTestTable } from './test-table';

export const stripeSecretKey = 'sk_test_emulator';
export const stripeWebhookSecret = 'whsec_checkout_tests';

/** The demo people, by first name. */
export const people = {
  tom: demoPeople[0]?.id as string,
  grace: demoPeople[1]?.id as string,
  derek: demoPeople[2]?.id as string,
  ruby: demoPeople[3]?.id as string,
};

/** The demo farm: a Dorset member with the spokes lot. */
export const farmOwner = 'dorset-provider-member';

export const walkBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Riverside walk',
  description: 'A gentle walk along the river with a cafe stop half way.',
  lotId: 'spokes',
  activityType: 'walking',
  setting: 'spoke',
  venue: { name: 'Wareham Quay', addressLine1: 'The Quay', town: 'Wareham', postcode: 'BH20 4AA' },
  schedule: {
    slots: [
      { day: 'monday', starts: '10:00', ends: '12:00' },
      { day: 'wednesday', starts: '10:00', ends: '12:00' },
      { day: 'friday', starts: '10:00', ends: '12:00' },
    ],
    startsOn: ukToday(new Date()),
    exceptions: [],
  },
  placesPerSession: 10,
  price: { amountPence: 1_500, per: 'session' },
  funding: ['direct-payment', 'individual-service-fund', 'self-funded'],
  needs: ['learning-disability'],
  accessibility: ['step-free-access'],
  ageRange: { from: 18 },
  contact: { name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
  ...overrides,
});

/**
 * A table seeded with the demo councils, users, members and people; the catalogue and checkout
 * apps on it; and the Stripe emulator, whose webhooks go straight into the checkout app. The farm
 * has a connected account that can take charges.
 */
export async function checkoutWorld(
  options: {
    now?: () => Date;
    /** The table as the checkout sees it, e.g. with injected failures; seeding and the catalogue use the real one. */
    checkoutTable?: (table: Table) => Table;
  } = {},
) {
  const table = await createTestTable();
  await seedDemoData(table, { catalogue: false });
  const issuer = await createLocalTokenIssuer();
  const deps = createCommonDependencies(
    readRuntimeConfig({ ...localEnvironment(table.name, table.endpoint, issuer), LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  const now = options.now ?? (() => new Date());
  let checkoutApp: ReturnType<typeof createCheckoutApp> | undefined;
  const emulator: StripeEmulator = await startStripeEmulator({
    webhookSecret: stripeWebhookSecret,
    secretKeys: [stripeSecretKey],
    webhook: {
      fetch: async (request) =>
        checkoutApp ? checkoutApp.request(request) : new Response('not yet', { status: 503 }),
    },
  });
  const payments = createStripeGateway({
    secretKey: stripeSecretKey,
    webhookSecret: stripeWebhookSecret,
    apiUrl: emulator.url,
  });
  const checkoutTable = options.checkoutTable?.(deps.table) ?? deps.table;
  checkoutApp = createCheckoutApp({
    ...deps,
    table: checkoutTable,
    payments,
    paymentOrigins: [emulator.url],
    now,
  });
  const catalogueApp = createCatalogueApp({ ...deps, feedDelayMs: 0, now });
  const checkout = checkoutOn({
    table: deps.table,
    councils: deps.councils,
    payments,
    logger: deps.logger,
    now,
  });
  await connectDemoPayouts(table, payments, (accountId) => emulator.completeOnboarding(accountId));
  await emulator.idle();

  const tokenFor = async (userId: string) => {
    const user = demoUsers.find((candidate) => candidate.id === userId);
    if (!user) throw new Error(`no demo user ${userId}`);
    return issuer.issueToken(user);
  };
  const userOf = (userId: string) => {
    const user = demoUsers.find((candidate) => candidate.id === userId);
    if (!user) throw new Error(`no demo user ${userId}`);
    return { id: user.id, name: user.name, role: user.role, councilId: user.councilId };
  };

  /** JSON to either app as a demo user (or nobody); status and parsed body back. */
  async function call(userId: string | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (userId) headers.authorization = `Bearer ${await tokenFor(userId)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const app = path.startsWith('/api/catalogue')
      ? catalogueApp
      : (checkoutApp as NonNullable<typeof checkoutApp>);
    const response = await app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  /** Publishes an activity as the farm and returns it with its session ids, soonest first. */
  async function publishActivity(overrides: Record<string, unknown> = {}) {
    const activity = await publishThroughApi<{ id: string; version: number }>(
      call,
      farmOwner,
      walkBody(overrides),
    );
    const listed = await call(farmOwner, 'GET', `/api/catalogue/provider/activities/${activity.id}/sessions`);
    expect(listed.status).toBe(200);
    const sessionIds: string[] = listed.body.sessions
      .filter(
        (session: { startsAt: string; status: string }) =>
          session.status === 'scheduled' && session.startsAt > now().toISOString(),
      )
      .map((session: { id: string }) => session.id);
    return { ...activity, sessionIds };
  }

  return {
    table,
    deps,
    emulator,
    payments,
    checkout,
    checkoutApp: checkoutApp as NonNullable<typeof checkoutApp>,
    catalogueApp,
    call,
    tokenFor,
    userOf,
    publishActivity,
    close: () => emulator.close(),
  };
}

export type CheckoutWorld = Awaited<ReturnType<typeof checkoutWorld>>;
