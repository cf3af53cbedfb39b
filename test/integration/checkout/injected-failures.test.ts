import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../../functions/checkout/domain/bookings';
import { runCheckoutSweep } from '../../../functions/checkout/jobs/checkout-sweep';
import { checkoutOn } from '../../../functions/checkout/services/checkout-on-table';
import type { StripeEvent } from '../../../scripts/local/stripe-emulator';
import type { Table } from '../../../shared/table/client';
import { createOutboxRepository } from '../../../shared/table/outbox';
import {
  type CheckoutWorld,
  checkoutWorld,
  farmOwner,
  ledgerOfBooking,
  people,
  refundsAtStripe,
  refundsThatFail,
} from '../../support/checkout-world';

/**
 * DynamoDB failing at each write the checkout makes, on the real DynamoDB Local: a throttled
 * write (retries exhausted) or a transaction cancelled by a conflicting one. Whatever fails, a
 * booking is wholly there or wholly absent: places, booking, budget hold and ledger always agree.
 */
type Fault = 'throttled' | 'conflict';
const writeCommands = new Set(['TransactWriteCommand', 'PutCommand', 'UpdateCommand', 'DeleteCommand']);

type Command = {
  constructor: { name: string };
  input?: {
    TransactItems?: {
      Put?: { Item?: Record<string, unknown> };
      Update?: { Key?: Record<string, unknown> };
    }[];
  };
};
const injected = {
  fault: undefined as Fault | undefined,
  atWrite: 0,
  writes: 0,
  fired: 0,
  counts: (_command: Command) => true,
};

/** The write that confirms a paid booking: it records the checkout.session.completed event. */
const confirmation = (command: Command) =>
  (command.input?.TransactItems ?? []).some(
    (item) => item.Put?.Item?.entity === 'StripeEvent' && item.Put.Item.type === 'checkout.session.completed',
  );

/**
 * Transactions made by a request about the booking: not by a webhook (those record the Stripe
 * event in the same transaction), and not search's best-effort note of whether places are left
 * (it changes only the listing and its copy by type, and a failure there changes no booking).
 */
const requestWriteOnBooking = (command: Command) => {
  const items = command.input?.TransactItems ?? [];
  return (
    command.constructor.name === 'TransactWriteCommand' &&
    !items.some((item) => item.Put?.Item?.entity === 'StripeEvent') &&
    !items.every((item) => String(item.Update?.Key?.SK ?? '').startsWith('LISTING'))
  );
};

function failingError(fault: Fault): Error {
  if (fault === 'throttled')
    return Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
      name: 'ProvisionedThroughputExceededException',
    });
  return Object.assign(
    new Error('Transaction cancelled, please refer cancellation reasons for specific reasons'),
    {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'TransactionConflict' }],
    },
  );
}

/** The table with a switch: the n-th write from now fails once, as DynamoDB would fail it. */
function withInjectedFailures(table: Table): Table {
  const client = new Proxy(table.client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Command) => {
        if (injected.fault && writeCommands.has(command.constructor.name) && injected.counts(command)) {
          injected.writes += 1;
          if (injected.writes === injected.atWrite) {
            injected.fired += 1;
            throw failingError(injected.fault);
          }
        }
        return (target.send as (command: unknown) => Promise<unknown>)(command);
      };
    },
  });
  return { name: table.name, client };
}

const failWrite = (fault: Fault, atWrite: number, counts: (command: Command) => boolean = () => true) => {
  injected.counts = counts;
  injected.fault = fault;
  injected.atWrite = atWrite;
  injected.writes = 0;
  injected.fired = 0;
};
const healed = () => {
  injected.fault = undefined;
};

/** Stripe's refunds failing on demand, as an outage does. */
const outage = refundsThatFail();

let world: CheckoutWorld;
beforeAll(async () => {
  world = await checkoutWorld({ checkoutTable: withInjectedFailures, payments: outage.payments });
}, 120_000);
afterAll(() => world?.close());
beforeEach(() => {
  healed();
  outage.stripe.down = false;
});

