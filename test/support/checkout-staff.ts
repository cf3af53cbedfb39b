import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { createApp as createCatalogueApp } from '../../functions/catalogue/app';
import { createApp as createCheckoutApp } from '../../functions/checkout/app';
import { checkoutOn } from '../../functions/checkout/services/checkout-on-table';
import { createStripeGateway } from '../../functions/checkout/services/stripe-gateway';
import { demoUsers } from '../../scripts/local/demo-data';
import { createLocalTokenIssuer, localEnvironment } from '../../scripts/local/local-auth';
import { seedDemoData } from '../../scripts/local/seed';
import { type StripeEmulator, startStripeEmulator } from '../../scripts/local/stripe-emulator/index';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { createLogger } from '../../shared/log/logger';
import { postcodeItem } from '../../shared/postcodes/offline-lookup';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { ukToday } from '../../shared/time/uk-dates';
import { publishThroughApi } from './catalogue';
import { createTestTable } from './test-table';

export const staffStripeKey = 'sk_test_emulator';
export const staffWebhookSecret = 'whsec_staff_pages_tests';

/** A weekly activity the demo farm runs, bookable from an individual service fund. */
export const isfActivityBody = (overrides: Record<string, unknown> = {}) => ({
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
  funding: ['individual-service-fund', 'self-funded'],
  needs: ['learning-disability'],
  accessibility: ['step-free-access'],
  ageRange: { from: 18 },
  contact: { name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
  ...overrides,
});

/**
 * For the staff and provider pages: a seeded table (demo councils, users, members, people), the
 * catalogue and checkout apps on it with one movable clock, and the Stripe emulator sending its
 * webhooks into the checkout app. Nobody has a connected account to start with.
 */
export async function staffPagesWorld() {
  const table = await createTestTable();
  await seedDemoData(table, { catalogue: false });
  // Where the demo venue is, as the postcode import would store it.
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: postcodeItem({ postcode: 'BH20 4AA', outward: 'BH20', latitude: 50.6862, longitude: -2.1121 }),
    }),
  );
  const issuer = await createLocalTokenIssuer();
  const deps = createCommonDependencies(
    readRuntimeConfig({ ...localEnvironment(table.name, table.endpoint, issuer), LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  const clock = { now: undefined as Date | undefined };
  const now = () => clock.now ?? new Date();

  let checkoutApp: ReturnType<typeof createCheckoutApp> | undefined;
  const emulator: StripeEmulator = await startStripeEmulator({
    webhookSecret: staffWebhookSecret,
    secretKeys: [staffStripeKey],
    webhook: {
      fetch: async (request) =>
        checkoutApp ? checkoutApp.request(request) : new Response('not yet', { status: 503 }),
    },
  });
  const payments = createStripeGateway({
    secretKey: staffStripeKey,
    webhookSecret: staffWebhookSecret,
    apiUrl: emulator.url,
  });
  checkoutApp = createCheckoutApp({ ...deps, payments, paymentOrigins: [emulator.url], now });
  const catalogueApp = createCatalogueApp({ ...deps, feedDelayMs: 0, now });
  const checkout = checkoutOn({ table, councils: deps.councils, payments, logger: deps.logger, now });
  const app = checkoutApp;

  const userOf = (userId: string) => {
    const user = demoUsers.find((candidate) => candidate.id === userId);
    if (!user) throw new Error(`no demo user ${userId}`);
    return { id: user.id, name: user.name, role: user.role, councilId: user.councilId };
  };
  const tokenFor = (userId: string) => issuer.issueToken(userOf(userId));

  /** JSON to either app as a demo user; status and parsed body back. */
  async function call(userId: string | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (userId) headers.authorization = `Bearer ${await tokenFor(userId)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const target = path.startsWith('/api/catalogue') ? catalogueApp : app;
    const response = await target.request(path, {
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

  /** A page of the checkout app from a browser, signed in as `userId` (or nobody). */
  async function browse(userId: string | null, path: string) {
    return app.request(path, {
      headers: {
        accept: 'text/html',
        ...(userId ? { cookie: `__Host-ofm-session=${await tokenFor(userId)}` } : {}),
      },
    });
  }

  /** A page of the catalogue app, signed in. */
  async function browseCatalogue(userId: string, path: string) {
    return catalogueApp.request(path, {
      headers: { accept: 'text/html', cookie: `__Host-ofm-session=${await tokenFor(userId)}` },
    });
  }

  /** A form post from a signed-in browser, with a matching CSRF cookie and field; repeated names as arrays. */
  async function submit(userId: string, path: string, fields: Record<string, string | string[]>) {
    const csrf = 'c'.repeat(43);
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    body.append('csrfToken', csrf);
    return app.request(path, {
      method: 'POST',
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `__Host-ofm-session=${await tokenFor(userId)}; __Host-ofm-csrf=${csrf}`,
      },
      body: body.toString(),
    });
  }

  /** Publishes an activity as `owner`; its sessions still to come, soonest first. */
  async function publishActivity(owner: string, overrides: Record<string, unknown> = {}) {
    const activity = await publishThroughApi<{ id: string; version: number; providerId: string }>(
      call,
      owner,
      isfActivityBody(overrides),
    );
    const listed = await call(owner, 'GET', `/api/catalogue/provider/activities/${activity.id}/sessions`);
    expect(listed.status).toBe(200);
    const sessions = (listed.body.sessions as { id: string; startsAt: string; status: string }[])
      .filter((session) => session.status === 'scheduled' && session.startsAt > now().toISOString())
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return { ...activity, sessions };
  }

  return {
    table,
    clock,
    emulator,
    checkout,
    app,
    call,
    browse,
    browseCatalogue,
    submit,
    publishActivity,
    userOf,
    close: () => emulator.close(),
  };
}

export type StaffPagesWorld = Awaited<ReturnType<typeof staffPagesWorld>>;
