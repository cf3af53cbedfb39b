import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, onboardedAccount, sessionParams, startHarness } from './emulator-harness';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

async function invalidRequest(call: Promise<unknown>): Promise<Stripe.errors.StripeInvalidRequestError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  return error as Stripe.errors.StripeInvalidRequestError;
}

describe('creating a Checkout Session', () => {
  it('returns an open, unpaid session with Stripe fields and a hosted page URL, and retrieves it', async () => {
    const { stripe, emulator } = harness;
    const created = await stripe.checkout.sessions.create(
      sessionParams({
        client_reference_id: 'booking-1',
        customer_email: 'parent@example.com',
        metadata: { bookingId: 'b-1' },
      }),
    );
    expect(created).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 2500,
      amount_total: 2500,
      currency: 'gbp',
      client_reference_id: 'booking-1',
      customer_email: 'parent@example.com',
      metadata: { bookingId: 'b-1' },
      payment_intent: null,
      livemode: false,
      success_url: 'https://marketplace.test/bookings/done?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://marketplace.test/bookings/cancelled',
    });
    expect(created.id).toMatch(/^cs_test_/);
    expect(created.url).toBe(`${emulator.url}/checkout/${created.id}`);
    expect(created.expires_at - created.created).toBe(24 * 60 * 60);

    const retrieved = await stripe.checkout.sessions.retrieve(created.id);
    expect(retrieved).toEqual(created);
  });

  it('names the missing param the way Stripe does', async () => {
    const params = sessionParams();
    const error = await invalidRequest(
      harness.stripe.checkout.sessions.create({
        ...params,
        line_items: [{ price_data: { currency: 'gbp', product_data: { name: 'Swim' } }, quantity: 1 }],
      }),
    );
    expect(error.param).toBe('line_items[0][price_data][unit_amount]');
    expect(error.code).toBe('parameter_missing');
    expect(error.statusCode).toBe(400);
  });

  it('refuses parameters Stripe would not recognise', async () => {
    const error = await invalidRequest(
      harness.stripe.checkout.sessions.create({
        ...sessionParams(),
        colour: 'blue',
      } as Stripe.Checkout.SessionCreateParams),
    );
    expect(error.message).toBe('Received unknown parameter: colour');
    expect(error.param).toBe('colour');
  });

  it('takes a filter on payment methods as API 2026-10-28 does, and refuses payment_method_types', async () => {
    const { stripe } = harness;
    const cardOnly = await stripe.checkout.sessions.create(
      sessionParams({ allowed_payment_method_types: ['card'] }),
    );
    expect(cardOnly).toMatchObject({
      allowed_payment_method_types: ['card'],
      payment_method_types: ['card'],
    });
    expect((await stripe.checkout.sessions.retrieve(cardOnly.id)).allowed_payment_method_types).toEqual([
      'card',
    ]);
    // Without the filter, the dashboard's methods: the emulator offers cards only.
    const dynamic = await stripe.checkout.sessions.create(sessionParams());
    expect(dynamic).toMatchObject({ allowed_payment_method_types: null, payment_method_types: ['card'] });

    // Not taken on create by the pinned API version (emulatedApiVersion): Stripe no longer knows the parameter.
    const removed = await invalidRequest(
      stripe.checkout.sessions.create({
        ...sessionParams(),
        payment_method_types: ['card'],
      } as Stripe.Checkout.SessionCreateParams),
    );
    expect(removed.message).toBe('Received unknown parameter: payment_method_types');
    const nothingToPayWith = await invalidRequest(
      stripe.checkout.sessions.create(sessionParams({ allowed_payment_method_types: ['bacs_debit'] })),
    );
    expect(nothingToPayWith.param).toBe('allowed_payment_method_types');
  });

  it('keeps every API request it answered, with its parameters and idempotency key, for tests to read', async () => {
    const { stripe, emulator } = harness;
    const session = await stripe.checkout.sessions.create(
      sessionParams({ allowed_payment_method_types: ['card'], metadata: { bookingId: 'b-3' } }),
      { idempotencyKey: 'hold-3' },
    );
    await stripe.checkout.sessions.retrieve(session.id);
    const [created, retrieved] = emulator.requests();
    expect(created).toMatchObject({
      method: 'POST',
      path: '/v1/checkout/sessions',
      idempotencyKey: 'hold-3',
      params: { allowed_payment_method_types: ['card'], metadata: { bookingId: 'b-3' }, mode: 'payment' },
    });
    expect(retrieved).toMatchObject({
      method: 'GET',
      path: `/v1/checkout/sessions/${session.id}`,
      idempotencyKey: null,
    });
    const overHttp = await (await fetch(`${emulator.url}/_emulator/requests`)).json();
    expect(overHttp.requests).toHaveLength(2);
  });

  it('keeps only the latest requests, so a stack left running does not grow without end', async () => {
    const small = await startHarness({ requestLogSize: 3 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await small.stripe.checkout.sessions.create(sessionParams())).id);
      await small.stripe.checkout.sessions.retrieve(ids[0] as string);
      expect(small.emulator.requests().map((request) => `${request.method} ${request.path}`)).toEqual([
        'POST /v1/checkout/sessions',
        'POST /v1/checkout/sessions',
        `GET /v1/checkout/sessions/${ids[0]}`,
      ]);
    } finally {
      await small.emulator.close();
    }
  });

  it('only accepts expires_at between 30 minutes and 24 hours ahead', async () => {
    const now = Math.floor(harness.clock.now.getTime() / 1000);
    for (const expiresAt of [now + 29 * 60, now + 24 * 60 * 60 + 1]) {
      const error = await invalidRequest(
        harness.stripe.checkout.sessions.create(sessionParams({ expires_at: expiresAt })),
      );
      expect(error.param).toBe('expires_at');
    }
    const session = await harness.stripe.checkout.sessions.create(
      sessionParams({ expires_at: now + 30 * 60 }),
    );
    expect(session.expires_at).toBe(now + 30 * 60);
  });

  it('only sends destination charges to connected accounts that can take payments', async () => {
    const { stripe } = harness;
    const param = 'payment_intent_data[transfer_data][destination]';
    const unknown = await invalidRequest(
      stripe.checkout.sessions.create(
        sessionParams({ payment_intent_data: { transfer_data: { destination: 'acct_doesnotexist' } } }),
      ),
    );
    expect(unknown.param).toBe(param);

    const pending = await stripe.accounts.create({ type: 'express', country: 'GB' });
    const notReady = await invalidRequest(
      stripe.checkout.sessions.create(
        sessionParams({ payment_intent_data: { transfer_data: { destination: pending.id } } }),
      ),
    );
    expect(notReady.param).toBe(param);

    const ready = await onboardedAccount(harness);
    const session = await stripe.checkout.sessions.create(
      sessionParams({
        payment_intent_data: { transfer_data: { destination: ready.id }, application_fee_amount: 100 },
      }),
    );
    expect(session.status).toBe('open');
  });

  it('answers an unknown id with resource_missing', async () => {
    const error = await invalidRequest(harness.stripe.checkout.sessions.retrieve('cs_test_nothing'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect(error.message).toBe("No such checkout.session: 'cs_test_nothing'");
  });

  it('refuses an API key it does not know with a 401', async () => {
    const stranger = new Stripe('sk_test_somebodyelse1234', { ...harness.emulator.clientOptions });
    const error = await stranger.checkout.sessions.create(sessionParams()).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(401);
    expect((error as Stripe.errors.StripeError).message).toBe(
      'Invalid API Key provided: sk_test_************1234',
    );

    const raw = await fetch(`${harness.emulator.url}/v1/checkout/sessions/cs_test_x`);
    expect(raw.status).toBe(401);
    expect((await raw.json()).error.type).toBe('invalid_request_error');
  });
});

