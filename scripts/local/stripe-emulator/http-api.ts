import { type Context, Hono } from 'hono';
import { createAccount, createAccountLink, findAccount } from './accounts';
import {
  createCheckoutSession,
  expireCheckoutSession,
  expireOverdueSessions,
  findSessionRecord,
} from './checkout-sessions';
import type { EmulatorCore } from './emulator-core';
import { type EventOrigin, emulatedApiVersion } from './events';
import { expandObject } from './expand';
import { type FormObject, ParamReader, parseFormParams, rejectUnknownParams } from './form-params';
import type { IdempotencyStore, StoredResponse } from './idempotency';
import { randomToken } from './ids';
import { createRefund, listRefunds } from './refunds';
import { invalidApiKey, missingApiKey, resourceMissing, StripeApiError } from './stripe-error';

export interface ApiCall {
  params: FormObject;
  origin: EventOrigin;
  /** The `:id` path segment, where the route has one. */
  id: string;
}

type ApiHandler = (call: ApiCall) => object;

export interface ApiOptions {
  secretKeys: readonly string[];
  idempotency: IdempotencyStore;
}

/** The slice of Stripe's v1 API the marketplace calls, with Stripe's auth, errors and idempotency. */
export function createApiRoutes(core: EmulatorCore, options: ApiOptions): Hono {
  const app = new Hono();
  const endpoint = (handler: ApiHandler) => (c: Context) => handleApiRequest(c, core, options, handler);
  const retrieve = (find: (id: string) => object) =>
    endpoint(({ params, id }) => {
      rejectUnknownParams(params, {});
      return find(id);
    });

  app.post(
    '/checkout/sessions',
    endpoint(({ params }) => createCheckoutSession(core, params)),
  );
  app.get(
    '/checkout/sessions/:id',
    retrieve((id) => findSessionRecord(core, id).session),
  );
  app.post(
    '/checkout/sessions/:id/expire',
    endpoint(({ params, id, origin }) => {
      rejectUnknownParams(params, {});
      return expireCheckoutSession(core, id, origin);
    }),
  );
  app.get(
    '/payment_intents/:id',
    retrieve((id) => found(core.store.paymentIntents.get(id), 'payment_intent', id, 'intent')),
  );
  app.get(
    '/charges/:id',
    retrieve((id) => found(core.store.charges.get(id), 'charge', id, 'charge')),
  );
  app.post(
    '/refunds',
    endpoint(({ params, origin }) => createRefund(core, params, origin)),
  );
  app.get(
    '/refunds',
    endpoint(({ params }) => listRefunds(core, params)),
  );
  app.post(
    '/accounts',
    endpoint(({ params }) => createAccount(core, params)),
  );
  app.get(
    '/accounts/:id',
    retrieve((id) => findAccount(core, id)),
  );
  app.post(
    '/account_links',
    endpoint(({ params }) => createAccountLink(core, params)),
  );
  app.all('*', (c) =>
    handleApiRequest(c, core, options, () => {
      throw new StripeApiError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${c.req.method}: ${new URL(c.req.url).pathname}). The Stripe emulator implements only the endpoints the marketplace uses.`,
      );
    }),
  );
  return app;
}

function found<T>(value: T | undefined, objectName: string, id: string, param: string): T {
  if (value === undefined) throw resourceMissing(objectName, id, param);
  return value;
}

async function handleApiRequest(
  c: Context,
  core: EmulatorCore,
  options: ApiOptions,
  handler: ApiHandler,
): Promise<Response> {
  const requestId = `req_${randomToken(14)}`;
  const headers: Record<string, string> = {
    'Request-Id': requestId,
    'Stripe-Version': emulatedApiVersion,
  };
  const idempotencyKey = c.req.method === 'POST' ? (c.req.header('Idempotency-Key') ?? null) : null;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let apiKey: string | undefined;
  let fingerprint = '';
  try {
    apiKey = authenticate(c, options.secretKeys);
    refuseConnectHeader(c);
    refuseOtherApiVersions(c);
    const raw = c.req.method === 'GET' ? new URL(c.req.url).search.slice(1) : await c.req.text();
    fingerprint = `${c.req.method} ${new URL(c.req.url).pathname}\n${raw}`;
    const params = parseFormParams(raw);
    // Every request is kept, an idempotent replay too: a test sees what was sent, not only what did something.
    core.recordRequest({ method: c.req.method, path: new URL(c.req.url).pathname, params, idempotencyKey });
    const replayed = idempotencyKey
      ? options.idempotency.replay(apiKey, idempotencyKey, fingerprint)
      : undefined;
    if (replayed) return respond(replayed, { ...headers, 'Idempotent-Replayed': 'true' });
    expireOverdueSessions(core);
    const result = handler({ params, origin: { requestId, idempotencyKey }, id: c.req.param('id') ?? '' });
    const expand = new ParamReader(params).strings('expand') ?? [];
    const response = { status: 200, body: JSON.stringify(expandObject(core.store, result, expand), null, 2) };
    if (idempotencyKey) options.idempotency.save(apiKey, idempotencyKey, fingerprint, response);
    return respond(response, headers);
  } catch (error) {
    const failure = asStripeError(error);
    const response = { status: failure.status, body: JSON.stringify(failure.toBody(), null, 2) };
    // Stripe saves a result only once the request got past validation (https://stripe.com/docs/api/idempotent_requests).
    if (
      idempotencyKey &&
      apiKey &&
      failure.type !== 'invalid_request_error' &&
      failure.type !== 'idempotency_error'
    ) {
      options.idempotency.save(apiKey, idempotencyKey, fingerprint, response);
    }
    return respond(response, headers);
  }
}

function respond(response: StoredResponse, headers: Record<string, string>): Response {
  return new Response(response.body, {
    status: response.status,
    headers: { ...headers, 'Content-Type': 'application/json' },
  });
}

/** Bearer auth as the SDK sends it, or basic auth with the key as user name, as curl -u does. */
function authenticate(c: Context, secretKeys: readonly string[]): string {
  const header = c.req.header('Authorization') ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
  const key = bearer ?? (basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined);
  if (!key) throw missingApiKey();
  if (!secretKeys.includes(key.trim())) throw invalidApiKey(key.trim());
  return key.trim();
}

/** The marketplace uses destination charges only; acting as a connected account is not emulated. */
function refuseConnectHeader(c: Context): void {
  if (c.req.header('Stripe-Account')) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      'The Stripe emulator does not implement the Stripe-Account header (direct charges); use destination charges.',
    );
  }
}

/** Objects are shaped for one API version; answering another version's request with them would mislead. */
function refuseOtherApiVersions(c: Context): void {
  const requested = c.req.header('Stripe-Version');
  if (requested && requested !== emulatedApiVersion) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `The Stripe emulator only speaks API version ${emulatedApiVersion}, not ${requested}.`,
    );
  }
}

function asStripeError(error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error;
  console.error('Stripe emulator: unexpected error', error);
  return new StripeApiError(500, 'api_error', 'An unexpected error occurred in the Stripe emulator.');
}
