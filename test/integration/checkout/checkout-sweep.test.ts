import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckoutSweep } from '../../../functions/checkout/jobs/checkout-sweep';
import { createLogger } from '../../../shared/log/logger';
import { createOutboxRepository } from '../../../shared/table/outbox';
import { addDays, weekdayOf } from '../../../shared/time/london-time';
import { ukToday } from '../../../shared/time/uk-dates';
import {
  type CheckoutWorld,
  checkoutWorld,
  farmOwner,
  people,
  refundsThatFail,
} from '../../support/checkout-world';

/** The checkout's regular run: holds that ran out are let go; cancelled sessions are refunded. */
let world: CheckoutWorld;
let clock = new Date();
const minutesOn = (minutes: number) => new Date(clock.getTime() + minutes * 60_000);

beforeAll(async () => {
  world = await checkoutWorld({ now: () => clock });
}, 120_000);
afterAll(() => world?.close());

const sweep = () =>
  runCheckoutSweep({ councils: world.deps.councils, checkout: world.checkout, logger: world.deps.logger });

describe('holds that run out', () => {
  it('release their places and money, stop the Stripe checkout, and say expired before anything tidies them', {
    timeout: 60_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Expiring walk' });
    const sessionId = sessionIds[0] as string;
    const held = await world.call('dorset-representative', 'POST', '/api/checkout/bookings', {
      personId: people.tom,
      sessionIds: [sessionId],
      places: 3,
      route: 'direct-payment',
    });
    expect(held.status).toBe(201);
    const payment = await world.call(
      'dorset-representative',
      'POST',
      `/api/checkout/bookings/${held.body.id}/payment`,
    );
    const checkoutId = new URL(payment.body.url).pathname.split('/').pop() as string;
    const tom = await world.checkout.stores.people.get('dorset', people.tom);
    if (!tom) throw new Error('no Tom');
    const budgetBefore =
      (await world.checkout.bookings.budgetNow(tom, 'direct-payment', clock))?.remaining ?? 0;

    const start = clock;
    clock = minutesOn(31);
    // Read before any sweep: the hold has run out, so it reads as expired and its money is free.
    const read = await world.call('dorset-representative', 'GET', `/api/checkout/bookings/${held.body.id}`);
    expect(read.body.status).toBe('expired');
    const budgetNow = (await world.checkout.bookings.budgetNow(tom, 'direct-payment', clock))?.remaining ?? 0;
    expect(budgetNow).toBe(budgetBefore + held.body.totalPence);

    const result = await sweep();
    expect(result.holdsExpired).toBeGreaterThanOrEqual(1);
    const booking = await world.checkout.stores.bookings.get(held.body.id);
    expect(booking?.status).toBe('expired');
    expect((await world.checkout.stores.sessions.get(sessionId))?.booked).toBe(0);
    const state = await world.checkout.bookings.budgetNow(tom, 'direct-payment', clock);
    expect(state?.state.holds.map((hold) => hold.bookingId)).not.toContain(held.body.id);
    const paid = await world.emulator.pay(checkoutId, '4242 4242 4242 4242');
    expect(paid.outcome).toBe('unavailable');

    expect((await sweep()).holdsExpired).toBe(0);
    clock = start;
  });
});

