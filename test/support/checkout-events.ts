import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { createProviderRepository } from '../../functions/applications/repositories/providers';
import { createApp as createCatalogueApp } from '../../functions/catalogue/app';
import { createApp as createCheckoutApp } from '../../functions/checkout/app';
import { checkoutOn } from '../../functions/checkout/services/checkout-on-table';
import { createStripeGateway } from '../../functions/checkout/services/stripe-gateway';
import { demoUsers } from '../../scripts/local/demo-data';
import { createLocalTokenIssuer, localEnvironment } from '../../scripts/local/local-auth';
import { seedDemoData } from '../../scripts/local/seed';
import { type StripeEvent, startStripeEmulator } from '../../scripts/local/stripe-emulator';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { createLogger } from '../../shared/log/logger';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import type { Table } from '../../shared/table/client';
import { publishThroughApi } from './catalogue';
import { farmOwner, stripeSecretKey, stripeWebhookSecret, walkBody } from './checkout-world';
import { createTestTable } from './test-table';

/** A small seeded shuffle (mulberry32): each run of a seed gives the same order. */
export function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Every item in the table, sorted by key: to show that a request wrote nothing at all. */
export async function tableContents(table: Table): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (item: Record<string, unknown>) => `${String(item.PK)}|${String(item.SK)}`;
  return items.sort((a, b) => key(a).localeCompare(key(b)));
}

/**
 * Like `checkoutWorld()`, but Stripe's webhooks are never delivered by themselves: the emulator has
 * no webhook endpoint, so it only records its events (`emulator.events()`), and the test delivers
 * them (`deliver`) when and in the order it chooses. The clock can be moved on, to let holds run
 * out. `checkoutTable` can put failures between the checkout app and the table. Only the farm
 * has a connected account; the walking group (dorset-provider-applicant) has
 * an organisation but no payouts yet, so it can go through onboarding.
 */
export async function quietCheckoutWorld(
  options: {
    /** The table as the checkout app sees it, e.g. with an injected failure; everything else uses the real one. */
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
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const emulator = await startStripeEmulator({
    webhookSecret: stripeWebhookSecret,
    secretKeys: [stripeSecretKey],
    enabledEvents: [],
  });
  const payments = createStripeGateway({
    secretKey: stripeSecretKey,
    webhookSecret: stripeWebhookSecret,
    apiUrl: emulator.url,
  });
  const checkoutApp = createCheckoutApp({
    ...deps,
    table: options.checkoutTable?.(deps.table) ?? deps.table,
    payments,
    paymentOrigins: [emulator.url],
    now,
  });
  const catalogueApp = createCatalogueApp({ ...deps, feedDelayMs: 0, now });
  const checkout = checkoutOn({ table, councils: deps.councils, payments, logger: deps.logger, now });
  const stripe = new Stripe(stripeSecretKey, { ...emulator.clientOptions });

  const providerIdOf = async (ownerId: string, councilId = 'dorset') => {
    const organisation = await createProviderRepository(table).findByOwner(councilId, ownerId);
    if (!organisation) throw new Error(`${ownerId} has no organisation`);
    return organisation.id;
  };

  // The farm takes card payments: its account is onboarded (an `account.updated` event) and recorded.
  const farmId = await providerIdOf(farmOwner);
  const farmAccount = await payments.createAccount({
    email: 'jess@purbeckfarm.example',
    councilId: 'dorset',
    providerId: farmId,
    idempotencyKey: `test-connect-${farmId}`,
  });
  await emulator.completeOnboarding(farmAccount.id);
  await checkout.stores.stripeRecords.savePayouts({
    councilId: 'dorset',
    providerId: farmId,
    stripeAccountId: farmAccount.id,
    chargesEnabled: true,
    payoutsEnabled: true,
    detailsSubmitted: true,
    updatedAt: now().toISOString(),
  });

  const tokenFor = async (userId: string) => {
    const user = demoUsers.find((candidate) => candidate.id === userId);
    if (!user) throw new Error(`no demo user ${userId}`);
    return issuer.issueToken(user);
  };

  /** JSON to either app as a demo user (or nobody); status and parsed body back. */
  async function call(userId: string | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (userId) headers.authorization = `Bearer ${await tokenFor(userId)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const app = path.startsWith('/api/catalogue') ? catalogueApp : checkoutApp;
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

  /** Publishes an activity as the farm and returns it with its upcoming session ids, soonest first. */
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

  /** A request to POST /webhooks/stripe with this body and these headers, as Stripe (or an attacker) sends it. */
  async function postWebhook(body: string, headers: Record<string, string>) {
    const response = await checkoutApp.request('/webhooks/stripe', { method: 'POST', headers, body });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  }

  /** Delivers an event as Stripe would: the exact body, signed now (or at `at`). */
  async function deliver(event: StripeEvent, at?: Date) {
    const delivery = emulator.signedDelivery(event, at);
    const response = await postWebhook(delivery.body, delivery.headers);
    return {
      status: response.status,
      outcome: response.status === 200 ? (JSON.parse(response.text).outcome as string) : undefined,
      text: response.text,
    };
  }

  return {
    table,
    emulator,
    payments,
    checkout,
    checkoutApp,
    stripe,
    call,
    publishActivity,
    providerIdOf,
    postWebhook,
    deliver,
    now,
    clock: {
      /** Moves the checkout's and the catalogue's clock on (Stripe's stays on the wall clock). */
      advance: (ms: number) => {
        offsetMs += ms;
      },
    },
    close: () => emulator.close(),
  };
}

export type QuietCheckoutWorld = Awaited<ReturnType<typeof quietCheckoutWorld>>;
