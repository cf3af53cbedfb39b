import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking } from '../../../functions/checkout/domain/bookings';
import { runCheckoutSweep } from '../../../functions/checkout/jobs/checkout-sweep';
import { PaymentUnavailableError } from '../../../functions/checkout/services/payment-gateway';
import type { StripeEvent } from '../../../scripts/local/stripe-emulator';
import { signatureHeader } from '../../../scripts/local/stripe-emulator/webhook-signature';
import { createLogger } from '../../../shared/log/logger';
import type { Table } from '../../../shared/table/client';
import { createOutboxRepository } from '../../../shared/table/outbox';
import {
  type CheckoutWorld,
  type CheckoutWorldOptions,
  checkoutWorld,
  farmOwner,
  ledgerOfBooking,
  people,
  refundsAtStripe,
  refundsThatFail,
  shuffled,
  tableContents,
} from '../../support/checkout-world';

/**
 * A world whose Stripe emulator only records its events, for the test to deliver; the checkout's
 * clock can be moved on. Only the farm takes card payments: the walking group
 * (dorset-provider-applicant) has an organisation but no payouts yet, so it can go through onboarding.
 */
const quietCheckoutWorld = (options: CheckoutWorldOptions = {}) =>
  checkoutWorld({ webhooks: 'record', payouts: 'farm', ...options });

/**
 * Stripe delivers webhooks late, twice, and out of order. Each event makes the checkout look at
 * the payment as Stripe has it now, so whatever order the events come in, and however often,
 * the bookings, the ledger and the places end up the same.
 *
 * How the proof works. The handlers read the checkout's current state from Stripe, and a late
 * payment's handler even refunds at Stripe, so a replay changes the emulator it talks to: two
 * replays cannot share one emulator (or one table, which holds the event ids already seen). So
 * every replay gets a world of its own (fresh table, fresh emulator that delivers nothing by
 * itself) and the same scripted history is played on it: bookings, payments, a dispute, a refund
 * from the dashboard, an expiry, onboarding. The emulator records the events; only then does the
 * test deliver them, once each in the order Stripe made them (the reference), or three times each
 * in a seeded shuffle. Ids differ between worlds, so the end states are compared by what each
 * booking is in the script ("paid with a prepaid card", ...), never by id or time.
 *
 * One event is delivered during the history: a person can only cancel a booking the webhook has
 * confirmed, so the self-funded booking that is refunded has its `checkout.session.completed`
 * handled before the person cancels. It is delivered again, with the rest, in every replay.
 *
 * The payment that comes too late: the sweep keeps the places of a hold Stripe says is paid, so a
 * late payment can no longer find its places resold; what it can find gone is the budget. Tom's
 * hold runs out with its webhook held up, his big day out takes most of his direct payment, and
 * his late payment is refunded automatically. The amounts leave him short whichever order the
 * dashboard refund (which gives £15 back to his budget) is recorded in, so the outcome is the
 * same in every replay.
 */

const prepaidCard = '5105 1051 0510 5100';
const goodCard = '4242 4242 4242 4242';
const declinedCard = '4000 0000 0000 0002';
const sessionPrice = 1_500;
/** Tom's direct payment is £480 each 4 weeks; his big day out takes £435 of it. */
const bigDayPrice = 43_500;

const labels = [
  /** Helen books 2 places for Tom (direct payment), paid with his prepaid card; £15 refunded later from Stripe's dashboard. */
  'tom-prepaid-part-refunded',
  /** Derek (self-funded) pays, then cancels himself: refunded in full (`charge.refunded`). */
  'derek-paid-then-cancelled',
  /** Derek holds a place, opens the checkout and leaves it: Stripe expires it (`checkout.session.expired`). */
  'derek-checkout-expired',
  /** Tom's first card is declined (`payment_intent.payment_failed`); his prepaid card then pays. */
  'tom-declined-then-paid',
  /** Derek pays, then his bank disputes the charge (`charge.dispute.created`). */
  'derek-paid-then-disputed',
  /**
   * Helen pays for 2 places for Tom; the webhook is held up past the hold, and meanwhile the rest
   * of Tom's budget goes on another booking: when the payment arrives the money is not there, so
   * it is refunded at once.
   */
  'tom-paid-after-budget-spent',
  /** Derek pays; the webhook is held up past the hold; the sweep sees the payment and keeps his place. */
  'derek-paid-before-the-sweep',
  /** Helen books Tom's big day out once his late booking's hold has run out: most of his budget. */
  'tom-big-day-out',
  /** Grace (ISF) books: confirmed at once from her fund, no card. */
  'grace-isf',
  /** Derek pays by a method that settles later; the money arrives (`checkout.session.async_payment_succeeded`). */
  'derek-paid-later',
  /** Derek pays by a method that settles later; his bank refuses it (`checkout.session.async_payment_failed`). */
  'derek-paid-later-refused',
] as const;
type Label = (typeof labels)[number];

interface History {
  bookingIds: Record<Label, string>;
  /** Which booking each Stripe payment (PaymentIntent) is for. */
  paymentOf: Map<string, Label>;
  sessions: { walk: string[]; bigDay: string[] };
  walkingGroupId: string;
  /** Outcomes of the deliveries made during the history. */
  outcomes: Delivered[];
}

interface Delivered {
  event: StripeEvent;
  outcome: string | undefined;
}