const sweep = () =>
  runCheckoutSweep({ councils: world.deps.councils, checkout: world.checkout, logger: world.deps.logger });

/** Places, bookings, money held and ledger agree for every session and budget the bookings touch. */
async function expectWhole(sessionIds: string[]) {
  const { stores } = world.checkout;
  for (const sessionId of sessionIds) {
    const session = await stores.sessions.get(sessionId);
    const bookings = await stores.bookings.listForSession(sessionId);
    const holding = bookings
      .filter((booking) => booking.status === 'held' || booking.status === 'confirmed')
      .filter((booking) => booking.lines.some((line) => line.sessionId === sessionId && !line.cancelled))
      .reduce((sum, booking) => sum + booking.places, 0);
    expect(session?.booked, `places booked on ${sessionId}`).toBe(holding);
    for (const booking of bookings) expect(booking.lines.length).toBeGreaterThan(0);
  }
  const ledger = await stores.budgets.ledgerOf('dorset', people.tom);
  const tomsBookings = await stores.bookings.listForPerson('dorset', people.tom);
  for (const booking of tomsBookings) {
    const spends = ledger.filter((entry) => entry.kind === 'spend' && entry.booking?.id === booking.id);
    const refunds = ledger.filter((entry) => entry.kind === 'refund' && entry.booking?.id === booking.id);
    const paid = Boolean(booking.card?.paymentIntentId);
    expect(spends, `spend entries for ${booking.id}`).toHaveLength(paid ? 1 : 0);
    const refunded = booking.refunds.reduce((sum, refund) => sum + refund.amountPence, 0);
    expect(refunds.reduce((sum, entry) => sum + entry.amountPence, 0)).toBe(refunded);
  }
  const person = await stores.people.get('dorset', people.tom);
  const money = person && (await world.checkout.bookings.budgetNow(person, 'direct-payment', new Date()));
  if (money) {
    const heldIds = money.state.holds.map((hold) => hold.bookingId).sort();
    const heldBookings = tomsBookings
      .filter((booking) => booking.status === 'held')
      .map((booking) => booking.id);
    expect(heldIds).toEqual(heldBookings.sort());
  }
}

const holdForTom = (sessionId: string, places = 2) =>
  world.call('dorset-representative', 'POST', '/api/checkout/bookings', {
    personId: people.tom,
    sessionIds: [sessionId],
    places,
    route: 'direct-payment',
  });

describe('a hold', () => {
  it('is not made at all when its transaction is throttled, and the next try makes it', {
    timeout: 60_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Throttled walk' });
    const sessionId = sessionIds[0] as string;
    failWrite('throttled', 1);
    const failed = await holdForTom(sessionId);
    expect(injected.fired).toBe(1);
    expect(failed.status).toBe(500);
    expect(JSON.stringify(failed.body)).not.toMatch(/Exception|at .*\.ts/);
    expect(await world.checkout.stores.bookings.listForSession(sessionId)).toHaveLength(0);
    await expectWhole([sessionId]);

    healed();
    const made = await holdForTom(sessionId);
    expect(made.status).toBe(201);
    await expectWhole([sessionId]);
  });

  it('is worked out again when a conflicting transaction cancels it, and made once', {
    timeout: 60_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Conflicted walk' });
    const sessionId = sessionIds[0] as string;
    failWrite('conflict', 1);
    const made = await holdForTom(sessionId);
    expect(injected.fired).toBe(1);
    expect(made.status).toBe(201);
    expect(await world.checkout.stores.bookings.listForSession(sessionId)).toHaveLength(1);
    await expectWhole([sessionId]);
  });
});

