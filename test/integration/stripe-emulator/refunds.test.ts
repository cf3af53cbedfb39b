import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, onboardedAccount, sessionParams, startHarness } from './emulator-harness';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

/** A paid £25.00 destination charge with a £1.50 fee; returns its PaymentIntent and charge ids. */
async function paidBooking(): Promise<{ paymentIntentId: string; chargeId: string }> {
  const account = await onboardedAccount(harness);
  const session = await harness.stripe.checkout.sessions.create(
    sessionParams({
      payment_intent_data: { transfer_data: { destination: account.id }, application_fee_amount: 150 },
    }),
  );
  const result = await harness.emulator.pay(session.id, '5105 1051 0510 5100');
  if (result.outcome !== 'paid') throw new Error(`payment did not go through: ${JSON.stringify(result)}`);
  return result;
}

describe('refunds', () => {
  it('refunds part of a destination charge, reversing the transfer, and sends charge.refunded', async () => {
    const { stripe, emulator } = harness;
    const { paymentIntentId, chargeId } = await paidBooking();
    const refund = await stripe.refunds.create({
      payment_intent: paymentIntentId,
      amount: 1000,
      reverse_transfer: true,
      refund_application_fee: true,
      metadata: { bookingId: 'b-9' },
    });
    expect(refund).toMatchObject({
      object: 'refund',
      amount: 1000,
      charge: chargeId,
      payment_intent: paymentIntentId,
      currency: 'gbp',
      status: 'succeeded',
      metadata: { bookingId: 'b-9' },
    });
    expect(refund.id).toMatch(/^re_/);
    expect(refund.transfer_reversal).toMatch(/^trr_/);
    await emulator.idle();

    const [refunded] = harness.receivedOfType('charge.refunded');
    expect(refunded?.data.object).toMatchObject({ id: chargeId, amount_refunded: 1000, refunded: false });
    expect(refunded?.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });

    await stripe.refunds.create({ charge: chargeId, reverse_transfer: true });
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ amount_refunded: 2500, refunded: true });
  });

  it('refuses to refund more than is left on the charge', async () => {
    const { stripe } = harness;
    const { paymentIntentId, chargeId } = await paidBooking();
    await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 2000 });
    const tooMuch = await stripe.refunds
      .create({ payment_intent: paymentIntentId, amount: 600 })
      .catch((thrown: unknown) => thrown);
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((tooMuch as Stripe.errors.StripeError).param).toBe('amount');
    expect((tooMuch as Stripe.errors.StripeError).message).toBe(
      'Refund amount (£6.00) is greater than unrefunded amount on charge (£5.00)',
    );

    await stripe.refunds.create({ charge: chargeId });
    const again = await stripe.refunds.create({ charge: chargeId }).catch((thrown: unknown) => thrown);
    expect((again as Stripe.errors.StripeError).code).toBe('charge_already_refunded');
  });

  it('needs a payment intent or a charge that exists', async () => {
    const missing = await harness.stripe.refunds
      .create({ payment_intent: 'pi_doesnotexist' })
      .catch((thrown: unknown) => thrown);
    expect((missing as Stripe.errors.StripeError).statusCode).toBe(404);
    expect((missing as Stripe.errors.StripeError).param).toBe('payment_intent');
  });
});

describe('disputes', () => {
  it('opens a dispute on a charge and sends charge.dispute.created', async () => {
    const { chargeId, paymentIntentId } = await paidBooking();
    await harness.emulator.disputeCharge(chargeId);
    const [created] = harness.receivedOfType('charge.dispute.created');
    expect(created?.data.object).toMatchObject({
      object: 'dispute',
      charge: chargeId,
      payment_intent: paymentIntentId,
      amount: 2500,
      status: 'needs_response',
    });
    expect((await harness.stripe.charges.retrieve(chargeId)).disputed).toBe(true);
  });
});
