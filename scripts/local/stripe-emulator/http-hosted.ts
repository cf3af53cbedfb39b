import { type Context, Hono } from 'hono';
import { completeOnboarding, usableAccountLink } from './accounts';
import { payCheckoutSession } from './checkout-payment';
import { expireOverdueSessions } from './checkout-sessions';
import type { EmulatorCore } from './emulator-core';
import {
  renderCheckoutPage,
  renderNotFound,
  renderOnboardingPage,
  renderPaymentSucceeded,
  renderSessionUnavailable,
} from './hosted-pages';
import type { CardForm } from './test-cards';

/** The pages Stripe hosts: Checkout's payment page and Connect's onboarding. */
export function createHostedRoutes(core: EmulatorCore): Hono {
  const app = new Hono();

  app.get('/checkout/:id', (c) => {
    expireOverdueSessions(core);
    const record = core.store.sessions.get(c.req.param('id'));
    if (!record) return c.html(renderNotFound('checkout session'), 404);
    if (record.session.status !== 'open') return c.html(renderSessionUnavailable(record));
    return c.html(renderCheckoutPage(record));
  });

  app.post('/checkout/:id', async (c) => {
    const id = c.req.param('id');
    const record = core.store.sessions.get(id);
    if (!record) return c.html(renderNotFound('checkout session'), 404);
    const form = await readCardForm(c);
    const result = payCheckoutSession(core, id, form);
    switch (result.outcome) {
      case 'paid':
        return result.redirectUrl ? c.redirect(result.redirectUrl, 303) : c.html(renderPaymentSucceeded());
      case 'declined':
        return c.html(renderCheckoutPage(record, { form, declined: result.message }), 402);
      case 'invalid':
        return c.html(renderCheckoutPage(record, { form, errors: result.errors }), 422);
      case 'unavailable':
        return c.html(renderSessionUnavailable(record), 409);
    }
  });

  app.get('/onboarding/:token', (c) => {
    const token = c.req.param('token');
    const link = usableAccountLink(core, token);
    if (link === undefined) return c.html(renderNotFound('onboarding link'), 404);
    // Stripe sends used or expired links to refresh_url, where the platform makes a new link.
    if (link === 'expired') return c.redirect(refreshUrlOf(core, token), 303);
    const account = core.store.accounts.get(link.account);
    if (!account) return c.html(renderNotFound('connected account'), 404);
    return c.html(renderOnboardingPage(token, link, account));
  });

  app.post('/onboarding/:token', (c) => {
    const token = c.req.param('token');
    const link = usableAccountLink(core, token);
    if (link === undefined) return c.html(renderNotFound('onboarding link'), 404);
    if (link === 'expired') return c.redirect(refreshUrlOf(core, token), 303);
    link.used = true;
    completeOnboarding(core, link.account);
    return c.redirect(link.returnUrl, 303);
  });

  return app;
}

function refreshUrlOf(core: EmulatorCore, token: string): string {
  return core.store.accountLinks.get(token)?.refreshUrl ?? '/';
}

async function readCardForm(c: Context): Promise<CardForm> {
  const form = new URLSearchParams(await c.req.text());
  return {
    number: form.get('number') ?? '',
    expiry: form.get('expiry') ?? '',
    cvc: form.get('cvc') ?? '',
    name: form.get('name') ?? '',
    email: form.get('email') ?? '',
  };
}