describe('paying and confirming', () => {
  it('keeps the booking whole whichever write fails, and the retried webhook confirms it once', {
    timeout: 120_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Paid walk' });
    const sessionId = sessionIds[1] as string;
    for (const fault of ['throttled', 'conflict'] as const) {
      const held = await holdForTom(sessionId, 1);
      expect(held.status).toBe(201);
      const bookingId = held.body.id as string;

      // Saving the checkout on the booking fails: the booking is still held, and asking again,
      // minutes later, sends Stripe exactly what the first call sent under the same idempotency
      // key, so Stripe answers with the same checkout rather than refusing the key, and nothing
      // is paid twice.
      failWrite(fault, 1, requestWriteOnBooking);
      const first = await world.call(
        'dorset-representative',
        'POST',
        `/api/checkout/bookings/${bookingId}/payment`,
      );
      expect(injected.fired).toBe(1);
      healed();
      world.clock.advance(7 * 60_000);
      const second = await world.call(
        'dorset-representative',
        'POST',
        `/api/checkout/bookings/${bookingId}/payment`,
      );
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      if (first.status === 200) expect(second.body.url).toBe(first.body.url);
      const created = world.emulator
        .requests()
        .filter(
          (request) =>
            request.method === 'POST' &&
            request.path === '/v1/checkout/sessions' &&
            request.idempotencyKey === `checkout-${bookingId}`,
        );
      expect(created).toHaveLength(2);
      expect(created[1]?.params).toEqual(created[0]?.params);
      // Card only, in the pinned API version's words.
      expect(created[0]?.params).toMatchObject({ allowed_payment_method_types: ['card'] });
      await expectWhole([sessionId]);

      // Confirming from the webhook fails once: Stripe delivers again, and it is confirmed once.
      failWrite(fault, 1, confirmation);
      const checkoutId = new URL(second.body.url as string).pathname.split('/').pop() as string;
      const paid = await world.emulator.pay(checkoutId, '4242 4242 4242 4242');
      expect(paid.outcome).toBe('paid');
      await world.emulator.idle();
      expect(injected.fired).toBe(1);
      healed();
      const booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
      expect(booking.status).toBe('confirmed');
      expect(booking.card?.cardFunding).toBe('credit');
      await expectWhole([sessionId]);
    }
  });
});

/** Tom's paid booking of one session: held, paid with his prepaid card, confirmed by its webhook. */
async function paidBookingForTom(sessionId: string, target: CheckoutWorld = world): Promise<Booking> {
  const held = await target.call('dorset-representative', 'POST', '/api/checkout/bookings', {
    personId: people.tom,
    sessionIds: [sessionId],
    places: 1,
    route: 'direct-payment',
  });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
  const bookingId = held.body.id as string;
  const payment = await target.call(
    'dorset-representative',
    'POST',
    `/api/checkout/bookings/${bookingId}/payment`,
  );
  const checkoutId = new URL(payment.body.url as string).pathname.split('/').pop() as string;
  expect((await target.emulator.pay(checkoutId, '5105105105105100')).outcome).toBe('paid');
  await target.emulator.idle();
  if ((await target.checkout.stores.bookings.get(bookingId))?.status !== 'confirmed') {
    // A world whose emulator only records its events: the test delivers the confirmation.
    const completed = target.emulator
      .events()
      .find(
        (event) =>
          event.type === 'checkout.session.completed' &&
          (event.data.object as { id: string }).id === checkoutId,
      );
    expect((await target.deliver(completed as StripeEvent)).outcome).toBe('booking confirmed');
  }
  const booking = (await target.checkout.stores.bookings.get(bookingId)) as Booking;
  expect(booking.status).toBe('confirmed');
  return booking;
}

const cancelForTom = (bookingId: string, target: CheckoutWorld = world) =>
  target.call('dorset-representative', 'POST', `/api/checkout/bookings/${bookingId}/cancel`);