/** Plays the history on a world whose emulator delivers nothing; returns what the script made. */
async function playHistory(world: CheckoutWorld): Promise<History> {
  const bookingIds = {} as Record<Label, string>;
  const paymentOf = new Map<string, Label>();
  const outcomes: Delivered[] = [];
  const walk = await world.publishActivity({ title: 'Replay walk' });
  const bigDay = await world.publishActivity({
    title: 'Big day out',
    price: { amountPence: bigDayPrice, per: 'session' },
  });
  expect(walk.sessionIds.length).toBeGreaterThanOrEqual(8);

  const hold = async (label: Label, userId: string, request: Record<string, unknown>) => {
    const held = await world.call(userId, 'POST', '/api/checkout/bookings', request);
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    bookingIds[label] = held.body.id;
    return held.body as Booking;
  };
  const checkoutOf = async (label: Label, userId: string) => {
    const started = await world.call(userId, 'POST', `/api/checkout/bookings/${bookingIds[label]}/payment`);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const booking = await world.checkout.stores.bookings.get(bookingIds[label]);
    return booking?.card?.checkoutSessionId as string;
  };
  const pay = async (
    label: Label,
    checkoutId: string,
    card: string,
    expected: 'paid' | 'declined' = 'paid',
  ) => {
    const result = await world.emulator.pay(checkoutId, card);
    expect(result.outcome).toBe(expected);
    if (result.outcome === 'paid' || result.outcome === 'declined')
      paymentOf.set(result.paymentIntentId, label);
    return result as Extract<typeof result, { outcome: 'paid' | 'declined' }>;
  };

  // Two payments whose webhooks are held up past their holds. The sweep asks Stripe, sees both
  // paid, and keeps their places for them.
  await hold('tom-paid-after-budget-spent', 'dorset-representative', {
    personId: people.tom,
    sessionIds: [walk.sessionIds[1]],
    places: 2,
    route: 'direct-payment',
  });
  await pay(
    'tom-paid-after-budget-spent',
    await checkoutOf('tom-paid-after-budget-spent', 'dorset-representative'),
    prepaidCard,
  );
  await hold('derek-paid-before-the-sweep', 'dorset-person-self', {
    personId: people.derek,
    sessionIds: [walk.sessionIds[5]],
    places: 1,
    route: 'self-funded',
  });
  await pay(
    'derek-paid-before-the-sweep',
    await checkoutOf('derek-paid-before-the-sweep', 'dorset-person-self'),
    goodCard,
  );
  // The clock stays on from here, so these two holds stay run out for the rest of the test.
  world.clock.advance(31 * 60_000);
  await world.checkout.bookings.expireHolds('dorset');
  for (const label of ['tom-paid-after-budget-spent', 'derek-paid-before-the-sweep'] as const)
    expect((await world.checkout.stores.bookings.get(bookingIds[label]))?.status).toBe('held');

  // With the late booking's hold run out, most of Tom's budget goes on his big day out (paid),
  // and Grace books from her ISF.
  await hold('tom-big-day-out', 'dorset-representative', {
    personId: people.tom,
    sessionIds: [bigDay.sessionIds[0]],
    places: 1,
    route: 'direct-payment',
  });
  await pay('tom-big-day-out', await checkoutOf('tom-big-day-out', 'dorset-representative'), prepaidCard);
  const isf = await hold('grace-isf', 'dorset-person-isf', {
    personId: people.grace,
    sessionIds: [walk.sessionIds[6]],
    places: 1,
    route: 'individual-service-fund',
  });
  expect(isf.status).toBe('confirmed');

  // Tom's prepaid card, then £15 back from the dashboard.
  await hold('tom-prepaid-part-refunded', 'dorset-representative', {
    personId: people.tom,
    sessionIds: [walk.sessionIds[0]],
    places: 2,
    route: 'direct-payment',
  });
  const prepaid = await pay(
    'tom-prepaid-part-refunded',
    await checkoutOf('tom-prepaid-part-refunded', 'dorset-representative'),
    prepaidCard,
  );
  await world.stripe.refunds.create({ payment_intent: prepaid.paymentIntentId, amount: sessionPrice });

  // Derek pays; the webhook confirms; he cancels and Stripe refunds.
  await hold('derek-paid-then-cancelled', 'dorset-person-self', {
    personId: people.derek,
    sessionIds: [walk.sessionIds.at(-1)],
    places: 1,
    route: 'self-funded',
  });
  const cancelledCheckout = await checkoutOf('derek-paid-then-cancelled', 'dorset-person-self');
  await pay('derek-paid-then-cancelled', cancelledCheckout, goodCard);
  const completed = world.emulator
    .events()
    .find(
      (event) =>
        event.type === 'checkout.session.completed' &&
        (event.data.object as { id: string }).id === cancelledCheckout,
    ) as StripeEvent;
  const confirmed = await world.deliver(completed);
  expect(confirmed).toMatchObject({ status: 200, outcome: 'booking confirmed' });
  outcomes.push({ event: completed, outcome: confirmed.outcome });
  const cancelled = await world.call(
    'dorset-person-self',
    'POST',
    `/api/checkout/bookings/${bookingIds['derek-paid-then-cancelled']}/cancel`,
  );
  expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

  // Derek leaves a checkout open until Stripe expires it.
  await hold('derek-checkout-expired', 'dorset-person-self', {
    personId: people.derek,
    sessionIds: [walk.sessionIds[2]],
    places: 1,
    route: 'self-funded',
  });
  await world.emulator.expire(await checkoutOf('derek-checkout-expired', 'dorset-person-self'));

  // Tom's first card is declined; he pays with his prepaid card on the same page.
  await hold('tom-declined-then-paid', 'dorset-person-dp', {
    personId: people.tom,
    sessionIds: [walk.sessionIds[3]],
    places: 1,
    route: 'direct-payment',
  });
  const declinedCheckout = await checkoutOf('tom-declined-then-paid', 'dorset-person-dp');
  await pay('tom-declined-then-paid', declinedCheckout, declinedCard, 'declined');
  await pay('tom-declined-then-paid', declinedCheckout, prepaidCard);

  // Derek pays, and his bank disputes it.
  await hold('derek-paid-then-disputed', 'dorset-person-self', {
    personId: people.derek,
    sessionIds: [walk.sessionIds[4]],
    places: 1,
    route: 'self-funded',
  });
  const disputed = await pay(
    'derek-paid-then-disputed',
    await checkoutOf('derek-paid-then-disputed', 'dorset-person-self'),
    goodCard,
  );
  await world.emulator.disputeCharge(disputed.chargeId);

  // Derek pays twice by a method that settles days later: once the money arrives, once his bank
  // refuses it. Checkout completes each at once, unpaid; the bank's answer comes after.
  for (const [label, sessionId, outcome] of [
    ['derek-paid-later', walk.sessionIds[7], 'succeeded'],
    ['derek-paid-later-refused', walk.sessionIds[8], 'failed'],
  ] as const) {
    await hold(label, 'dorset-person-self', {
      personId: people.derek,
      sessionIds: [sessionId],
      places: 1,
      route: 'self-funded',
    });
    const later = await world.emulator.payLater(await checkoutOf(label, 'dorset-person-self'));
    if (later.outcome !== 'processing') throw new Error(JSON.stringify(later));
    paymentOf.set(later.paymentIntentId, label);
    await world.emulator.settle(later.paymentIntentId, outcome);
  }

  // The walking group sets up payouts: its account is made, then onboarding is finished at Stripe.
  const onboarding = await world.call(
    'dorset-provider-applicant',
    'POST',
    '/api/checkout/payouts/onboarding',
  );
  expect(onboarding.status, JSON.stringify(onboarding.body)).toBe(200);
  const walkingGroupId = await world.providerIdOf('dorset-provider-applicant');
  const account = await world.checkout.stores.stripeRecords.payouts('dorset', walkingGroupId);
  expect(account?.chargesEnabled).toBe(false);
  await world.emulator.completeOnboarding(account?.stripeAccountId as string);

  const types = new Set(world.emulator.events().map((event) => event.type));
  for (const type of [
    'checkout.session.completed',
    'checkout.session.expired',
    'payment_intent.payment_failed',
    'charge.refunded',
    'charge.dispute.created',
    'account.updated',
    'checkout.session.async_payment_succeeded',
    'checkout.session.async_payment_failed',
  ])
    expect(types, `the history makes a ${type} event`).toContain(type);

  return {
    bookingIds,
    paymentOf,
    sessions: { walk: walk.sessionIds, bigDay: bigDay.sessionIds },
    walkingGroupId,
    outcomes,
  };
}

/**
 * Delivers every event the emulator has made, `copies` times each: in the order Stripe made them,
 * or shuffled with `seed`, `atOnce` deliveries at a time (Stripe does not wait for one to finish
 * before the next). Handling some events makes Stripe raise more (a late payment is refunded):
 * those are delivered the same way, until there are none.
 */
