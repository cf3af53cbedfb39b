import { ulid } from 'ulid';
import type { Notification } from '../../../shared/domain/notifications';
import type { Actor, SignedInUser } from '../../../shared/domain/users';
import type { Logger } from '../../../shared/log/logger';
import { formatPounds } from '../../../shared/money/pounds';
import type { Table } from '../../../shared/table/client';
import type { OutboxRepository } from '../../../shared/table/outbox';
import type { UserRepository } from '../../../shared/table/users';
import { formatUkDateTime, ukToday } from '../../../shared/time/uk-dates';
import type { Session } from '../../catalogue/domain/sessions';
import type { ActivityRepository } from '../../catalogue/repositories/activities';
import type { ListingRepository } from '../../catalogue/repositories/listings';
import { type SessionRepository, sessionPlacesWrite } from '../../catalogue/repositories/sessions';
import {
  type Booking,
  type BookingLine,
  type BookingRequest,
  BookingRuleError,
  backAtStripePence,
  bookingIdPattern,
  type CheckoutSettings,
  commissionersToldAfterAttempts,
  holdMinutes,
  isLiveHold,
  isRefundDueNow,
  linesAmount,
  type MadeRefund,
  owedPence,
  priceBooking,
  type RefundDue,
  refundedAtStripeReason,
  refundRetryDelayMs,
  refundsSeenAtStripe,
  whyNotCancellableByPerson,
} from '../domain/bookings';
import {
  type LedgerEntry,
  remainingOf as remainingInPeriod,
  signedAmount,
  systemActor,
} from '../domain/ledger';
import {
  type BudgetPeriod,
  type BudgetRoute,
  budgetOf,
  budgetPeriodOn,
  type Person,
  paymentRoutesOf,
} from '../domain/people';
import type { BookingRepository } from '../repositories/bookings';
import type { BudgetRepository, BudgetState } from '../repositories/budgets';
import type { PersonRepository } from '../repositories/people';
import type { StripeRecords } from '../repositories/stripe-records';
import { type PaymentGateway, PaymentUnavailableError } from './payment-gateway';
import { TransactionConflictError, type TransactWriteItem, writeTogether } from './transactions';

export interface BookingServiceDependencies {
  table: Table;
  people: PersonRepository;
  budgets: BudgetRepository;
  bookings: BookingRepository;
  stripeRecords: StripeRecords;
  activities: Pick<ActivityRepository, 'get'>;
  listings: Pick<ListingRepository, 'get' | 'setHasPlaces'>;
  sessions: Pick<SessionRepository, 'get' | 'getMany' | 'listForActivity'>;
  payments: PaymentGateway;
  settingsFor: (councilId: string) => Promise<CheckoutSettings>;
  /** The council's commissioning mailbox, told about disputed payments. */
  commissionersOf: (councilId: string) => Promise<{ name: string; email: string } | undefined>;
  outbox: Pick<OutboxRepository, 'insertWrite'>;
  users: Pick<UserRepository, 'get'>;
  now: () => Date;
  logger: Logger;
}

/** The person is not someone this user may see or act for: to them, it does not exist. */
export class PersonNotFoundError extends Error {
  override name = 'PersonNotFoundError';
}
export class BookingNotFoundError extends Error {
  override name = 'BookingNotFoundError';
}

/** A booking on a cancelled session is being paid for right now; its refund waits for the next run. */
export class BookingBeingPaidError extends Error {
  override name = 'BookingBeingPaidError';
  constructor(bookingId: string) {
    super(`Booking ${bookingId} is being paid for; its refund waits for the confirmation`);
  }
}

export type { MadeRefund } from '../domain/bookings';

/** How often a write racing other writes for the same budget or booking is tried afresh. */
const attempts = 8;
const isBudgetRoute = (route: Booking['route']): route is BudgetRoute => route !== 'self-funded';
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));

/**
 * Booking places and keeping the ledger. Every change that must hold together (places, booking,
 * budget, ledger, Stripe event) is one DynamoDB transaction; a transaction beaten by another is
 * worked out again from fresh reads, never patched up.
 */