describe('cancelling', () => {
  it('is all or nothing at each step: places, refund and ledger stay in agreement', {
    timeout: 120_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Cancelled walk' });
    const sessionId = sessionIds[2] as string;
    const { id: bookingId, card } = await paidBookingForTom(sessionId);

    // The decision itself fails: nothing changes, and the booking still stands.
    failWrite('throttled', 1, requestWriteOnBooking);
    const refused = await cancelForTom(bookingId);
    healed();
    expect(refused.status).toBe(500);
    expect((await world.checkout.stores.bookings.get(bookingId))?.status).toBe('confirmed');
    expect(refundsAtStripe(world, card?.paymentIntentId)).toEqual([]);
    await expectWhole([sessionId]);

    // Recording the refund fails after Stripe has made it: the person still sees the booking
    // cancelled with its refund on its way, and the refund's webhook records it as that refund.
    failWrite('throttled', 2, requestWriteOnBooking);
    const cancelled = await cancelForTom(bookingId);
    await world.emulator.idle();
    healed();
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.refundsDue).toEqual([
      expect.objectContaining({ amountPence: 1_500, sessionIds: [sessionId] }),
    ]);
    const booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    expect(booking.status).toBe('cancelled');
    expect(booking.refundsDue ?? []).toEqual([]);
    expect(booking.refunds).toEqual([
      expect.objectContaining({
        amountPence: booking.totalPence,
        sessionIds: [sessionId],
        reason: 'Cancelled by the person or their representative',
      }),
    ]);
    expect(refundsAtStripe(world, card?.paymentIntentId)).toEqual([1_500]);
    expect(await ledgerOfBooking(world, bookingId)).toEqual([
      ['spend', -1_500],
      ['refund', 1_500],
    ]);
    await expectWhole([sessionId]);
  });

  it('is decided at once while Stripe is down, and the regular run makes the refund once Stripe is back', {
    timeout: 120_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Outage walk' });
    const sessionId = sessionIds[2] as string;
    const { id: bookingId, card } = await paidBookingForTom(sessionId);

    outage.stripe.down = true;
    const cancelled = await cancelForTom(bookingId);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      refunds: [],
      refundsDue: [{ amountPence: 1_500, sessionIds: [sessionId] }],
    });
    // The places are free at once; the money is still on the card, so the ledger shows the spend only.
    expect((await world.checkout.stores.sessions.get(sessionId))?.booked).toBe(0);
    expect(await ledgerOfBooking(world, bookingId)).toEqual([['spend', -1_500]]);
    // The booking page says the money is coming back, not that nothing was paid.
    const page = await (await world.browse('dorset-person-dp', `/checkout/bookings/${bookingId}`)).text();
    expect(page).toContain('£15.00 on its way back to the direct payment card it was paid with');
    expect(page).not.toContain('Nothing was paid');
    // Cancelling again changes nothing: it is cancelled.
    expect((await cancelForTom(bookingId)).status).toBe(409);
    await expectWhole([sessionId]);

    // The failed try is recorded on the refund owed, in words, with its next try 5 minutes on:
    // a run before then leaves it alone.
    const owing = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    expect(owing.refundsDue).toEqual([
      expect.objectContaining({ attempts: 1, lastFailure: 'Stripe could not be reached' }),
    ]);
    const nextTry = owing.refundsDue?.[0]?.nextAttemptAt as string;
    expect(Date.parse(nextTry) - Date.parse(owing.updatedAt)).toBe(5 * 60_000);
    expect(await sweep()).toMatchObject({ refundsFinished: 0, refundsStillDue: 0 });

    // The regular run once it is due, while Stripe is still down: the refund stays owed, tried
    // again 10 minutes on.
    world.clock.advance(6 * 60_000);
    expect(await sweep()).toMatchObject({ refundsFinished: 0, refundsStillDue: 1 });
    expect(refundsAtStripe(world, card?.paymentIntentId)).toEqual([]);
    expect((await world.checkout.stores.bookings.get(bookingId))?.refundsDue?.[0]?.attempts).toBe(2);

    outage.stripe.down = false;
    world.clock.advance(11 * 60_000);
    expect(await sweep()).toMatchObject({ refundsFinished: 1, refundsStillDue: 0 });
    await world.emulator.idle();
    const booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    expect(booking.refundsDue ?? []).toEqual([]);
    expect(booking.refunds).toEqual([
      expect.objectContaining({
        amountPence: 1_500,
        sessionIds: [sessionId],
        reference: expect.stringMatching(/^re_/),
      }),
    ]);
    expect(refundsAtStripe(world, card?.paymentIntentId)).toEqual([1_500]);
    expect(await ledgerOfBooking(world, bookingId)).toEqual([
      ['spend', -1_500],
      ['refund', 1_500],
    ]);
    expect(await sweep()).toMatchObject({ refundsFinished: 0, refundsStillDue: 0 });
    await expectWhole([sessionId]);
  });
});