async function replay(world: CheckoutWorld, copies: number, seed?: number, atOnce = 1): Promise<Delivered[]> {
  const delivered: Delivered[] = [];
  const sent = new Set<string>();
  for (let round = 0; round < 5; round++) {
    const fresh = world.emulator.events().filter((event) => !sent.has(event.id));
    if (fresh.length === 0) return delivered;
    for (const event of fresh) sent.add(event.id);
    const batch = fresh.flatMap((event) => Array.from({ length: copies }, () => event));
    const order = seed === undefined ? batch : shuffled(batch, seed * 100 + round);
    for (let start = 0; start < order.length; start += atOnce) {
      const group = order.slice(start, start + atOnce);
      const responses = await Promise.all(group.map((event) => world.deliver(event)));
      group.forEach((event, index) => {
        const response = responses[index] as Awaited<ReturnType<CheckoutWorld['deliver']>>;
        expect(response.status, `${event.type}: ${response.text}`).toBe(200);
        delivered.push({ event, outcome: response.outcome });
      });
    }
  }
  throw new Error('Stripe kept raising events');
}

const referenceKind = (reference: string | undefined) => {
  if (!reference) return 'none';
  if (reference.startsWith('pi_')) return 'payment';
  if (reference.startsWith('re_')) return 'stripe refund';
  if (/^ch_.*-refunded-\d+$/.test(reference)) return 'refund seen on the charge';
  if (reference.startsWith('ISF-')) return 'isf';
  if (reference.startsWith('late-payment-')) return 'late payment refund';
  return 'other';
};

/** The end state, without ids or times: what each booking is, the ledger, the places taken, payouts. */
async function endState(world: CheckoutWorld, history: History) {
  const labelOf = new Map(Object.entries(history.bookingIds).map(([label, id]) => [id, label]));
  const stores = world.checkout.stores;
  const bookings: Record<string, unknown> = {};
  const byId = new Map<string, Booking>();
  for (const label of labels) {
    const booking = await stores.bookings.get(history.bookingIds[label]);
    if (!booking) throw new Error(`no booking ${label}`);
    byId.set(booking.id, booking);
    bookings[label] = {
      status: booking.status,
      route: booking.route,
      places: booking.places,
      totalPence: booking.totalPence,
      cancelledReason: booking.cancelledReason ?? null,
      lines: booking.lines.map((line) => ({ cancelled: Boolean(line.cancelled) })),
      refunds: booking.refunds.map((refund) => ({
        amountPence: refund.amountPence,
        reason: refund.reason,
        reference: referenceKind(refund.reference),
        sessions: refund.sessionIds.length,
      })),
      card: booking.card
        ? {
            paid: Boolean(booking.card.paymentIntentId),
            charge: Boolean(booking.card.chargeId),
            funding: booking.card.cardFunding ?? null,
            brand: booking.card.cardBrand ?? null,
            last4: booking.card.cardLast4 ?? null,
            disputed: Boolean(booking.card.disputed),
          }
        : null,
    };
  }
  const ledger = [];
  for (const [person, personId] of Object.entries(people)) {
    for (const entry of await stores.budgets.ledgerOf('dorset', personId)) {
      const booking = entry.booking ? byId.get(entry.booking.id) : undefined;
      ledger.push({
        person,
        route: entry.route,
        kind: entry.kind,
        amountPence: entry.amountPence,
        booking: entry.booking ? (labelOf.get(entry.booking.id) ?? 'another booking') : null,
        reference: referenceKind(entry.paymentReference),
        isThePayment: Boolean(
          booking?.card?.paymentIntentId && entry.paymentReference === booking.card.paymentIntentId,
        ),
        note: entry.note ?? null,
      });
    }
  }
  ledger.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const booked = async (ids: string[]) => {
    const sessions = await stores.sessions.getMany(ids);
    return ids.map((id) => sessions.find((session) => session.id === id)?.booked);
  };
  const payouts = await stores.stripeRecords.payouts('dorset', history.walkingGroupId);
  return {
    bookings,
    ledger,
    places: {
      walk: await booked(history.sessions.walk),
      bigDay: await booked(history.sessions.bigDay),
    },
    walkingGroupPayouts: {
      chargesEnabled: payouts?.chargesEnabled,
      payoutsEnabled: payouts?.payoutsEnabled,
      detailsSubmitted: payouts?.detailsSubmitted,
    },
  };
}

/** Which booking an event is about: by the booking id Stripe carries, or by its payment. */
function labelOfEvent(history: History, event: StripeEvent): Label | undefined {
  const object = event.data.object as { metadata?: Record<string, string>; payment_intent?: string };
  const bookingId = object.metadata?.bookingId;
  if (bookingId) return labels.find((label) => history.bookingIds[label] === bookingId);
  return object.payment_intent ? history.paymentOf.get(object.payment_intent) : undefined;
}

/** How many deliveries confirmed each booking. */
function confirmationsOf(history: History, delivered: Delivered[]) {
  const counts = Object.fromEntries(labels.map((label) => [label, 0])) as Record<Label, number>;
  for (const { event, outcome } of delivered) {
    if (!outcome?.split('; ').includes('booking confirmed')) continue;
    const label = labelOfEvent(history, event);
    if (!label) throw new Error(`a ${event.type} confirmed a booking the history did not make`);
    counts[label] += 1;
  }
  return counts;
}

/** What each booking's events did, in the order they were acted on: to read when a replay goes wrong. */
function storyOf(history: History, delivered: Delivered[]) {
  const story: Record<string, string[]> = {};
  for (const { event, outcome } of delivered) {
    if (outcome === 'duplicate' || outcome === 'not handled') continue;
    const label = labelOfEvent(history, event) ?? event.type;
    story[label] = [...(story[label] ?? []), `${event.type}: ${outcome}`];
  }
  return story;
}

interface Replayed {
  state: Awaited<ReturnType<typeof endState>>;
  confirmations: Record<Label, number>;
  delivered: Delivered[];
  story: Record<string, string[]>;
}

async function playAndReplay(copies: number, seed?: number, atOnce = 1): Promise<Replayed> {
  const world = await quietCheckoutWorld();
  try {
    const history = await playHistory(world);
    const delivered = [...history.outcomes, ...(await replay(world, copies, seed, atOnce))];
    return {
      state: await endState(world, history),
      confirmations: confirmationsOf(history, delivered),
      delivered,
      story: storyOf(history, delivered),
    };
  } finally {
    await world.close();
  }
}

/** Every event was acted on by exactly one of its deliveries; the others were told it was a duplicate. */
const actedOnOnce = (delivered: Delivered[]) => {
  const actedOn = new Map<string, number>();
  for (const { event, outcome } of delivered)
    actedOn.set(event.id, (actedOn.get(event.id) ?? 0) + (outcome === 'duplicate' ? 0 : 1));
  return [...actedOn.values()].every((count) => count === 1);
};

const spendsByBooking = (state: Replayed['state']) => {
  const counts: Record<string, number> = {};
  for (const entry of state.ledger)
    if (entry.kind === 'spend') counts[entry.booking ?? 'none'] = (counts[entry.booking ?? 'none'] ?? 0) + 1;
  return counts;
};

