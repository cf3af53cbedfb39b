import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, sessionParams, startHarness } from './emulator-harness';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

async function newExpressAccount(): Promise<Stripe.Account> {
  return harness.stripe.accounts.create({
    type: 'express',
    country: 'GB',
    email: 'provider@example.com',
    business_type: 'company',
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    metadata: { providerId: 'p-1' },
  });
}

describe('connected accounts', () => {
  it('creates an Express account that cannot take payments until onboarded', async () => {
    const account = await newExpressAccount();
    expect(account).toMatchObject({
      object: 'account',
      type: 'express',
      country: 'GB',
      email: 'provider@example.com',
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { card_payments: 'inactive', transfers: 'inactive' },
      metadata: { providerId: 'p-1' },
    });
    expect(account.id).toMatch(/^acct_/);
    expect(account.requirements?.currently_due).toContain('external_account');
    expect(await harness.stripe.accounts.retrieve(account.id)).toEqual(account);
  });

  it('onboards through the hosted page: account.updated, then back to return_url', async () => {
    const { stripe, emulator } = harness;
    const account = await newExpressAccount();
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'https://marketplace.test/providers/payments/refresh',
      return_url: 'https://marketplace.test/providers/payments/done',
    });
    expect(link.object).toBe('account_link');
    expect(link.url).toMatch(new RegExp(`^${emulator.url}/onboarding/`));
    expect(link.expires_at).toBeGreaterThan(link.created);

    const page = await (await fetch(link.url)).text();
    expect(page).toContain('Stripe emulator (local test)');
    expect(page).toContain('<button type="submit">Complete onboarding</button>');
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
    const submitted = await fetch(new URL(action, link.url), { method: 'POST', redirect: 'manual' });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe('https://marketplace.test/providers/payments/done');
    await emulator.idle();

    const [updated] = harness.receivedOfType('account.updated');
    expect(updated?.data.object).toMatchObject({
      id: account.id,
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      capabilities: { card_payments: 'active', transfers: 'active' },
      requirements: { currently_due: [] },
    });
    expect(updated?.data.previous_attributes).toMatchObject({ charges_enabled: false });
    expect((await stripe.accounts.retrieve(account.id)).charges_enabled).toBe(true);

    // Account links work once; after that Stripe sends the provider to refresh_url.
    const reused = await fetch(link.url, { redirect: 'manual' });
    expect(reused.status).toBe(303);
    expect(reused.headers.get('location')).toBe('https://marketplace.test/providers/payments/refresh');

    const session = await stripe.checkout.sessions.create(
      sessionParams({ payment_intent_data: { transfer_data: { destination: account.id } } }),
    );
    expect(session.status).toBe('open');
  });

  it('needs an account that exists and the URLs to come back to', async () => {
    const { stripe } = harness;
    const missing = await stripe.accountLinks
      .create({
        account: 'acct_nobody',
        type: 'account_onboarding',
        refresh_url: 'https://a.test',
        return_url: 'https://b.test',
      })
      .catch((thrown: unknown) => thrown);
    expect((missing as Stripe.errors.StripeError).statusCode).toBe(404);

    const account = await newExpressAccount();
    const noReturn = await stripe.accountLinks
      .create({ account: account.id, type: 'account_onboarding', refresh_url: 'https://a.test' })
      .catch((thrown: unknown) => thrown);
    expect(noReturn).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((noReturn as Stripe.errors.StripeError).param).toBe('return_url');
  });
});
