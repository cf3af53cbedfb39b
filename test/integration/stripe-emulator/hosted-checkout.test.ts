import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cardFields,
  type Harness,
  onboardedAccount,
  sessionParams,
  startHarness,
  submitCheckoutPage,
} from './emulator-harness';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

async function chargeOf(sessionId: string): Promise<Stripe.Charge> {
  const session = await harness.stripe.checkout.sessions.retrieve(sessionId, {
    expand: ['payment_intent.latest_charge'],
  });
  const intent = session.payment_intent as Stripe.PaymentIntent;
  return intent.latest_charge as Stripe.Charge;
}

describe('the hosted payment page', () => {
  it('shows the line items, the total in pounds, labelled card fields and a way back', async () => {
    const session = await harness.stripe.checkout.sessions.create(sessionParams());
    const response = await fetch(session.url ?? '');
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain('Stripe emulator (local test)');
    expect(page).toContain('Swimming session');
    expect(page).toContain('£25.00');
    for (const label of [
      'Email address',
      'Card number',
      'Expiry date (MM / YY)',
      'Security code (CVC)',
      'Name on card',
    ]) {
      expect(page).toMatch(new RegExp(`<label for="[a-z-]+">${label.replace(/[()]/g, '\\$&')}</label>`));
    }
    expect(page).toContain('<button type="submit">Pay £25.00</button>');
    expect(page).toContain('href="https://marketplace.test/bookings/cancelled"');
    expect(page).not.toContain('<script');
  });

  it('takes a Visa credit card, completes the session, sends checkout.session.completed and redirects', async () => {
    const { stripe, emulator } = harness;
    const account = await onboardedAccount(harness);
    const session = await stripe.checkout.sessions.create(
      sessionParams({
        payment_intent_data: {
          transfer_data: { destination: account.id },
          application_fee_amount: 150,
          metadata: { bookingId: 'b-7' },
        },
      }),
    );
    const { response } = await submitCheckoutPage(session.url ?? '', cardFields('4242 4242 4242 4242'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `https://marketplace.test/bookings/done?session_id=${session.id}`,
    );
    await emulator.idle();

    const [completed] = harness.receivedOfType('checkout.session.completed');
    const completedSession = completed?.data.object as Stripe.Checkout.Session;
    expect(completedSession).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
    expect(completedSession.payment_intent).toMatch(/^pi_/);
    expect(completedSession.customer_details).toMatchObject({
      email: 'parent@example.com',
      name: 'Alex Example',
    });

    const intent = await stripe.paymentIntents.retrieve(completedSession.payment_intent as string);
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 2500,
      amount_received: 2500,
      currency: 'gbp',
      metadata: { bookingId: 'b-7' },
      application_fee_amount: 150,
      transfer_data: { destination: account.id },
    });
    const charge = await chargeOf(session.id);
    expect(charge).toMatchObject({
      id: intent.latest_charge,
      status: 'succeeded',
      amount_refunded: 0,
      refunded: false,
      transfer_data: { destination: account.id },
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', funding: 'credit' } },
    });
    expect(charge.balance_transaction).toMatch(/^txn_/);
    expect(await stripe.charges.retrieve(charge.id)).toEqual(charge);
  });

  it('accepts a prepaid card and records its funding as prepaid', async () => {
    const session = await harness.stripe.checkout.sessions.create(sessionParams());
    const { response } = await submitCheckoutPage(session.url ?? '', cardFields('5105105105105100'));
    expect(response.status).toBe(303);
    const charge = await chargeOf(session.id);
    expect(charge.payment_method_details?.card).toMatchObject({
      brand: 'mastercard',
      funding: 'prepaid',
      last4: '5100',
    });
  });

  it('shows a decline, keeps the session open and sends payment_intent.payment_failed', async () => {
    const { stripe, emulator } = harness;
    const session = await stripe.checkout.sessions.create(sessionParams());
    const { response } = await submitCheckoutPage(session.url ?? '', cardFields('4000 0000 0000 0002'));
    expect(response.status).toBe(402);
    expect(await response.text()).toContain('Your card was declined.');
    await emulator.idle();

    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect(harness.receivedOfType('checkout.session.completed')).toHaveLength(0);
    const [failed] = harness.receivedOfType('payment_intent.payment_failed');
    const failedIntent = failed?.data.object as Stripe.PaymentIntent | undefined;
    expect(failedIntent?.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });

    const retry = await emulator.pay(session.id, '4242424242424242');
    expect(retry).toMatchObject({
      outcome: 'paid',
      paymentIntentId: failedIntent?.id,
    });
    expect(harness.receivedOfType('checkout.session.completed')).toHaveLength(1);
  });

  it('points out card details Stripe would reject before charging anything', async () => {
    const session = await harness.stripe.checkout.sessions.create(sessionParams());
    const { response } = await submitCheckoutPage(session.url ?? '', {
      ...cardFields('4242 4242 4242 4241'),
      expiry: '01 / 20',
    });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('Your card number is invalid.');
    expect(page).toContain('expiration date is in the past.');
    expect(page).toContain('aria-invalid="true"');
    await harness.emulator.idle();
    expect(harness.emulator.events()).toHaveLength(0);
  });

  it('says so when the session has expired or is already paid, and takes no payment', async () => {
    const { stripe, emulator } = harness;
    const expired = await stripe.checkout.sessions.create(sessionParams());
    await emulator.expire(expired.id);
    const expiredPage = await (await fetch(`${emulator.url}/checkout/${expired.id}`)).text();
    expect(expiredPage).toContain('This checkout session has expired');
    expect(await emulator.pay(expired.id, '4242424242424242')).toEqual({
      outcome: 'unavailable',
      status: 'expired',
    });

    const paid = await stripe.checkout.sessions.create(sessionParams());
    await emulator.pay(paid.id, '4242424242424242');
    const paidPage = await (await fetch(`${emulator.url}/checkout/${paid.id}`)).text();
    expect(paidPage).toContain('This payment is complete');
    expect(await emulator.pay(paid.id, '4242424242424242')).toEqual({
      outcome: 'unavailable',
      status: 'complete',
    });
    expect(harness.receivedOfType('checkout.session.completed')).toHaveLength(1);
  });

  it('can be paid through the HTTP control route', async () => {
    const session = await harness.stripe.checkout.sessions.create(sessionParams());
    const response = await fetch(`${harness.emulator.url}/_emulator/checkout/sessions/${session.id}/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ card: '4242 4242 4242 4242' }),
    });
    expect(await response.json()).toMatchObject({ outcome: 'paid' });
    expect(harness.receivedOfType('checkout.session.completed')).toHaveLength(1);
  });
});
