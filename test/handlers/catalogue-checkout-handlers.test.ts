import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalTokenIssuer, localEnvironment } from '../../scripts/local/local-auth';
import { httpApiEvent, type LambdaResult, lambdaContext } from '../support/api-gateway-events';
import { createTestTable } from '../support/test-table';

const webhookSecret = 'whsec_handler_test';

type Invoke = (event: ReturnType<typeof httpApiEvent>) => Promise<LambdaResult>;
const handlers: Record<'catalogue' | 'checkout', Invoke> = {} as Record<'catalogue' | 'checkout', Invoke>;

beforeAll(async () => {
  const table = await createTestTable();
  const issuer = await createLocalTokenIssuer();
  for (const [name, value] of Object.entries({
    ...localEnvironment(table.name, table.endpoint, issuer),
    LOG_LEVEL: 'silent',
    // Nothing here reaches Stripe: an unknown account's event is recorded without a call.
    STRIPE_SECRET_KEY: 'sk_test_handler',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_URL: 'http://127.0.0.1:9',
  })) {
    vi.stubEnv(name, value);
  }
  const catalogue = await import('../../functions/catalogue/handler');
  const checkout = await import('../../functions/checkout/handler');
  handlers.catalogue = (event) => catalogue.handler(event, lambdaContext) as Promise<LambdaResult>;
  handlers.checkout = (event) => checkout.handler(event, lambdaContext) as Promise<LambdaResult>;
});

afterAll(() => vi.unstubAllEnvs());

describe.each(['catalogue', 'checkout'] as const)('%s Lambda handler', (name) => {
  it('answers its health route after reading the table', async () => {
    const result = await handlers[name](httpApiEvent({ path: `/api/${name}/health`, query: { probe: '1' } }));
    expect(result.statusCode).toBe(200);
    expect(result.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(result.body)).toMatchObject({
      function: name,
      status: 'ok',
      checks: { table: { status: 'ok' } },
    });
  });

  it('answers an unknown path under its prefix with a 404 problem', async () => {
    const result = await handlers[name](httpApiEvent({ path: `/api/${name}/nothing-here` }));
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toBe('application/problem+json');
  });

  it('shows browsers a GOV.UK "Page not found" page instead of JSON', async () => {
    const result = await handlers[name](
      httpApiEvent({ path: `/${name}/nothing-here`, headers: { accept: 'text/html' } }),
    );
    expect(result.statusCode).toBe(404);
    expect(result.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
  });
});

describe('checkout Lambda handler: Stripe webhooks', () => {
  const body = JSON.stringify({
    id: 'evt_handler_1',
    object: 'event',
    api_version: '2026-10-28.endive',
    created: 1_795_000_000,
    type: 'account.updated',
    data: { object: { id: 'acct_unknown', object: 'account', charges_enabled: true } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  });
  const signed = (payload: string, secret = webhookSecret) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const deliver = (payload: string, signature: string) =>
    handlers.checkout(
      httpApiEvent({
        method: 'POST',
        path: '/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: payload,
      }),
    );

  it('takes a correctly signed event from the raw body, once', async () => {
    const first = await deliver(body, signed(body));
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ received: true, outcome: 'unknown account' });
    const again = await deliver(body, signed(body));
    expect(JSON.parse(again.body)).toMatchObject({ outcome: 'duplicate' });
  });

  it('refuses a wrong secret or an altered body with a 400 problem', async () => {
    const other = body.replace('evt_handler_1', 'evt_handler_2');
    for (const result of [
      await deliver(other, signed(other, 'whsec_someone_else')),
      await deliver(other, signed(body)),
    ]) {
      expect(result.statusCode).toBe(400);
      expect(result.headers['content-type']).toBe('application/problem+json');
    }
    const genuine = await deliver(other, signed(other));
    expect(JSON.parse(genuine.body)).toMatchObject({ outcome: 'unknown account' });
  });
});