describe('a backlog of holds that ran out', () => {
  it('is read a page at a time, oldest first, and the run releases what it can behind holds Stripe says are paid', {
    timeout: 120_000,
  }, async () => {
    // Webhooks held up: two holds are paid at Stripe, but nothing here knows yet.
    let late = new Date();
    const quiet = await checkoutWorld({ now: () => late, webhooks: 'record', payouts: 'farm' });
    try {
      const { sessionIds } = await quiet.publishActivity({ title: 'Backlog walk' });
      const ids: string[] = [];
      for (const [index, sessionId] of sessionIds.slice(0, 3).entries()) {
        const held = await quiet.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
          personId: people.derek,
          sessionIds: [sessionId],
          places: 1,
          route: 'self-funded',
        });
        expect(held.status).toBe(201);
        ids.push(held.body.id);
        const payment = await quiet.call(
          'dorset-person-self',
          'POST',
          `/api/checkout/bookings/${held.body.id}/payment`,
        );
        if (index < 2)
          await quiet.emulator.pay(
            new URL(payment.body.url).pathname.split('/').pop() as string,
            '4242424242424242',
          );
        late = new Date(late.getTime() + 1_000);
      }
      late = new Date(late.getTime() + 31 * 60_000);

      // A page of one key at a time: every hold that ran out, oldest first, up to the most asked for.
      const expiredHolds = (most: number) =>
        quiet.checkout.stores.bookings.expiredHolds('dorset', late.toISOString(), most, 1);
      expect((await expiredHolds(10)).map((booking) => booking.id)).toEqual(ids);
      expect((await expiredHolds(2)).map((booking) => booking.id)).toEqual(ids.slice(0, 2));

      // The two paid ones stay first in the list, kept for their webhooks; the one behind them goes.
      const result = await runCheckoutSweep({
        councils: quiet.deps.councils,
        checkout: quiet.checkout,
        logger: quiet.deps.logger,
      });
      expect(result).toMatchObject({ holdsExpired: 1, holdsFailed: 0 });
      const statuses = await Promise.all(
        ids.map(async (id) => (await quiet.checkout.stores.bookings.get(id))?.status),
      );
      expect(statuses).toEqual(['held', 'held', 'expired']);
      expect((await expiredHolds(10)).map((booking) => booking.id)).toEqual(ids.slice(0, 2));
    } finally {
      await quiet.close();
    }
  });
});

describe('a full session whose holds have run out', () => {
  it('takes a new booking at once, letting the run-out hold go without waiting for the regular run', {
    timeout: 60_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Tiny walk', placesPerSession: 2 });
    const sessionId = sessionIds[0] as string;
    const first = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds: [sessionId],
      places: 2,
      route: 'self-funded',
    });
    expect(first.status).toBe(201);
    const full = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds: [sessionId],
      places: 1,
      route: 'self-funded',
    });
    expect(full.status).toBe(409);

    const start = clock;
    clock = minutesOn(31);
    const second = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds: [sessionId],
      places: 1,
      route: 'self-funded',
    });
    expect(second.status).toBe(201);
    expect((await world.checkout.stores.bookings.get(first.body.id))?.status).toBe('expired');
    expect((await world.checkout.stores.sessions.get(sessionId))?.booked).toBe(1);
    clock = start;
  });
});

