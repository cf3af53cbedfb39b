import { describe, expect, it } from 'vitest';
import type { Session } from '../../../../functions/catalogue/domain/sessions';
import {
  type Booking,
  type BookingRuleError,
  bookingRequestSchema,
  effectiveStatus,
  isLiveHold,
  linesAmount,
  priceBooking,
  refundablePence,
  whyNotCancellableByPerson,
} from '../../../../functions/checkout/domain/bookings';
import {
  balanceOf,
  clockText,
  type LedgerEntry,
  remainingOf,
  sessionStartText,
  signedAmount,
} from '../../../../functions/checkout/domain/ledger';
import {
  budgetPeriodOn,
  paymentRoutesOf,
  personInputSchema,
} from '../../../../functions/checkout/domain/people';
import { spendCsv, spendTotals } from '../../../../functions/checkout/domain/spend';
import { defaultBookingRules } from '../../../../shared/domain/councils';

const activityId = '01jq6z8k9m2n3p4q5r6s7t8v9w';
const session = (hhmm: string, overrides: Partial<Session> = {}): Session => ({
  id: `${activityId}-20261201${hhmm.replace(':', '')}`,
  activityId,
  councilId: 'dorset',
  providerId: 'p',
  date: '2026-12-01',
  starts: hhmm,
  ends: '12:30',
  startsAt: `2026-12-01T${hhmm}:00.000Z`,
  endsAt: '2026-12-01T12:30:00.000Z',
  places: 10,
  booked: 0,
  status: 'scheduled',
  createdAt: '',
  updatedAt: '',
  version: 1,
  ...overrides,
});
const now = new Date('2026-11-24T09:00:00Z');

describe('pricing a booking', () => {
  const activity = {
    id: activityId,
    funding: ['direct-payment' as const],
    price: { amountPence: 1_000, per: 'hour' as const },
  };

  it('prices per hour by each session’s length, times the places, in pence', () => {
    const priced = priceBooking(
      { sessionIds: [session('10:00').id], places: 2, route: 'direct-payment' },
      activity,
      [session('10:00')],
      now,
    );
    expect(priced.lines[0]?.pricePence).toBe(2_500);
    expect(priced.totalPence).toBe(5_000);
  });

  it('refuses a way of paying the activity does not take, naming the field', () => {
    expect(() =>
      priceBooking(
        { sessionIds: [session('10:00').id], places: 1, route: 'self-funded' },
        activity,
        [session('10:00')],
        now,
      ),
    ).toThrow(expect.objectContaining({ kind: 'invalid', field: 'route' }));
  });

  it('refuses sessions that are full, cancelled, started or of another activity, naming which', () => {
    const cases: [Session, BookingRuleError['kind']][] = [
      [session('10:00', { booked: 9 }), 'full'],
      [session('10:00', { status: 'cancelled' }), 'full'],
      [session('10:00', { startsAt: '2026-11-24T08:00:00.000Z' }), 'too-late'],
      [session('10:00', { activityId: '01jq6z8k9m2n3p4q5r6s7t8v9x' }), 'invalid'],
    ];
    for (const [candidate, kind] of cases)
      expect(() =>
        priceBooking(
          { sessionIds: [candidate.id], places: 2, route: 'direct-payment' },
          activity,
          [candidate],
          now,
        ),
      ).toThrow(expect.objectContaining({ kind, field: 'sessionIds.0' }));
  });

  it('refuses extra fields, duplicate sessions and silly numbers of places', () => {
    const base = { personId: activityId, sessionIds: [session('10:00').id], places: 1, route: 'self-funded' };
    expect(bookingRequestSchema.safeParse({ ...base, totalPence: 1 }).success).toBe(false);
    expect(
      bookingRequestSchema.safeParse({ ...base, sessionIds: [base.sessionIds[0], base.sessionIds[0]] })
        .success,
    ).toBe(false);
    expect(bookingRequestSchema.safeParse({ ...base, places: 0 }).success).toBe(false);
    expect(bookingRequestSchema.safeParse({ ...base, places: 1.5 }).success).toBe(false);
    expect(bookingRequestSchema.safeParse(base).success).toBe(true);
  });
});

