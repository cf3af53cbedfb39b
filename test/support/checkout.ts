import Stripe from 'stripe';
import { ulid } from 'ulid';
import { expect } from 'vitest';
import { createProviderRepository } from '../../functions/applications/repositories/providers';
import { createApp as createCatalogueApp } from '../../functions/catalogue/app';
import { createApp as createCheckoutApp } from '../../functions/checkout/app';
import type { Person } from '../../functions/checkout/domain/people';
import { checkoutOn } from '../../functions/checkout/services/checkout-on-table';
import { createStripeGateway } from '../../functions/checkout/services/stripe-gateway';
import { demoUsers } from '../../scripts/local/demo-data';
import { createLocalTokenIssuer, localEnvironment } from '../../scripts/local/local-auth';
import { seedDemoData } from '../../scripts/local/seed';
import { type StripeEmulator, startStripeEmulator } from '../../scripts/local/stripe-emulator/index';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import type { RepresentativeType, SignedInUser } from '../../shared/domain/users';
import { createLogger } from '../../shared/log/logger';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { addDays } from '../../shared/time/london-time';
import { ukToday } from '../../shared/time/uk-dates';
import { publishThroughApi } from './catalogue';
import { createTestTable } from './test-table';

export const stripeSecretKey = 'sk_test_emulator';
export const stripeWebhookSecret = 'whsec_booking_tests';

/** Someone to sign in as: a demo user's id, or any user (people and representatives made for a test). */
export type TestUser = string | SignedInUser;

/** The demo member whose activities tests book: Purbeck Community Farm, with the spokes lot. */
export const farmOwner = 'dorset-provider-member';

/** A weekly activity that takes every way of paying, on three mornings a week from today. */
export const bookableActivityBody = (overrides: Record<string, unknown> = {}) => ({
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
 * The checkout app (and the catalogue app, to publish activities through its API) on a fresh table
 * seeded with the demo councils, users and framework members, with the Stripe emulator as the
 * payment gateway: its webhooks go straight into the checkout app. Helpers sign in as any user,
 * browse pages and post forms as a browser would, and make the people, links, activities and
 * payout accounts a test needs.
 */
export async function checkoutPagesWorld(options: { now?: () => Date } = {}) {
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
        checkoutApp ? checkoutApp.request(request) : new Response('not started', { status: 503 }),
    },
  });
  const payments = createStripeGateway({
    secretKey: stripeSecretKey,
    webhookSecret: stripeWebhookSecret,
    apiUrl: emulator.url,
  });
  const app = createCheckoutApp({ ...deps, payments, paymentOrigins: [emulator.url], now });
  checkoutApp = app;
  const catalogueApp = createCatalogueApp({ ...deps, feedDelayMs: 0, now });
  const checkout = checkoutOn({ table, councils: deps.councils, payments, logger: deps.logger, now });
  const stripe = new Stripe(stripeSecretKey, { ...emulator.clientOptions });

  const userOf = (user: TestUser): SignedInUser => {
    if (typeof user !== 'string') return user;
    const demo = demoUsers.find((candidate) => candidate.id === user);
    if (!demo) throw new Error(`no demo user ${user}`);
    return { id: demo.id, name: demo.name, role: demo.role, councilId: demo.councilId };
  };
  const tokenFor = (user: TestUser) => issuer.issueToken(userOf(user));
  const appFor = (path: string) => (path.startsWith('/api/catalogue') ? catalogueApp : app);

  /** JSON to either app with a bearer token (or as nobody); status and parsed body back. */
  async function call(user: TestUser | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${await tokenFor(user)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await appFor(path).request(path, {
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

  /** A page from a browser, signed in with the session cookie (or not signed in, with null). */
  async function browse(user: TestUser | null, path: string) {
    return app.request(path, {
      headers: {
        accept: 'text/html',
        ...(user ? { cookie: `__Host-ofm-session=${await tokenFor(user)}` } : {}),
      },
    });
  }

  /** A form post from a signed-in browser with a matching CSRF cookie and field; a list posts a name repeatedly. */
  async function submit(user: TestUser | null, path: string, fields: Record<string, string | string[]> = {}) {
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
        cookie: `${user ? `__Host-ofm-session=${await tokenFor(user)}; ` : ''}__Host-ofm-csrf=${csrf}`,
      },
      body: body.toString(),
    });
  }

  /** A provider organisation's id, by its owner's sign-in. */
  async function providerIdOf(ownerId: string, councilId = 'dorset') {
    const organisation = await createProviderRepository(table).findByOwner(councilId, ownerId);
    if (!organisation) throw new Error(`${ownerId} has no organisation`);
    return { id: organisation.id, name: organisation.details.legalName };
  }

  /**
   * A person as a commissioner would record them, stored directly. Budgets run in 4-week periods
   * that started a week ago, so there is always a current period. `isf` makes the farm hold an ISF.
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
    const holder = details.isfPence
      ? await providerIdOf(farmOwner, details.councilId ?? 'dorset')
      : undefined;
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

  /** Publishes an activity as the farm; returns it with its upcoming session ids, soonest first. */
  async function publishActivity(overrides: Record<string, unknown> = {}) {
    const activity = await publishThroughApi<{
      id: string;
      version: number;
      providerId: string;
      title: string;
    }>(call, farmOwner, bookableActivityBody(overrides));
    const sessions = await checkout.stores.sessions.listForActivity(activity.id, ukToday(now()), 40);
    const upcoming = sessions.filter(
      (session) => session.status === 'scheduled' && session.startsAt > now().toISOString(),
    );
    return { ...activity, sessions: upcoming, sessionIds: upcoming.map((session) => session.id) };
  }

  /** Gives a provider an onboarded connected account on the emulator, so its sessions take card payments. */
  async function enableCardPayments(providerId: string, councilId = 'dorset') {
    const account = await stripe.accounts.create({
      type: 'express',
      country: 'GB',
      email: 'payouts@example.org',
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    });
    await emulator.completeOnboarding(account.id);
    await checkout.stores.stripeRecords.createPayouts({
      councilId,
      providerId,
      stripeAccountId: account.id,
      chargesEnabled: true,
      payoutsEnabled: true,
      detailsSubmitted: true,
      updatedAt: now().toISOString(),
    });
    await emulator.idle();
    return account.id;
  }

  return {
    table,
    emulator,
    payments,
    checkout,
    app,
    catalogueApp,
    userOf,
    call,
    browse,
    submit,
    providerIdOf,
    addPerson,
    linkRepresentative,
    publishActivity,
    enableCardPayments,
    close: () => emulator.close(),
  };
}

export type CheckoutPagesWorld = Awaited<ReturnType<typeof checkoutPagesWorld>>;

/** The GOV.UK error summary of a page, to check what it lists. */
export const errorSummaryOf = (html: string) =>
  /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
