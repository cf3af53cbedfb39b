import type { Logger } from '../../../shared/log/logger';
import type { CouncilRepository } from '../../../shared/table/councils';
import type { Checkout } from '../services/checkout-on-table';

export interface CheckoutSweepResult {
  holdsExpired: number;
  holdsFailed: number;
  sessionsRefunded: number;
  /** Bookings whose refund for a cancelled session was decided in this run. */
  bookingsRefunded: number;
  refundsFailed: number;
  /** Refunds made at Stripe (and recorded) in this run, for cancelled sessions or earlier decisions. */
  refundsFinished: number;
  /** Refunds decided but still owed after this run (Stripe could not make them yet). */
  refundsStillDue: number;
  /** A council's piece of work (its owed refunds, its holds, its cancelled sessions) that could not even be read: tried again next run. */
  workFailed: number;
}

/**
 * The checkout's regular run (every few minutes): makes refunds that were decided but could not
 * be made at the time, lets holds that ran out go, so their places can be booked again, and
 * refunds everyone booked on sessions providers have cancelled. Each piece of work stands alone:
 * one failure is logged and tried again next run.
 */
export async function runCheckoutSweep(deps: {
  councils: Pick<CouncilRepository, 'list'>;
  checkout: Checkout;
  logger: Logger;
}): Promise<CheckoutSweepResult> {
  const result: CheckoutSweepResult = {
    holdsExpired: 0,
    holdsFailed: 0,
    sessionsRefunded: 0,
    bookingsRefunded: 0,
    refundsFailed: 0,
    refundsFinished: 0,
    refundsStillDue: 0,
    workFailed: 0,
  };
  const { bookings, stores } = deps.checkout;
  /** One council's piece of work: whatever it throws is logged and counted, and the run goes on. */
  const alone = async (work: string, councilId: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      deps.logger.warn('checkout run: work not done', { work, councilId, error: String(error) });
      result.workFailed += 1;
    }
  };
  for (const council of await deps.councils.list()) {
    // Refunds owed from earlier first: those decided below are tried at once, by themselves.
    await alone('refunds owed', council.id, async () => {
      const owed = await bookings.finishDueRefunds(council.id);
      result.refundsFinished += owed.finished;
      result.refundsStillDue += owed.stillDue;
    });
    await alone('holds run out', council.id, async () => {
      const holds = await bookings.expireHolds(council.id);
      result.holdsExpired += holds.expired;
      result.holdsFailed += holds.failed;
    });
    await alone('cancelled sessions', council.id, () => refundCancelledSessions(council.id));
  }
  return result;

  async function refundCancelledSessions(councilId: string) {
    for (const cancellation of await stores.sessions.cancellationsAwaitingRefunds(councilId)) {
      try {
        const done = await bookings.refundCancelledSession(cancellation.sessionId, cancellation.reason);
        // Every booking's refund is decided (and any not yet made is owed on the booking): the
        // note has done its work.
        await stores.sessions.refundsDone(cancellation);
        result.sessionsRefunded += 1;
        result.bookingsRefunded += done.refunded;
        result.refundsFinished += done.finished;
        result.refundsStillDue += done.stillDue;
      } catch (error) {
        deps.logger.warn('session refunds not finished', {
          sessionId: cancellation.sessionId,
          error: String(error),
        });
        result.refundsFailed += 1;
      }
    }
  }
}