describe('every webhook event, in any order and any number of times', () => {
  let reference: Replayed;

  beforeAll(async () => {
    reference = await playAndReplay(1);
  }, 180_000);

  it('delivered once each in the order Stripe made them, brings every booking where its payment is', () => {
    const { bookings, ledger, places, walkingGroupPayouts } = reference.state;
    expect(bookings['tom-prepaid-part-refunded']).toMatchObject({
      status: 'confirmed',
      card: { paid: true, funding: 'prepaid', brand: 'mastercard', last4: '5100', disputed: false },
      refunds: [{ amountPence: sessionPrice, reason: 'Refunded at Stripe', sessions: 0 }],
    });
    expect(bookings['derek-paid-then-cancelled']).toMatchObject({
      status: 'cancelled',
      refunds: [{ amountPence: sessionPrice, reference: 'stripe refund' }],
    });
    expect(bookings['derek-checkout-expired']).toMatchObject({ status: 'expired', card: { paid: false } });
    expect(bookings['tom-declined-then-paid']).toMatchObject({
      status: 'confirmed',
      card: { paid: true, funding: 'prepaid', last4: '5100' },
      refunds: [],
    });
    expect(bookings['derek-paid-then-disputed']).toMatchObject({
      status: 'confirmed',
      card: { paid: true, disputed: true },
    });
    expect(bookings['tom-paid-after-budget-spent']).toMatchObject({
      status: 'cancelled',
      card: { paid: true, funding: 'prepaid' },
      // Decided with the event that brought it, then made at Stripe: recorded with Stripe's refund id.
      refunds: [{ amountPence: 2 * sessionPrice, reference: 'stripe refund', sessions: 1 }],
    });
    expect(bookings['derek-paid-before-the-sweep']).toMatchObject({
      status: 'confirmed',
      card: { paid: true },
    });
    expect(bookings['tom-big-day-out']).toMatchObject({ status: 'confirmed', card: { paid: true } });
    expect(bookings['grace-isf']).toMatchObject({ status: 'confirmed', card: null });
    expect(bookings['derek-paid-later']).toMatchObject({ status: 'confirmed', card: { paid: true } });
    expect(bookings['derek-paid-later-refused']).toMatchObject({ status: 'expired', card: { paid: false } });

    // Tom's ledger: his allocation, a spend for each payment, the dashboard refund, and the late
    // payment out and straight back in; Grace's ISF spend. Derek pays his own way: no ledger.
    const tom = ledger.filter((entry) => entry.person === 'tom');
    expect(tom.map(({ kind, amountPence, booking }) => ({ kind, amountPence, booking }))).toEqual(
      expect.arrayContaining([
        { kind: 'allocation', amountPence: 48_000, booking: null },
        { kind: 'spend', amountPence: -2 * sessionPrice, booking: 'tom-prepaid-part-refunded' },
        { kind: 'refund', amountPence: sessionPrice, booking: 'tom-prepaid-part-refunded' },
        { kind: 'spend', amountPence: -sessionPrice, booking: 'tom-declined-then-paid' },
        { kind: 'spend', amountPence: -bigDayPrice, booking: 'tom-big-day-out' },
        { kind: 'spend', amountPence: -2 * sessionPrice, booking: 'tom-paid-after-budget-spent' },
        { kind: 'refund', amountPence: 2 * sessionPrice, booking: 'tom-paid-after-budget-spent' },
      ]),
    );
    expect(tom).toHaveLength(7);
    expect(tom.reduce((sum, entry) => sum + entry.amountPence, 0)).toBe(
      48_000 - 2 * sessionPrice + sessionPrice - sessionPrice - bigDayPrice,
    );
    expect(ledger.filter((entry) => entry.person === 'grace').map((entry) => entry.kind)).toEqual([
      'allocation',
      'spend',
    ]);
    expect(ledger.filter((entry) => entry.person === 'derek')).toEqual([]);

    // Places: Tom's 2 stay (a part refund frees none); the late payment's 2 went back with its
    // money; Derek's cancelled and expired places are free, his paid ones taken.
    expect(places.walk.slice(0, 7)).toEqual([2, 0, 0, 1, 1, 1, 1]);
    expect(places.walk.at(-1)).toBe(0);
    // Paid later: the place taken once the money came; refused: the place free again.
    expect(places.walk.slice(7, 9)).toEqual([1, 0]);
    expect(places.bigDay[0]).toBe(1);
    expect(walkingGroupPayouts).toEqual({
      chargesEnabled: true,
      payoutsEnabled: true,
      detailsSubmitted: true,
    });
  });

  it('confirms each paid booking once and records one spend per payment, taken from that payment', () => {
    expect(actedOnOnce(reference.delivered)).toBe(true);
    expect(reference.confirmations).toEqual({
      'tom-prepaid-part-refunded': 1,
      'derek-paid-then-cancelled': 1,
      'derek-checkout-expired': 0,
      'tom-declined-then-paid': 1,
      'derek-paid-then-disputed': 1,
      'tom-paid-after-budget-spent': 0,
      'derek-paid-before-the-sweep': 1,
      'tom-big-day-out': 1,
      'grace-isf': 0,
      'derek-paid-later': 1,
      'derek-paid-later-refused': 0,
    });
    expect(spendsByBooking(reference.state)).toEqual({
      'tom-prepaid-part-refunded': 1,
      'tom-declined-then-paid': 1,
      'tom-paid-after-budget-spent': 1,
      'tom-big-day-out': 1,
      'grace-isf': 1,
    });
    for (const entry of reference.state.ledger.filter((candidate) => candidate.kind === 'spend'))
      expect(entry.isThePayment || entry.reference === 'isf', JSON.stringify(entry)).toBe(true);
  });

  const shuffles = [
    { seed: 1, atOnce: 1, how: 'one after another' },
    { seed: 2, atOnce: 1, how: 'one after another' },
    { seed: 3, atOnce: 1, how: 'one after another' },
    { seed: 4, atOnce: 6, how: 'six at a time' },
    { seed: 5, atOnce: 6, how: 'six at a time' },
  ];
  for (const { seed, atOnce, how } of shuffles) {
    it(`delivered 3 times each, shuffled (seed ${seed}), ${how}, ends exactly where the in-order replay ends`, {
      timeout: 180_000,
    }, async () => {
      const shuffledReplay = await playAndReplay(3, seed, atOnce);
      const story = `in order:\n${JSON.stringify(reference.story, null, 1)}\nshuffled:\n${JSON.stringify(shuffledReplay.story, null, 1)}`;
      expect(actedOnOnce(shuffledReplay.delivered), story).toBe(true);
      expect(shuffledReplay.confirmations, story).toEqual(reference.confirmations);
      expect(spendsByBooking(shuffledReplay.state), story).toEqual(spendsByBooking(reference.state));
      expect(shuffledReplay.state.bookings, story).toEqual(reference.state.bookings);
      expect(shuffledReplay.state.ledger, story).toEqual(reference.state.ledger);
      expect(shuffledReplay.state.places, story).toEqual(reference.state.places);
      expect(shuffledReplay.state, story).toEqual(reference.state);
    });
  }
});

