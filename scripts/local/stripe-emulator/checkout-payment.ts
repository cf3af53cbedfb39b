import { createHash } from 'node:crypto';
import { expireOverdueSessions } from './checkout-sessions';
import type { EmulatorCore } from './emulator-core';
import { newId, randomToken } from './ids';
import type { EmulatedCardDetails, EmulatedCharge, EmulatedPaymentIntent } from './objects';
import type { SessionRecord } from './store';
import { resourceMissing } from './stripe-error';
import { type CardField, type CardForm, checkCardForm, type TestCard } from './test-cards';

/** What submitting the hosted payment page did. */
export type PayResult =
  | { outcome: 'paid'; redirectUrl: string | null; paymentIntentId: string; chargeId: string }
  | { outcome: 'declined'; message: string; declineCode: string; paymentIntentId: string; chargeId: string }
  | { outcome: 'invalid'; errors: Partial<Record<CardField, string>> }
  | { outcome: 'unavailable'; status: string };

interface Attempt {
  record: SessionRecord;
  intent: EmulatedPaymentIntent;
  card: TestCard;
  details: EmulatedCardDetails;
  form: CardForm;
}

/**
 * Submits the hosted page: validates the card form, then charges the card through a
 * PaymentIntent made from `payment_intent_data`, as Checkout does.
 */
export function payCheckoutSession(core: EmulatorCore, sessionId: string, form: CardForm): PayResult {
  expireOverdueSessions(core);
  const record = core.store.sessions.get(sessionId);
  if (!record) throw resourceMissing('checkout.session', sessionId, 'session');
  const { session } = record;
  if (session.status !== 'open') return { outcome: 'unavailable', status: session.status ?? 'unknown' };
  const checked = checkCardForm(form, core.now(), session.customer_email === null);
  if (!checked.ok) return { outcome: 'invalid', errors: checked.errors };
  const attempt: Attempt = {
    record,
    intent: paymentIntentFor(core, record),
    card: checked.card,
    details: cardDetails(checked.card, checked.expMonth, checked.expYear),
    form,
  };
  return checked.card.decline ? decline(core, attempt, checked.card.decline) : succeed(core, attempt);
}

export function redirectUrl(template: string | null, sessionId: string): string | null {
  return template?.replaceAll('{CHECKOUT_SESSION_ID}', sessionId) ?? null;
}

function succeed(core: EmulatorCore, attempt: Attempt): PayResult {
  const { record, intent } = attempt;
  const charge = buildCharge(core, attempt, null);
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.latest_charge = charge.id;
  intent.payment_method = charge.payment_method;
  intent.last_payment_error = null;
  const { session } = record;
  session.status = 'complete';
  session.payment_status = 'paid';
  // Stripe only gives a URL while the session can still be paid.
  session.url = null;
  session.customer_details = {
    address: null,
    business_name: null,
    email: session.customer_email ?? attempt.form.email.trim(),
    individual_name: null,
    name: attempt.form.name.trim(),
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  core.emit('charge.succeeded', charge);
  core.emit('payment_intent.succeeded', intent);
  core.emit('checkout.session.completed', session);
  return {
    outcome: 'paid',
    redirectUrl: redirectUrl(session.success_url, session.id),
    paymentIntentId: intent.id,
    chargeId: charge.id,
  };
}

function decline(core: EmulatorCore, attempt: Attempt, reason: NonNullable<TestCard['decline']>): PayResult {
  const { intent } = attempt;
  const charge = buildCharge(core, attempt, reason);
  intent.status = 'requires_payment_method';
  intent.latest_charge = charge.id;
  intent.payment_method = null;
  intent.last_payment_error = {
    charge: charge.id,
    code: 'card_declined',
    decline_code: reason.declineCode,
    doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    message: reason.message,
    type: 'card_error',
  };
  core.emit('charge.failed', charge);
  core.emit('payment_intent.payment_failed', intent);
  return {
    outcome: 'declined',
    message: reason.message,
    declineCode: reason.declineCode,
    paymentIntentId: intent.id,
    chargeId: charge.id,
  };
}

/** Checkout makes the PaymentIntent at the first attempt and reuses it after a decline. */
export function paymentIntentFor(core: EmulatorCore, record: SessionRecord): EmulatedPaymentIntent {
  const existing = record.session.payment_intent;
  const found = existing ? core.store.paymentIntents.get(existing) : undefined;
  if (found) return found;
  const { session, paymentIntentData: data } = record;
  const id = newId('pi');
  const intent: EmulatedPaymentIntent = {
    id,
    object: 'payment_intent',
    amount: session.amount_total ?? 0,
    amount_capturable: 0,
    amount_received: 0,
    application_fee_amount: data.applicationFeeAmount,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: 'automatic',
    created: core.unixNow(),
    currency: session.currency ?? 'gbp',
    customer: null,
    description: data.description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: { ...data.metadata },
    payment_method: null,
    payment_method_types: ['card'],
    receipt_email: null,
    status: 'requires_payment_method',
    transfer_data: data.destination ? { destination: data.destination } : null,
    transfer_group: data.destination ? `group_${id}` : null,
  };
  core.store.paymentIntents.set(id, intent);
  session.payment_intent = id;
  return intent;
}

function cardDetails(card: TestCard, expMonth: number, expYear: number): EmulatedCardDetails {
  return {
    brand: card.brand,
    country: card.country,
    exp_month: expMonth,
    exp_year: expYear,
    // Stable per card number, as Stripe's fingerprint is.
    fingerprint: createHash('sha256').update(card.number).digest('base64url').slice(0, 16),
    funding: card.funding,
    last4: card.number.slice(-4),
    network: card.brand,
  };
}

function buildCharge(
  core: EmulatorCore,
  attempt: Attempt,
  declined: NonNullable<TestCard['decline']> | null,
): EmulatedCharge {
  const { intent, record, details, form } = attempt;
  const destination = intent.transfer_data?.destination ?? null;
  const succeeded = declined === null;
  const charge: EmulatedCharge = {
    id: newId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: succeeded ? intent.amount : 0,
    amount_refunded: 0,
    application_fee: succeeded && intent.application_fee_amount !== null ? newId('fee') : null,
    application_fee_amount: intent.application_fee_amount,
    balance_transaction: succeeded ? newId('txn') : null,
    billing_details: {
      address: null,
      email: record.session.customer_email ?? (form.email.trim() || null),
      name: form.name.trim(),
      phone: null,
      tax_id: null,
    },
    captured: succeeded,
    created: core.unixNow(),
    currency: intent.currency,
    customer: null,
    description: intent.description,
    disputed: false,
    failure_code: succeeded ? null : 'card_declined',
    failure_message: declined?.message ?? null,
    livemode: false,
    metadata: { ...intent.metadata },
    outcome: succeeded ? approvedOutcome() : declinedOutcome(declined.declineCode),
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: newId('pm'),
    payment_method_details: { type: 'card', card: details },
    receipt_email: null,
    // The emulator renders no receipts, so it links to none.
    receipt_url: null,
    refunded: false,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: destination ? { amount: null, destination } : null,
    transfer_group: intent.transfer_group,
    ...(succeeded && destination ? { transfer: newId('tr') } : {}),
  };
  core.store.charges.set(charge.id, charge);
  return charge;
}

export function approvedOutcome(): EmulatedCharge['outcome'] {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'approved_by_network',
    reason: null,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: 'Payment complete.',
    type: 'authorized',
  };
}

function declinedOutcome(declineCode: string): EmulatedCharge['outcome'] {
  return {
    advice_code: 'try_again_later',
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason: declineCode,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}
