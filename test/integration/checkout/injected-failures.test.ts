import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../../functions/checkout/domain/bookings';
import type { Table } from '../../../shared/table/client';
import { type CheckoutWorld, checkoutWorld, people } from '../../support/checkout-world';

/**
 * DynamoDB failing at each write the checkout makes, on the real DynamoDB Local: a throttled
 * write (retries exhausted) or a transaction cancelled by a conflicting one. Whatever fails, a
 * booking is wholly there or wholly absent: places, booking, budget hold and ledger always agree.
 */
type Fault = 'throttled' | 'conflict';
const writeCommands = new Set(['TransactWriteCommand', 'PutCommand', 'UpdateCommand', 'DeleteCommand']);

type Command = {
  constructor: { name: string };
  input?: { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] };
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

/** Transactions made by a request, not by a webhook (those record the Stripe event in the same transaction). */
const notWebhook = (command: Command) =>
  command.constructor.name === 'TransactWriteCommand' &&
  !(command.input?.TransactItems ?? []).some((item) => item.Put?.Item?.entity === 'StripeEvent');

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

let world: CheckoutWorld;
beforeAll(async () => {
  world = await checkoutWorld({ checkoutTable: withInjectedFailures });
}, 120_000);
afterAll(() => world?.close());
beforeEach(healed);

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
      failWrite(fault, 1, notWebhook);
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

describe('cancelling', () => {
  it('is all or nothing at each step: places, refund and ledger stay in agreement', {
    timeout: 120_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Cancelled walk' });
    const sessionId = sessionIds[2] as string;
    const held = await holdForTom(sessionId, 1);
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

    // The cancellation itself fails: nothing changes, and the booking still stands.
    failWrite('throttled', 1, notWebhook);
    const refused = await world.call(
      'dorset-representative',
      'POST',
      `/api/checkout/bookings/${bookingId}/cancel`,
    );
    healed();
    expect(refused.status).toBe(500);
    expect((await world.checkout.stores.bookings.get(bookingId))?.status).toBe('confirmed');
    await expectWhole([sessionId]);

    // Recording the refund fails after Stripe has refunded: the refund's webhook records it.
    failWrite('throttled', 2, notWebhook);
    const cancelled = await world.call(
      'dorset-representative',
      'POST',
      `/api/checkout/bookings/${bookingId}/cancel`,
    );
    await world.emulator.idle();
    healed();
    expect(cancelled.status).toBe(500);
    const booking = (await world.checkout.stores.bookings.get(bookingId)) as Booking;
    expect(booking.status).toBe('cancelled');
    expect(booking.refunds.reduce((sum, refund) => sum + refund.amountPence, 0)).toBe(booking.totalPence);
    await expectWhole([sessionId]);
  });
});
