import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedInUser } from '../../../shared/domain/users';
import { type CheckoutWorld, checkoutWorld, people, shuffled } from '../../support/checkout-world';

/**
 * Many people reaching for the last places at once, against DynamoDB Local: the session's
 * condition on places left is the only thing that decides, and it never lets them overbook.
 */
let world: CheckoutWorld;

beforeAll(async () => {
  world = await checkoutWorld();
}, 120_000);
afterAll(() => world?.close());

/** Twenty self-funders asking ten times each: who asks, in what order and how late, is the seed's. */
const askers = 20;
const asksEach = 10;
const seeds = [1, 7, 42];

/** The run a seed makes: a seeded shuffle of who goes first, and a seeded start delay (0 to 15 ms) for each. */
function planFor(seed: number) {
  const who = shuffled(
    Array.from({ length: askers * asksEach }, (_, index) => index % askers),
    seed,
  );
  const delays = shuffled(
    Array.from({ length: who.length }, (_, index) => index % 16),
    seed * 31 + 1,
  );
  return who.map((asker, index) => ({ asker, delayMs: delays[index] as number }));
}

describe('200 holds at once on a session with 10 places', () => {
  let everyone: { user: SignedInUser; personId: string }[] = [];

  beforeAll(async () => {
    everyone = await Promise.all(
      Array.from({ length: askers }, async (_, index) => {
        const user: SignedInUser = {
          id: `contention-${index}`,
          name: `Asker ${index}`,
          role: 'person',
          councilId: 'dorset',
        };
        const person = await world.addPerson({ name: user.name, userId: user.id, selfFunded: true });
        return { user, personId: person.id };
      }),
    );
  });

  it('runs differently for each seed', () => {
    const plans = seeds.map((seed) => JSON.stringify(planFor(seed)));
    expect(new Set(plans).size).toBe(seeds.length);
    for (const seed of seeds) expect(planFor(seed)).toEqual(planFor(seed));
  });

  for (const seed of seeds) {
    it(`lets exactly 10 through and refuses the rest with 409 (seed ${seed})`, {
      timeout: 120_000,
    }, async () => {
      const activity = await world.publishActivity({ title: `Busy walk ${seed}` });
      const sessionId = activity.sessionIds[0] as string;

      // Places left, read over and over while the holds race: never below zero at any moment seen.
      const seen: number[] = [];
      let racing = true;
      const watching = (async () => {
        while (racing) {
          const session = await world.checkout.stores.sessions.get(sessionId);
          seen.push((session?.places ?? 0) - (session?.booked ?? 0));
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const results = await Promise.all(
        planFor(seed).map(async ({ asker, delayMs }) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          const { user, personId } = everyone[asker] as (typeof everyone)[number];
          const result = await world.call(user, 'POST', '/api/checkout/bookings', {
            personId,
            sessionIds: [sessionId],
            places: 1,
            route: 'self-funded',
          });
          return { ...result, personId };
        }),
      );
      racing = false;
      await watching;

      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(10);
      expect(statuses.filter((status) => status === 409)).toHaveLength(190);
      for (const refused of results.filter((result) => result.status === 409))
        expect(refused.body.type).toBe('urn:ofm:problem:conflict');
      expect(seen.length).toBeGreaterThan(0);
      expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);

      const session = await world.checkout.stores.sessions.get(sessionId);
      expect(session?.booked).toBe(10);
      expect((session?.places ?? 0) - (session?.booked ?? 0)).toBe(0);
      const booked = await world.checkout.stores.bookings.listForSession(sessionId);
      expect(booked).toHaveLength(10);
      expect(booked.every((booking) => booking.status === 'held' && booking.places === 1)).toBe(true);
      // The bookings are the winners' own: each 201 is one of them, for the person who asked.
      expect(booked.map((booking) => booking.personId).sort()).toEqual(
        results
          .filter((result) => result.status === 201)
          .map((result) => result.personId)
          .sort(),
      );
    });
  }

  it('never lets two places go where one is left, with people asking for several at once', {
    timeout: 120_000,
  }, async () => {
    const activity = await world.publishActivity({ title: 'Nearly full walk', placesPerSession: 7 });
    const sessionId = activity.sessionIds[0] as string;
    const results = await Promise.all(
      [3, 3, 2, 2, 1, 1, 1, 2, 3, 1].map((places) =>
        world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
          personId: people.derek,
          sessionIds: [sessionId],
          places,
          route: 'self-funded',
        }),
      ),
    );
    const taken = results
      .filter((result) => result.status === 201)
      .reduce((sum, result) => sum + (result.body.places as number), 0);
    const session = await world.checkout.stores.sessions.get(sessionId);
    expect(taken).toBeLessThanOrEqual(7);
    expect(session?.booked).toBe(taken);
  });
});

describe('a budget under concurrent bookings', () => {
  it('never goes below zero: ISF bookings racing for the last of the fund', {
    timeout: 120_000,
  }, async () => {
    // Grace's ISF is £600 for the period; each booking of 4 places costs £60, so at most 10 fit.
    const activity = await world.publishActivity({ title: 'ISF walk', placesPerSession: 100 });
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        world.call('dorset-person-isf', 'POST', '/api/checkout/bookings', {
          personId: people.grace,
          sessionIds: [activity.sessionIds[index % 3] as string],
          places: 4,
          route: 'individual-service-fund',
        }),
      ),
    );
    const confirmed = results.filter((result) => result.status === 201);
    const refused = results.filter((result) => result.status !== 201);
    expect(confirmed.every((result) => result.body.status === 'confirmed')).toBe(true);
    expect(refused.every((result) => result.status === 422 || result.status === 409)).toBe(true);

    const person = await world.checkout.stores.people.get('dorset', people.grace);
    const money = await world.checkout.bookings.budgetNow(
      person as NonNullable<typeof person>,
      'individual-service-fund',
      new Date(),
    );
    expect(money?.remaining).toBeGreaterThanOrEqual(0);
    expect(money?.remaining).toBe(60_000 - confirmed.length * 6_000);
    const ledger = await world.checkout.stores.budgets.ledgerOf('dorset', people.grace);
    expect(ledger.filter((entry) => entry.kind === 'allocation')).toHaveLength(1);
    expect(ledger.filter((entry) => entry.kind === 'spend')).toHaveLength(confirmed.length);
    expect(confirmed.length).toBe(10);
  });

  it('counts card holds against the budget while they last, so direct payment holds cannot overspend either', {
    timeout: 120_000,
  }, async () => {
    // Tom's direct payment is £480; each hold of 8 places costs £120, so 4 fit.
    const activity = await world.publishActivity({ title: 'DP walk', placesPerSession: 100 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        world.call('dorset-representative', 'POST', '/api/checkout/bookings', {
          personId: people.tom,
          sessionIds: [activity.sessionIds[1] as string],
          places: 8,
          route: 'direct-payment',
        }),
      ),
    );
    expect(results.filter((result) => result.status === 201)).toHaveLength(4);
    const refusal = results.find((result) => result.status === 422);
    expect(refusal?.body.errors).toEqual([expect.objectContaining({ field: 'route' })]);
  });
});
