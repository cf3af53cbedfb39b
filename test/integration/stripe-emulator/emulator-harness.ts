import Stripe from 'stripe';
import {
  type StripeEmulator,
  type StripeEmulatorOptions,
  startStripeEmulator,
} from '../../../scripts/local/stripe-emulator/index';

export const webhookSecret = 'whsec_emulator_test_secret';

/** Only used for its webhook helpers, which never touch the network. */
export const verifier = new Stripe('sk_test_unused');

export interface Harness {
  emulator: StripeEmulator;
  stripe: Stripe;
  /** Events the receiver accepted after checking their signatures. */
  received: Stripe.Event[];
  /** Bodies the receiver refused because their signature did not verify. */
  refused: string[];
  /** What the receiver answers next; tests set it to make Stripe retry. */
  receiverStatus: { value: number };
  /** Lets a test move the emulator's clock. */
  clock: { now: Date };
  receivedOfType(type: string): Stripe.Event[];
}

/**
 * An emulator with a tiny in-test webhook receiver that verifies every delivery with the SDK, as the
 * marketplace's handler does.
 */
export async function startHarness(options: Partial<StripeEmulatorOptions> = {}): Promise<Harness> {
  const received: Stripe.Event[] = [];
  const refused: string[] = [];
  const receiverStatus = { value: 200 };
  const clock = { now: new Date() };
  const emulator = await startStripeEmulator({
    webhookSecret,
    now: () => clock.now,
    webhook: {
      fetch: async (request) => {
        const body = await request.text();
        try {
          const event = await verifier.webhooks.constructEventAsync(
            body,
            request.headers.get('stripe-signature') ?? '',
            webhookSecret,
          );
          if (receiverStatus.value < 300) received.push(event);
          return new Response(null, { status: receiverStatus.value });
        } catch {
          refused.push(body);
          return new Response('signature did not verify', { status: 400 });
        }
      },
    },
    ...options,
  });
  const stripe = new Stripe('sk_test_emulator', { ...emulator.clientOptions });
  return {
    emulator,
    stripe,
    received,
    refused,
    receiverStatus,
    clock,
    receivedOfType: (type) => received.filter((event) => event.type === type),
  };
}

export function sessionParams(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return {
    mode: 'payment',
    line_items: [
      {
        price_data: { currency: 'gbp', unit_amount: 1250, product_data: { name: 'Swimming session' } },
        quantity: 2,
      },
    ],
    success_url: 'https://marketplace.test/bookings/done?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://marketplace.test/bookings/cancelled',
    ...overrides,
  } satisfies Stripe.Checkout.SessionCreateParams;
}

/** A connected account that has finished onboarding, so it can receive destination charges. */
export async function onboardedAccount(harness: Harness): Promise<Stripe.Account> {
  const account = await harness.stripe.accounts.create({
    type: 'express',
    country: 'GB',
    email: 'provider@example.com',
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  await harness.emulator.completeOnboarding(account.id);
  return account;
}

/** Submits the hosted payment page as a browser would: GET it, then POST the form without JavaScript. */
export async function submitCheckoutPage(
  url: string,
  fields: Record<string, string>,
): Promise<{ page: string; response: Response }> {
  const page = await (await fetch(url)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no payment form on ${url}:\n${page}`);
  const response = await fetch(new URL(action, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { page, response };
}

export const cardFields = (number: string) => ({
  email: 'parent@example.com',
  number,
  expiry: '12 / 40',
  cvc: '123',
  name: 'Alex Example',
});
