import { describe, expect, it } from 'vitest';
import {
  type Booking,
  isRefundDueNow,
  type RefundAtStripe,
  type RefundDue,
  refundRetryDelayMs,
  refundsSeenAtStripe,
} from '../../../../functions/checkout/domain/bookings';
import { systemActor } from '../../../../functions/checkout/domain/ledger';

const person = { id: 'helen', name: 'Helen Ellery', role: 'representative' as const };
const line = (sessionId: string, cancelled?: boolean) => ({
  sessionId,
  date: '2026-12-08',
  starts: '09:30',
  ends: '11:30',
  startsAt: '2026-12-08T09:30:00.000Z',
  pricePence: 1_500,
  ...(cancelled ? { cancelled } : {}),
});
const due = (id: string, sessionId: string, overrides: Partial<RefundDue> = {}): RefundDue => ({
  id,
  amountPence: 1_500,
  sessionIds: [sessionId],
  reason: 'The provider cancelled the session: Flood',
  by: systemActor,
  decidedAt: '2026-12-05T09:00:00.000Z',
  ...overrides,
});
/** £45 for three sessions; the first cancelled by the provider and £15 owed for it. */
const booking = (overrides: Partial<Booking> = {}) => ({
  id: 'booking-1',
  totalPence: 4_500,
  lines: [line('a', true), line('b'), line('c')],
  refunds: [] as Booking['refunds'],
  refundsDue: [due('due-a', 'a')],
  ...overrides,
});
let created = 1_000;
const atStripe = (id: string, amountPence: number, extra: Partial<RefundAtStripe> = {}): RefundAtStripe => ({
  id,
  amountPence,
  status: 'succeeded',
  created: created++,
  ...extra,
});

describe('refunds seen at Stripe', () => {
  it('records a refund carrying an owed refund as that refund, with its sessions and reason', () => {
    expect(
      refundsSeenAtStripe(
        booking(),
        [atStripe('re_ours', 1_500, { dueId: 'due-a', bookingId: 'booking-1' })],
        person,
      ),
    ).toEqual({
      made: [
        {
          amountPence: 1_500,
          sessionIds: ['a'],
          reason: 'The provider cancelled the session: Flood',
          by: systemActor,
          reference: 're_ours',
          dueId: 'due-a',
        },
      ],
    });
  });

  it('never takes a refund from the dashboard as the one owed, even of the same amount', () => {
    const seen = refundsSeenAtStripe(booking(), [atStripe('re_dashboard', 1_500)], person);
    expect(seen?.made).toEqual([
      {
        amountPence: 1_500,
        sessionIds: [],
        reason: 'Refunded at Stripe',
        reference: 're_dashboard',
        by: person,
      },
    ]);
  });

  it('finds nothing new in refunds already recorded by their id, or that failed at the bank', () => {
    const recorded = booking({
      refunds: [{ amountPence: 1_500, reason: 'x', at: '', reference: 're_ours', sessionIds: ['a'] }],
      refundsDue: [],
    });
    expect(
      refundsSeenAtStripe(
        recorded,
        [atStripe('re_ours', 1_500, { dueId: 'due-a' }), atStripe('re_failed', 500, { status: 'failed' })],
        person,
      ),
    ).toBeUndefined();
  });

  it('keeps records an earlier version made: money recorded under its own references covers the oldest refunds', () => {
    const earlier = booking({
      refunds: [
        { amountPence: 1_500, reason: 'x', at: '', reference: 'ch_1-refunded-1500', sessionIds: ['a'] },
      ],
      refundsDue: [],
    });
    expect(
      refundsSeenAtStripe(earlier, [atStripe('re_old', 1_500, { bookingId: 'booking-1' })], person),
    ).toBeUndefined();
    // A late payment that version recorded as refunded before its money moved.
    const late = booking({
      refunds: [
        { amountPence: 4_500, reason: 'late', at: '', reference: 'late-payment-booking-1', sessionIds: [] },
      ],
      refundsDue: [],
    });
    expect(
      refundsSeenAtStripe(late, [atStripe('re_late', 4_500, { dueId: 'late-payment-booking-1' })], person),
    ).toBeUndefined();
    // Money back beyond those records is new.
    expect(
      refundsSeenAtStripe(earlier, [atStripe('re_old', 1_500), atStripe('re_new', 200)], person)?.made,
    ).toEqual([
      expect.objectContaining({ reference: 're_new', amountPence: 200, reason: 'Refunded at Stripe' }),
    ]);
  });

  it('pays off an owed refund with a refund that version made for it, naming the booking but no due', () => {
    const seen = refundsSeenAtStripe(
      booking(),
      [atStripe('re_before', 1_500, { bookingId: 'booking-1' })],
      person,
    );
    expect(seen?.made).toEqual([
      expect.objectContaining({ reference: 're_before', dueId: 'due-a', sessionIds: ['a'] }),
    ]);
  });

  it('ends the sessions still running once the whole payment is back, naming them on the refund that did it', () => {
    const seen = refundsSeenAtStripe(
      booking(),
      [atStripe('re_ours', 1_500, { dueId: 'due-a' }), atStripe('re_rest', 3_000)],
      person,
    );
    expect(seen).toEqual({
      made: [
        expect.objectContaining({ reference: 're_ours', sessionIds: ['a'] }),
        expect.objectContaining({
          reference: 're_rest',
          sessionIds: ['b', 'c'],
          reason: 'Refunded at Stripe',
        }),
      ],
      cancel: ['b', 'c'],
      cancelledReason: 'Refunded at Stripe',
    });
  });
});

describe('an owed refund that Stripe did not make', () => {
  it('is tried again 5 minutes on, then twice as long each time, at most a day', () => {
    expect([1, 2, 3, 4, 9, 10, 30].map((attempts) => refundRetryDelayMs(attempts) / 60_000)).toEqual([
      5, 10, 20, 40, 1_280, 1_440, 1_440,
    ]);
  });

  it('is due as soon as it is decided, and after a failure only once its next try comes', () => {
    const decided = due('d', 'a');
    expect(isRefundDueNow(decided, new Date('2026-12-05T09:00:00Z'))).toBe(true);
    const failed = { ...decided, attempts: 1, nextAttemptAt: '2026-12-05T09:05:00.000Z' };
    expect(isRefundDueNow(failed, new Date('2026-12-05T09:04:59Z'))).toBe(false);
    expect(isRefundDueNow(failed, new Date('2026-12-05T09:05:00Z'))).toBe(true);
  });
});