export function createBookingService(deps: BookingServiceDependencies) {
  const { people, budgets, bookings, payments, now } = deps;

  /** Who may book for or see a person: the person, a representative linked to them, and their council's staff (read only). */
  const personFor = async (
    user: SignedInUser,
    personId: string,
    purpose: 'book' | 'see',
  ): Promise<Person> => {
    if (!bookingIdPattern.test(personId)) throw new PersonNotFoundError();
    const person = await people.get(user.councilId, personId);
    if (!person) throw new PersonNotFoundError();
    if (user.role === 'person' && person.userId === user.id) return person;
    if (
      user.role === 'representative' &&
      (await people.representativeLink(user.councilId, personId, user.id))
    )
      return person;
    if (purpose === 'see' && (user.role === 'commissioner' || user.role === 'admin')) return person;
    throw new PersonNotFoundError();
  };

  /** The people a user can book for: themselves, or those they represent. */
  const peopleFor = async (user: SignedInUser): Promise<Person[]> => {
    if (user.role === 'person') {
      const person = await people.findByUser(user.councilId, user.id);
      return person ? [person] : [];
    }
    if (user.role === 'representative') {
      const ids = await people.peopleRepresentedBy(user.councilId, user.id);
      const found = await Promise.all(ids.map((id) => people.get(user.councilId, id)));
      return found
        .filter((person): person is Person => Boolean(person))
        .sort((a, b) => a.name.localeCompare(b.name));
    }
    return [];
  };

  /** The budget state for a person's route on a date, with what is left to spend. */
  const budgetNow = async (person: Person, route: BudgetRoute, at: Date) => {
    const budget = budgetOf(person, route);
    const period = budget ? budgetPeriodOn(budget, ukToday(at)) : undefined;
    if (!budget || !period) return undefined;
    const state = await budgets.state(person.councilId, person.id, route, period);
    return { budget, period, state, remaining: remainingOf(state, budget.amountPence, at) };
  };

  const remainingOf = (state: BudgetState, allocationPence: number, at: Date, ignoreHold?: string) =>
    remainingInPeriod(state, allocationPence, at, ignoreHold);

  /** The first write of a period also writes its allocation, so the ledger shows where the money came from. */
  const budgetWrites = (
    state: BudgetState,
    person: Person,
    allocationPence: number,
    at: Date,
  ): TransactWriteItem[] => [
    budgets.guardWrite(state, at),
    ...(state.version === 0
      ? [
          budgets.entryWrite(
            ledgerEntry(person, state.route, state.period, 'allocation', allocationPence, at, {
              note: 'Budget for the period',
            }),
          ),
        ]
      : []),
  ];

  const ledgerEntry = (
    person: Pick<Person, 'id' | 'councilId' | 'reference' | 'individualServiceFund'>,
    route: BudgetRoute,
    period: BudgetPeriod,
    kind: LedgerEntry['kind'],
    pence: number,
    at: Date,
    extra: Partial<Pick<LedgerEntry, 'booking' | 'paymentReference' | 'note' | 'recordedBy'>> = {},
  ): LedgerEntry => ({
    id: ulid().toLowerCase(),
    councilId: person.councilId,
    personId: person.id,
    personReference: person.reference,
    route,
    period,
    kind,
    amountPence: signedAmount(kind, pence),
    at: at.toISOString(),
    ...(route === 'individual-service-fund' && person.individualServiceFund
      ? { isfHolderProviderId: person.individualServiceFund.holderProviderId }
      : {}),
    recordedBy: systemActor,
    ...extra,
  });

  /** What a ledger entry was for: the booking, and the sessions its money paid for (every one, unless said). */
  const bookingOf = (booking: Booking, sessionIds = booking.lines.map((line) => line.sessionId)) => ({
    id: booking.id,
    activityTitle: booking.activityTitle,
    sessionIds,
    providerId: booking.providerId,
    providerName: booking.providerName,
  });

  /**
   * The writes that take a paid booking's money from its budget period: the period's guard (and
   * allocation, the first time), the money held for it let go, and the spend.
   */
  const spendWrites = (
    booking: Booking,
    person: Person,
    money: { route: BudgetRoute; period: BudgetPeriod; state: BudgetState; allocationPence: number },
    paymentReference: string | undefined,
    at: Date,
  ): TransactWriteItem[] => [
    ...budgetWrites(money.state, person, money.allocationPence, at),
    ...(money.state.holds.some((hold) => hold.bookingId === booking.id)
      ? [budgets.releaseHoldWrite(money.state, booking.id)]
      : []),
    budgets.entryWrite(
      ledgerEntry(person, money.route, money.period, 'spend', booking.totalPence, at, {
        booking: bookingOf(booking),
        ...(paymentReference ? { paymentReference } : {}),
      }),
    ),
  ];

  /** Places back on the sessions still to come of these lines. */
  const givePlacesBack = (booking: Booking, lines: BookingLine[], sessions: Session[], at: Date) =>
    lines
      .filter((line) => !line.cancelled)
      .flatMap((line) => {
        const session = sessions.find((candidate) => candidate.id === line.sessionId);
        return session && session.booked >= booking.places
          ? [sessionPlacesWrite(deps.table.name, session, -booking.places, at)]
          : [];
      });

  const changed = (booking: Booking, change: Partial<Booking>, at: Date): Booking => ({
    ...booking,
    ...change,
    updatedAt: at.toISOString(),
    version: booking.version + 1,
  });

  /**
   * Keeps search's "places available" true to bookings between catalogue refreshes: after a
   * session fills up or places come back, whether any session ahead has a place. Best effort:
   * the booking stands either way, and the next refresh works it out afresh.
   */
  async function syncListingPlaces(activityId: string): Promise<void> {
    try {
      const at = now();
      const ahead = (await deps.sessions.listForActivity(activityId, ukToday(at), 40)).filter(
        (session) => session.status === 'scheduled' && session.startsAt > at.toISOString(),
      );
      await deps.listings.setHasPlaces(
        activityId,
        ahead.some((session) => session.places > session.booked),
      );
    } catch (error) {
      deps.logger.warn('listing places not updated', { activityId, error: String(error) });
    }
  }

  /**
   * Writes what `plan` makes of a booking, all together; when another change got there first,
   * plans again from a fresh read (a few times), so nothing is ever patched onto a stale copy.
   */
  async function changeBooking<T>(
    first: Booking,
    plan: (booking: Booking, attempt: number) => Promise<{ writes?: TransactWriteItem[]; result: T }>,
  ): Promise<T> {
    let booking = first;
    for (let attempt = 1; ; attempt++) {
      const planned = await plan(booking, attempt);
      if (!planned.writes) return planned.result;
      try {
        await writeTogether(deps.table, planned.writes);
        return planned.result;
      } catch (error) {
        if (!(error instanceof TransactionConflictError) || attempt >= attempts) throw error;
        const fresh = await bookings.get(booking.id);
        if (!fresh) throw error;
        booking = fresh;
      }
    }
  }

  /**
   * Holds places for a person (and the money, from a budget). ISF bookings are confirmed at once
   * against the fund; card bookings wait for Stripe. All of it is one transaction whose session
   * conditions make overbooking impossible.
   */
  async function hold(user: SignedInUser, request: BookingRequest): Promise<Booking> {
    if (user.role !== 'person' && user.role !== 'representative')
      throw new BookingRuleError('invalid', 'Only a person or their representative can book.');
    const person = await personFor(user, request.personId, 'book');
    if (!paymentRoutesOf(person).includes(request.route))
      throw new BookingRuleError('invalid', `${person.name} cannot pay this way.`, 'route');
    const activityId = request.sessionIds[0]?.slice(0, 26) ?? '';
    const [activity, listing] = await Promise.all([
      deps.activities.get(activityId),
      deps.listings.get(activityId),
    ]);
    if (!activity || !listing || activity.councilId !== person.councilId)
      throw new BookingRuleError('invalid', 'This activity cannot be booked.', 'sessionIds');
    if (request.route !== 'individual-service-fund') {
      const payouts = await deps.stripeRecords.payouts(activity.councilId, activity.providerId);
      if (!payouts?.chargesEnabled)
        throw new BookingRuleError(
          'invalid',
          `${activity.providerName} cannot take card payments yet.`,
          'route',
        );
    }
    const settings = await deps.settingsFor(person.councilId);
    const bookedBy: Actor = { id: user.id, name: user.name, role: user.role };
    // A hold that has run out is as good as released, even before the regular run tidies it:
    // when the places look taken, let such holds on these sessions go (once) and look again.
    let freeingTried = false;
    const freedExpiredHolds = async (error: unknown): Promise<boolean> => {
      if (!(error instanceof BookingRuleError) || error.kind !== 'full' || freeingTried) return false;
      freeingTried = true;
      let freed = 0;
      for (const sessionId of request.sessionIds)
        for (const booking of await bookings.listForSession(sessionId))
          if (booking.status === 'held' && !isLiveHold(booking, now())) {
            if ((await releaseHold(booking, 'expired')).status === 'expired') freed += 1;
          }
      return freed > 0;
    };

    for (let attempt = 1; ; attempt++) {
      const at = now();
      const sessions = await deps.sessions.getMany(request.sessionIds);
      let priced: ReturnType<typeof priceBooking>;
      try {
        priced = priceBooking(request, activity, sessions, at);
      } catch (error) {
        if (await freedExpiredHolds(error)) continue;
        throw error;
      }
      const isf = request.route === 'individual-service-fund';
      const booking: Booking = {
        id: ulid().toLowerCase(),
        councilId: person.councilId,
        personId: person.id,
        personName: person.name,
        personReference: person.reference,
        bookedBy,
        activityId: activity.id,
        activityTitle: activity.title,
        providerId: activity.providerId,
        providerName: activity.providerName,
        route: request.route,
        places: request.places,
        lines: priced.lines,
        totalPence: priced.totalPence,
        status: isf ? 'confirmed' : 'held',
        holdExpiresAt: new Date(at.getTime() + holdMinutes * 60_000).toISOString(),
        refunds: [],
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
        version: 1,
      };
      const writes: TransactWriteItem[] = priced.lines.map((line) => {
        const session = sessions.find((candidate) => candidate.id === line.sessionId) as Session;
        return sessionPlacesWrite(deps.table.name, session, request.places, at);
      });
      const sessionWrites = writes.length;

      if (isBudgetRoute(request.route)) {
        const route = request.route;
        const money = await budgetNow(person, route, at);
        if (!money)
          throw new BookingRuleError('invalid', `${person.name}’s budget has not started yet.`, 'route');
        booking.period = money.period;
        const over = money.remaining - booking.totalPence < 0;
        // A council that warns rather than refuses lets it through, marked, for the person and commissioners to see.
        if (over) booking.overBudget = true;
        if (over && settings.overspend === 'refuse')
          throw new BookingRuleError(
            'over-budget',
            `This booking costs more than is left in ${person.name}’s budget for this period.`,
            'route',
          );
        writes.push(...budgetWrites(money.state, person, money.budget.amountPence, at));
        writes.push(
          isf
            ? budgets.entryWrite(
                ledgerEntry(person, route, money.period, 'spend', booking.totalPence, at, {
                  booking: bookingOf(booking),
                  paymentReference: `ISF-${booking.id.toUpperCase()}`,
                  recordedBy: bookedBy,
                }),
              )
            : budgets.holdWrite(money.state, {
                bookingId: booking.id,
                amountPence: booking.totalPence,
                expiresAt: booking.holdExpiresAt,
              }),
        );
      }
      writes.push(...bookings.insertWrites(booking));

      try {
        await writeTogether(deps.table, writes);
        const filled = priced.lines.some((line) => {
          const session = sessions.find((candidate) => candidate.id === line.sessionId);
          return session && session.places - session.booked <= request.places;
        });
        if (filled) await syncListingPlaces(activity.id);
        return booking;
      } catch (error) {
        if (!(error instanceof TransactionConflictError)) throw error;
        const sessionFailed = error.failed.find((index) => index < sessionWrites);
        if (sessionFailed !== undefined) {
          // Read again to say exactly why: full, cancelled, started, or just changed meanwhile.
          const fresh = await deps.sessions.getMany(request.sessionIds);
          try {
            priceBooking(request, activity, fresh, now());
          } catch (refusal) {
            if (!(await freedExpiredHolds(refusal))) throw refusal;
          }
        }
        if (attempt >= attempts)
          throw new BookingRuleError('full', 'Many people are booking at once. Try again in a moment.');
        await pause(attempt);
      }
    }
  }

  /** A Stripe Checkout for a held card booking; the same one again while it is still open. */
  async function startPayment(
    booking: Booking,
    urls: { successUrl: string; cancelUrl: string },
    email?: string,
  ): Promise<string> {
    const at = now();
    if (!isLiveHold(booking, at))
      throw new BookingRuleError('too-late', 'This booking is no longer waiting for payment.');
    if (booking.card?.checkoutSessionId) {
      const existing = await payments.getCheckout(booking.card.checkoutSessionId);
      if (existing.status === 'open' && existing.url) return existing.url;
      throw new BookingRuleError('too-late', 'This booking is no longer waiting for payment.');
    }
    const payouts = await deps.stripeRecords.payouts(booking.councilId, booking.providerId);
    if (!payouts?.chargesEnabled)
      throw new BookingRuleError(
        'invalid',
        `${booking.providerName} cannot take card payments yet.`,
        'route',
      );
    // Stripe keeps a checkout open for at least 30 minutes; a payment after our hold ran out is
    // handled when its webhook arrives (confirmed if the places are still free, else refunded).
    // Every parameter comes from the booking, never the clock: a retry (after saving the checkout
    // failed) sends exactly what the first call sent, so Stripe's idempotency answers with the
    // same checkout instead of refusing the key. 31 minutes past the hold's end is at least 30
    // minutes after any call made while the hold lives, and well within Stripe's 24 hours.
    const checkout = await payments.createCheckout({
      bookingId: booking.id,
      councilId: booking.councilId,
      description: `${booking.activityTitle}: ${booking.places} place${booking.places > 1 ? 's' : ''} for ${booking.personName}`,
      lines: booking.lines.map((line) => ({
        name: `${booking.activityTitle}, ${line.date} ${line.starts}`,
        unitAmountPence: line.pricePence,
        quantity: booking.places,
      })),
      destinationAccountId: payouts.stripeAccountId,
      successUrl: urls.successUrl,
      cancelUrl: urls.cancelUrl,
      expiresAt: new Date(Date.parse(booking.holdExpiresAt) + 31 * 60_000),
      customerEmail: email,
      idempotencyKey: `checkout-${booking.id}`,
    });
    const saved = changed(booking, { card: { checkoutSessionId: checkout.id } }, at);
    await writeTogether(deps.table, [bookings.updateWrite(saved)]);
    return checkout.url;
  }

  /**
   * Lets a hold go: the booking expires, its places and money are free again. Stripe is told
   * first, so a hold that is being paid at this moment is confirmed, not released.
   */
  async function releaseHold(
    first: Booking,
    outcome: 'expired' | 'cancelled',
    reason?: string,
  ): Promise<Booking> {
    const booking = first;
    const checkoutId = booking.card?.checkoutSessionId;
    if (checkoutId && !(await payments.expireCheckout(checkoutId))) {
      // Too late to stop it: if it was paid, its webhook confirms the booking; keep the places for it.
      if ((await payments.getCheckout(checkoutId)).paid) return booking;
    }
    const released = await changeBooking(booking, async (current) => {
      if (current.status !== 'held') return { result: current };
      const release = await releaseWrites(current, outcome, reason, now());
      return { writes: release.writes, result: release.next };
    });
    if (released.status !== 'held') await syncListingPlaces(released.activityId);
    return released;
  }

  /** The writes that let a hold go: the booking's new status, its places, and the money it held. */
  async function releaseWrites(
    booking: Booking,
    outcome: 'expired' | 'cancelled',
    reason: string | undefined,
    at: Date,
  ) {
    const sessions = await deps.sessions.getMany(booking.lines.map((line) => line.sessionId));
    const next = changed(booking, { status: outcome, ...(reason ? { cancelledReason: reason } : {}) }, at);
    const writes = [bookings.updateWrite(next), ...givePlacesBack(booking, booking.lines, sessions, at)];
    if (isBudgetRoute(booking.route) && booking.period) {
      const state = await budgets.state(booking.councilId, booking.personId, booking.route, booking.period);
      if (state.holds.some((hold) => hold.bookingId === booking.id))
        writes.push(budgets.guardWrite(state, at), budgets.releaseHoldWrite(state, booking.id));
    }
    return { next, writes };
  }

  /**
   * The writes for a change in what a booking owes back, on the booking as read: lines cancelled
   * (their places back, on a confirmed booking, where the session is still to come; the booking
   * cancelled once no line is left), refunds newly owed, and refunds made, each with its ledger
   * entry on a budget and paying off the due it names.
   */
  async function refundChangeWrites(
    booking: Booking,
    change: {
      cancel?: string[];
      cancelledReason?: string;
      due?: RefundDue[];
      made?: MadeRefund[];
      /** Owed refunds that need no money to move: nothing is owed, or nothing is left at Stripe to give. */
      cleared?: string[];
    },
    at: Date,
  ): Promise<{ writes: TransactWriteItem[]; result: Booking }> {
    const cancelling = new Set(change.cancel ?? []);
    const freed = booking.lines.filter((line) => cancelling.has(line.sessionId) && !line.cancelled);
    const lines = booking.lines.map((line) =>
      cancelling.has(line.sessionId) ? { ...line, cancelled: true } : line,
    );
    const made = (change.made ?? []).filter((refund) => refund.amountPence > 0);
    const paidOff = new Set([
      ...(change.made ?? []).flatMap((refund) => (refund.dueId ? [refund.dueId] : [])),
      ...(change.cleared ?? []),
    ]);
    // An owed refund of nothing would never be made, so it is never owed.
    const refundsDue = [
      ...(booking.refundsDue ?? []).filter((due) => !paidOff.has(due.id)),
      ...(change.due ?? []).filter((due) => due.amountPence > 0),
    ];
    const allCancelled = lines.every((line) => line.cancelled);
    const { refundsDue: _owed, ...rest } = booking;
    const next = changed(
      rest,
      {
        lines,
        refunds: [
          ...booking.refunds,
          ...made.map((refund) => ({
            amountPence: refund.amountPence,
            reason: refund.reason,
            at: at.toISOString(),
            reference: refund.reference,
            sessionIds: refund.sessionIds,
          })),
        ],
        ...(refundsDue.length ? { refundsDue } : {}),
        ...(allCancelled && booking.status === 'confirmed'
          ? {
              status: 'cancelled' as const,
              cancelledReason: booking.cancelledReason ?? change.cancelledReason ?? made[0]?.reason,
            }
          : {}),
      },
      at,
    );
    const writes = [bookings.updateWrite(next)];
    if (booking.status === 'confirmed') {
      const upcoming = freed.filter((line) => line.startsAt > at.toISOString());
      if (upcoming.length)
        writes.push(
          ...givePlacesBack(
            booking,
            upcoming,
            await deps.sessions.getMany(upcoming.map((line) => line.sessionId)),
            at,
          ),
        );
    }
    if (made.length && isBudgetRoute(booking.route) && booking.period) {
      const route = booking.route;
      const period = booking.period;
      const [person, state] = await Promise.all([
        people.get(booking.councilId, booking.personId),
        budgets.state(booking.councilId, booking.personId, route, period),
      ]);
      if (person)
        writes.push(
          budgets.guardWrite(state, at),
          ...made.map((refund) =>
            budgets.entryWrite(
              ledgerEntry(person, route, period, 'refund', refund.amountPence, at, {
                // The sessions this refund is for, not every session of the booking.
                booking: bookingOf(booking, refund.sessionIds),
                paymentReference: refund.reference,
                note: refund.reason,
                recordedBy: refund.by,
              }),
            ),
          ),
        );
    }
    return { writes, result: next };
  }

  /**
   * Decides a refund for lines of a confirmed booking, in one transaction on the booking as read:
   * the lines cancelled, places on the sessions still to come given back, the booking cancelled
   * when no line is left, the people told, and what is owed. A card's money is then owed (a
   * `RefundDue`, which the regular run finishes if this request cannot); an ISF is credited at
   * once. Without `sessionIds`, every line still running. Deciding twice decides nothing more:
   * lines already cancelled are owed nothing.
   */
  async function decideRefund(
    first: Booking,
    request: {
      sessionIds?: string[];
      reason: string;
      by: Actor;
      notices?: (booking: Booking, amountPence: number) => Promise<Notification[]>;
    },
  ): Promise<Booking> {
    return changeBooking(first, async (booking) => {
      const running = booking.lines.filter((line) => !line.cancelled).map((line) => line.sessionId);
      const sessionIds = running.filter((id) => !request.sessionIds || request.sessionIds.includes(id));
      if (booking.status !== 'confirmed' || sessionIds.length === 0) return { result: booking };
      const at = now();
      const amount = Math.max(0, Math.min(linesAmount(booking, sessionIds), owedPence(booking)));
      const byCard = booking.route !== 'individual-service-fund' && Boolean(booking.card?.paymentIntentId);
      const owed = { amountPence: amount, sessionIds, reason: request.reason, by: request.by };
      const change = await refundChangeWrites(
        booking,
        {
          cancel: sessionIds,
          cancelledReason: request.reason,
          ...(amount > 0 && byCard
            ? { due: [{ id: ulid().toLowerCase(), ...owed, decidedAt: at.toISOString() }] }
            : {}),
          ...(amount > 0 && !byCard
            ? {
                made: [
                  {
                    ...owed,
                    reference: `ISF-CREDIT-${booking.id.toUpperCase()}-${booking.refunds.length + 1}`,
                  },
                ],
              }
            : {}),
        },
        at,
      );
      const notices = request.notices ? await request.notices(booking, amount) : [];
      // The people told are told in the same transaction: only once it is decided.
      return { writes: [...change.writes, ...notices.map(deps.outbox.insertWrite)], result: change.result };
    });
  }

  /**
   * The refunds of a card booking's payment at Stripe recorded on it: those made for its owed
   * refunds (by the `dueId` each carries) as those refunds, any other as "Refunded at Stripe".
   * Returns the booking as recorded and what Stripe lists.
   */
  async function recordRefundsAtStripe(booking: Booking, paymentIntentId: string) {
    const atStripe = await payments.listRefunds(paymentIntentId);
    const recorded = await changeBooking(booking, async (current) => {
      const seen = refundsSeenAtStripe(current, atStripe, systemActor);
      return seen ? refundChangeWrites(current, seen, now()) : { result: current };
    });
    return { booking: recorded, atStripe };
  }

  /**
   * Makes one owed refund at Stripe and records it (its Stripe id, the ledger's refund entry), the
   * due paid off. Stripe is asked first what it has already refunded: a refund made for this due
   * before (its record lost, even after Stripe's 24 hours of idempotency) is recorded, not made
   * again, and money given back from the dashboard meanwhile is recorded as its own refund. The
   * refund carries the due's id, and its idempotency key is the due's alone, so two runs racing
   * make one refund: Stripe answers the second with the first, or refuses it if it asks for
   * another amount. Throws when Stripe or the table fails; the due stays for its next try.
   */
  async function finishRefund(first: Booking, dueId: string): Promise<Booking> {
    const clear = (booking: Booking) =>
      changeBooking(booking, async (current) =>
        current.refundsDue?.some((candidate) => candidate.id === dueId)
          ? refundChangeWrites(current, { cleared: [dueId] }, now())
          : { result: current },
      );
    // Owed nothing (written before such dues were refused): there is nothing to make.
    if ((first.refundsDue?.find((candidate) => candidate.id === dueId)?.amountPence ?? 0) <= 0)
      return clear(first);
    const paymentIntentId = first.card?.paymentIntentId;
    if (!paymentIntentId) throw new Error(`Booking ${first.id} owes a refund but was not paid by card`);
    const seen = await recordRefundsAtStripe(first, paymentIntentId);
    const due = seen.booking.refundsDue?.find((candidate) => candidate.id === dueId);
    if (!due) return seen.booking;
    // Never more than Stripe still holds: what the dashboard gave back counts towards it.
    const amount = Math.min(due.amountPence, first.totalPence - backAtStripePence(seen.atStripe));
    if (amount <= 0) {
      deps.logger.warn('refund owed cleared: the whole payment is already back at Stripe', {
        bookingId: first.id,
        dueId: due.id,
        amountPence: due.amountPence,
      });
      return clear(seen.booking);
    }
    // A refund of this due that failed at the bank gave nothing back: the next is a new request.
    const failedBefore = seen.atStripe.filter((refund) => refund.dueId === due.id).length;
    const refund = await payments.refund({
      paymentIntentId,
      amountPence: amount,
      bookingId: first.id,
      dueId: due.id,
      idempotencyKey: failedBefore ? `refund-${due.id}-${failedBefore + 1}` : `refund-${due.id}`,
    });
    const made: MadeRefund = { ...due, amountPence: amount, reference: refund.id, dueId: due.id };
    // With this refund the whole payment is back: the lines still running end, as they do when
    // the webhook records it first (refundsSeenAtStripe), so both writers leave the same booking.
    const whole = backAtStripePence(seen.atStripe) + amount >= first.totalPence;
    return changeBooking(seen.booking, async (current) => {
      // The refund's webhook may have recorded it first.
      if (!current.refundsDue?.some((candidate) => candidate.id === due.id)) return { result: current };
      const running = current.lines
        .filter((line) => !line.cancelled && !made.sessionIds.includes(line.sessionId))
        .map((line) => line.sessionId);
      return refundChangeWrites(
        current,
        whole && running.length
          ? { made: [made], cancel: running, cancelledReason: refundedAtStripeReason }
          : { made: [made] },
        now(),
      );
    });
  }

  /** Why a try at a refund failed, as a person reads it: no error names or codes. */
  const failureInWords = (error: unknown) => {
    if (!(error instanceof PaymentUnavailableError))
      return 'The refund could not be recorded here; it is tried again';
    switch (error.code) {
      case undefined:
        return 'Stripe could not be reached';
      case 'charge_disputed':
        return 'The payment is disputed with the card issuer, so Stripe will not refund it while the dispute is open';
      case 'amount_too_large':
      case 'charge_already_refunded':
        return 'Stripe says less is left of the payment than is owed back';
      default:
        return 'Stripe refused the refund';
    }
  };

  /**
   * Records a failed try on the owed refund: how many, why, and when it is next tried (later each
   * time), so the regular run leaves it alone until then. On the failure that makes it
   * `commissionersToldAfterAttempts`, the council's commissioning mailbox is told in the same
   * transaction, once: a person is going without their money.
   */
  async function recordRefundFailure(booking: Booking, dueId: string, error: unknown): Promise<Booking> {
    const lastFailure = failureInWords(error);
    return changeBooking(booking, async (current) => {
      const due = current.refundsDue?.find((candidate) => candidate.id === dueId);
      if (!due) return { result: current };
      const at = now();
      const attempts = (due.attempts ?? 0) + 1;
      const tried: RefundDue = {
        ...due,
        attempts,
        lastFailure,
        nextAttemptAt: new Date(at.getTime() + refundRetryDelayMs(attempts)).toISOString(),
      };
      const next = changed(
        current,
        {
          refundsDue: (current.refundsDue ?? []).map((candidate) =>
            candidate.id === dueId ? tried : candidate,
          ),
        },
        at,
      );
      const notices =
        attempts === commissionersToldAfterAttempts ? await refundStuckNotices(next, tried, at) : [];
      return { writes: [bookings.updateWrite(next), ...notices.map(deps.outbox.insertWrite)], result: next };
    });
  }

  async function refundStuckNotices(booking: Booking, due: RefundDue, at: Date): Promise<Notification[]> {
    const mailbox = await deps.commissionersOf(booking.councilId);
    if (!mailbox) {
      deps.logger.warn('refund not made and no commissioning mailbox to tell', { bookingId: booking.id });
      return [];
    }
    return [
      {
        id: ulid().toLowerCase(),
        councilId: booking.councilId,
        to: mailbox,
        subject: `Refund not made yet: ${booking.activityTitle} for ${booking.personReference}`,
        body: [
          `${formatPounds(due.amountPence)} is owed back to ${booking.personName} (${booking.personReference}) for ${booking.activityTitle} with ${booking.providerName}.`,
          `Why it is owed: ${due.reason}. Decided on ${formatUkDateTime(due.decidedAt)}.`,
          `It has been tried ${due.attempts ?? 0} times and has not been made. The last answer: ${due.lastFailure ?? 'none'}.`,
          `It is tried again by itself, at longest once a day, until Stripe makes it. ${booking.personName} may need to hear why the money has not come back yet.`,
          `Stripe payment ${booking.card?.paymentIntentId ?? ''}.`,
        ].join('\n'),
        related: { kind: 'booking', id: booking.id },
        createdAt: at.toISOString(),
      },
    ];
  }

  /**
   * Makes the refunds a booking owes that are due to be tried now, oldest first, each on its own:
   * one Stripe refuses has its failure recorded and waits, and the others still go ahead.
   */
  async function finishRefunds(first: Booking): Promise<Booking> {
    let booking = first;
    const tried = new Set<string>();
    for (;;) {
      const due = booking.refundsDue?.find(
        (candidate) => !tried.has(candidate.id) && isRefundDueNow(candidate, now()),
      );
      if (!due) return booking;
      tried.add(due.id);
      try {
        booking = await finishRefund(booking, due.id);
      } catch (error) {
        deps.logger.warn('refund decided, not yet made', {
          bookingId: booking.id,
          dueId: due.id,
          error: String(error),
        });
        booking = (await bookings.get(booking.id)) ?? booking;
        booking = await recordRefundFailure(booking, due.id, error);
      }
    }
  }

  /** Tries to finish a booking's refunds now; when Stripe (or the table) fails, they stay owed for the regular run. */
  async function finishRefundsNow(booking: Booking): Promise<Booking> {
    if (!booking.refundsDue?.length) return booking;
    try {
      return await finishRefunds(booking);
    } catch (error) {
      deps.logger.warn('refund failure not recorded', { bookingId: booking.id, error: String(error) });
      return (await bookings.get(booking.id).catch(() => undefined)) ?? booking;
    }
  }

  /**
   * A person (or their representative) cancels: a hold is let go; a paid booking is cancelled
   * with its refund decided, then the money goes back. Once decided, Stripe being down only
   * delays the money: the person sees the booking cancelled with its refund on its way.
   */
  async function cancelByPerson(user: SignedInUser, bookingId: string): Promise<Booking> {
    const booking = await bookingFor(user, bookingId, 'book');
    const settings = await deps.settingsFor(booking.councilId);
    const why = whyNotCancellableByPerson(booking, settings, now());
    if (why) throw new BookingRuleError('too-late', why);
    if (booking.status === 'held') return releaseHold(booking, 'cancelled', 'Cancelled before paying');
    const decided = await decideRefund(booking, {
      reason: 'Cancelled by the person or their representative',
      by: { id: user.id, name: user.name, role: user.role },
    });
    await syncListingPlaces(decided.activityId);
    return finishRefundsNow(decided);
  }

  /** A booking a user may see: their own, their people's, a provider's on its sessions, or their council's for staff. */
  async function bookingFor(
    user: SignedInUser,
    bookingId: string,
    purpose: 'book' | 'see',
  ): Promise<Booking> {
    if (!bookingIdPattern.test(bookingId)) throw new BookingNotFoundError();
    const booking = await bookings.get(bookingId);
    if (!booking || booking.councilId !== user.councilId) throw new BookingNotFoundError();
    try {
      await personFor(user, booking.personId, purpose);
      return booking;
    } catch (error) {
      if (error instanceof PersonNotFoundError) throw new BookingNotFoundError();
      throw error;
    }
  }

  /**
   * Lets holds that have run out go (the regular job), oldest first, a bounded number a run; each
   * on its own, so one failure stops none. A hold Stripe says is paid is kept for its webhook.
   */
  async function expireHolds(councilId: string): Promise<{ expired: number; failed: number }> {
    const result = { expired: 0, failed: 0 };
    for (const booking of await bookings.expiredHolds(councilId, now().toISOString())) {
      try {
        if ((await releaseHold(booking, 'expired')).status !== 'held') result.expired += 1;
      } catch (error) {
        deps.logger.warn('hold not released', { bookingId: booking.id, error: String(error) });
        result.failed += 1;
      }
    }
    return result;
  }

  /**
   * Makes the refunds owed that earlier tries could not (the regular job): only those due to be
   * tried now, longest waiting first, so one Stripe keeps refusing never holds up the rest.
   */
  async function finishDueRefunds(councilId: string): Promise<{ finished: number; stillDue: number }> {
    const result = { finished: 0, stillDue: 0 };
    for (const booking of await bookings.refundsDue(councilId, now().toISOString())) {
      const after = await finishRefundsNow(booking);
      if (after.refundsDue?.length) result.stillDue += 1;
      else result.finished += 1;
    }
    return result;
  }

  /**
   * A session the provider cancelled: every booking on it has that session's refund decided (and
   * its people told) and then made; holds on it are let go. Once each booking's refund is decided
   * the cancellation's note can go: a refund Stripe could not make yet stays owed on the booking.
   */
  async function refundCancelledSession(
    sessionId: string,
    reason: string,
  ): Promise<{ refunded: number; finished: number; stillDue: number }> {
    const result = { refunded: 0, finished: 0, stillDue: 0 };
    for (const found of await bookings.listForSession(sessionId)) {
      let booking = found;
      if (booking.status === 'held') {
        booking = await releaseHold(booking, 'cancelled', `The provider cancelled a session: ${reason}`);
        // Paid a moment ago: once its webhook confirms it, the next run refunds this session.
        if (booking.status === 'held') throw new BookingBeingPaidError(booking.id);
      }
      const line = booking.lines.find((candidate) => candidate.sessionId === sessionId);
      if (booking.status !== 'confirmed' || !line || line.cancelled) continue;
      const decided = await decideRefund(booking, {
        sessionIds: [sessionId],
        reason: `The provider cancelled the session: ${reason}`,
        by: systemActor,
        notices: (current, amount) => sessionCancelledNotices(current, line, reason, amount),
      });
      result.refunded += 1;
      if (!decided.refundsDue?.length) continue;
      if ((await finishRefundsNow(decided)).refundsDue?.length) result.stillDue += 1;
      else result.finished += 1;
    }
    return result;
  }

  /** Tells the person (and the representative who booked) that a session is off and their money is coming back. */
  async function sessionCancelledNotices(
    booking: Booking,
    line: BookingLine,
    reason: string,
    amount: number,
  ): Promise<Notification[]> {
    const [person, booker] = await Promise.all([
      people.get(booking.councilId, booking.personId),
      booking.bookedBy.role === 'representative'
        ? deps.users.get(booking.councilId, booking.bookedBy.id)
        : undefined,
    ]);
    const recipients = [
      ...(person?.email ? [{ name: person.name, email: person.email }] : []),
      ...(booker?.email ? [{ name: booker.name, email: booker.email }] : []),
    ];
    const back =
      booking.route === 'individual-service-fund'
        ? 'goes back into the individual service fund'
        : 'goes back to the card it was paid with; it can take 5 to 10 days to show';
    return recipients.map((to) => ({
      id: ulid().toLowerCase(),
      councilId: booking.councilId,
      to,
      subject: `Cancelled: ${booking.activityTitle} on ${line.date} at ${line.starts}`,
      body: [
        `Dear ${to.name},`,
        '',
        `${booking.providerName} has cancelled ${booking.activityTitle} on ${line.date} at ${line.starts}, which was booked for ${booking.personName}.`,
        `Their reason: ${reason}`,
        '',
        amount > 0 ? `The ${formatPounds(amount)} paid for it ${back}.` : 'Nothing was paid for it.',
      ].join('\n'),
      related: { kind: 'booking', id: booking.id },
      createdAt: now().toISOString(),
    }));
  }

  /**
   * A commissioner's correction to a budget in its current period: a new ledger entry (plus or
   * minus, with the reason), never an edit of an old one.
   */
  async function adjustBudget(
    user: SignedInUser,
    personId: string,
    adjustment: { route: BudgetRoute; amountPence: number; note: string },
  ): Promise<LedgerEntry> {
    const person = await personFor(user, personId, 'see');
    for (let attempt = 1; ; attempt++) {
      const at = now();
      const money = await budgetNow(person, adjustment.route, at);
      if (!money)
        throw new BookingRuleError(
          'invalid',
          `${person.name} has no budget of this kind running now.`,
          'route',
        );
      const entry = ledgerEntry(
        person,
        adjustment.route,
        money.period,
        'adjustment',
        adjustment.amountPence,
        at,
        {
          note: adjustment.note,
          recordedBy: { id: user.id, name: user.name, role: user.role },
        },
      );
      try {
        await writeTogether(deps.table, [
          ...budgetWrites(money.state, person, money.budget.amountPence, at),
          budgets.entryWrite(entry),
        ]);
        return entry;
      } catch (error) {
        if (!(error instanceof TransactionConflictError) || attempt >= attempts) throw error;
      }
    }
  }

  return {
    adjustBudget,
    personFor,
    peopleFor,
    budgetNow,
    remainingOf,
    hold,
    startPayment,
    releaseHold,
    releaseWrites,
    refundChangeWrites,
    finishRefundsNow,
    finishDueRefunds,
    cancelByPerson,
    bookingFor,
    expireHolds,
    refundCancelledSession,
    ledgerEntry,
    spendWrites,
    givePlacesBack,
    changed,
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