describe('a session the provider cancels', () => {
  it('has its refunds decided and its people told once, whichever step fails; the money moves once', {
    timeout: 120_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Storm walk' });
    const [first, second] = [sessionIds[3] as string, sessionIds[4] as string];
    const held = await world.call('dorset-representative', 'POST', '/api/checkout/bookings', {
      personId: people.tom,
      sessionIds: [first, second],
      places: 1,
      route: 'direct-payment',
    });
    const bookingId = held.body.id as string;
    const payment = await world.call(
      'dorset-representative',
      'POST',
      `/api/checkout/bookings/${bookingId}/payment`,
    );
    await world.emulator.pay(
      new URL(payment.body.url as string).pathname.split('/').pop() as string,
      '5105105105105100',
    );
    await world.emulator.idle();
    const paid = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    expect(paid.status).toBe('confirmed');
    expect(
      (
        await world.call(farmOwner, 'POST', `/api/catalogue/provider/sessions/${first}/cancel`, {
          reason: 'Storm warning',
        })
      ).status,
    ).toBe(200);

    // The regular run on the table that fails: first its decision fails (nothing changes and the
    // note stays), then, with Stripe down, the refund is decided and owed, the people told once.
    const failingRun = checkoutOn({
      table: withInjectedFailures(world.table),
      councils: world.deps.councils,
      payments: world.payments,
      logger: world.deps.logger,
      now: world.now,
    });
    const sweepOn = () =>
      runCheckoutSweep({ councils: world.deps.councils, checkout: failingRun, logger: world.deps.logger });
    failWrite('throttled', 1, requestWriteOnBooking);
    expect(await sweepOn()).toMatchObject({ sessionsRefunded: 0, refundsFailed: 1 });
    healed();
    expect(
      (await world.checkout.stores.bookings.get(bookingId))?.lines.every((line) => !line.cancelled),
    ).toBe(true);
    expect(await world.checkout.stores.sessions.cancellationsAwaitingRefunds('dorset')).toHaveLength(1);

    outage.stripe.down = true;
    expect(await sweepOn()).toMatchObject({ sessionsRefunded: 1, bookingsRefunded: 1, refundsStillDue: 1 });
    outage.stripe.down = false;
    expect(await world.checkout.stores.sessions.cancellationsAwaitingRefunds('dorset')).toHaveLength(0);
    const decided = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    expect(decided.status).toBe('confirmed');
    expect(decided.lines.map((line) => [line.sessionId, Boolean(line.cancelled)])).toEqual([
      [first, true],
      [second, false],
    ]);
    expect(decided.refundsDue).toEqual([
      expect.objectContaining({
        amountPence: 1_500,
        sessionIds: [first],
        reason: 'The provider cancelled the session: Storm warning',
      }),
    ]);
    const notices = async () =>
      (await createOutboxRepository(world.table).listByCouncil('dorset')).filter((message) =>
        message.subject.startsWith('Cancelled: Storm walk'),
      );
    expect((await notices()).map((message) => message.to.email).sort()).toEqual(
      ['helen.ellery@example.org', 'tom.ellery@example.org'].sort(),
    );

    // Next run, once its next try is due: Stripe makes the refund, but recording it fails.
    // Stripe's charge.refunded reaches the webhook, which finds the refund by the owed refund it
    // carries and records it as that refund, with its session and reason.
    world.clock.advance(6 * 60_000);
    failWrite('throttled', 1, requestWriteOnBooking);
    expect(await sweepOn()).toMatchObject({ refundsFinished: 0, refundsStillDue: 1 });
    await world.emulator.idle();
    healed();
    const recorded = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    expect(recorded.refundsDue ?? []).toEqual([]);
    expect(recorded.refunds).toEqual([
      expect.objectContaining({
        amountPence: 1_500,
        sessionIds: [first],
        reason: 'The provider cancelled the session: Storm warning',
      }),
    ]);
    expect(recorded.lines.find((line) => line.sessionId === second)?.cancelled).toBeUndefined();
    expect(refundsAtStripe(world, paid.card?.paymentIntentId)).toEqual([1_500]);
    expect(await ledgerOfBooking(world, bookingId)).toEqual([
      ['spend', -3_000],
      ['refund', 1_500],
    ]);
    // The spend paid for both sessions; the refund is for the cancelled one only, and the
    // statement and spend exports say so.
    const ledger = (await world.checkout.stores.budgets.ledgerOf('dorset', people.tom)).filter(
      (entry) => entry.booking?.id === bookingId,
    );
    expect(ledger.find((entry) => entry.kind === 'spend')?.booking?.sessionIds).toEqual([first, second]);
    expect(ledger.find((entry) => entry.kind === 'refund')?.booking?.sessionIds).toEqual([first]);
    expect(await sweepOn()).toMatchObject({ refundsFinished: 0, refundsStillDue: 0, sessionsRefunded: 0 });
    expect(await notices()).toHaveLength(2);
    await expectWhole([first, second]);
  });
});

