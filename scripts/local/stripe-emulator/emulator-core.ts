import { buildEvent, type EventOrigin } from './events';
import type { StripeEvent } from './objects';
import { EmulatorStore } from './store';
import type { WebhookDispatcher } from './webhook-dispatcher';

/** An API request the emulator answered: what a test asks to see what was sent to Stripe. */
export interface ApiRequest {
  method: string;
  path: string;
  /** The decoded form parameters (or query). */
  params: unknown;
  idempotencyKey: string | null;
}

export interface EmitOptions {
  origin?: EventOrigin;
  previousAttributes?: Record<string, unknown>;
}

/** How many API requests the log keeps: the latest, so `npm start` left running does not grow without end. */
export const requestLogSize = 5_000;

/** The state and services every endpoint, page and control shares. */
export class EmulatorCore {
  readonly store = new EmulatorStore();
  private readonly log: StripeEvent[] = [];
  private readonly requestLog: ApiRequest[] = [];
  /** Set once the server listens (the default depends on the port it got). */
  publicUrl = '';

  constructor(
    private readonly clock: () => Date,
    readonly dispatcher: WebhookDispatcher,
    private readonly enabledEvents: readonly string[],
    private readonly requestLogLimit = requestLogSize,
  ) {}

  now(): Date {
    return this.clock();
  }

  /** Stripe timestamps are whole seconds since the epoch. */
  unixNow(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }

  /** Records an event and queues it for the webhook endpoint, if it listens for that type. */
  emit(type: string, object: unknown, options: EmitOptions = {}): StripeEvent {
    const delivered = this.dispatcher.configured && this.listensFor(type);
    const event = this.record(type, object, delivered ? 1 : 0, options);
    if (delivered) void this.dispatcher.enqueue(event);
    return event;
  }

  /** Records an event without delivering it: tests deliver it themselves, in any order. */
  createEvent(type: string, object: unknown): StripeEvent {
    return this.record(type, object, this.dispatcher.configured ? 1 : 0, {});
  }

  events(): StripeEvent[] {
    return [...this.log];
  }

  recordRequest(request: ApiRequest): void {
    this.requestLog.push(structuredClone(request));
    if (this.requestLog.length > this.requestLogLimit)
      this.requestLog.splice(0, this.requestLog.length - this.requestLogLimit);
  }

  requests(): ApiRequest[] {
    return [...this.requestLog];
  }

  findEvent(id: string): StripeEvent | undefined {
    return this.log.find((event) => event.id === id);
  }

  private listensFor(type: string): boolean {
    return this.enabledEvents.includes('*') || this.enabledEvents.includes(type);
  }

  private record(type: string, object: unknown, pendingWebhooks: number, options: EmitOptions): StripeEvent {
    const event = buildEvent({
      type,
      object,
      created: this.unixNow(),
      pendingWebhooks,
      ...options,
    });
    this.log.push(event);
    return event;
  }
}
