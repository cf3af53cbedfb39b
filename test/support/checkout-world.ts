import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { ulid } from 'ulid';
import { expect } from 'vitest';
import { createProviderRepository } from '../../functions/applications/repositories/providers';
import { createApp as createCatalogueApp } from '../../functions/catalogue/app';
import { createApp as createCheckoutApp } from '../../functions/checkout/app';
import type { Person } from '../../functions/checkout/domain/people';
import { checkoutOn } from '../../functions/checkout/services/checkout-on-table';
import {
  type PaymentGateway,
  PaymentUnavailableError,
} from '../../functions/checkout/services/payment-gateway';
import { createStripeGateway } from '../../functions/checkout/services/stripe-gateway';
import {
  connectDemoPayouts,
  connectPayouts,
  demoPeople,
  exampleWalkInput,
} from '../../scripts/local/demo-checkout';
import { type StripeEvent, startStripeEmulator } from '../../scripts/local/stripe-emulator';
import type { RepresentativeType, SignedInUser } from '../../shared/domain/users';
import type { Logger } from '../../shared/log/logger';
import { postcodeItem } from '../../shared/postcodes/offline-lookup';
import type { Table } from '../../shared/table/client';
import { addDays } from '../../shared/time/london-time';
import { ukToday } from '../../shared/time/uk-dates';
import { publishThroughApi } from './catalogue';
import { harness, type RequestTarget, seededDependencies } from './local-app';

export type { TestUser } from './local-app';

export const stripeSecretKey = 'sk_test_emulator';
export const stripeWebhookSecret = 'whsec_checkout_tests';

/** The demo people, by first name. */
export const people = {
  tom: demoPeople[0]?.id as string,
  grace: demoPeople[1]?.id as string,
  derek: demoPeople[2]?.id as string,
  ruby: demoPeople[3]?.id as string,
};

/** The demo member whose activities tests book: Purbeck Community Farm, a Dorset member with the spokes lot. */
export const farmOwner = 'dorset-provider-member';

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

/** The GOV.UK error summary of a page, to check what it lists. */
export const errorSummaryOf = (html: string) =>
  /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';

export interface CheckoutWorldOptions {
  /** The apps' clock. Without it they follow `clock`: the wall clock, moved on or set by the test. */
  now?: () => Date;
  /** The table as the checkout app sees it, e.g. with injected failures; seeding, `checkout` and the catalogue use the real one. */
  checkoutTable?: (table: Table) => Table;
  /**
   * `deliver` (the default): the Stripe emulator's webhooks go straight into the checkout app.
   * `record`: they are never delivered by themselves; the emulator only records its events
   * (`emulator.events()`) and the test delivers them (`deliver`) when and in the order it chooses.
   */
  webhooks?: 'deliver' | 'record';
  /**
   * Which providers have an onboarded connected account to start with: every demo organisation
   * (`demo`, the default), only the farm (`farm`), or nobody (`none`; `enableCardPayments` adds one).
   */
  payouts?: 'demo' | 'farm' | 'none';
  /** Stores where the example venue (BH20 4AA) is, as the postcode import would. */
  locateVenue?: boolean;
  /** The payment gateway as the apps and `checkout` see it, e.g. with Stripe failing on demand. */
  payments?: (payments: PaymentGateway) => PaymentGateway;
  /** The Stripe emulator's clock (its idempotency keys and checkout expiry follow it); default the wall clock. */
  stripeNow?: () => Date;
  /** Where the checkout app and `checkout` log, e.g. to see their warnings; default silent. */
  logger?: Logger;
}

/**
 * A table seeded with the demo councils, users, framework members and people; the catalogue and
 * checkout apps on it with one clock; and the Stripe emulator as the payment gateway. Helpers sign
 * in as any user (a demo user's id, or people and representatives made for the test), send JSON,
 * browse pages and post forms as a browser would, make the people, links, activities and payout
 * accounts a test needs, and deliver Stripe's events by hand.
 */
