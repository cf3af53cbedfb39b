import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckoutWorld, checkoutWorld, people } from '../../support/checkout-world';

/** A council that warns rather than refuses an overspend, and asks for 48 hours' notice to cancel. */
let world: CheckoutWorld;
let clock = new Date();

beforeAll(async () => {
  world = await checkoutWorld({ now: () => clock });
  await world.table.client.send(
    new UpdateCommand({
      TableName: world.table.name,
      Key: { PK: 'COUNCIL#dorset', SK: 'COUNCIL' },
      UpdateExpression: 'SET bookingRules = :rules',
      ExpressionAttributeValues: { ':rules': { overspend: 'warn', cancellationNoticeHours: 48 } },
    }),
  );
}, 120_000);
afterAll(() => world?.close());

describe('a council that warns about overspending', () => {
  it('lets a booking take the budget below zero, marked so, and the ledger shows it', {
    timeout: 60_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Dear walk', placesPerSession: 20 });
    // Grace's fund is £600: nine places at £15 on five sessions is £675.
    const booked = await world.call('dorset-person-isf', 'POST', '/api/checkout/bookings', {
      personId: people.grace,
      sessionIds: sessionIds.slice(0, 5),
      places: 9,
      route: 'individual-service-fund',
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'confirmed', overBudget: true, totalPence: 67_500 });
    const grace = await world.checkout.stores.people.get('dorset', people.grace);
    const money = grace && (await world.checkout.bookings.budgetNow(grace, 'individual-service-fund', clock));
    expect(money?.remaining).toBe(60_000 - 67_500);
  });
});

describe('a council that asks for 48 hours’ notice', () => {
  it('refunds a cancellation 49 hours ahead and refuses one 47 hours ahead', {
    timeout: 60_000,
  }, async () => {
    const { sessionIds } = await world.publishActivity({ title: 'Notice walk' });
    const sessions = await world.checkout.stores.sessions.getMany(sessionIds.slice(0, 4));
    const later = sessions.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).at(-1);
    if (!later) throw new Error('no sessions');
    const start = Date.parse(later.startsAt);
    const book = () =>
      world.call('dorset-person-isf', 'POST', '/api/checkout/bookings', {
        personId: people.grace,
        sessionIds: [later.id],
        places: 1,
        route: 'individual-service-fund',
      });
    const early = await book();
    const late = await book();

    clock = new Date(start - 49 * 3_600_000);
    const refunded = await world.call(
      'dorset-person-isf',
      'POST',
      `/api/checkout/bookings/${early.body.id}/cancel`,
    );
    expect(refunded.status).toBe(200);
    expect(refunded.body.status).toBe('cancelled');
    expect(refunded.body.refunds).toEqual([expect.objectContaining({ amountPence: 1_500 })]);

    clock = new Date(start - 47 * 3_600_000);
    const refused = await world.call(
      'dorset-person-isf',
      'POST',
      `/api/checkout/bookings/${late.body.id}/cancel`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('48 hours');
    expect((await world.checkout.stores.bookings.get(late.body.id))?.status).toBe('confirmed');
    clock = new Date();
  });
});