describe('API versions', () => {
  it('refuses requests for an API version whose shapes it does not speak', async () => {
    const older = new Stripe('sk_test_emulator', {
      ...harness.emulator.clientOptions,
      apiVersion: '2025-01-27.acacia' as Stripe.LatestApiVersion,
    });
    const error = await invalidRequest(older.checkout.sessions.create(sessionParams()));
    expect(error.message).toContain('only speaks API version 2026-10-28.endive');
  });
});

describe('idempotent requests', () => {
  it('replays the first response for the same key and the same parameters', async () => {
    const { stripe } = harness;
    const first = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'hold-42' });
    const again = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'hold-42' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    const other = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'hold-43' });
    expect(other.id).not.toBe(first.id);
  });

  it('refuses the same key with different parameters', async () => {
    const { stripe } = harness;
    await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'hold-44' });
    const error = await stripe.checkout.sessions
      .create(sessionParams({ client_reference_id: 'changed' }), { idempotencyKey: 'hold-44' })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((error as Stripe.errors.StripeError).type).toBe('StripeIdempotencyError');
    expect((error as Stripe.errors.StripeError).statusCode).toBe(400);
  });

  it('forgets keys after 24 hours', async () => {
    const { stripe, clock } = harness;
    const first = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'hold-45' });
    clock.now = new Date(clock.now.getTime() + 24 * 60 * 60 * 1000 + 1000);
    const later = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'hold-45' });
    expect(later.id).not.toBe(first.id);
  });
});

describe('expiring a Checkout Session', () => {
  it('expires an open session through the API and sends checkout.session.expired', async () => {
    const { stripe, emulator } = harness;
    const session = await stripe.checkout.sessions.create(sessionParams());
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe('expired');
    expect(expired.url).toBeNull();
    await emulator.idle();
    const events = harness.receivedOfType('checkout.session.expired');
    expect(events).toHaveLength(1);
    expect(events[0]?.data.object).toMatchObject({ id: session.id, status: 'expired' });
    expect(events[0]?.request?.id).toMatch(/^req_/);

    const again = await invalidRequest(stripe.checkout.sessions.expire(session.id));
    expect(again.message).toContain('status of "expired"');
  });

  it('expires a session by itself once the clock passes expires_at', async () => {
    const { stripe, emulator, clock } = harness;
    const session = await stripe.checkout.sessions.create(sessionParams());
    clock.now = new Date((session.expires_at + 1) * 1000);
    const retrieved = await stripe.checkout.sessions.retrieve(session.id);
    expect(retrieved.status).toBe('expired');
    await emulator.idle();
    expect(harness.receivedOfType('checkout.session.expired').map((event) => event.request?.id)).toEqual([
      null,
    ]);
  });

  it('expires overdue sessions on a timer, without any request', async () => {
    const { stripe, clock } = harness;
    const session = await stripe.checkout.sessions.create(sessionParams());
    clock.now = new Date((session.expires_at + 1) * 1000);
    await expect
      .poll(() => harness.receivedOfType('checkout.session.expired').length, { timeout: 3000 })
      .toBe(1);
  });
});
