import { z } from 'zod';
import type { BookingRules } from '../../../shared/domain/councils';
import type { Actor } from '../../../shared/domain/users';
import { minutesOf } from '../../../shared/time/london-time';
import type { Activity } from '../../catalogue/domain/activity';
import { type Session, sessionIdPattern } from '../../catalogue/domain/sessions';
import type { BudgetPeriod, PaymentRoute } from './people';

/**
 * Bookings: places on one or more sessions of one activity, for one person.
 *
 *   held ──paid (webhook) / ISF──> confirmed ──> cancelled (refunded)
 *    │                                  ├──────> each session: attended / did not attend
 *    │                                  └──────> a session cancelled (refunded), the rest kept
 *    ├──hold ran out / checkout expired──> expired     (places and budget released)
 *    └──cancelled before paying─────────> cancelled
 *
 * A hold keeps places (and budget) for `holdMinutes`. Nothing is confirmed by the person coming
 * back from the payment page: only Stripe's signed webhook, or the ISF budget, confirms.
 */
export const holdMinutes = 30;
export const bookingStatuses = ['held', 'confirmed', 'expired', 'cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export const bookingStatusNames: Record<BookingStatus, string> = {
  held: 'Waiting for payment',
  confirmed: 'Confirmed',
  expired: 'Not paid in time',
  cancelled: 'Cancelled',
};

export const attendanceMarks = ['attended', 'did-not-attend'] as const;
export type Attendance = (typeof attendanceMarks)[number];

/** One session of a booking: its price, and what happened to it. */
export interface BookingLine {
  sessionId: string;
  /** London date and times, for statements and registers without reading the session. */
  date: string;
  starts: string;
  ends: string;
  startsAt: string;
  pricePence: number;
  /** Set when the line was cancelled (by the provider, or the person): its refund is decided. */
  cancelled?: boolean;
  attendance?: Attendance;
}

export interface CardPayment {
  checkoutSessionId: string;
  paymentIntentId?: string;
  chargeId?: string;
  /** `prepaid` for most direct payment cards; never refused. */
  cardFunding?: string;
  cardBrand?: string;
  cardLast4?: string;
  disputed?: boolean;
}

export interface Refund {
  amountPence: number;
  reason: string;
  at: string;
  /** Stripe refund id, or the ISF credit's ledger entry id. */
  reference: string;
  sessionIds: string[];
}

/**
 * Money owed back to a card, decided (with the lines it is for cancelled) but not yet back at
 * Stripe. The booking is findable by the checkout's regular run while it has one, so a refund
 * decided is never forgotten; once Stripe has made it, it becomes a `Refund`.
 */
export interface RefundDue {
  /** Names the refund at Stripe: carried in its metadata (`dueId`), and its idempotency key is made from it. */
  id: string;
  amountPence: number;
  sessionIds: string[];
  reason: string;
  by: Actor;
  decidedAt: string;
  /** Tries Stripe refused or could not take; none before the first. */
  attempts?: number;
  /** Why the last try did not make it, in our words. */
  lastFailure?: string;
  /** When it is tried next (after a failure, later each time); until the first failure, when it was decided. */
  nextAttemptAt?: string;
}

/** A refund made (at Stripe, or credited to an ISF), to record; paying off the due it names. */
export interface MadeRefund {
  amountPence: number;
  sessionIds: string[];
  reason: string;
  reference: string;
  by: Actor;
  dueId?: string;
}

/** When an owed refund is next tried: as soon as it is decided, later after each failure. */
export const nextAttemptOf = (due: Pick<RefundDue, 'decidedAt' | 'nextAttemptAt'>) =>
  due.nextAttemptAt ?? due.decidedAt;

export const isRefundDueNow = (due: Pick<RefundDue, 'decidedAt' | 'nextAttemptAt'>, now: Date) =>
  nextAttemptOf(due) <= now.toISOString();

const firstRetryMs = 5 * 60_000;
const longestWaitMs = 24 * 60 * 60_000;

