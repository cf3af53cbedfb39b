import { describe, expect, it } from 'vitest';
import type { Booking } from '../../../functions/checkout/domain/bookings';
import { runCheckoutSweep } from '../../../functions/checkout/jobs/checkout-sweep';
import { PaymentUnavailableError } from '../../../functions/checkout/services/payment-gateway';
import type { StripeEvent } from '../../../scripts/local/stripe-emulator';
import { type CheckoutWorld, checkoutWorld, farmOwner, people } from '../../support/checkout-world';

/**
 * A £45 booking of three sessions: the provider cancels the first while Stripe refuses refunds
 * (£15 owed), the other £30 is given back from the Stripe dashboard, then Stripe takes our
 * refund. The whole payment is back, so nothing of the booking may still be running, whichever
 * records our refund first: the sweep that made it, or the refund's webhook.
 */
async function wholePaymentBack(webhookFirst: boolean) {
  const stripe = { refusing: true };
  const late: { world?: CheckoutWorld } = {};
  const world = await checkoutWorld({
    webhooks: 'record',
    payouts: 'farm',
    payments: (payments) => ({
      ...payments,
      refund: async (request) => {
        if (stripe.refusing) throw new PaymentUnavailableError('Stripe refused the request: api_error');
        const made = await payments.refund(request);
        if (webhookFirst && late.world) {
          const event = late.world.emulator.events().findLast((found) => found.type === 'charge.refunded');
          await late.world.deliver(event as StripeEvent);
        }
        return made;
      },
    }),
  });
  late.world = world;
  const sweep = () =>
    runCheckoutSweep({ councils: world.deps.councils, checkout: world.checkout, logger: world.deps.logger });
  try {
    const walk = await world.publishActivity({ title: 'Whole walk' });
    const sessionIds = walk.sessionIds.slice(3, 6) as string[];
    const held = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds,
      places: 1,
      route: 'self-funded',
    });
    const bookingId = held.body.id as string;
    await world.call('dorset-person-self', 'POST', `/api/checkout/bookings/${bookingId}/payment`);
    const checkoutId = (await world.checkout.stores.bookings.get(bookingId))?.card
      ?.checkoutSessionId as string;
    const paid = await world.emulator.pay(checkoutId, '4242424242424242');
    if (paid.outcome !== 'paid') throw new Error(`The test card was not taken: ${paid.outcome}`);
    const completed = world.emulator.events().find((event) => event.type === 'checkout.session.completed');
    expect((await world.deliver(completed as StripeEvent)).outcome).toBe('booking confirmed');

    await world.call(farmOwner, 'POST', `/api/catalogue/provider/sessions/${sessionIds[0]}/cancel`, {
      reason: 'Flood',
    });
    await sweep();
    const owing = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    expect(owing.refundsDue?.map((due) => due.amountPence)).toEqual([1_500]);

    await world.stripe.refunds.create({ payment_intent: paid.paymentIntentId, amount: 3_000 });
    const refunded = () => world.emulator.events().filter((event) => event.type === 'charge.refunded');
    await world.deliver(refunded()[0] as StripeEvent);

    stripe.refusing = false;
    world.clock.advance(6 * 60_000);
    expect(await sweep()).toMatchObject({ refundsFinished: 1, refundsStillDue: 0 });
    for (const event of refunded().slice(1)) await world.deliver(event as StripeEvent);

    const booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    const sessions = await Promise.all(sessionIds.map((id) => world.checkout.stores.sessions.get(id)));
    return {
      status: booking.status,
      linesCancelled: booking.lines.map((line) => Boolean(line.cancelled)),
      refunded: booking.refunds.map((refund) => refund.amountPence).sort((a, b) => a - b),
      owed: booking.refundsDue ?? [],
      placesTaken: sessions.map((session) => session?.booked),
    };
  } finally {
    await world.close();
  }
}

describe('a payment given back in whole, partly by our refund and partly from the dashboard', () => {
  it('ends the booking the same way whether the sweep or the webhook records our refund first', {
    timeout: 180_000,
  }, async () => {
    const sweepFirst = await wholePaymentBack(false);
    expect(sweepFirst).toEqual({
      status: 'cancelled',
      linesCancelled: [true, true, true],
      refunded: [1_500, 3_000],
      owed: [],
      placesTaken: [0, 0, 0],
    });
    expect(await wholePaymentBack(true)).toEqual(sweepFirst);
  });
});