describe('holds and cancelling', () => {
  const booking = (overrides: Partial<Booking> = {}) =>
    ({
      status: 'confirmed',
      holdExpiresAt: '2026-11-24T09:30:00.000Z',
      lines: [{ sessionId: 'a', startsAt: '2026-11-26T10:00:00.000Z', pricePence: 500 }],
      places: 2,
      totalPence: 1_000,
      refunds: [],
      ...overrides,
    }) as Booking;

  it('reads a held booking as expired once its hold has run out, tidied or not', () => {
    const held = booking({ status: 'held' });
    expect(isLiveHold(held, now)).toBe(true);
    expect(effectiveStatus(held, new Date('2026-11-24T09:30:00.001Z'))).toBe('expired');
  });

  it('lets a person cancel up to the council’s notice before the first session, and not after', () => {
    expect(whyNotCancellableByPerson(booking(), defaultBookingRules, now)).toBeUndefined();
    expect(
      whyNotCancellableByPerson(booking(), defaultBookingRules, new Date('2026-11-25T10:00:01Z')),
    ).toContain('24 hours');
    expect(
      whyNotCancellableByPerson(booking(), { overspend: 'refuse', cancellationNoticeHours: 72 }, now),
    ).toContain('72 hours');
    expect(
      whyNotCancellableByPerson(booking({ status: 'cancelled' }), defaultBookingRules, now),
    ).toBeDefined();
  });

  it('refunds only what was paid and not yet given back', () => {
    const partly = booking({
      refunds: [{ amountPence: 400, reason: '', at: '', reference: 'r', sessionIds: [] }],
    });
    expect(refundablePence(partly)).toBe(600);
    expect(linesAmount(partly, ['a'])).toBe(1_000);
    expect(linesAmount(partly, ['b'])).toBe(0);
  });
});

describe('people and budgets', () => {
  it('finds the budget period a date falls in, in whole periods from the start', () => {
    const budget = { amountPence: 48_000, periodWeeks: 4, startsOn: '2026-01-05' };
    expect(budgetPeriodOn(budget, '2026-01-04')).toBeUndefined();
    expect(budgetPeriodOn(budget, '2026-01-05')).toEqual({ start: '2026-01-05', end: '2026-02-02' });
    expect(budgetPeriodOn(budget, '2026-02-01')).toEqual({ start: '2026-01-05', end: '2026-02-02' });
    expect(budgetPeriodOn(budget, '2026-11-24')).toEqual({ start: '2026-11-09', end: '2026-12-07' });
  });

  it('needs at least one way to pay, and contact details for the way they want to be contacted', () => {
    const person = {
      reference: 'dc-1234',
      name: 'A Person',
      contactPreference: 'email',
      homeDistrict: 'dt1',
    };
    const missing = personInputSchema.safeParse(person);
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'directPayment',
      'email',
    ]);
    const ok = personInputSchema.parse({ ...person, email: 'a@example.org', selfFunded: true });
    expect(ok).toMatchObject({ reference: 'DC-1234', homeDistrict: 'DT1' });
    expect(paymentRoutesOf(ok)).toEqual(['self-funded']);
  });

  describe('what is left of a budget period', () => {
    const entries = [
      { amountPence: signedAmount('allocation', 48_000) },
      { amountPence: signedAmount('spend', 8_400) },
      { amountPence: signedAmount('refund', 4_200) },
      { amountPence: signedAmount('adjustment', -1_000) },
    ];
    const hold = (bookingId: string, amountPence: number, expiresAt: string) => ({
      bookingId,
      amountPence,
      expiresAt,
    });

    it('is the ledger alone, less money held by unpaid bookings', () => {
      expect(balanceOf(entries)).toBe(42_800);
      const state = { version: 3, entries, holds: [hold('a', 2_000, '2026-11-24T09:30:00.000Z')] };
      expect(remainingOf(state, 48_000, now)).toBe(40_800);
    });

    it('is the allocation before anything has happened in the period, whatever the ledger holds', () => {
      expect(remainingOf({ version: 0, entries: [], holds: [] }, 48_000, now)).toBe(48_000);
      // Version 0 means no allocation is written yet: the allocation counts, not the (empty) balance.
      expect(remainingOf({ version: 0, entries, holds: [] }, 30_000, now)).toBe(30_000);
      expect(remainingOf({ version: 1, entries: [], holds: [] }, 48_000, now)).toBe(0);
    });

    it('counts a hold only until it runs out', () => {
      const state = {
        version: 2,
        entries,
        holds: [hold('a', 2_000, '2026-11-24T09:00:00.001Z'), hold('b', 3_000, '2026-11-24T09:00:00.000Z')],
      };
      // `b` runs out at this very moment: it no longer counts.
      expect(remainingOf(state, 48_000, now)).toBe(40_800);
      expect(remainingOf(state, 48_000, new Date('2026-11-24T09:00:00.001Z'))).toBe(42_800);
      expect(remainingOf(state, 48_000, new Date('2026-11-24T08:00:00Z'))).toBe(37_800);
    });

    it('leaves out the hold of the booking being decided, and only that one', () => {
      const state = {
        version: 2,
        entries,
        holds: [hold('a', 2_000, '2026-11-24T10:00:00.000Z'), hold('b', 3_000, '2026-11-24T10:00:00.000Z')],
      };
      expect(remainingOf(state, 48_000, now, 'a')).toBe(39_800);
      expect(remainingOf(state, 48_000, now, 'b')).toBe(40_800);
      expect(remainingOf(state, 48_000, now, 'nobody')).toBe(37_800);
      expect(remainingOf({ ...state, version: 0 }, 48_000, now, 'a')).toBe(45_000);
    });
  });
});

