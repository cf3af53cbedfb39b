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

  it('lists a payment’s refunds newest first, a page at a time, with what they carry', async () => {
    const { stripe } = harness;
    const { paymentIntentId, chargeId } = await paidBooking();
    const other = await paidBooking();
    const made: string[] = [];
    for (const [index, amount] of [100, 200, 300, 400, 500].entries())
      made.push(
        (
          await stripe.refunds.create({
            payment_intent: paymentIntentId,
            amount,
            metadata: { bookingId: 'b-9', dueId: `due-${index}` },
          })
        ).id,
      );
    await stripe.refunds.create({ payment_intent: other.paymentIntentId, amount: 700 });

    const first = await stripe.refunds.list({ payment_intent: paymentIntentId, limit: 2 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/refunds' });
    expect(first.data.map((refund) => refund.id)).toEqual([made[4], made[3]]);
    expect(first.data[0]).toMatchObject({
      object: 'refund',
      amount: 500,
      charge: chargeId,
      payment_intent: paymentIntentId,
      status: 'succeeded',
      metadata: { bookingId: 'b-9', dueId: 'due-4' },
    });
    const next = await stripe.refunds.list({
      payment_intent: paymentIntentId,
      limit: 2,
      starting_after: first.data[1]?.id as string,
    });
    expect(next.data.map((refund) => refund.id)).toEqual([made[2], made[1]]);
    expect(next.has_more).toBe(true);
    const before = await stripe.refunds.list({
      payment_intent: paymentIntentId,
      ending_before: made[2] as string,
    });
    expect(before.data.map((refund) => refund.id)).toEqual([made[4], made[3]]);

    // The SDK pages through by itself; by charge lists the same; another payment's are not there.
    const all: string[] = [];
    for await (const refund of stripe.refunds.list({ charge: chargeId, limit: 2 })) all.push(refund.id);
    expect(all).toEqual([...made].reverse());
    expect((await stripe.refunds.list({ limit: 100 })).data).toHaveLength(6);
  });

  it('refuses a list it cannot answer as Stripe would', async () => {
    const { stripe } = harness;
    const refused = async (params: Record<string, unknown>) =>
      (await stripe.refunds
        .list(params as never)
        .catch((thrown: unknown) => thrown)) as Stripe.errors.StripeError;
    expect(await refused({ payment_intent: 'pi_doesnotexist' })).toMatchObject({
      statusCode: 404,
      param: 'payment_intent',
      code: 'resource_missing',
    });
    expect(await refused({ limit: 101 })).toMatchObject({ statusCode: 400, param: 'limit' });
    expect(await refused({ limit: 0 })).toMatchObject({ statusCode: 400, param: 'limit' });
    expect(await refused({ created: 1 })).toMatchObject({
      statusCode: 400,
      message: 'Received unknown parameter: created',
    });
    expect(await refused({ starting_after: 're_missing' })).toMatchObject({
      statusCode: 404,
      param: 'starting_after',
    });
  });

  it('will not refund a payment whose dispute holds its money', async () => {
    const { stripe, emulator } = harness;
    const { paymentIntentId, chargeId } = await paidBooking();
    await emulator.disputeCharge(chargeId);
    const refused = await stripe.refunds
      .create({ payment_intent: paymentIntentId, amount: 1000 }, { idempotencyKey: 'refund-due-1' })
      .catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({
      code: 'charge_disputed',
      message: `Charge ${chargeId} has been charged back; cannot issue a refund.`,
    });
    expect((await stripe.charges.retrieve(chargeId)).amount_refunded).toBe(0);
    expect((await stripe.refunds.list({ payment_intent: paymentIntentId })).data).toEqual([]);
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
