import { completeOnboarding } from './accounts';
import { type PayResult, payCheckoutSession } from './checkout-payment';
import { expireCheckoutSession, expireOverdueSessions } from './checkout-sessions';
import { type DelayedPaymentResult, settleDelayedPayment, startDelayedPayment } from './delayed-payments';
import { disputeCharge } from './disputes';
import type { EmulatorCore } from './emulator-core';
import { noOrigin } from './events';
import { StripeApiError } from './stripe-error';
import type { CardForm } from './test-cards';

/**
 * Test controls: each does what a customer, bank or clock would do, then waits until the webhook
 * deliveries it caused have finished, so a test can assert on the outcome straight away.
 */
export interface EmulatorControls {
  pay(checkoutSessionId: string, card: string | Partial<CardForm>): Promise<PayResult>;
  /** Pays with a method that settles later (Bacs Direct Debit): complete, unpaid, processing. */
  payLater(checkoutSessionId: string): Promise<DelayedPaymentResult>;
  /** The bank's answer to a payment that settles later. */
  settle(paymentIntentId: string, outcome: 'succeeded' | 'failed'): Promise<void>;
  expire(checkoutSessionId: string): Promise<void>;
  resend(eventId: string): Promise<number>;
  disputeCharge(chargeId: string): Promise<void>;
  completeOnboarding(accountId: string): Promise<void>;
  /** Expires sessions whose `expires_at` has passed on the emulator's clock. */
  expireOverdue(): Promise<void>;
}

export function createControls(core: EmulatorCore): EmulatorControls {
  const settled = async <T>(result: T): Promise<T> => {
    await core.dispatcher.idle();
    return result;
  };
  return {
    pay: (sessionId, card) => settled(payCheckoutSession(core, sessionId, cardForm(card, core.now()))),
    payLater: (sessionId) => settled(startDelayedPayment(core, sessionId)),
    settle: (intentId, outcome) => settled(void settleDelayedPayment(core, intentId, outcome)),
    expire: (sessionId) => settled(void expireCheckoutSession(core, sessionId, noOrigin)),
    resend: async (eventId) => {
      const event = core.findEvent(eventId);
      if (!event)
        throw new StripeApiError(
          404,
          'invalid_request_error',
          `No such event: '${eventId}'`,
          'id',
          'resource_missing',
        );
      return core.dispatcher.resend(event);
    },
    disputeCharge: (chargeId) => settled(void disputeCharge(core, chargeId)),
    completeOnboarding: (accountId) => settled(void completeOnboarding(core, accountId)),
    expireOverdue: () => settled(expireOverdueSessions(core)),
  };
}

/** Fills what a test leaves out with values the hosted page accepts. */
function cardForm(card: string | Partial<CardForm>, today: Date): CardForm {
  const given = typeof card === 'string' ? { number: card } : card;
  const year = (today.getUTCFullYear() + 3) % 100;
  return {
    number: given.number ?? '',
    expiry: given.expiry ?? `12 / ${String(year).padStart(2, '0')}`,
    cvc: given.cvc ?? '123',
    name: given.name ?? 'Test Cardholder',
    email: given.email ?? 'customer@example.com',
  };
}