describe('sessions as people read them', () => {
  it('writes times as the GOV.UK style guide does', () => {
    expect(['09:30', '10:00', '12:00', '00:00', '12:30', '17:05'].map(clockText)).toEqual([
      '9:30am',
      '10am',
      'midday',
      'midnight',
      '12:30pm',
      '5:05pm',
    ]);
  });

  it('reads a session’s London date and start from its id, and leaves anything else as it is', () => {
    expect(sessionStartText(`${activityId}-202612080930`)).toBe('8 December 2026 9:30am');
    // British Summer Time: the id holds the wall time, so no zone can move it.
    expect(sessionStartText(`${activityId}-202607011400`)).toBe('1 July 2026 2pm');
    expect(sessionStartText('s')).toBe('s');
    expect(sessionStartText(`${activityId}-202613450930`)).toBe(`${activityId}-202613450930`);
  });
});

describe('spend', () => {
  const entry = (
    at: string,
    kind: LedgerEntry['kind'],
    amountPence: number,
    providerName = 'Colliton Day Services',
  ): LedgerEntry => ({
    id: at,
    councilId: 'dorset',
    personId: 'p',
    personReference: 'DC-104233',
    route: 'direct-payment',
    period: { start: '2026-11-16', end: '2026-12-14' },
    kind,
    amountPence,
    at,
    booking: {
      id: 'b',
      activityTitle: '=HYPERLINK("x")',
      sessionIds: [`${activityId}-202612080930`, `${activityId}-202612151400`],
      providerId: providerName,
      providerName,
    },
    paymentReference: 'pi_1',
    recordedBy: { id: 'system', name: 'System', role: 'admin' },
  });

  it('totals spend less refunds per provider and per London month', () => {
    const totals = spendTotals([
      entry('2026-10-31T23:30:00.000Z', 'spend', -8_400),
      entry('2026-11-03T10:00:00.000Z', 'spend', -4_200),
      entry('2026-11-04T10:00:00.000Z', 'refund', 4_200),
      entry('2026-11-05T10:00:00.000Z', 'spend', -1_500, 'Wessex Walking Group'),
      { ...entry('2026-11-01T00:00:00.000Z', 'allocation', 48_000), booking: undefined },
    ]);
    expect(totals.months).toEqual(['2026-10', '2026-11']);
    expect(totals.byMonth).toEqual({ '2026-10': 8_400, '2026-11': 1_500 });
    expect(totals.providers.map((provider) => [provider.providerName, provider.totalPence])).toEqual([
      ['Colliton Day Services', 8_400],
      ['Wessex Walking Group', 1_500],
    ]);
    expect(totals.totalPence).toBe(9_900);
  });

  it('exports one row per payment or refund, with formulas defused and amounts as plain numbers', () => {
    const csv = spendCsv([
      entry('2026-11-03T10:00:00.000Z', 'spend', -4_200),
      entry('2026-11-04T10:00:00.000Z', 'refund', 4_200),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Date,Person reference,Provider,Activity,Sessions,Amount (GBP),Funding route,Entry,Payment reference,Session ids',
    );
    expect(lines[1]).toBe(
      `2026-11-03T10:00:00.000Z,DC-104233,Colliton Day Services,"'=HYPERLINK(""x"")",8 December 2026 9:30am; 15 December 2026 2pm,42.00,Direct payment,spend,pi_1,${activityId}-202612080930 ${activityId}-202612151400`,
    );
    expect(lines[2]).toContain(',-42.00,');
  });
});
