import { createHmac } from 'node:crypto';
import type { StripeEvent } from './objects';

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** Stripe sends events pretty-printed; a receiver that re-serialises instead of using the raw body fails. */
export function serialiseEvent(event: StripeEvent): string {
  return JSON.stringify(event, null, 2);
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed by the endpoint secret>`. */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export function signDelivery(secret: string, event: StripeEvent, at: Date): SignedDelivery {
  const body = serialiseEvent(event);
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Stripe-Signature': signatureHeader(secret, body, timestamp),
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'Cache-Control': 'no-cache',
    },
  };
}