/**
 * The checkout's table, except that the first write recording a late payment as refunded fails,
 * as a throttled DynamoDB write does once the SDK's retries are spent. By then the handler has
 * already refunded the card at Stripe.
 */
function failingLateRefundWrite(table: Table): Table {
  let failed = false;
  const recordsLateRefund = (command: unknown) =>
    (
      command as { input?: { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] } }
    ).input?.TransactItems?.some((item) =>
      String(item.Put?.Item?.cancelledReason ?? '').startsWith('Paid after its places or budget had gone'),
    ) ?? false;
  const client = new Proxy(table.client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: unknown) => {
        if (!failed && recordsLateRefund(command)) {
          failed = true;
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: 'ProvisionedThroughputExceededException',
          });
        }
        return (target.send as (command: unknown) => Promise<unknown>)(command);
      };
    },
  });
  return { ...table, client };
}

describe('a late payment delivered again after writing its refund failed', () => {
  it('records the spend and the refund, so the direct payment budget is back where it was', {
    timeout: 120_000,
  }, async () => {
    const world = await quietCheckoutWorld({ checkoutTable: failingLateRefundWrite });
    try {
      const walk = await world.publishActivity({ title: 'Retried walk' });
      const bigDay = await world.publishActivity({
        title: 'Bigger day out',
        price: { amountPence: 47_000, per: 'session' },
      });
      const held = await world.call('dorset-representative', 'POST', '/api/checkout/bookings', {
        personId: people.tom,
        sessionIds: [walk.sessionIds[0]],
        places: 1,
        route: 'direct-payment',
      });
      expect(held.status).toBe(201);
      const bookingId: string = held.body.id;
      const started = await world.call(
        'dorset-representative',
        'POST',
        `/api/checkout/bookings/${bookingId}/payment`,
      );
      expect(started.status).toBe(200);
      const checkoutId = (await world.checkout.stores.bookings.get(bookingId))?.card
        ?.checkoutSessionId as string;
      expect((await world.emulator.pay(checkoutId, prepaidCard)).outcome).toBe('paid');
      // The webhook is held up past the hold; £470 of Tom's £480 goes on another booking meanwhile.
      world.clock.advance(31 * 60_000);
      await world.checkout.bookings.expireHolds('dorset');
      const other = await world.call('dorset-representative', 'POST', '/api/checkout/bookings', {
        personId: people.tom,
        sessionIds: [bigDay.sessionIds[0]],
        places: 1,
        route: 'direct-payment',
      });
      expect(other.status, JSON.stringify(other.body)).toBe(201);

      // The first delivery decides to refund, but writing that decision fails: a 500, nothing
      // refunded yet, so Stripe delivers the event again; the second decides, records and refunds.
      const completed = world.emulator
        .events()
        .find((event) => event.type === 'checkout.session.completed') as StripeEvent;
      expect((await world.deliver(completed)).status).toBe(500);
      expect(world.emulator.events().filter((event) => event.type === 'charge.refunded')).toHaveLength(0);
      expect((await world.deliver(completed)).status).toBe(200);
      expect(world.emulator.events().filter((event) => event.type === 'charge.refunded')).toHaveLength(1);
      for (const event of world.emulator.events().filter((candidate) => candidate.type === 'charge.refunded'))
        expect((await world.deliver(event)).status).toBe(200);

      const booking = await world.checkout.stores.bookings.get(bookingId);
      expect(booking?.status).toBe('cancelled');
      expect(booking?.refunds.map((refund) => refund.amountPence)).toEqual([sessionPrice]);
      const ledger = await world.checkout.stores.budgets.ledgerOf('dorset', people.tom);
      const forBooking = ledger.filter((entry) => entry.booking?.id === bookingId);
      expect(forBooking.map((entry) => [entry.kind, entry.amountPence])).toEqual(
        expect.arrayContaining([
          ['spend', -sessionPrice],
          ['refund', sessionPrice],
        ]),
      );
      expect(forBooking).toHaveLength(2);
      // Money out to the card and back: Tom's budget is his allocation, not £15 more.
      expect(ledger.reduce((sum, entry) => sum + entry.amountPence, 0)).toBe(48_000);
    } finally {
      await world.close();
    }
  });
});

describe('a delivery that is not genuinely from Stripe', () => {
  let world: CheckoutWorld;
  let event: StripeEvent;
  let bookingId: string;

  beforeAll(async () => {
    world = await quietCheckoutWorld();
    const walk = await world.publishActivity({ title: 'Signed walk' });
    const held = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds: [walk.sessionIds[0]],
      places: 1,
      route: 'self-funded',
    });
    expect(held.status).toBe(201);
    bookingId = held.body.id;
    const started = await world.call(
      'dorset-person-self',
      'POST',
      `/api/checkout/bookings/${bookingId}/payment`,
    );
    expect(started.status).toBe(200);
    const checkoutId = (await world.checkout.stores.bookings.get(bookingId))?.card?.checkoutSessionId;
    expect((await world.emulator.pay(checkoutId as string, goodCard)).outcome).toBe('paid');
    event = world.emulator
      .events()
      .find((candidate) => candidate.type === 'checkout.session.completed') as StripeEvent;
  }, 120_000);
  afterAll(() => world?.close());

  const forged: [string, () => { body: string; headers: Record<string, string> }][] = [
    [
      'no Stripe-Signature header',
      () => {
        const { body, headers } = world.emulator.signedDelivery(event);
        const { 'Stripe-Signature': _dropped, ...rest } = headers;
        return { body, headers: rest };
      },
    ],
    [
      'a signature made with another secret',
      () => {
        const { body, headers } = world.emulator.signedDelivery(event);
        const timestamp = Math.floor(Date.now() / 1000);
        return {
          body,
          headers: { ...headers, 'Stripe-Signature': signatureHeader('whsec_not_ours', body, timestamp) },
        };
      },
    ],
    [
      'a signature that is not one',
      () => {
        const { body, headers } = world.emulator.signedDelivery(event);
        return { body, headers: { ...headers, 'Stripe-Signature': 't=abc,v1=zz' } };
      },
    ],
    [
      'a genuine signature 6 minutes old',
      () => world.emulator.signedDelivery(event, new Date(Date.now() - 6 * 60_000)),
    ],
    [
      'a body changed after signing (another booking)',
      () => {
        const { body, headers } = world.emulator.signedDelivery(event);
        const changed = body.replaceAll(bookingId, '0000000000000000000000zzzz');
        expect(changed).not.toBe(body);
        return { body: changed, headers };
      },
    ],
    [
      'a body changed after signing (a new event id, to get past the duplicate check)',
      () => {
        const { body, headers } = world.emulator.signedDelivery(event);
        return { body: body.replace(event.id, `${event.id}x`), headers };
      },
    ],
    [
      'a genuine signature for a different body',
      () => {
        const other = world.emulator
          .events()
          .find((candidate) => candidate.type === 'charge.succeeded') as StripeEvent;
        const { headers } = world.emulator.signedDelivery(other);
        return { body: world.emulator.signedDelivery(event).body, headers };
      },
    ],
  ];

  for (const [what, make] of forged) {
    it(`refuses ${what} with a 400 problem and writes nothing`, async () => {
      const before = await tableContents(world.table);
      expect(before.length).toBeGreaterThan(20);
      const { body, headers } = make();
      const response = await world.postWebhook(body, headers);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(JSON.parse(response.text)).toMatchObject({ status: 400, type: 'urn:ofm:problem:bad-request' });
      expect(response.text).not.toMatch(/\bat\s+\S+\s+\(|node_modules|\.ts:\d+|Error:/);
      expect(await tableContents(world.table)).toEqual(before);
      expect(await world.checkout.stores.stripeRecords.eventSeen(event.id)).toBe(false);
      expect((await world.checkout.stores.bookings.get(bookingId))?.status).toBe('held');
    });
  }

  it('still takes the genuine event afterwards: the refusals recorded nothing that makes it a duplicate', async () => {
    const genuine = await world.deliver(event);
    expect(genuine).toMatchObject({ status: 200, outcome: 'booking confirmed' });
    expect((await world.checkout.stores.bookings.get(bookingId))?.status).toBe('confirmed');
    expect(await world.checkout.stores.stripeRecords.eventSeen(event.id)).toBe(true);
    const again = await world.deliver(event);
    expect(again).toMatchObject({ status: 200, outcome: 'duplicate' });
  });
});

