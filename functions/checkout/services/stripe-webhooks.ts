import { ulid } from 'ulid';
import type { Notification } from '../../../shared/domain/notifications';
import { formatPounds } from '../../../shared/money/pounds';
import { sessionPlacesWrite } from '../../catalogue/repositories/sessions';
import {
  type Booking,
  type CardPayment,
  owedPence,
  refundedPence,
  refundsSeenAtStripe as seenAtStripe,
} from '../domain/bookings';
import { systemActor } from '../domain/ledger';
import { budgetOf } from '../domain/people';
import type { BookingService, BookingServiceDependencies } from './booking-service';
import type { CheckoutState, PaymentEvent } from './payment-gateway';
import { TransactionConflictError, type TransactWriteItem, writeTogether } from './transactions';

/** The event types we act on; any other is recorded and left alone. */
export const handledEventTypes = [
  'checkout.session.completed',
  'checkout.session.expired',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'payment_intent.payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'account.updated',
] as const;

const attempts = 8;
/** How a late payment's refund is known on the booking before Stripe has made it (the due's id). */
const latePaymentReference = (booking: Pick<Booking, 'id'>) => `late-payment-${booking.id}`;
const latePaymentOutcome = 'late payment refunded';
const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
const metadataOf = (object: Record<string, unknown>) =>
  (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as Record<
    string,
    unknown
  >;

/**
 * Stripe webhooks, in any order and any number of times. Each event makes us look at the
 * checkout (or account) as Stripe has it now and bring the booking in line with it, so the order
 * events arrive in does not change where we end up. The event's id is written in the same
 * transaction as the change it causes: a second delivery finds it there and changes nothing.
 */
export function createStripeWebhooks(deps: BookingServiceDependencies, service: BookingService) {
  const { bookings, budgets, stripeRecords, payments, now } = deps;

  async function handle(event: PaymentEvent): Promise<string> {
    if (await stripeRecords.eventSeen(event.id)) return 'duplicate';
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.expired':
      case 'checkout.session.async_payment_succeeded':
      case 'checkout.session.async_payment_failed': {
        const checkoutId = text(event.object.id);
        return checkoutId ? reconcile(event, checkoutId) : record(event, 'no checkout id');
      }
      case 'charge.refunded':
      case 'charge.dispute.created': {
        const booking = await bookingOfPayment(event.object);
        const checkoutId = booking?.card?.checkoutSessionId;
        return checkoutId ? reconcile(event, checkoutId) : record(event, 'no booking for this payment');
      }
      case 'payment_intent.payment_failed':
        return paymentFailed(event);
      case 'account.updated':
        return accountUpdated(event);
      default:
        return record(event, 'not handled');
    }
  }

  /** The booking a charge or dispute is about: by the booking id Stripe carries, or the payment. */
  async function bookingOfPayment(object: Record<string, unknown>): Promise<Booking | undefined> {
    const id = text(metadataOf(object).bookingId);
    const paymentIntentId = text(object.payment_intent);
    // A dispute carries no metadata, and may come before the payment is recorded here: then the
    // payment at Stripe says which booking it was for.
    const bookingId =
      id ??
      (paymentIntentId
        ? ((await bookings.findByPayment(paymentIntentId)) ??
          (await payments.bookingOfPayment(paymentIntentId)))
        : undefined);
    return bookingId ? bookings.get(bookingId) : undefined;
  }

  /** Only the event's record: it changed nothing, and need not be looked at again. */
  async function record(event: PaymentEvent, outcome: string): Promise<string> {
    try {
      await writeTogether(deps.table, [stripeRecords.eventWrite(event, outcome, now())]);
      return outcome;
    } catch (error) {
      if (error instanceof TransactionConflictError) return 'duplicate';
      throw error;
    }
  }

  /**
   * Brings the booking fully in line with the checkout: one event may need several changes (a
   * dispute that arrives first confirms the booking, then marks it). The event is recorded with
   * the first change, or alone when nothing needed changing. A change that leaves a refund owed
   * (a late payment) is followed by the refund at Stripe; if Stripe cannot make it now, it stays
   * owed on the booking for the regular run, and the event is still answered: it was acted on.
   */
  async function reconcile(event: PaymentEvent, checkoutId: string): Promise<string> {
    const outcomes: string[] = [];
    let recorded = false;
    let owing: string | undefined;
    for (let attempt = 1; ; attempt++) {
      if (attempt > attempts) throw new Error(`Could not bring booking in line with checkout ${checkoutId}`);
      const checkout = await payments.getCheckout(checkoutId);
      const booking = checkout.bookingId ? await bookings.get(checkout.bookingId) : undefined;
      if (!booking) return record(event, 'no booking for this checkout');
      const change = await changeFor(booking, checkout);
      if (change === 'finish-late-refund') {
        await finishLateRefund(booking, checkout);
        continue;
      }
      if (!change || change.writes.length === 0) {
        if (owing) {
          const owed = await bookings.get(owing);
          if (owed) await service.finishRefundsNow(owed);
        }
        if (recorded) return outcomes.join('; ');
        return record(event, change?.outcome ?? 'nothing to change');
      }
      try {
        await writeTogether(deps.table, [
          ...(recorded ? [] : [stripeRecords.eventWrite(event, change.outcome, now())]),
          ...change.writes,
        ]);
        recorded = true;
        outcomes.push(change.outcome);
        if (change.outcome === 'disputed')
          deps.logger.warn('card payment disputed', { bookingId: booking.id, councilId: booking.councilId });
        if (change.outcome === latePaymentOutcome) {
          deps.logger.warn('late payment refunded', { bookingId: booking.id, councilId: booking.councilId });
          owing = booking.id;
        }
      } catch (error) {
        if (!(error instanceof TransactionConflictError)) throw error;
        if (!recorded && error.failed.includes(0)) return 'duplicate';
      }
    }
  }

  const cardOf = (booking: Booking, checkout: CheckoutState): CardPayment => ({
    ...booking.card,
    checkoutSessionId: checkout.id,
    ...(checkout.paymentIntentId ? { paymentIntentId: checkout.paymentIntentId } : {}),
    ...(checkout.charge
      ? {
          chargeId: checkout.charge.id,
          ...(checkout.charge.funding ? { cardFunding: checkout.charge.funding } : {}),
          ...(checkout.charge.brand ? { cardBrand: checkout.charge.brand } : {}),
          ...(checkout.charge.last4 ? { cardLast4: checkout.charge.last4 } : {}),
        }
      : {}),
  });

  /**
   * What the booking needs so it matches the checkout, or undefined when it already does. A
   * change with no writes says only what the event found (nothing can be done about it).
   */
  async function changeFor(
    booking: Booking,
    checkout: CheckoutState,
  ): Promise<{ outcome: string; writes: TransactWriteItem[] } | 'finish-late-refund' | undefined> {
    const at = now();
    const paidFor = Boolean(booking.card?.paymentIntentId);
    // Recorded as refunded before its money moved, by an earlier version of this service.
    const lateRefundDecided = booking.refunds.some(
      (refund) => refund.reference === latePaymentReference(booking),
    );
    if (
      lateRefundDecided &&
      checkout.paid &&
      (checkout.charge?.amountRefundedPence ?? 0) < booking.totalPence
    )
      return 'finish-late-refund';
    if (checkout.paid && !paidFor) {
      if (booking.status === 'held') {
        const confirmed = await confirmWrites(booking, checkout, at, false);
        if (confirmed) return confirmed;
      }
      // Paid after the hold was let go: keep it if the places (and budget) are still there.
      if (booking.status === 'expired') {
        const confirmed = await confirmWrites(booking, checkout, at, true);
        if (confirmed) return confirmed;
      }
      return latePaymentWrites(booking, checkout, at);
    }
    if (
      !checkout.paid &&
      (checkout.status === 'expired' || checkout.paymentFailed) &&
      booking.status === 'held'
    ) {
      const release = await service.releaseWrites(booking, 'expired', undefined, at);
      return { outcome: 'hold released', writes: release.writes };
    }
    if (checkout.paid && checkout.charge) {
      const refunds = await refundsSeenAtStripe(booking, checkout);
      if (refunds) {
        const change = await service.refundChangeWrites(booking, refunds, at);
        return { outcome: 'refund recorded', writes: change.writes };
      }
      if (checkout.charge.disputed && !booking.card?.disputed) {
        const next = service.changed(booking, { card: { ...cardOf(booking, checkout), disputed: true } }, at);
        const mailbox = await deps.commissionersOf(booking.councilId);
        // Commissioners hear of it in the same transaction that marks it: a disputed payment of
        // council money may need following up with the person or the provider.
        const notice: Notification[] = mailbox
          ? [
              {
                id: ulid().toLowerCase(),
                councilId: booking.councilId,
                to: mailbox,
                subject: `Card payment disputed: ${booking.activityTitle} for ${booking.personReference}`,
                body: [
                  `The card payment of ${formatPounds(booking.totalPence)} for ${booking.personName} (${booking.personReference}) has been disputed with the card issuer.`,
                  `Booking: ${booking.activityTitle} with ${booking.providerName}; Stripe payment ${checkout.paymentIntentId ?? ''}.`,
                  'Stripe will ask for evidence; the booking stays as it is until the dispute is settled.',
                ].join('\n'),
                related: { kind: 'booking', id: booking.id },
                createdAt: at.toISOString(),
              },
            ]
          : [];
        return {
          outcome: 'disputed',
          writes: [bookings.updateWrite(next), ...notice.map(deps.outbox.insertWrite)],
        };
      }
    }
    return undefined;
  }

  /**
   * Refunds Stripe has made that the booking does not record yet, asked of Stripe only when the
   * charge has more back than the booking records. Each is matched by the owed refund it carries
   * (`dueId`), never by its amount: one made for a refund owed is that refund, with its sessions
   * and reason; any other (from the dashboard) is "Refunded at Stripe", under its own id.
   */
  async function refundsSeenAtStripe(booking: Booking, checkout: CheckoutState) {
    if (!checkout.paymentIntentId || (checkout.charge?.amountRefundedPence ?? 0) <= refundedPence(booking))
      return undefined;
    const atStripe = await payments.listRefunds(checkout.paymentIntentId);
    return seenAtStripe(booking, atStripe, systemActor);
  }

  /**
   * Confirms a paid booking: the spend goes in the ledger and the hold on the money comes off.
   * `retake` is for a hold already let go: its places are taken again, if still free. Undefined
   * when the places or the budget have gone.
   */
  async function confirmWrites(booking: Booking, checkout: CheckoutState, at: Date, retake: boolean) {
    const next = service.changed(booking, { status: 'confirmed', card: cardOf(booking, checkout) }, at);
    const writes: TransactWriteItem[] = [bookings.updateWrite(next)];
    if (checkout.paymentIntentId) writes.push(bookings.paymentWrite(checkout.paymentIntentId, booking));
    if (retake) {
      const sessions = await deps.sessions.getMany(booking.lines.map((line) => line.sessionId));
      for (const line of booking.lines) {
        const session = sessions.find((candidate) => candidate.id === line.sessionId);
        const free = session?.status === 'scheduled' && session.startsAt > at.toISOString();
        if (!session || !free || session.places - session.booked < booking.places) return undefined;
        writes.push(sessionPlacesWrite(deps.table.name, session, booking.places, at));
      }
    }
    if (booking.route !== 'self-funded' && booking.period) {
      const route = booking.route;
      const person = await deps.people.get(booking.councilId, booking.personId);
      const budget = person ? budgetOf(person, route) : undefined;
      if (!person || !budget) return undefined;
      const state = await budgets.state(booking.councilId, booking.personId, route, booking.period);
      const settings = await deps.settingsFor(booking.councilId);
      const left = service.remainingOf(state, budget.amountPence, at, booking.id);
      if (left - booking.totalPence < 0 && settings.overspend === 'refuse') return undefined;
      writes.push(
        ...service.spendWrites(
          booking,
          person,
          { route, period: booking.period, state, allocationPence: budget.amountPence },
          checkout.paymentIntentId,
          at,
        ),
      );
    }
    return { outcome: 'booking confirmed', writes };
  }

  /**
   * A payment that arrived after its places (or budget) had gone: decided in a transaction on the
   * booking as it was read, with the event that brought it: the booking cancelled, the payment
   * recorded (and, for a budget, its spend), the whole of it owed back. A delivery racing this one
   * that confirms the booking makes this write fail, so a confirmed payment is never refunded.
   * The money goes back after the decision (`reconcile`), or in the regular run if Stripe cannot
   * take it then; the refund's own webhook then finds nothing to add.
   */
  async function latePaymentWrites(
    booking: Booking,
    checkout: CheckoutState,
    at: Date,
  ): Promise<{ outcome: string; writes: TransactWriteItem[] }> {
    if (!checkout.paymentIntentId || !checkout.charge)
      return { outcome: 'late payment without its charge', writes: [] };
    const reason = 'Paid after its places or budget had gone';
    const sessionIds = booking.lines.map((line) => line.sessionId);
    const owed = owedPence(booking);
    // A refund owed of nothing would never be made: none is owed then.
    const refundsDue = [
      ...(booking.refundsDue ?? []),
      ...(owed > 0
        ? [
            {
              id: latePaymentReference(booking),
              amountPence: owed,
              sessionIds,
              reason,
              by: systemActor,
              decidedAt: at.toISOString(),
            },
          ]
        : []),
    ];
    const next = service.changed(
      booking,
      {
        status: 'cancelled',
        cancelledReason: `${reason}; the payment is refunded in full`,
        card: cardOf(booking, checkout),
        lines: booking.lines.map((line) => ({ ...line, cancelled: true })),
        ...(refundsDue.length ? { refundsDue } : {}),
      },
      at,
    );
    const writes: TransactWriteItem[] = [
      bookings.updateWrite(next),
      bookings.paymentWrite(checkout.paymentIntentId, booking),
    ];
    if (booking.status === 'held') {
      // Its places were still kept for it: they go back now the money is going back.
      const sessions = await deps.sessions.getMany(sessionIds);
      writes.push(...service.givePlacesBack(booking, booking.lines, sessions, at));
    }
    if (booking.route !== 'self-funded' && booking.period) {
      // The money went out of the budget: the ledger shows it, and its refund once made. Until
      // then what is left can read below zero; the statement shows the refund on its way.
      const route = booking.route;
      const person = await deps.people.get(booking.councilId, booking.personId);
      const state = await budgets.state(booking.councilId, booking.personId, route, booking.period);
      if (person) {
        const allocationPence = budgetOf(person, route)?.amountPence ?? 0;
        writes.push(
          ...service.spendWrites(
            booking,
            person,
            { route, period: booking.period, state, allocationPence },
            checkout.paymentIntentId,
            at,
          ),
        );
      }
    }
    return { outcome: latePaymentOutcome, writes };
  }

  /**
   * A late payment recorded as refunded before its money moved (how this service once did it):
   * whatever is not yet back, once however often it is asked.
   */
  async function finishLateRefund(booking: Booking, checkout: CheckoutState): Promise<void> {
    const outstanding = booking.totalPence - (checkout.charge?.amountRefundedPence ?? 0);
    if (outstanding <= 0 || !checkout.paymentIntentId) return;
    await payments.refund({
      paymentIntentId: checkout.paymentIntentId,
      amountPence: outstanding,
      bookingId: booking.id,
      // Already recorded as refunded, under this reference: the refund at Stripe is known by it.
      dueId: latePaymentReference(booking),
      idempotencyKey: `late-payment-${booking.id}`,
    });
  }

  async function paymentFailed(event: PaymentEvent): Promise<string> {
    const bookingId = text(metadataOf(event.object).bookingId);
    const booking = bookingId ? await bookings.get(bookingId) : undefined;
    // The person stays on Stripe's page and can try another card until the hold runs out.
    if (booking) deps.logger.info('card payment failed', { bookingId: booking.id });
    return record(event, booking ? 'payment failed; hold kept' : 'no booking for this payment');
  }

  async function accountUpdated(event: PaymentEvent): Promise<string> {
    const accountId = text(event.object.id);
    const owner = accountId ? await stripeRecords.providerOfAccount(accountId) : undefined;
    if (!accountId || !owner) return record(event, 'unknown account');
    const account = await payments.getAccount(accountId);
    const current = await stripeRecords.payouts(owner.councilId, owner.providerId);
    const next = {
      councilId: owner.councilId,
      providerId: owner.providerId,
      stripeAccountId: accountId,
      chargesEnabled: account.chargesEnabled,
      payoutsEnabled: account.payoutsEnabled,
      detailsSubmitted: account.detailsSubmitted,
      updatedAt: now().toISOString(),
    };
    if (
      current &&
      current.chargesEnabled === next.chargesEnabled &&
      current.payoutsEnabled === next.payoutsEnabled &&
      current.detailsSubmitted === next.detailsSubmitted
    )
      return record(event, 'nothing to change');
    try {
      await writeTogether(deps.table, [
        stripeRecords.eventWrite(event, 'payouts updated', now()),
        stripeRecords.payoutsWrite(next),
      ]);
      return 'payouts updated';
    } catch (error) {
      if (error instanceof TransactionConflictError) return 'duplicate';
      throw error;
    }
  }

  return { handle };
}

export type StripeWebhooks = ReturnType<typeof createStripeWebhooks>;
