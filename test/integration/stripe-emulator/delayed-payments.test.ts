import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, onboardedAccount, sessionParams, startHarness } from './emulator-harness';

/**
 * A payment that settles days later (Bacs Direct Debit): Checkout completes at once, unpaid; the
 * bank's answer comes later as checkout.session.async_payment_succeeded or _failed. A control
 * (the emulator's, like `pay`) does what the customer and the bank would.
 */
let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

async function openSession(): Promise<Stripe.Checkout.Session> {
  const account = await onboardedAccount(harness);
  return harness.stripe.checkout.sessions.create(
    sessionParams({
      payment_intent_data: { transfer_data: { destination: account.id }, metadata: { bookingId: 'b-5' } },
    }),
  );
}

const expanded = (id: string) =>
  harness.stripe.checkout.sessions.retrieve(id, { expand: ['payment_intent.latest_charge'] });

describe('a payment that settles later', () => {
  it('completes the session unpaid, with the payment processing and its charge pending', async () => {
    const { emulator } = harness;
    const session = await openSession();
    const started = await emulator.payLater(session.id);
    if (started.outcome !== 'processing') throw new Error(JSON.stringify(started));
    const now = await expanded(session.id);
    expect(now).toMatchObject({ status: 'complete', payment_status: 'unpaid', url: null });
    const intent = now.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ id: started.paymentIntentId, status: 'processing', amount_received: 0 });
    expect(intent.latest_charge).toMatchObject({
      id: started.chargeId,
      status: 'pending',
      paid: false,
      payment_method_details: { type: 'bacs_debit', bacs_debit: { sort_code: '108800', last4: '2345' } },
    });
    expect(harness.received.map((event) => event.type)).toEqual(
      expect.arrayContaining(['charge.pending', 'payment_intent.processing', 'checkout.session.completed']),
    );
    expect(harness.receivedOfType('checkout.session.completed')[0]?.data.object).toMatchObject({
      id: session.id,
      payment_status: 'unpaid',
    });
    expect(await emulator.payLater(session.id)).toEqual({ outcome: 'unavailable', status: 'complete' });
  });

  it('sends async_payment_succeeded once the money arrives, and the session is then paid and refundable', async () => {
    const { emulator, stripe } = harness;
    const session = await openSession();
    const started = await emulator.payLater(session.id);
    if (started.outcome !== 'processing') throw new Error(JSON.stringify(started));
    await emulator.settle(started.paymentIntentId, 'succeeded');
    const now = await expanded(session.id);
    expect(now).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(now.payment_intent).toMatchObject({
      status: 'succeeded',
      amount_received: 2500,
      latest_charge: { status: 'succeeded', paid: true, amount_captured: 2500 },
    });
    const succeeded = harness.receivedOfType('checkout.session.async_payment_succeeded');
    expect(
      succeeded.map((event) => (event.data.object as { payment_status: string }).payment_status),
    ).toEqual(['paid']);
    expect(harness.receivedOfType('payment_intent.succeeded')).toHaveLength(1);
    const refund = await stripe.refunds.create({ payment_intent: started.paymentIntentId, amount: 500 });
    expect(refund.status).toBe('succeeded');
  });

  it('sends async_payment_failed when the bank refuses: the session stays complete and unpaid', async () => {
    const { emulator, stripe } = harness;
    const session = await openSession();
    const started = await emulator.payLater(session.id);
    if (started.outcome !== 'processing') throw new Error(JSON.stringify(started));
    await emulator.settle(started.paymentIntentId, 'failed');
    const now = await expanded(session.id);
    expect(now).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect(now.payment_intent).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'insufficient_funds', charge: started.chargeId },
      latest_charge: { status: 'failed', paid: false, failure_code: 'insufficient_funds' },
    });
    expect(harness.receivedOfType('checkout.session.async_payment_failed')).toHaveLength(1);
    expect(harness.receivedOfType('payment_intent.payment_failed')).toHaveLength(1);
    const notPaid = await stripe.refunds
      .create({ payment_intent: started.paymentIntentId })
      .catch((thrown: unknown) => thrown);
    expect((notPaid as Stripe.errors.StripeError).param).toBe('payment_intent');

    // Settled once: the bank does not answer twice.
    const again = await fetch(`${emulator.url}/_emulator/payment_intents/${started.paymentIntentId}/settle`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'succeeded' }),
    });
    expect(again.status).toBe(400);
  });

  it('is driven over HTTP too, and names a missing outcome', async () => {
    const { emulator } = harness;
    const session = await openSession();
    const started = await (
      await fetch(`${emulator.url}/_emulator/checkout/sessions/${session.id}/pay_later`, { method: 'POST' })
    ).json();
    expect(started).toMatchObject({ outcome: 'processing' });
    const settle = (body: string) =>
      fetch(`${emulator.url}/_emulator/payment_intents/${started.paymentIntentId}/settle`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    const missing = await settle('');
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.param).toBe('outcome');
    const settled = await settle('outcome=succeeded');
    expect(await settled.json()).toMatchObject({ id: started.paymentIntentId, status: 'succeeded' });
  });
});