describe('the asynchronous payment events', () => {
  it('confirm a booking when the money arrives, and let its hold go at once when the bank refuses it', {
    timeout: 120_000,
  }, async () => {
    const world = await quietCheckoutWorld();
    try {
      const walk = await world.publishActivity({ title: 'Async walk' });
      const startCheckout = async (sessionId: string) => {
        const held = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
          personId: people.derek,
          sessionIds: [sessionId],
          places: 1,
          route: 'self-funded',
        });
        expect(held.status).toBe(201);
        const paying = await world.call(
          'dorset-person-self',
          'POST',
          `/api/checkout/bookings/${held.body.id}/payment`,
        );
        expect(paying.status).toBe(200);
        const checkoutId = new URL(paying.body.url).pathname.split('/').pop() as string;
        // Paid by a method that settles later: Checkout completes at once, unpaid.
        const later = await world.emulator.payLater(checkoutId);
        if (later.outcome !== 'processing') throw new Error(JSON.stringify(later));
        return { bookingId: held.body.id as string, checkoutId, paymentIntentId: later.paymentIntentId };
      };
      const eventOf = (type: string, checkoutId: string) =>
        world.emulator
          .events()
          .find(
            (event) => event.type === type && (event.data.object as { id: string }).id === checkoutId,
          ) as StripeEvent;

      const paid = await startCheckout(walk.sessionIds[0] as string);
      // Completed but not yet paid: nothing to do but wait, the places still held.
      const completed = await world.deliver(eventOf('checkout.session.completed', paid.checkoutId));
      expect(completed).toMatchObject({ status: 200, outcome: 'nothing to change' });
      expect((await world.checkout.stores.bookings.get(paid.bookingId))?.status).toBe('held');
      await world.emulator.settle(paid.paymentIntentId, 'succeeded');
      const succeeded = eventOf('checkout.session.async_payment_succeeded', paid.checkoutId);
      for (const expected of ['booking confirmed', 'duplicate']) {
        const response = await world.deliver(succeeded);
        expect(response.status).toBe(200);
        expect(response.outcome).toBe(expected);
      }
      expect((await world.checkout.stores.bookings.get(paid.bookingId))?.status).toBe('confirmed');

      // The bank refuses: the checkout stays complete (it is not expired, nor will it be), and
      // will never be paid, so the hold goes at once, long before it would run out.
      const refused = await startCheckout(walk.sessionIds[1] as string);
      await world.emulator.settle(refused.paymentIntentId, 'failed');
      expect((await world.stripe.checkout.sessions.retrieve(refused.checkoutId)).status).toBe('complete');
      const failure = eventOf('checkout.session.async_payment_failed', refused.checkoutId);
      for (const expected of ['hold released', 'duplicate'])
        expect((await world.deliver(failure)).outcome).toBe(expected);
      const released = await world.checkout.stores.bookings.get(refused.bookingId);
      expect(released?.status).toBe('expired');
      expect(released && released.holdExpiresAt > world.now().toISOString()).toBe(true);
      expect((await world.checkout.stores.sessions.get(walk.sessionIds[1] as string))?.booked).toBe(0);
    } finally {
      await world.close();
    }
  });
});

/**
 * Tom (direct payment, through Helen) pays for the last place of a session by a method that
 * settles later; his hold runs out while the bank takes its time, so the run lets it go (Stripe
 * says the checkout is complete but not paid); Derek books the place; then Tom's money arrives.
 */
async function paidAfterThePlaceWasResold(world: CheckoutWorld) {
  const walk = await world.publishActivity({ title: 'Popular walk', placesPerSession: 1 });
  const sessionId = walk.sessionIds[0] as string;
  const held = await world.call('dorset-representative', 'POST', '/api/checkout/bookings', {
    personId: people.tom,
    sessionIds: [sessionId],
    places: 1,
    route: 'direct-payment',
  });
  expect(held.status).toBe(201);
  const bookingId = held.body.id as string;
  const paying = await world.call(
    'dorset-representative',
    'POST',
    `/api/checkout/bookings/${bookingId}/payment`,
  );
  const checkoutId = new URL(paying.body.url).pathname.split('/').pop() as string;
  const later = await world.emulator.payLater(checkoutId);
  if (later.outcome !== 'processing') throw new Error(JSON.stringify(later));

  world.clock.advance(31 * 60_000);
  expect(await world.checkout.bookings.expireHolds('dorset')).toEqual({ expired: 1, failed: 0 });
  expect((await world.checkout.stores.bookings.get(bookingId))?.status).toBe('expired');
  const resold = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
    personId: people.derek,
    sessionIds: [sessionId],
    places: 1,
    route: 'self-funded',
  });
  expect(resold.status, JSON.stringify(resold.body)).toBe(201);

  await world.emulator.settle(later.paymentIntentId, 'succeeded');
  const succeeded = world.emulator
    .events()
    .find((event) => event.type === 'checkout.session.async_payment_succeeded') as StripeEvent;
  return {
    bookingId,
    sessionId,
    resoldId: resold.body.id as string,
    succeeded,
    paymentIntentId: later.paymentIntentId,
  };
}

