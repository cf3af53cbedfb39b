import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EmulatorControls } from './controls';
import type { EmulatorCore } from './emulator-core';
import { StripeApiError } from './stripe-error';
import type { CardForm } from './test-cards';

/** The test controls over HTTP, for a browser session or a script driving `npm start`. */
export function createControlRoutes(core: EmulatorCore, controls: EmulatorControls): Hono {
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof StripeApiError) return c.json(error.toBody(), error.status as ContentfulStatusCode);
    console.error('Stripe emulator control failed', error);
    return c.json({ error: { type: 'api_error', message: String(error) } }, 500);
  });

  app.post('/checkout/sessions/:id/pay', async (c) =>
    c.json(await controls.pay(c.req.param('id'), await readCard(c))),
  );
  app.post('/checkout/sessions/:id/pay_later', async (c) =>
    c.json(await controls.payLater(c.req.param('id'))),
  );
  app.post('/payment_intents/:id/settle', async (c) => {
    const outcome = (await readFields(c)).outcome;
    if (outcome !== 'succeeded' && outcome !== 'failed')
      throw new StripeApiError(
        400,
        'invalid_request_error',
        'Say how the payment settles: outcome is succeeded or failed.',
        'outcome',
      );
    await controls.settle(c.req.param('id'), outcome);
    return c.json(core.store.paymentIntents.get(c.req.param('id')) ?? null);
  });
  app.get('/requests', (c) => c.json({ requests: core.requests() }));
  app.post('/checkout/sessions/:id/expire', async (c) => {
    await controls.expire(c.req.param('id'));
    return c.json(core.store.sessions.get(c.req.param('id'))?.session ?? null);
  });
  app.get('/events', (c) => c.json({ events: core.events(), deliveries: core.dispatcher.deliveries() }));
  app.post('/events/:id/resend', async (c) => c.json({ status: await controls.resend(c.req.param('id')) }));
  app.post('/charges/:id/dispute', async (c) => {
    await controls.disputeCharge(c.req.param('id'));
    return c.json(core.store.charges.get(c.req.param('id')) ?? null);
  });
  app.post('/accounts/:id/complete_onboarding', async (c) => {
    await controls.completeOnboarding(c.req.param('id'));
    return c.json(core.store.accounts.get(c.req.param('id')) ?? null);
  });
  return app;
}

/** A control's fields: a JSON object, or a form. */
async function readFields(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  return (c.req.header('Content-Type') ?? '').includes('application/json')
    ? (JSON.parse(text || '{}') as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(text));
}

/** `{"card": "4242…"}` as JSON, or `card=4242…` as a form; the other card fields are optional. */
async function readCard(c: Context): Promise<Partial<CardForm>> {
  const values = await readFields(c);
  const card: Partial<CardForm> = {};
  const number = values.card ?? values.number;
  if (typeof number === 'string') card.number = number;
  for (const field of ['expiry', 'cvc', 'name', 'email'] as const) {
    const value = values[field];
    if (typeof value === 'string') card[field] = value;
  }
  return card;
}