/**
 * How long an owed refund waits after its `attempts`-th failure: 5 minutes, doubling each time,
 * at most a day. A refund Stripe keeps refusing (a disputed payment) is then tried daily without
 * crowding out the others.
 */
export const refundRetryDelayMs = (attempts: number) =>
  Math.min(longestWaitMs, firstRetryMs * 2 ** Math.max(0, attempts - 1));

/** After this many failed tries the council's commissioners are told, once, that a person is still owed money. */
export const commissionersToldAfterAttempts = 3;

/** A refund of a payment, as Stripe lists it. */
export interface RefundAtStripe {
  id: string;
  amountPence: number;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
  /** Seconds since the epoch, as Stripe gives it. */
  created: number;
  /** The owed refund it was made for: ours. */
  dueId?: string | undefined;
  /** The booking it was made for: ours, though an earlier version of this service named no due. */
  bookingId?: string | undefined;
}

export const refundedAtStripeReason = 'Refunded at Stripe';

/** Money that is back, or on its way back: a refund that failed or was cancelled gave nothing. */
const givesMoneyBack = (refund: RefundAtStripe) =>
  refund.status === 'pending' || refund.status === 'succeeded';

/** What is back at Stripe from the payment, by its refunds. */
export const backAtStripePence = (refunds: RefundAtStripe[]) =>
  refunds.filter(givesMoneyBack).reduce((sum, refund) => sum + refund.amountPence, 0);

/** Earlier versions of this service recorded a refund seen on the charge under a reference of their own, not Stripe's refund id. */
const namesNoStripeRefund = (reference: string) =>
  !reference.startsWith('re_') && !reference.startsWith('ISF-');

/**
 * What a payment's refunds at Stripe mean for its booking, matched by what each refund says it
 * was for, never by amount: a refund carrying one of the booking's owed refunds (`dueId`) is that
 * refund, with its sessions and reason; any other, not yet recorded by its id, is a refund of its
 * own ("Refunded at Stripe", made from the dashboard), recorded under its id. Once the whole
 * payment is back, every line still running is cancelled.
 *
 * Records made before refunds carried their due: money recorded under other references covers
 * the oldest refunds not otherwise known, and a refund naming the booking but no due (made by
 * that version for an owed refund) pays off the oldest owed refund of its amount.
 */
export function refundsSeenAtStripe(
  booking: Pick<Booking, 'id' | 'totalPence' | 'lines' | 'refunds' | 'refundsDue'>,
  atStripe: RefundAtStripe[],
  by: Actor,
): { made: MadeRefund[]; cancel?: string[]; cancelledReason?: string } | undefined {
  const recorded = new Set(booking.refunds.map((refund) => refund.reference));
  const owed = booking.refundsDue ?? [];
  let coveredByOlderRecords = booking.refunds
    .filter((refund) => namesNoStripeRefund(refund.reference))
    .reduce((sum, refund) => sum + refund.amountPence, 0);
  const paidOff = new Set<string>();
  const made: MadeRefund[] = [];
  const live = atStripe
    .map((refund, index) => ({ refund, index }))
    .filter(({ refund }) => givesMoneyBack(refund))
    .sort((a, b) => a.refund.created - b.refund.created || a.index - b.index)
    .map(({ refund }) => refund);
  const payOff = (due: RefundDue, refund: RefundAtStripe) => {
    paidOff.add(due.id);
    made.push({
      amountPence: refund.amountPence,
      sessionIds: due.sessionIds,
      reason: due.reason,
      by: due.by,
      reference: refund.id,
      dueId: due.id,
    });
  };
  for (const refund of live) {
    if (recorded.has(refund.id)) continue;
    const due = owed.find((candidate) => candidate.id === refund.dueId && !paidOff.has(candidate.id));
    if (due) {
      payOff(due, refund);
      continue;
    }
    if (coveredByOlderRecords >= refund.amountPence) {
      coveredByOlderRecords -= refund.amountPence;
      continue;
    }
    const earlier =
      !refund.dueId && refund.bookingId === booking.id
        ? owed.find((candidate) => !paidOff.has(candidate.id) && candidate.amountPence === refund.amountPence)
        : undefined;
    if (earlier) {
      payOff(earlier, refund);
      continue;
    }
    made.push({
      amountPence: refund.amountPence,
      sessionIds: [],
      reason: refundedAtStripeReason,
      reference: refund.id,
      by,
    });
  }
  if (made.length === 0) return undefined;
  const whole = backAtStripePence(live) >= booking.totalPence;
  if (!whole) return { made };
  const running = booking.lines.filter((line) => !line.cancelled).map((line) => line.sessionId);
  // The refund that brought the whole payment back is the one that ended the lines still running.
  const last = made.findLast((refund) => !refund.dueId);
  if (last) last.sessionIds = running;
  return { made, cancel: running, cancelledReason: refundedAtStripeReason };
}

