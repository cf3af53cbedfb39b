import Stripe from 'stripe';
import type { RefundAtStripe } from '../domain/bookings';
import {
  type CardCharge,
  type CheckoutState,
  type PaymentEvent,
  type PaymentGateway,
  PaymentUnavailableError,
  WebhookSignatureError,
} from './payment-gateway';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /**
   * Stripe signs events from connected accounts (`account.updated`) with a second endpoint's
   * secret: the endpoint that listens to Connect.
   */
  connectWebhookSecret?: string | undefined;
  /** Local stack and tests: the Stripe emulator. Absent in AWS, where the SDK talks to Stripe. */
  apiUrl?: string | undefined;
}

/** Stripe's own tolerance: a signature older than five minutes is refused, so a captured event cannot be replayed later. */
const signatureToleranceSeconds = 300;

/** The payment port on the Stripe SDK: Checkout with destination charges, Connect Express, refunds, webhooks. */
export function createStripeGateway(settings: StripeSettings): PaymentGateway {
  const endpoint = settings.apiUrl ? new URL(settings.apiUrl) : undefined;
  const stripe = new Stripe(settings.secretKey, {
    telemetry: false,
    maxNetworkRetries: endpoint ? 0 : 2,
    ...(endpoint
      ? {
          host: endpoint.hostname,
          port: Number(endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80)),
          protocol: endpoint.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });

  const unavailable = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError)
        throw new PaymentUnavailableError(
          `Stripe refused the request: ${error.type} ${error.code ?? ''}`.trim(),
          error instanceof Stripe.errors.StripeInvalidRequestError ||
            error instanceof Stripe.errors.StripeCardError ||
            error instanceof Stripe.errors.StripeIdempotencyError
            ? (error.code ?? error.type)
            : undefined,
        );
      throw error;
    }
  };

  const chargeOf = (charge: Stripe.Charge): CardCharge => ({
    id: charge.id,
    funding: charge.payment_method_details?.card?.funding ?? undefined,
    brand: charge.payment_method_details?.card?.brand ?? undefined,
    last4: charge.payment_method_details?.card?.last4 ?? undefined,
    amountRefundedPence: charge.amount_refunded,
    disputed: charge.disputed,
  });

  return {
    createCheckout: (request) =>
      unavailable(async () => {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            // Card only: a direct payment card, or the person's own. The pinned API version
            // (2026-10-28.endive) no longer takes `payment_method_types` on create; this filter
            // on the dashboard's methods is its replacement, and the session's
            // `payment_method_types` says what came through it.
            allowed_payment_method_types: ['card'],
            line_items: request.lines.map((line) => ({
              quantity: line.quantity,
              price_data: {
                currency: 'gbp',
                unit_amount: line.unitAmountPence,
                product_data: { name: line.name },
              },
            })),
            payment_intent_data: {
              description: request.description,
              transfer_data: { destination: request.destinationAccountId },
              metadata: { bookingId: request.bookingId, councilId: request.councilId },
            },
            metadata: { bookingId: request.bookingId, councilId: request.councilId },
            client_reference_id: request.bookingId,
            expires_at: Math.floor(request.expiresAt.getTime() / 1000),
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (!session.url) throw new PaymentUnavailableError('Stripe gave no checkout address');
        return { id: session.id, url: session.url };
      }),

    getCheckout: (id) =>
      unavailable(async (): Promise<CheckoutState> => {
        const session = await stripe.checkout.sessions.retrieve(id, {
          expand: ['payment_intent.latest_charge'],
        });
        const intent = typeof session.payment_intent === 'object' ? session.payment_intent : undefined;
        const charge = intent && typeof intent.latest_charge === 'object' ? intent.latest_charge : undefined;
        return {
          id: session.id,
          url: session.url ?? undefined,
          status:
            session.status === 'complete' ? 'complete' : session.status === 'expired' ? 'expired' : 'open',
          paid: session.payment_status === 'paid',
          paymentFailed:
            session.status === 'complete' &&
            session.payment_status === 'unpaid' &&
            (intent?.status === 'requires_payment_method' || intent?.status === 'canceled'),
          bookingId: session.metadata?.bookingId ?? undefined,
          paymentIntentId:
            intent?.id ?? (typeof session.payment_intent === 'string' ? session.payment_intent : undefined),
          charge: charge ? chargeOf(charge) : undefined,
        };
      }),

    bookingOfPayment: (paymentIntentId) =>
      unavailable(async () => {
        const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
        return intent.metadata?.bookingId || undefined;
      }),

    expireCheckout: (id) =>
      unavailable(async () => {
        try {
          await stripe.checkout.sessions.expire(id);
          return true;
        } catch (error) {
          // Already paid or already expired: nothing to stop.
          if (error instanceof Stripe.errors.StripeInvalidRequestError) return false;
          throw error;
        }
      }),

    refund: (request) =>
      unavailable(async () => {
        const refund = await stripe.refunds.create(
          {
            payment_intent: request.paymentIntentId,
            amount: request.amountPence,
            // The provider's share comes back from their connected account, as it went to them.
            reverse_transfer: true,
            refund_application_fee: true,
            metadata: { bookingId: request.bookingId, dueId: request.dueId },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        return { id: refund.id };
      }),

    listRefunds: (paymentIntentId) =>
      unavailable(async () => {
        const refunds: RefundAtStripe[] = [];
        // Stripe lists newest first, a page at a time; the SDK follows `has_more` for us.
        for await (const refund of stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 }))
          refunds.push({
            id: refund.id,
            amountPence: refund.amount,
            status: (refund.status ?? 'pending') as RefundAtStripe['status'],
            created: refund.created,
            dueId: refund.metadata?.dueId || undefined,
            bookingId: refund.metadata?.bookingId || undefined,
          });
        return refunds.reverse();
      }),

    createAccount: (request) =>
      unavailable(async () => {
        const account = await stripe.accounts.create(
          {
            type: 'express',
            country: 'GB',
            email: request.email,
            capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
            metadata: { councilId: request.councilId, providerId: request.providerId },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        return { id: account.id };
      }),

    accountLink: (request) =>
      unavailable(async () => {
        const link = await stripe.accountLinks.create({
          account: request.accountId,
          refresh_url: request.refreshUrl,
          return_url: request.returnUrl,
          type: 'account_onboarding',
        });
        return link.url;
      }),

    getAccount: (id) =>
      unavailable(async () => {
        const account = await stripe.accounts.retrieve(id);
        return {
          id: account.id,
          chargesEnabled: account.charges_enabled === true,
          payoutsEnabled: account.payouts_enabled === true,
          detailsSubmitted: account.details_submitted === true,
        };
      }),

    async verifyEvent(rawBody, signature): Promise<PaymentEvent> {
      if (!signature) throw new WebhookSignatureError('No Stripe-Signature header');
      const secrets = [settings.webhookSecret, settings.connectWebhookSecret].filter(
        (secret): secret is string => Boolean(secret),
      );
      let reason = 'Signature did not verify';
      for (const secret of secrets) {
        try {
          const event = await stripe.webhooks.constructEventAsync(
            rawBody,
            signature,
            secret,
            signatureToleranceSeconds,
          );
          return {
            id: event.id,
            type: event.type,
            object: event.data.object as unknown as Record<string, unknown>,
          };
        } catch (error) {
          reason = error instanceof Error ? error.message : reason;
        }
      }
      throw new WebhookSignatureError(reason);
    },
  };
}
