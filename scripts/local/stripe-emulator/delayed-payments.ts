import { createHash } from 'node:crypto';
import { approvedOutcome, paymentIntentFor } from './checkout-payment';
import { expireOverdueSessions, findSessionRecord } from './checkout-sessions';
import type { EmulatorCore } from './emulator-core';
import { newId, randomToken } from './ids';
import type { EmulatedCharge, EmulatedPaymentIntent } from './objects';
import { invalidRequest, resourceMissing } from './stripe-error';

/** Stripe's Bacs Direct Debit test account (sort code 10-88-00, account 00012345). */
const testBankAccount = { sortCode: '108800', last4: '2345' };

export type DelayedPaymentResult =
  | { outcome: 'processing'; paymentIntentId: string; chargeId: string }
  | { outcome: 'unavailable'; status: string };

/**
 * The customer pays with a method that settles days later (Bacs Direct Debit): Checkout
 * completes at once with `payment_status: 'unpaid'`, the PaymentIntent is `processing` and its
 * charge `pending`; `settleDelayedPayment` brings the bank's answer. Stripe does this only for
 * delayed-notification methods, which a card-only Checkout never offers: the emulator lets a test
 * put any open session through it, to prove what a receiver does with the asynchronous events.
 */
export function startDelayedPayment(core: EmulatorCore, sessionId: string): DelayedPaymentResult {
  expireOverdueSessions(core);
  const record = findSessionRecord(core, sessionId);
  const { session } = record;
  if (session.status !== 'open') return { outcome: 'unavailable', status: session.status ?? 'unknown' };
  const intent = paymentIntentFor(core, record);
  const charge = pendingCharge(core, intent, session.customer_email);
  intent.status = 'processing';
  intent.latest_charge = charge.id;
  intent.payment_method = charge.payment_method;
  intent.payment_method_types = ['bacs_debit'];
  intent.last_payment_error = null;
  session.status = 'complete';
  session.payment_status = 'unpaid';
  session.url = null;
  session.customer_details = {
    address: null,
    business_name: null,
    email: session.customer_email ?? 'customer@example.com',
    individual_name: null,
    name: 'Test Account Holder',
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  core.emit('charge.pending', charge);
  core.emit('payment_intent.processing', intent);
  core.emit('checkout.session.completed', session);
  return { outcome: 'processing', paymentIntentId: intent.id, chargeId: charge.id };
}

/**
 * The bank's answer to a payment started with `startDelayedPayment`: the money arrived
 * (`checkout.session.async_payment_succeeded`, the session now `paid`), or the debit was refused
 * (`checkout.session.async_payment_failed`; the session stays complete and unpaid, and the
 * PaymentIntent goes back to `requires_payment_method`).
 */
export function settleDelayedPayment(
  core: EmulatorCore,
  paymentIntentId: string,
  outcome: 'succeeded' | 'failed',
): EmulatedPaymentIntent {
  const intent = core.store.paymentIntents.get(paymentIntentId);
  if (!intent) throw resourceMissing('payment_intent', paymentIntentId, 'payment_intent');
  const charge = intent.latest_charge ? core.store.charges.get(intent.latest_charge) : undefined;
  if (intent.status !== 'processing' || !charge || charge.status !== 'pending') {
    throw invalidRequest(
      `PaymentIntent ${paymentIntentId} has no payment waiting for the bank (its status is ${intent.status}).`,
      'payment_intent',
    );
  }
  const record = [...core.store.sessions.values()].find(
    (candidate) => candidate.session.payment_intent === intent.id,
  );
  if (!record) throw resourceMissing('checkout.session', paymentIntentId, 'payment_intent');
  const { session } = record;
  if (outcome === 'succeeded') {
    charge.status = 'succeeded';
    charge.paid = true;
    charge.captured = true;
    charge.amount_captured = charge.amount;
    charge.balance_transaction = newId('txn');
    charge.outcome = approvedOutcome();
    if (intent.transfer_data) charge.transfer = newId('tr');
    if (intent.application_fee_amount !== null) charge.application_fee = newId('fee');
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    session.payment_status = 'paid';
    core.emit('charge.succeeded', charge);
    core.emit('payment_intent.succeeded', intent);
    core.emit('checkout.session.async_payment_succeeded', session);
  } else {
    const message = "The customer's bank account has insufficient funds to cover this payment.";
    charge.status = 'failed';
    charge.failure_code = 'insufficient_funds';
    charge.failure_message = message;
    charge.outcome = {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'declined_by_network',
      reason: 'insufficient_funds',
      risk_level: 'normal',
      risk_score: 20,
      seller_message: 'The bank declined the debit.',
      type: 'issuer_declined',
    };
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = {
      charge: charge.id,
      code: 'insufficient_funds',
      doc_url: 'https://stripe.com/docs/error-codes/insufficient-funds',
      message,
      type: 'card_error',
    };
    core.emit('charge.failed', charge);
    core.emit('payment_intent.payment_failed', intent);
    core.emit('checkout.session.async_payment_failed', session);
  }
  return intent;
}

function pendingCharge(
  core: EmulatorCore,
  intent: EmulatedPaymentIntent,
  email: string | null,
): EmulatedCharge {
  const destination = intent.transfer_data?.destination ?? null;
  const charge: EmulatedCharge = {
    id: newId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application_fee: null,
    application_fee_amount: intent.application_fee_amount,
    balance_transaction: null,
    billing_details: { address: null, email, name: 'Test Account Holder', phone: null, tax_id: null },
    captured: false,
    created: core.unixNow(),
    currency: intent.currency,
    customer: null,
    description: intent.description,
    disputed: false,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: { ...intent.metadata },
    outcome: null,
    paid: false,
    payment_intent: intent.id,
    payment_method: newId('pm'),
    payment_method_details: {
      type: 'bacs_debit',
      bacs_debit: {
        fingerprint: createHash('sha256').update(testBankAccount.sortCode).digest('base64url').slice(0, 16),
        last4: testBankAccount.last4,
        mandate: `mandate_${randomToken(24)}`,
        sort_code: testBankAccount.sortCode,
      },
    },
    receipt_email: null,
    receipt_url: null,
    refunded: false,
    status: 'pending',
    transfer_data: destination ? { amount: null, destination } : null,
    transfer_group: intent.transfer_group,
  };
  core.store.charges.set(charge.id, charge);
  return charge;
}