describe('a payment for an expired hold whose places were resold', () => {
  it('is refunded in full automatically, the ledger shows the spend and the refund, and a warning is logged', {
    timeout: 120_000,
  }, async () => {
    const lines: string[] = [];
    const world = await quietCheckoutWorld({ logger: createLogger('warn', (line) => lines.push(line)) });
    try {
      const late = await paidAfterThePlaceWasResold(world);
      const first = await world.deliver(late.succeeded);
      expect(first).toMatchObject({ status: 200, outcome: 'late payment refunded' });
      expect((await world.deliver(late.succeeded)).outcome).toBe('duplicate');

      const booking = (await world.checkout.stores.bookings.get(late.bookingId)) as Booking;
      expect(booking.status).toBe('cancelled');
      expect(booking.cancelledReason).toMatch(/^Paid after its places or budget had gone/);
      expect(booking.refundsDue ?? []).toEqual([]);
      expect(booking.refunds).toEqual([
        expect.objectContaining({
          amountPence: sessionPrice,
          sessionIds: [late.sessionId],
          reference: expect.stringMatching(/^re_/),
        }),
      ]);
      expect(refundsAtStripe(world, late.paymentIntentId)).toEqual([sessionPrice]);
      expect(await ledgerOfBooking(world, late.bookingId)).toEqual([
        ['spend', -sessionPrice],
        ['refund', sessionPrice],
      ]);
      // The place stays Derek's: one place, one booking holding it.
      expect((await world.checkout.stores.sessions.get(late.sessionId))?.booked).toBe(1);
      expect((await world.checkout.stores.bookings.get(late.resoldId))?.status).toBe('held');
      const warnings = lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 'warn');
      expect(warnings).toEqual([
        expect.objectContaining({ message: 'late payment refunded', bookingId: late.bookingId }),
      ]);

      // The refund's own webhook finds it already recorded.
      for (const event of world.emulator.events().filter((candidate) => candidate.type === 'charge.refunded'))
        expect((await world.deliver(event)).outcome).toBe('nothing to change');
      expect((await world.checkout.stores.bookings.get(late.bookingId))?.refunds).toHaveLength(1);
    } finally {
      await world.close();
    }
  });

  it('records its event with the decision, so while Stripe is down the refund waits, owed, for the regular run', {
    timeout: 120_000,
  }, async () => {
    const { stripe, payments } = refundsThatFail();
    stripe.down = true;
    const world = await quietCheckoutWorld({ payments });
    try {
      const late = await paidAfterThePlaceWasResold(world);
      // Decided and answered: Stripe need not deliver it again, and a delivery again changes nothing.
      expect(await world.deliver(late.succeeded)).toMatchObject({
        status: 200,
        outcome: 'late payment refunded',
      });
      expect(await world.checkout.stores.stripeRecords.eventSeen(late.succeeded.id)).toBe(true);
      expect((await world.deliver(late.succeeded)).outcome).toBe('duplicate');
      const owed = (await world.checkout.stores.bookings.get(late.bookingId)) as Booking;
      expect(owed).toMatchObject({
        status: 'cancelled',
        refunds: [],
        refundsDue: [
          { id: `late-payment-${late.bookingId}`, amountPence: sessionPrice, sessionIds: [late.sessionId] },
        ],
      });
      expect(await ledgerOfBooking(world, late.bookingId)).toEqual([['spend', -sessionPrice]]);
      // Meanwhile the ledger has the spend only, so what is left reads £15 low: the statement
      // says the refund is on its way, and what is left once it is back.
      const statement = async () =>
        (await world.browse('dorset-representative', `/checkout/people/${people.tom}/statement`)).text();
      const owing = await statement();
      expect(owing).toContain('Refunds on their way');
      expect(owing).toContain(`£15.00 for`);
      expect(owing).toContain('Paid after its places or budget had gone');
      expect(owing).toContain('£15.00, not yet back');

      stripe.down = false;
      // Its first try failed with the decision: the next is 5 minutes on.
      world.clock.advance(6 * 60_000);
      const run = await runCheckoutSweep({
        councils: world.deps.councils,
        checkout: world.checkout,
        logger: world.deps.logger,
      });
      expect(run).toMatchObject({ refundsFinished: 1, refundsStillDue: 0 });
      expect(await statement()).not.toContain('Refunds on their way');
      expect(refundsAtStripe(world, late.paymentIntentId)).toEqual([sessionPrice]);
      expect(await ledgerOfBooking(world, late.bookingId)).toEqual([
        ['spend', -sessionPrice],
        ['refund', sessionPrice],
      ]);
      expect((await world.checkout.stores.bookings.get(late.bookingId))?.refundsDue ?? []).toEqual([]);
    } finally {
      await world.close();
    }
  });
});

/**
 * Derek (self-funded) pays £45 for three sessions of a walk and the webhook confirms it; the
 * provider then cancels the first session while Stripe refuses our refunds, so £15 is owed.
 */
async function owedAfterTheProviderCancelled(world: CheckoutWorld, title: string) {
  const walk = await world.publishActivity({ title });
  const sessionIds = walk.sessionIds.slice(3, 6) as string[];
  const held = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
    personId: people.derek,
    sessionIds,
    places: 1,
    route: 'self-funded',
  });
  const bookingId = held.body.id as string;
  await world.call('dorset-person-self', 'POST', `/api/checkout/bookings/${bookingId}/payment`);
  const checkoutId = (await world.checkout.stores.bookings.get(bookingId))?.card?.checkoutSessionId as string;
  const paid = await world.emulator.pay(checkoutId, goodCard);
  if (paid.outcome !== 'paid') throw new Error('not paid');
  const completed = world.emulator
    .events()
    .find(
      (event) =>
        event.type === 'checkout.session.completed' &&
        (event.data.object as { id: string }).id === checkoutId,
    );
  expect((await world.deliver(completed as StripeEvent)).outcome).toBe('booking confirmed');
  await world.call(farmOwner, 'POST', `/api/catalogue/provider/sessions/${sessionIds[0]}/cancel`, {
    reason: 'Flood',
  });
  await runCheckoutSweep({
    councils: world.deps.councils,
    checkout: world.checkout,
    logger: world.deps.logger,
  });
  const owing = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
  expect(owing.refundsDue).toEqual([expect.objectContaining({ amountPence: sessionPrice, attempts: 1 })]);
  return { bookingId, sessionIds, paymentIntentId: paid.paymentIntentId, dueId: owing.refundsDue?.[0]?.id };
}

/** Refunds of a payment at Stripe, oldest first: amount and what they carry. */
const refundsListed = async (world: CheckoutWorld, paymentIntentId: string) =>
  (await world.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })).data
    .reverse()
    .map((refund) => ({ id: refund.id, amount: refund.amount, dueId: refund.metadata?.dueId }));

