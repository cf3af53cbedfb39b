import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../shared/http/app-env';
import { problems } from '../../../shared/http/problem';
import type { Checkout } from '../services/checkout-on-table';
import { type PaymentGateway, WebhookSignatureError } from '../services/payment-gateway';

/** Stripe's events are small; anything much bigger is not from Stripe. */
const maxBodyBytes = 256 * 1024;

/**
 * `POST /webhooks/stripe`: the only way a card booking is confirmed. The signature is checked
 * over the raw body (with Stripe's 5-minute tolerance); anything unsigned, stale or altered gets
 * a 400 and changes nothing.
 */
export function addStripeWebhook(app: OpenAPIHono<AppEnv>, checkout: Checkout, payments: PaymentGateway) {
  app.post('/webhooks/stripe', async (c) => {
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > maxBodyBytes) throw problems.malformed('This is too big to be a Stripe event.');
    const rawBody = await c.req.text();
    if (rawBody.length > maxBodyBytes) throw problems.malformed('This is too big to be a Stripe event.');
    let event: Awaited<ReturnType<PaymentGateway['verifyEvent']>>;
    try {
      event = await payments.verifyEvent(rawBody, c.req.header('stripe-signature'));
    } catch (error) {
      if (error instanceof WebhookSignatureError) {
        c.get('logger').warn('webhook refused', { reason: error.message });
        throw problems.malformed('The Stripe signature is missing, stale or does not match this body.');
      }
      throw error;
    }
    const outcome = await checkout.webhooks.handle(event);
    c.get('logger').info('webhook handled', { eventId: event.id, type: event.type, outcome });
    return c.json({ received: true, outcome }, 200);
  });
}