describe('search’s “places available”', () => {
  it('turns off when a booking takes the last place of the last session, and on when it comes back', {
    timeout: 60_000,
  }, async () => {
    const tomorrow = addDays(ukToday(clock), 1);
    const { sessionIds } = await world.publishActivity({
      title: 'One-off walk',
      placesPerSession: 1,
      schedule: {
        slots: [{ day: weekdayOf(tomorrow), starts: '10:00', ends: '12:00' }],
        startsOn: tomorrow,
        endsOn: tomorrow,
        exceptions: [],
      },
    });
    expect(sessionIds).toHaveLength(1);
    const activityId = (sessionIds[0] as string).slice(0, 26);
    expect((await world.checkout.stores.listings.get(activityId))?.hasPlaces).toBe(true);

    const held = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds,
      places: 1,
      route: 'self-funded',
    });
    expect(held.status).toBe(201);
    expect((await world.checkout.stores.listings.get(activityId))?.hasPlaces).toBe(false);

    const cancelled = await world.call(
      'dorset-person-self',
      'POST',
      `/api/checkout/bookings/${held.body.id}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    expect((await world.checkout.stores.listings.get(activityId))?.hasPlaces).toBe(true);
  });
});

describe('a commissioner’s budget adjustment', () => {
  it('adds a ledger entry with the reason and who made it, and changes what is left; bad ones change nothing', async () => {
    const grace = await world.checkout.stores.people.get('dorset', people.grace);
    if (!grace) throw new Error('no Grace');
    const before =
      (await world.checkout.bookings.budgetNow(grace, 'individual-service-fund', clock))?.remaining ?? 0;
    const made = await world.call(
      'dorset-commissioner',
      'POST',
      `/api/checkout/people/${people.grace}/adjustments`,
      {
        route: 'individual-service-fund',
        amountPence: -2_500,
        note: 'Overpaid last period',
      },
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      kind: 'adjustment',
      amountPence: -2_500,
      note: 'Overpaid last period',
    });
    expect(made.body.recordedBy).toMatchObject({ id: 'dorset-commissioner', role: 'commissioner' });
    const after =
      (await world.checkout.bookings.budgetNow(grace, 'individual-service-fund', clock))?.remaining ?? 0;
    expect(after).toBe(before - 2_500);

    for (const [body, status, field] of [
      [{ route: 'individual-service-fund', amountPence: 0, note: 'Nothing' }, 400, 'amountPence'],
      [{ route: 'individual-service-fund', amountPence: 100 }, 400, 'note'],
      [{ route: 'direct-payment', amountPence: 100, note: 'Grace has none' }, 422, 'route'],
    ] as const) {
      const refused = await world.call(
        'dorset-commissioner',
        'POST',
        `/api/checkout/people/${people.grace}/adjustments`,
        body,
      );
      expect(refused.status).toBe(status);
      expect(refused.body.errors?.[0]?.field).toBe(field);
    }
    const refusedRole = await world.call(
      'dorset-person-isf',
      'POST',
      `/api/checkout/people/${people.grace}/adjustments`,
      {
        route: 'individual-service-fund',
        amountPence: 100,
        note: 'Gift to myself',
      },
    );
    expect(refusedRole.status).toBe(403);
    const ledger = await world.checkout.stores.budgets.ledgerOf('dorset', people.grace);
    expect(ledger.filter((entry) => entry.kind === 'adjustment')).toHaveLength(1);
  });
});

describe('a session the provider cancels', () => {
  it('refunds every booking on it (card and ISF), tells the people, and is done once', {
    timeout: 60_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Flooded walk' });
    const sessionId = sessionIds[1] as string;
    const paidByCard = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds: [sessionId, sessionIds[2] as string],
      places: 1,
      route: 'self-funded',
    });
    const payment = await world.call(
      'dorset-person-self',
      'POST',
      `/api/checkout/bookings/${paidByCard.body.id}/payment`,
    );
    await world.emulator.pay(
      new URL(payment.body.url).pathname.split('/').pop() as string,
      '4242424242424242',
    );
    await world.emulator.idle();
    const byIsf = await world.call('dorset-person-isf', 'POST', '/api/checkout/bookings', {
      personId: people.grace,
      sessionIds: [sessionId],
      places: 2,
      route: 'individual-service-fund',
    });
    expect(byIsf.body.status).toBe('confirmed');

    const cancelled = await world.call(
      farmOwner,
      'POST',
      `/api/catalogue/provider/sessions/${sessionId}/cancel`,
      {
        reason: 'The river path is flooded',
      },
    );
    expect(cancelled.status).toBe(200);
    const result = await sweep();
    await world.emulator.idle();
    // Both decided; the card's money made at Stripe in the same run (the ISF was credited at once).
    expect(result).toMatchObject({
      sessionsRefunded: 1,
      bookingsRefunded: 2,
      refundsFailed: 0,
      refundsFinished: 1,
      refundsStillDue: 0,
    });

    // The card booking keeps its other session; only this one's price came back.
    const card = await world.checkout.stores.bookings.get(paidByCard.body.id);
    expect(card?.status).toBe('confirmed');
    expect(card?.refunds.map((refund) => refund.amountPence)).toEqual([1_500]);
    expect(card?.lines.find((line) => line.sessionId === sessionId)?.cancelled).toBe(true);
    // The ISF booking had only this session: cancelled, and the fund credited.
    const isf = await world.checkout.stores.bookings.get(byIsf.body.id);
    expect(isf?.status).toBe('cancelled');
    const ledger = await world.checkout.stores.budgets.ledgerOf('dorset', people.grace);
    expect(
      ledger
        .filter((entry) => entry.booking?.id === byIsf.body.id)
        .map((entry) => [entry.kind, entry.amountPence]),
    ).toEqual([
      ['spend', -3_000],
      ['refund', 3_000],
    ]);
    const outbox = await createOutboxRepository(world.table).listByCouncil('dorset');
    const notices = outbox.filter((message) => message.subject.startsWith('Cancelled: Flooded walk'));
    expect(notices.map((message) => message.to.email).sort()).toEqual(['derek.lowe@example.org']);
    expect(notices[0]?.body).toContain('The river path is flooded');
    expect(notices[0]?.body).toContain('£15.00');

    const again = await sweep();
    expect(again.sessionsRefunded).toBe(0);
    expect((await world.checkout.stores.bookings.get(paidByCard.body.id))?.refunds).toHaveLength(1);
  });
});

describe('a refund Stripe keeps refusing', () => {
  it('waits longer after each try, out of the way of the others, and the commissioners are told once', {
    timeout: 120_000,
  }, async () => {
    let at = new Date();
    const minutesLater = (minutes: number) => {
      at = new Date(at.getTime() + minutes * 60_000);
    };
    const { stripe, payments } = refundsThatFail();
    const own = await checkoutWorld({ now: () => at, payments });
    const run = () =>
      runCheckoutSweep({ councils: own.deps.councils, checkout: own.checkout, logger: own.deps.logger });
    try {
      const { sessionIds } = await own.publishActivity({ title: 'Disputed walk' });
      const paidBooking = async (sessionId: string) => {
        const held = await own.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
          personId: people.derek,
          sessionIds: [sessionId],
          places: 1,
          route: 'self-funded',
        });
        const payment = await own.call(
          'dorset-person-self',
          'POST',
          `/api/checkout/bookings/${held.body.id}/payment`,
        );
        const paid = await own.emulator.pay(
          new URL(payment.body.url).pathname.split('/').pop() as string,
          '4242424242424242',
        );
        if (paid.outcome !== 'paid') throw new Error('not paid');
        await own.emulator.idle();
        return { id: held.body.id as string, chargeId: paid.chargeId };
      };
      const cancel = (id: string) =>
        own.call('dorset-person-self', 'POST', `/api/checkout/bookings/${id}/cancel`);
      const dueOf = async (id: string) => (await own.checkout.stores.bookings.get(id))?.refundsDue?.[0];
      const stuckNotices = async () =>
        (await createOutboxRepository(own.table).listByCouncil('dorset')).filter((message) =>
          message.subject.startsWith('Refund not made yet'),
        );

      // Derek's bank disputes one payment; he then cancels that booking. Stripe will not refund
      // a payment whose dispute holds its money: the refund is decided and owed, and refused.
      const disputed = await paidBooking(sessionIds[3] as string);
      const other = await paidBooking(sessionIds[4] as string);
      await own.emulator.disputeCharge(disputed.chargeId);
      expect((await cancel(disputed.id)).status).toBe(200);
      expect(await dueOf(disputed.id)).toMatchObject({
        attempts: 1,
        lastFailure:
          'The payment is disputed with the card issuer, so Stripe will not refund it while the dispute is open',
      });

      // Each try that fails puts the next further off: 5, 10, 20 minutes...
      minutesLater(6);
      expect(await run()).toMatchObject({ refundsFinished: 0, refundsStillDue: 1 });
      expect(await dueOf(disputed.id)).toMatchObject({ attempts: 2 });

      // Meanwhile the other booking is cancelled while Stripe is down: it is owed too, and due
      // again before the disputed one. Read one at a time, the run reaches it: the disputed
      // refund, waiting, is not even read.
      stripe.down = true;
      expect((await cancel(other.id)).status).toBe(200);
      stripe.down = false;
      minutesLater(6);
      const dueNow = await own.checkout.stores.bookings.refundsDue('dorset', at.toISOString(), 1);
      expect(dueNow.map((booking) => booking.id)).toEqual([other.id]);
      expect(await run()).toMatchObject({ refundsFinished: 1, refundsStillDue: 0 });
      expect((await own.checkout.stores.bookings.get(other.id))?.refunds).toHaveLength(1);
      expect(await dueOf(disputed.id)).toMatchObject({ attempts: 2 });
      expect(await stuckNotices()).toEqual([]);

      // The third failed try tells the council's commissioning mailbox, in its own words; the
      // fourth does not tell it again.
      minutesLater(5);
      expect(await run()).toMatchObject({ refundsStillDue: 1 });
      minutesLater(21);
      expect(await run()).toMatchObject({ refundsStillDue: 1 });
      const stuck = await dueOf(disputed.id);
      expect(stuck).toMatchObject({ attempts: 4 });
      expect(Date.parse(stuck?.nextAttemptAt as string) - at.getTime()).toBe(40 * 60_000);
      const notices = await stuckNotices();
      expect(notices).toHaveLength(1);
      expect(notices[0]?.to.email).toBe('day.opportunities@dorset.example');
      expect(notices[0]?.subject).toBe('Refund not made yet: Disputed walk for DC-120417');
      expect(notices[0]?.body).toContain('£15.00 is owed back to Derek');
      expect(notices[0]?.body).toContain('disputed with the card issuer');
      expect(notices[0]?.body).not.toMatch(/charge_disputed|invalid_request|Error/);
      // Nothing was ever refunded for it, however often it was asked.
      expect(
        own.emulator
          .requests()
          .filter((request) => request.method === 'POST' && request.path === '/v1/refunds')
          .filter((request) => request.idempotencyKey === `refund-${stuck?.id}`),
      ).toHaveLength(4);
      expect(own.emulator.events().filter((event) => event.type === 'refund.created')).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});

describe('the regular run', () => {
  it('does each council’s each piece of work on its own: one that cannot even start stops none of the others', {
    timeout: 60_000,
  }, async () => {
    const lines: string[] = [];
    const { sessionIds } = await world.publishActivity({ title: 'Unread walk' });
    const held = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds: [sessionIds[0]],
      places: 1,
      route: 'self-funded',
    });
    expect(held.status).toBe(201);
    const start = clock;
    clock = minutesOn(31);
    const unread = () => Promise.reject(new Error('ProvisionedThroughputExceededException'));
    const failing = {
      ...world.checkout,
      bookings: { ...world.checkout.bookings, finishDueRefunds: unread },
      stores: {
        ...world.checkout.stores,
        sessions: { ...world.checkout.stores.sessions, cancellationsAwaitingRefunds: unread },
      },
    };
    const result = await runCheckoutSweep({
      councils: world.deps.councils,
      checkout: failing,
      logger: createLogger('warn', (line) => lines.push(line)),
    });
    const councils = (await world.deps.councils.list()).length;
    expect(councils).toBeGreaterThan(1);
    // Every council's owed refunds and cancelled sessions could not be read; their holds still went.
    expect(result).toMatchObject({ workFailed: 2 * councils, holdsFailed: 0 });
    expect(result.holdsExpired).toBeGreaterThanOrEqual(1);
    expect((await world.checkout.stores.bookings.get(held.body.id))?.status).toBe('expired');
    const warnings = lines.map((line) => JSON.parse(line));
    expect(warnings).toHaveLength(2 * councils);
    expect(warnings[0]).toMatchObject({
      level: 'warn',
      message: 'checkout run: work not done',
      work: 'refunds owed',
      councilId: expect.any(String),
    });
    clock = start;
  });
});

describe('a refund owed of nothing', () => {
  it('is never recorded as owed, and one found (written before that) is cleared without asking Stripe', {
    timeout: 60_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Nothing owed walk' });
    const held = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
      personId: people.derek,
      sessionIds: [sessionIds[5]],
      places: 1,
      route: 'self-funded',
    });
    const payment = await world.call(
      'dorset-person-self',
      'POST',
      `/api/checkout/bookings/${held.body.id}/payment`,
    );
    await world.emulator.pay(
      new URL(payment.body.url).pathname.split('/').pop() as string,
      '4242424242424242',
    );
    await world.emulator.idle();
    const paid = await world.checkout.stores.bookings.get(held.body.id);
    if (paid?.status !== 'confirmed') throw new Error('not confirmed');
    const nothing = {
      id: 'due-of-nothing',
      amountPence: 0,
      sessionIds: [],
      reason: 'Nothing',
      by: { id: 'system', name: 'System', role: 'admin' as const },
      decidedAt: minutesOn(-1).toISOString(),
    };
    const change = await world.checkout.bookings.refundChangeWrites(paid, { due: [nothing] }, clock);
    expect(change.result.refundsDue).toBeUndefined();

    // As an earlier version could have left it.
    const withNothingOwed = { ...paid, refundsDue: [nothing], version: paid.version + 1 };
    await world.table.client.send(
      new TransactWriteCommand({
        TransactItems: [world.checkout.stores.bookings.updateWrite(withNothingOwed)],
      }),
    );
    const asked = () => world.emulator.requests().filter((request) => request.path === '/v1/refunds').length;
    const before = asked();
    const result = await sweep();
    expect(result.refundsFinished).toBeGreaterThanOrEqual(1);
    expect(result.refundsStillDue).toBe(0);
    const cleared = await world.checkout.stores.bookings.get(held.body.id);
    expect(cleared?.refundsDue).toBeUndefined();
    expect(cleared?.refunds).toEqual([]);
    expect(cleared?.status).toBe('confirmed');
    expect(asked()).toBe(before);
  });
});
