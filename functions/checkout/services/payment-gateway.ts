import type { RefundAtStripe } from '../domain/bookings';

/**
 * What the checkout needs from a card payment provider (Stripe), in our words. The service talks
 * to this port; `stripe-gateway.ts` implements it with the Stripe SDK.
 */
export interface CheckoutRequest {
  bookingId: string;
  councilId: string;
  description: string;
  lines: { name: string; unitAmountPence: number; quantity: number }[];
  /** The provider's connected account: the charge is a destination charge to it. */
  destinationAccountId: string;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  customerEmail?: string | undefined;
  idempotencyKey: string;
}

export interface CardCharge {
  id: string;
  funding?: string | undefined;
  brand?: string | undefined;
  last4?: string | undefined;
  amountRefundedPence: number;
  disputed: boolean;
}

/** A checkout as Stripe has it now: fetched afresh, so events may arrive in any order. */
export interface CheckoutState {
  id: string;
  url?: string | undefined;
  status: 'open' | 'complete' | 'expired';
  paid: boolean;
  /**
   * Completed but its payment failed afterwards (a method that settles later was refused): it
   * will never be paid, as surely as an expired one.
   */
  paymentFailed: boolean;
  bookingId?: string | undefined;
  paymentIntentId?: string | undefined;
  charge?: CardCharge | undefined;
}

export interface PayoutAccountState {
  id: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
}

/** A webhook event, once its signature has been checked. */
export interface PaymentEvent {
  id: string;
  type: string;
  /** The event's object, as Stripe sent it. */
  object: Record<string, unknown>;
}

export interface PaymentGateway {
  createCheckout(request: CheckoutRequest): Promise<{ id: string; url: string }>;
  getCheckout(id: string): Promise<CheckoutState>;
  /** The booking a payment was for, from the payment's own metadata at Stripe. */
  bookingOfPayment(paymentIntentId: string): Promise<string | undefined>;
  /** Stops an open checkout being paid; false when it was no longer open. */
  expireCheckout(id: string): Promise<boolean>;
  /** Refunds to the card, carrying the booking and the owed refund it makes (`dueId`) so it can be found again. */
  refund(request: {
    paymentIntentId: string;
    amountPence: number;
    idempotencyKey: string;
    bookingId: string;
    dueId: string;
  }): Promise<{ id: string }>;
  /** Every refund of a payment, oldest first: ours, and any made from the dashboard. */
  listRefunds(paymentIntentId: string): Promise<RefundAtStripe[]>;
  createAccount(request: {
    email: string;
    councilId: string;
    providerId: string;
    idempotencyKey: string;
  }): Promise<{
    id: string;
  }>;
  accountLink(request: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<string>;
  getAccount(id: string): Promise<PayoutAccountState>;
  /** The event, if the signature is good and fresh; throws `WebhookSignatureError` otherwise. */
  verifyEvent(rawBody: string, signature: string | undefined): Promise<PaymentEvent>;
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

/** The payment provider could not be reached or refused the call; nothing was paid or refunded. */
export class PaymentUnavailableError extends Error {
  override name = 'PaymentUnavailableError';
  constructor(
    message: string,
    /** Stripe's reason for refusing (its error code, like `charge_disputed`); none when it could not be reached. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A gateway that is never reached (building the API document); every call says payments are unavailable. */
export const unreachablePayments: PaymentGateway = new Proxy({} as PaymentGateway, {
  get: () => () => Promise.reject(new PaymentUnavailableError('No payment gateway here')),
});