export interface Booking {
  id: string;
  councilId: string;
  personId: string;
  personName: string;
  personReference: string;
  bookedBy: Actor;
  activityId: string;
  activityTitle: string;
  providerId: string;
  providerName: string;
  route: PaymentRoute;
  /** The budget period a direct payment or ISF booking counts against. */
  period?: BudgetPeriod;
  places: number;
  lines: BookingLine[];
  totalPence: number;
  status: BookingStatus;
  holdExpiresAt: string;
  card?: CardPayment;
  refunds: Refund[];
  /** Refunds decided and owed, oldest first: "cancelled, refund on its way" until Stripe has made them. */
  refundsDue?: RefundDue[];
  /** Booked although it took the budget below zero (a council whose rule is to warn, not refuse). */
  overBudget?: boolean;
  cancelledReason?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const bookingIdPattern = /^[0-9a-z]{26}$/;

/** What a person or representative asks for; prices, status and ids come from the server. */
export const bookingRequestSchema = z.strictObject({
  personId: z
    .string({ error: 'Choose who the booking is for' })
    .regex(bookingIdPattern, 'Choose who the booking is for'),
  sessionIds: z
    .array(z.string().regex(sessionIdPattern, 'Choose sessions from the list'), {
      error: 'Choose at least one session',
    })
    .min(1, 'Choose at least one session')
    .max(12, 'Choose at most 12 sessions in one booking')
    .refine((ids) => new Set(ids).size === ids.length, 'Choose each session once'),
  places: z
    .number({ error: 'Enter the number of places as a whole number, like 1' })
    .int('Enter the number of places as a whole number, like 1')
    .min(1, 'Book at least 1 place')
    .max(10, 'Book at most 10 places at once'),
  route: z.enum(['direct-payment', 'individual-service-fund', 'self-funded'], {
    error: 'Choose how the booking is paid for',
  }),
});
export type BookingRequest = z.infer<typeof bookingRequestSchema>;

/** A booking rule broken; nothing was changed. `field` names the part of the request at fault. */
export class BookingRuleError extends Error {
  constructor(
    readonly kind: 'invalid' | 'full' | 'over-budget' | 'illegal-transition' | 'too-late',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'BookingRuleError';
  }
}

/** One place on one session: the activity's price, per session or for the session's length. */
export function pricePerPlace(
  activity: Pick<Activity, 'price'>,
  session: Pick<Session, 'starts' | 'ends'>,
): number {
  if (activity.price.per === 'session') return activity.price.amountPence;
  return Math.round(
    (activity.price.amountPence * (minutesOf(session.ends) - minutesOf(session.starts))) / 60,
  );
}

/**
 * Checks a request against the activity and its sessions and prices it. Sessions must belong to
 * the activity, be scheduled, not yet started, and have the places; the route must be one the
 * activity accepts.
 */
export function priceBooking(
  request: Pick<BookingRequest, 'sessionIds' | 'places' | 'route'>,
  activity: Pick<Activity, 'id' | 'price' | 'funding'>,
  sessions: Session[],
  now: Date,
): { lines: BookingLine[]; totalPence: number } {
  if (!activity.funding.includes(request.route))
    throw new BookingRuleError('invalid', 'This activity does not take this way of paying.', 'route');
  const byId = new Map(sessions.map((session) => [session.id, session]));
  const lines = request.sessionIds.map((id, index): BookingLine => {
    const session = byId.get(id);
    const field = `sessionIds.${index}`;
    if (!session || session.activityId !== activity.id)
      throw new BookingRuleError('invalid', 'Choose sessions of this activity.', field);
    if (session.status !== 'scheduled')
      throw new BookingRuleError('full', 'One of the sessions has been cancelled.', field);
    if (session.startsAt <= now.toISOString())
      throw new BookingRuleError('too-late', 'One of the sessions has already started.', field);
    if (session.places - session.booked < request.places)
      throw new BookingRuleError(
        'full',
        `Not enough places left on ${session.date} at ${session.starts}.`,
        field,
      );
    return {
      sessionId: id,
      date: session.date,
      starts: session.starts,
      ends: session.ends,
      startsAt: session.startsAt,
      pricePence: pricePerPlace(activity, session),
    };
  });
  lines.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const totalPence = lines.reduce((sum, line) => sum + line.pricePence * request.places, 0);
  return { lines, totalPence };
}

/** A hold counts as released once it has run out, whether or not anything has tidied it up yet. */
export function isLiveHold(booking: Pick<Booking, 'status' | 'holdExpiresAt'>, now: Date): boolean {
  return booking.status === 'held' && booking.holdExpiresAt > now.toISOString();
}

/** The status a reader should see: a held booking past its hold has expired, tidied or not. */
export function effectiveStatus(
  booking: Pick<Booking, 'status' | 'holdExpiresAt'>,
  now: Date,
): BookingStatus {
  return booking.status === 'held' && !isLiveHold(booking, now) ? 'expired' : booking.status;
}

export type { BookingRules as CheckoutSettings } from '../../../shared/domain/councils';

/** Why a person cannot cancel now, or undefined when they can. */
export function whyNotCancellableByPerson(
  booking: Pick<Booking, 'status' | 'lines' | 'holdExpiresAt'>,
  settings: BookingRules,
  now: Date,
): string | undefined {
  const status = effectiveStatus(booking, now);
  if (status !== 'held' && status !== 'confirmed') return 'This booking is not active.';
  if (status === 'held') return undefined;
  const live = booking.lines.filter((line) => !line.cancelled);
  const first = live[0]?.startsAt;
  if (!first) return 'Every session of this booking has been cancelled.';
  const deadline = Date.parse(first) - settings.cancellationNoticeHours * 3_600_000;
  if (now.getTime() > deadline)
    return `Bookings can only be cancelled up to ${settings.cancellationNoticeHours} hours before the first session.`;
  return undefined;
}

/** What has been paid and not yet refunded. */
export const refundablePence = (booking: Pick<Booking, 'totalPence' | 'refunds'>) =>
  booking.totalPence - refundedPence(booking);

/** What has gone back (to the card or the budget) and is recorded as such. */
export const refundedPence = (booking: Pick<Booking, 'refunds'>) =>
  booking.refunds.reduce((sum, refund) => sum + refund.amountPence, 0);

/** What is decided as owed back but not yet back at Stripe. */
export const duePence = (booking: Pick<Booking, 'refundsDue'>) =>
  (booking.refundsDue ?? []).reduce((sum, due) => sum + due.amountPence, 0);

/** What could still be given back: paid, less what is refunded or already owed. */
export const owedPence = (booking: Pick<Booking, 'totalPence' | 'refunds' | 'refundsDue'>) =>
  refundablePence(booking) - duePence(booking);

/** The amount for the booking's still-running lines on these sessions. */
export function linesAmount(booking: Pick<Booking, 'lines' | 'places'>, sessionIds: string[]): number {
  const wanted = new Set(sessionIds);
  return booking.lines
    .filter((line) => wanted.has(line.sessionId) && !line.cancelled)
    .reduce((sum, line) => sum + line.pricePence * booking.places, 0);
}
