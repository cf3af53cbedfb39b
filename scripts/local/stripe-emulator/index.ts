import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { PayResult } from './checkout-payment';
import { expireOverdueSessions } from './checkout-sessions';
import { createControls } from './controls';
import type { DelayedPaymentResult } from './delayed-payments';
import type { ApiRequest } from './emulator-core';
import { EmulatorCore } from './emulator-core';
import { createApiRoutes } from './http-api';
import { createControlRoutes } from './http-control';
import { createHostedRoutes } from './http-hosted';
import { IdempotencyStore } from './idempotency';
import type { StripeEvent } from './objects';
import type { CardForm } from './test-cards';
import { type DeliveryAttempt, WebhookDispatcher, type WebhookTarget } from './webhook-dispatcher';

export type { PayResult } from './checkout-payment';
export type { DelayedPaymentResult } from './delayed-payments';
export type { ApiRequest } from './emulator-core';
export { emulatedApiVersion } from './events';
export type { StripeEvent } from './objects';
export type { CardForm } from './test-cards';
export { testCards } from './test-cards';
export type { DeliveryAttempt, WebhookTarget } from './webhook-dispatcher';

export interface StripeEmulatorOptions {
  /** 0 or undefined: any free port. Always 127.0.0.1. */
  port?: number;
  /** Accepted API keys (`Authorization: Bearer sk_test_…`); default `['sk_test_emulator']`. */
  secretKeys?: string[];
  /** The endpoint secret (`whsec_…`) events are signed with. */
  webhookSecret: string;
  /** Where events go: a URL, or a fetch-like function (tests pass `app.fetch`). None: events are only recorded. */
  webhook?: WebhookTarget;
  /** Event types the endpoint listens for, like a Stripe webhook endpoint's `enabled_events`; default `['*']`. */
  enabledEvents?: string[];
  /** The emulator's clock: `created`, `expires_at` and expiry follow it. Default: the real clock. */
  now?: () => Date;
  /** Base of hosted page links; default `http://127.0.0.1:<port>`. */
  publicUrl?: string;
  /** How many of the latest API requests `requests()` keeps; default 5,000. */
  requestLogSize?: number;
}

export interface StripeEmulator {
  url: string;
  host: string;
  port: number;
  /** Spread into `new Stripe(key, { ...clientOptions })`. */
  clientOptions: { host: string; port: number; protocol: 'http'; telemetry: false; maxNetworkRetries: 0 };
  close(): Promise<void>;
  /** Every event created, in order. */
  events(): StripeEvent[];
  /** The API requests answered, in order (the latest `requestLogSize`): method, path, decoded parameters, idempotency key. */
  requests(): ApiRequest[];
  /** Every delivery attempt, in order, with its HTTP status (0: no response). */
  deliveries(): DeliveryAttempt[];
  /** Resolves once every queued webhook delivery has finished (API calls deliver in the background). */
  idle(): Promise<void>;
  /** Submits the hosted payment page with this card (a number, or any of the form's fields). */
  pay(checkoutSessionId: string, card: string | Partial<CardForm>): Promise<PayResult>;
  /**
   * Pays with a method that settles days later (Bacs Direct Debit): the session completes unpaid,
   * its PaymentIntent `processing` (`checkout.session.completed`). Stripe does this only for
   * delayed-notification methods, never offered with cards alone; the emulator allows it on any
   * open session so a test can prove what the receiver does with the asynchronous events.
   */
  payLater(checkoutSessionId: string): Promise<DelayedPaymentResult>;
  /** The bank's answer: `checkout.session.async_payment_succeeded` (now paid) or `..._failed`. */
  settle(paymentIntentId: string, outcome: 'succeeded' | 'failed'): Promise<void>;
  /** As if `expires_at` passed: status `expired` and `checkout.session.expired`. */
  expire(checkoutSessionId: string): Promise<void>;
  /** Expires every open session whose `expires_at` is past on the emulator's clock (it also does this by itself each second). */
  expireOverdue(): Promise<void>;
  /** Delivers an event again: same id, fresh signature. Returns the HTTP status (0: no response). */
  resend(eventId: string): Promise<number>;
  /** Builds and records an event without delivering it. */
  createEvent(type: string, object: unknown): StripeEvent;
  /** The exact body and headers a delivery of this event would carry, signed at `at` (default: now, wall clock). */
  signedDelivery(event: StripeEvent, at?: Date): { body: string; headers: Record<string, string> };
  /** `charge.dispute.created` for this charge. */
  disputeCharge(chargeId: string): Promise<void>;
  /** As if the provider clicked through hosted onboarding: the account can take payments; `account.updated`. */
  completeOnboarding(accountId: string): Promise<void>;
}

const host = '127.0.0.1';
const expirySweepMs = 1000;

/** Starts a local Stripe for `npm start` and tests. Never part of a Lambda bundle. */
export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulator> {
  const now = options.now ?? (() => new Date());
  const dispatcher = new WebhookDispatcher(options.webhook, options.webhookSecret);
  const core = new EmulatorCore(now, dispatcher, options.enabledEvents ?? ['*'], options.requestLogSize);
  const controls = createControls(core);
  const app = new Hono();
  app.route(
    '/v1',
    createApiRoutes(core, {
      secretKeys: options.secretKeys ?? ['sk_test_emulator'],
      idempotency: new IdempotencyStore(now),
    }),
  );
  app.route('/_emulator', createControlRoutes(core, controls));
  app.route('/', createHostedRoutes(core));

  const { server, port } = await listen(app, options.port ?? 0);
  const url = `http://${host}:${port}`;
  core.publicUrl = (options.publicUrl ?? url).replace(/\/$/, '');
  // Stripe expires sessions on its own; unref so the timer never keeps a process alive.
  const sweep = setInterval(() => expireOverdueSessions(core), expirySweepMs);
  sweep.unref();

  return {
    url,
    host,
    port,
    clientOptions: { host, port, protocol: 'http', telemetry: false, maxNetworkRetries: 0 },
    close: async () => {
      clearInterval(sweep);
      await dispatcher.idle();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this close waits for them to time out.
        server.closeAllConnections();
      });
    },
    events: () => core.events(),
    requests: () => core.requests(),
    deliveries: () => dispatcher.deliveries(),
    idle: () => dispatcher.idle(),
    pay: controls.pay,
    payLater: controls.payLater,
    settle: controls.settle,
    expire: controls.expire,
    expireOverdue: controls.expireOverdue,
    resend: controls.resend,
    createEvent: (type, object) => core.createEvent(type, object),
    signedDelivery: (event, at) => dispatcher.signedDelivery(event, at),
    disputeCharge: controls.disputeCharge,
    completeOnboarding: controls.completeOnboarding,
  };
}

function listen(app: Hono, port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      // Without http2/https options @hono/node-server makes a plain node:http server.
      resolve({ server: server as Server, port: info.port });
    });
    server.once('error', reject);
  });
}