describe('refunds seen at Stripe', () => {
  it('are matched by the refund owed they carry: one from the dashboard, of any amount, is a refund of its own and ours is still made', {
    timeout: 120_000,
  }, async () => {
    const { stripe, payments } = refundsThatFail();
    stripe.down = true;
    const world = await quietCheckoutWorld({ payments });
    try {
      const { bookingId, sessionIds, paymentIntentId, dueId } = await owedAfterTheProviderCancelled(
        world,
        'Dashboard walk',
      );
      const [first, second, third] = sessionIds;
      const refunded = () => world.emulator.events().filter((event) => event.type === 'charge.refunded');

      // Someone refunds £15 from the dashboard, for reasons of their own: the same amount as the
      // refund owed, but it does not say it is that refund, so it is one of its own, for no
      // session in particular, under its own id.
      const dashboard = await world.stripe.refunds.create({
        payment_intent: paymentIntentId,
        amount: sessionPrice,
      });
      expect((await world.deliver(refunded()[0] as StripeEvent)).outcome).toBe('refund recorded');
      expect((await world.deliver(refunded()[0] as StripeEvent)).outcome).toBe('duplicate');
      let booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
      expect(
        booking.refunds.map(({ amountPence, sessionIds, reason, reference }) => ({
          amountPence,
          sessionIds,
          reason,
          reference,
        })),
      ).toEqual([
        { amountPence: sessionPrice, sessionIds: [], reason: 'Refunded at Stripe', reference: dashboard.id },
      ]);
      expect(booking.refundsDue).toEqual([expect.objectContaining({ id: dueId, amountPence: sessionPrice })]);

      // Stripe takes our refunds again: the next run makes the refund owed, carrying its id.
      stripe.down = false;
      world.clock.advance(6 * 60_000);
      expect(
        await runCheckoutSweep({
          councils: world.deps.councils,
          checkout: world.checkout,
          logger: world.deps.logger,
        }),
      ).toMatchObject({ refundsFinished: 1, refundsStillDue: 0 });
      const listed = await refundsListed(world, paymentIntentId);
      expect(listed).toEqual([
        { id: dashboard.id, amount: sessionPrice, dueId: undefined },
        { id: expect.stringMatching(/^re_/), amount: sessionPrice, dueId },
      ]);
      const made = world.emulator
        .requests()
        .filter((request) => request.method === 'POST' && request.path === '/v1/refunds');
      expect(made.at(-1)?.idempotencyKey).toBe(`refund-${dueId}`);
      booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
      expect(booking.refundsDue ?? []).toEqual([]);
      expect(
        booking.refunds.map(({ amountPence, sessionIds, reason, reference }) => ({
          amountPence,
          sessionIds,
          reason,
          reference,
        })),
      ).toEqual([
        { amountPence: sessionPrice, sessionIds: [], reason: 'Refunded at Stripe', reference: dashboard.id },
        {
          amountPence: sessionPrice,
          sessionIds: [first],
          reason: 'The provider cancelled the session: Flood',
          reference: listed[1]?.id,
        },
      ]);
      // Its own webhook finds it recorded.
      expect((await world.deliver(refunded()[1] as StripeEvent)).outcome).toBe('nothing to change');

      // The rest from the dashboard: the whole payment is back, so the sessions still running end.
      await world.stripe.refunds.create({ payment_intent: paymentIntentId });
      expect((await world.deliver(refunded()[2] as StripeEvent)).outcome).toBe('refund recorded');
      booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
      expect(booking.status).toBe('cancelled');
      expect(booking.refunds.at(-1)).toMatchObject({
        amountPence: sessionPrice,
        reason: 'Refunded at Stripe',
        sessionIds: [second, third],
      });
      expect(booking.lines.every((line) => line.cancelled)).toBe(true);
    } finally {
      await world.close();
    }
  });

  it('made by two runs racing a refund from the dashboard, is made once', { timeout: 120_000 }, async () => {
    // Each refund asked of Stripe waits at the gate until the test opens it.
    const gate = { open: false, waiting: [] as (() => void)[], arrived: [] as string[] };
    let refusing = true;
    const world = await quietCheckoutWorld({
      payments: (payments) => ({
        ...payments,
        refund: async (request) => {
          if (refusing) throw new PaymentUnavailableError('Stripe is down');
          gate.arrived.push(request.idempotencyKey);
          if (!gate.open) await new Promise<void>((resolve) => gate.waiting.push(resolve));
          return payments.refund(request);
        },
      }),
    });
    try {
      const { bookingId, paymentIntentId, dueId } = await owedAfterTheProviderCancelled(world, 'Raced walk');
      refusing = false;
      world.clock.advance(6 * 60_000);
      const arrivals = async (count: number) => {
        for (let i = 0; gate.arrived.length < count && i < 200; i++)
          await new Promise((r) => setTimeout(r, 10));
        expect(gate.arrived).toHaveLength(count);
      };
      const owed = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
      // The first run looks at Stripe (nothing back yet) and is about to refund...
      const firstRun = world.checkout.bookings.finishRefundsNow(owed);
      await arrivals(1);
      // ...when £5 goes back from the dashboard, and a second run, seeing it, asks for the refund too.
      const dashboard = await world.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 500 });
      const secondRun = world.checkout.bookings.finishRefundsNow(owed);
      await arrivals(2);
      expect(gate.arrived).toEqual([`refund-${dueId}`, `refund-${dueId}`]);
      gate.open = true;
      for (const resolve of gate.waiting) resolve();
      await Promise.all([firstRun, secondRun]);

      // One refund for the refund owed: the second ask was answered with the first refund.
      const listed = await refundsListed(world, paymentIntentId);
      expect(listed.filter((refund) => refund.dueId === dueId)).toEqual([
        expect.objectContaining({ amount: sessionPrice }),
      ]);
      expect(listed).toHaveLength(2);
      for (const event of world.emulator.events().filter((candidate) => candidate.type === 'charge.refunded'))
        expect((await world.deliver(event)).status).toBe(200);
      const booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
      expect(booking.refundsDue ?? []).toEqual([]);
      expect(
        booking.refunds
          .map(({ amountPence, reason, reference }) => ({ amountPence, reason, reference }))
          .sort((a, b) => a.amountPence - b.amountPence),
      ).toEqual([
        { amountPence: 500, reason: 'Refunded at Stripe', reference: dashboard.id },
        {
          amountPence: sessionPrice,
          reason: 'The provider cancelled the session: Flood',
          reference: listed.find((refund) => refund.dueId === dueId)?.id,
        },
      ]);
    } finally {
      await world.close();
    }
  });
});

describe('a disputed card payment', () => {
  it('is marked on the booking and the council’s commissioners are told once, however often it arrives', {
    timeout: 120_000,
  }, async () => {
    const world = await quietCheckoutWorld();
    try {
      const walk = await world.publishActivity({ title: 'Disputed walk' });
      const held = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
        personId: people.derek,
        sessionIds: [walk.sessionIds[0]],
        places: 1,
        route: 'self-funded',
      });
      const paying = await world.call(
        'dorset-person-self',
        'POST',
        `/api/checkout/bookings/${held.body.id}/payment`,
      );
      const paid = await world.emulator.pay(
        new URL(paying.body.url).pathname.split('/').pop() as string,
        goodCard,
      );
      if (paid.outcome !== 'paid') throw new Error('not paid');
      await world.emulator.disputeCharge(paid.chargeId);
      const dispute = world.emulator
        .events()
        .find((event) => event.type === 'charge.dispute.created') as StripeEvent;
      for (let i = 0; i < 3; i++) expect((await world.deliver(dispute)).status).toBe(200);

      expect((await world.checkout.stores.bookings.get(held.body.id))?.card?.disputed).toBe(true);
      const outbox = await createOutboxRepository(world.table).listByCouncil('dorset');
      const notices = outbox.filter((message) => message.subject.startsWith('Card payment disputed'));
      expect(notices).toHaveLength(1);
      expect(notices[0]?.to.email).toBe('day.opportunities@dorset.example');
      expect(notices[0]?.body).toContain('DC-120417');
    } finally {
      await world.close();
    }
  });
});
