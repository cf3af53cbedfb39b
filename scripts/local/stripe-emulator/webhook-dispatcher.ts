import type { StripeEvent } from './objects';
import { type SignedDelivery, signDelivery } from './webhook-signature';

export type WebhookTarget =
  | { url: string }
  /** `url` only names the request handed to `fetch` (its path reaches the app's router). */
  | { fetch: (request: Request) => Promise<Response>; url?: string };

export interface DeliveryAttempt {
  eventId: string;
  /** HTTP status, or 0 when the request failed before any response. */
  status: number;
}

const defaultFetchUrl = 'http://127.0.0.1/webhooks/stripe';
const attemptTimeoutMs = 10_000;

/**
 * Delivers events one at a time, in the order they were created, retrying failures briefly.
 * Stripe retries for days; tests need it to settle in under a second.
 */
export class WebhookDispatcher {
  private readonly attempts: DeliveryAttempt[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly target: WebhookTarget | undefined,
    private readonly secret: string,
    private readonly retryDelaysMs: readonly number[] = [50, 200, 500],
  ) {}

  get configured(): boolean {
    return this.target !== undefined;
  }

  deliveries(): DeliveryAttempt[] {
    return [...this.attempts];
  }

  /**
   * Signatures carry the wall-clock time, not the emulator's (movable) clock: receivers check
   * freshness against their own wall clock, as `constructEventAsync` does by default.
   */
  signedDelivery(event: StripeEvent, at: Date = new Date()): SignedDelivery {
    return signDelivery(this.secret, event, at);
  }

  /** Queues delivery; it starts on a later turn of the event loop, after the API response. */
  enqueue(event: StripeEvent): Promise<void> {
    return this.schedule(() =>
      // Nobody awaits a background delivery, so a failure here must not become an unhandled rejection.
      this.deliverWithRetries(event).catch((error: unknown) => {
        console.error(`Stripe emulator: could not deliver ${event.id}`, error);
      }),
    );
  }

  /** One more attempt for an event already sent (same id, fresh signature). */
  resend(event: StripeEvent): Promise<number> {
    return this.schedule(() => this.attempt(event));
  }

  /** Resolves once nothing is queued, including deliveries queued while waiting. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }

  private schedule<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async deliverWithRetries(event: StripeEvent): Promise<void> {
    for (const delay of [0, ...this.retryDelaysMs]) {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const status = await this.attempt(event);
      if (status >= 200 && status < 300) return;
    }
  }

  private async attempt(event: StripeEvent): Promise<number> {
    if (!this.target) return 0;
    const status = await this.send(this.target, this.signedDelivery(event)).catch((error: unknown) => {
      // A network error counts as a failed attempt, as it does for Stripe.
      console.warn(
        `Stripe emulator: delivering ${event.id} (${event.type}) failed: ${describeFailure(error)}`,
      );
      return 0;
    });
    this.attempts.push({ eventId: event.id, status });
    return status;
  }

  private async send(target: WebhookTarget, delivery: SignedDelivery): Promise<number> {
    const init: RequestInit = {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
      signal: AbortSignal.timeout(attemptTimeoutMs),
    };
    const response =
      'fetch' in target
        ? await target.fetch(new Request(target.url ?? defaultFetchUrl, init))
        : await fetch(target.url, init);
    // Read the body so the connection can be reused; Stripe ignores it.
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  }
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
