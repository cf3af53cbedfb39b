import { newId } from './ids';
import type { StripeEvent } from './objects';

/**
 * The API version whose shapes the emulator speaks (the one `stripe@23.1.0` pins). A test
 * compares it with the SDK's, so upgrading the SDK points here.
 */
export const emulatedApiVersion = '2026-10-28.endive';

/** The API request that caused an event; null for things the customer or the clock did. */
export interface EventOrigin {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const noOrigin: EventOrigin = { requestId: null, idempotencyKey: null };

export interface EventInput {
  type: string;
  object: unknown;
  created: number;
  pendingWebhooks: number;
  origin?: EventOrigin;
  previousAttributes?: Record<string, unknown>;
}

/** Events carry a snapshot: later changes to the object must not show in an event already sent. */
export function buildEvent(input: EventInput): StripeEvent {
  const origin = input.origin ?? noOrigin;
  return {
    id: newId('evt'),
    object: 'event',
    api_version: emulatedApiVersion,
    created: input.created,
    data: {
      object: structuredClone(input.object),
      ...(input.previousAttributes === undefined
        ? {}
        : { previous_attributes: structuredClone(input.previousAttributes) }),
    },
    livemode: false,
    pending_webhooks: input.pendingWebhooks,
    request: { id: origin.requestId, idempotency_key: origin.idempotencyKey },
    type: input.type,
  };
}