describe('a refund whose record was lost', () => {
  it('is found at Stripe and recorded, never made again, even once Stripe has forgotten its idempotency key', {
    timeout: 120_000,
  }, async () => {
    let stripeClock = Date.now();
    // Its own world: Stripe's clock moves a day on, and no webhook comes to the rescue.
    const quiet = await checkoutWorld({
      checkoutTable: withInjectedFailures,
      webhooks: 'record',
      payouts: 'farm',
      stripeNow: () => new Date(stripeClock),
    });
    try {
      const { sessionIds } = await quiet.publishActivity({ title: 'Forgotten walk' });
      const sessionId = sessionIds[2] as string;
      const { id: bookingId, card, totalPence } = await paidBookingForTom(sessionId, quiet);
      failWrite('throttled', 2, requestWriteOnBooking);
      const cancelled = await cancelForTom(bookingId, quiet);
      healed();
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.refundsDue).toHaveLength(1);
      expect(refundsAtStripe(quiet, card?.paymentIntentId)).toEqual([totalPence]);

      // A day and more later Stripe no longer knows the refund's idempotency key: asking again
      // would refund twice. The run lists the payment's refunds first, finds the one carrying
      // this refund owed, and records it.
      stripeClock += 25 * 3_600_000;
      quiet.clock.advance(25 * 3_600_000);
      const refundsMade = () =>
        quiet.emulator
          .requests()
          .filter((request) => request.method === 'POST' && request.path === '/v1/refunds');
      expect(refundsMade()).toHaveLength(1);
      const [made] = refundsMade();
      const dueId = cancelled.body.refundsDue[0].id;
      expect(made?.idempotencyKey).toBe(`refund-${dueId}`);
      expect(made?.params).toMatchObject({ metadata: { bookingId, dueId } });
      const run = await runCheckoutSweep({
        councils: quiet.deps.councils,
        checkout: quiet.checkout,
        logger: quiet.deps.logger,
      });
      expect(run).toMatchObject({ refundsFinished: 1, refundsStillDue: 0 });
      expect(refundsMade()).toHaveLength(1);
      expect(quiet.emulator.requests().at(-1)).toMatchObject({
        method: 'GET',
        path: '/v1/refunds',
        params: { payment_intent: card?.paymentIntentId },
      });
      expect(refundsAtStripe(quiet, card?.paymentIntentId)).toEqual([totalPence]);
      const atStripe = await quiet.stripe.refunds.list({ payment_intent: card?.paymentIntentId as string });
      const booking = (await quiet.checkout.stores.bookings.get(bookingId)) as Booking;
      expect(booking.refundsDue ?? []).toEqual([]);
      expect(booking.refunds).toEqual([
        expect.objectContaining({
          amountPence: totalPence,
          sessionIds: [sessionId],
          reference: atStripe.data[0]?.id,
        }),
      ]);
      expect(await ledgerOfBooking(quiet, bookingId)).toEqual([
        ['spend', -totalPence],
        ['refund', totalPence],
      ]);
    } finally {
      await quiet.close();
    }
  });
});
