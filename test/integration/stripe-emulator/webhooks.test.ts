import { createServer } from 'node:net';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emulatedApiVersion } from '../../../scripts/local/stripe-emulator/index';
import { type Harness, sessionParams, startHarness, verifier, webhookSecret } from './emulator-harness';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

describe('webhook events', () => {
  it("speak the SDK's pinned API version with Stripe's event envelope", async () => {
    expect(emulatedApiVersion).toBe(Stripe.API_VERSION);
    const session = await harness.stripe.checkout.sessions.create(sessionParams());
    await harness.emulator.expire(session.id);
    const [event] = harness.emulator.events();
    expect(event).toMatchObject({
      object: 'event',
      api_version: Stripe.API_VERSION,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'checkout.session.expired',
    });
    expect(event?.id).toMatch(/^evt_/);
    expect(harness.emulator.deliveries()).toEqual([{ eventId: event?.id, status: 200 }]);
  });

  it('are signed so that constructEventAsync accepts them, with the header generateTestHeaderString makes', async () => {
    const event = harness.emulator.createEvent('charge.refunded', { id: 'ch_test', object: 'charge' });
    const at = new Date();
    const { body, headers } = harness.emulator.signedDelivery(event, at);
    expect(headers['Content-Type']).toBe('application/json; charset=utf-8');
    const expected = verifier.webhooks.generateTestHeaderString({
      payload: body,
      secret: webhookSecret,
      timestamp: Math.floor(at.getTime() / 1000),
    });
    expect(headers['Stripe-Signature']).toBe(expected);
    const parsed = await verifier.webhooks.constructEventAsync(
      body,
      headers['Stripe-Signature'] ?? '',
      webhookSecret,
    );
    expect(parsed.id).toBe(event.id);
  });

  it('fail verification when the body has been tampered with or the secret is wrong', async () => {
    const event = harness.emulator.createEvent('charge.refunded', {
      id: 'ch_test',
      object: 'charge',
      amount_refunded: 100,
    });
    const { body, headers } = harness.emulator.signedDelivery(event);
    const signature = headers['Stripe-Signature'] ?? '';
    const tampered = body.replace('"amount_refunded": 100', '"amount_refunded": 9900');
    expect(tampered).not.toBe(body);
    await expect(
      verifier.webhooks.constructEventAsync(tampered, signature, webhookSecret),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
    await expect(
      verifier.webhooks.constructEventAsync(body, signature, 'whsec_other'),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
  });

  it('are recorded but not delivered when created for a test to deliver itself', async () => {
    harness.emulator.createEvent('account.updated', { id: 'acct_x', object: 'account' });
    await harness.emulator.idle();
    expect(harness.emulator.events()).toHaveLength(1);
    expect(harness.emulator.deliveries()).toEqual([]);
  });

  it('are retried three times when the endpoint fails, and every attempt is recorded', async () => {
    const { emulator } = harness;
    harness.receiverStatus.value = 500;
    const session = await harness.stripe.checkout.sessions.create(sessionParams());
    await emulator.expire(session.id);
    const [event] = emulator.events();
    expect(emulator.deliveries()).toEqual(
      [500, 500, 500, 500].map((status) => ({ eventId: event?.id, status })),
    );
    expect(harness.received).toHaveLength(0);

    harness.receiverStatus.value = 200;
    expect(await emulator.resend(event?.id ?? '')).toBe(200);
    expect(harness.received.map((received) => received.id)).toEqual([event?.id]);
  });

  it('record a network failure as status 0', async () => {
    const unreachable = await startHarness({
      webhook: { url: `http://127.0.0.1:${await closedPort()}/webhooks/stripe` },
    });
    try {
      const session = await unreachable.stripe.checkout.sessions.create(sessionParams());
      await unreachable.emulator.expire(session.id);
      expect(unreachable.emulator.deliveries().map((attempt) => attempt.status)).toEqual([0, 0, 0, 0]);
    } finally {
      await unreachable.emulator.close();
    }
  });

  it('only go to an endpoint that listens for their type', async () => {
    const picky = await startHarness({ enabledEvents: ['checkout.session.completed'] });
    try {
      const session = await picky.stripe.checkout.sessions.create(sessionParams());
      await picky.emulator.pay(session.id, '4242424242424242');
      expect(picky.received.map((event) => event.type)).toEqual(['checkout.session.completed']);
      expect(picky.emulator.events().map((event) => event.type)).toEqual([
        'charge.succeeded',
        'payment_intent.succeeded',
        'checkout.session.completed',
      ]);
    } finally {
      await picky.emulator.close();
    }
  });

  it('are listed and resent over the HTTP control routes', async () => {
    const { emulator } = harness;
    const session = await harness.stripe.checkout.sessions.create(sessionParams());
    await fetch(`${emulator.url}/_emulator/checkout/sessions/${session.id}/expire`, { method: 'POST' });
    const listed = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as {
      events: { id: string; type: string }[];
    };
    expect(listed.events.map((event) => event.type)).toEqual(['checkout.session.expired']);
    const resent = await fetch(`${emulator.url}/_emulator/events/${listed.events[0]?.id}/resend`, {
      method: 'POST',
    });
    expect(await resent.json()).toEqual({ status: 200 });
    expect(harness.received.map((event) => event.id)).toEqual([listed.events[0]?.id, listed.events[0]?.id]);
  });
});

/** A port nothing listens on: one the OS handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