export async function checkoutWorld(options: CheckoutWorldOptions = {}) {
  const { table, issuer, deps } = await seededDependencies();
  if (options.locateVenue)
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: postcodeItem({ postcode: 'BH20 4AA', outward: 'BH20', latitude: 50.6862, longitude: -2.1121 }),
      }),
    );
  let offsetMs = 0;
  const clock = {
    /** A time the apps see instead of the wall clock, until set back to undefined. */
    now: undefined as Date | undefined,
    /** Moves the checkout's and the catalogue's clock on (Stripe's stays on the wall clock). */
    advance: (ms: number) => {
      offsetMs += ms;
    },
  };
  const now = options.now ?? (() => clock.now ?? new Date(Date.now() + offsetMs));

  let checkoutApp: ReturnType<typeof createCheckoutApp> | undefined;
  const emulator = await startStripeEmulator({
    webhookSecret: stripeWebhookSecret,
    secretKeys: [stripeSecretKey],
    ...(options.stripeNow ? { now: options.stripeNow } : {}),
    ...(options.webhooks === 'record'
      ? { enabledEvents: [] }
      : {
          webhook: {
            fetch: async (request: Request) =>
              checkoutApp ? checkoutApp.request(request) : new Response('not yet', { status: 503 }),
          },
        }),
  });
  const stripeGateway = createStripeGateway({
    secretKey: stripeSecretKey,
    webhookSecret: stripeWebhookSecret,
    apiUrl: emulator.url,
  });
  const payments = options.payments?.(stripeGateway) ?? stripeGateway;
  const logger = options.logger ?? deps.logger;
  const app = createCheckoutApp({
    ...deps,
    logger,
    table: options.checkoutTable?.(deps.table) ?? deps.table,
    payments,
    paymentOrigins: [emulator.url],
    now,
  });
  checkoutApp = app;
  const catalogueApp = createCatalogueApp({ ...deps, feedDelayMs: 0, now });
  const checkout = checkoutOn({
    table: deps.table,
    councils: deps.councils,
    payments,
    logger,
    now,
  });
  const stripe = new Stripe(stripeSecretKey, { ...emulator.clientOptions });

  // JSON for the catalogue's API goes to the catalogue app; everything else to the checkout app.
  const apps: RequestTarget = {
    request: (path, init) => (path.startsWith('/api/catalogue') ? catalogueApp : app).request(path, init),
  };
  const { call, browse, submit, userOf, tokenFor } = harness(apps, table, issuer);
  /** A page of the catalogue app, signed in. */
  const browseCatalogue = harness(catalogueApp, table, issuer).browse;

  /** A provider organisation, by its owner's sign-in. */
  async function providerOf(ownerId: string, councilId = 'dorset') {
    const organisation = await createProviderRepository(table).findByOwner(councilId, ownerId);
    if (!organisation) throw new Error(`${ownerId} has no organisation`);
    return { id: organisation.id, name: organisation.details.legalName };
  }
  const providerIdOf = async (ownerId: string, councilId = 'dorset') =>
    (await providerOf(ownerId, councilId)).id;

  /** Gives a provider an onboarded connected account on the emulator, so its sessions take card payments. */
  async function enableCardPayments(providerId: string, councilId = 'dorset') {
    const accountId = await connectPayouts(
      table,
      payments,
      (id) => emulator.completeOnboarding(id),
      { councilId, providerId, email: 'payouts@example.org' },
      now(),
    );
    await emulator.idle();
    return accountId;
  }

  const payouts = options.payouts ?? 'demo';
  if (payouts === 'demo') {
    await connectDemoPayouts(table, payments, (accountId) => emulator.completeOnboarding(accountId));
    await emulator.idle();
  } else if (payouts === 'farm') await enableCardPayments(await providerIdOf(farmOwner));

  /**
   * A person as a commissioner would record them, stored directly. Budgets run in 4-week periods
   * that started a week ago, so there is always a current period. `isfPence` makes the farm hold an ISF.
   */
  async function addPerson(details: {
    name: string;
    userId?: string;
    councilId?: string;
    directPaymentPence?: number;
    isfPence?: number;
    selfFunded?: boolean;
  }): Promise<Person> {
    const at = now().toISOString();
    const startsOn = addDays(ukToday(now()), -7);
    const id = ulid().toLowerCase();
    const holder = details.isfPence ? await providerOf(farmOwner, details.councilId ?? 'dorset') : undefined;
    const person: Person = {
      id,
      councilId: details.councilId ?? 'dorset',
      reference: `T-${id.slice(-10).toUpperCase()}`,
      name: details.name,
      contactPreference: 'email',
      email: 'person@example.org',
      homeDistrict: 'DT1',
      selfFunded: details.selfFunded ?? false,
      ...(details.userId ? { userId: details.userId } : {}),
      ...(details.directPaymentPence
        ? { directPayment: { amountPence: details.directPaymentPence, periodWeeks: 4, startsOn } }
        : {}),
      ...(details.isfPence && holder
        ? {
            individualServiceFund: {
              amountPence: details.isfPence,
              periodWeeks: 4,
              startsOn,
              holderProviderId: holder.id,
              holderName: holder.name,
            },
          }
        : {}),
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await checkout.stores.people.create(person);
    return person;
  }

  /** Records that a representative may act for a person, approved by the council's commissioner. */
  async function linkRepresentative(
    person: Person,
    representative: SignedInUser,
    type: RepresentativeType = 'carer',
  ) {
    const added = await checkout.stores.people.addRepresentative({
      personId: person.id,
      councilId: person.councilId,
      userId: representative.id,
      userName: representative.name,
      type,
      approvedBy: { id: 'dorset-commissioner', name: 'Amara Okafor', role: 'commissioner' },
      approvedAt: now().toISOString(),
    });
    expect(added).toBe(true);
  }

  /**
   * Publishes the example walk (with `overrides`) as `owner`, the farm unless said; returns it
   * with its sessions still to come and their ids, soonest first.
   */
  async function publishActivity(overrides: Record<string, unknown> = {}, owner = farmOwner) {
    const activity = await publishThroughApi<{
      id: string;
      version: number;
      providerId: string;
      title: string;
    }>(call, owner, exampleWalkInput(overrides));
    const listed = await call(owner, 'GET', `/api/catalogue/provider/activities/${activity.id}/sessions`);
    expect(listed.status).toBe(200);
    const sessions = (listed.body.sessions as { id: string; startsAt: string; status: string }[])
      .filter((session) => session.status === 'scheduled' && session.startsAt > now().toISOString())
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return { ...activity, sessions, sessionIds: sessions.map((session) => session.id) };
  }

  /** A request to POST /webhooks/stripe with this body and these headers, as Stripe (or an attacker) sends it. */
  async function postWebhook(body: string, headers: Record<string, string>) {
    const response = await app.request('/webhooks/stripe', { method: 'POST', headers, body });
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
    deps,
    emulator,
    payments,
    stripe,
    checkout,
    checkoutApp: app,
    catalogueApp,
    now,
    clock,
    call,
    browse,
    browseCatalogue,
    submit,
    tokenFor,
    userOf,
    providerOf,
    providerIdOf,
    enableCardPayments,
    addPerson,
    linkRepresentative,
    publishActivity,
    postWebhook,
    deliver,
    close: () => emulator.close(),
  };
}

export type CheckoutWorld = Awaited<ReturnType<typeof checkoutWorld>>;

/**
 * Stripe's refunds failing on demand, as an outage does: while `stripe.down`, nothing is refunded.
 * Pass `payments` to `checkoutWorld`.
 */
export function refundsThatFail() {
  const stripe = { down: false };
  const payments = (gateway: PaymentGateway): PaymentGateway => ({
    ...gateway,
    refund: (request) =>
      stripe.down
        ? Promise.reject(new PaymentUnavailableError('Stripe refused the request: api_error'))
        : gateway.refund(request),
  });
  return { stripe, payments };
}

/** The refunds Stripe made for a payment, in pence: each is one `refund.created`. */
export const refundsAtStripe = (world: CheckoutWorld, paymentIntentId: string | undefined) =>
  world.emulator
    .events()
    .filter(
      (event) =>
        event.type === 'refund.created' &&
        (event.data.object as { payment_intent: string }).payment_intent === paymentIntentId,
    )
    .map((event) => (event.data.object as { amount: number }).amount);

/** The ledger's money for one booking (Tom's, unless said): its spend and refunds, which add up to what it still costs. */
export async function ledgerOfBooking(world: CheckoutWorld, bookingId: string, personId = people.tom) {
  return (await world.checkout.stores.budgets.ledgerOf('dorset', personId))
    .filter((entry) => entry.booking?.id === bookingId)
    .map((entry) => [entry.kind, entry.amountPence]);
}
