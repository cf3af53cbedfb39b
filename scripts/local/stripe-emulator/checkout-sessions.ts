import type { EmulatorCore } from './emulator-core';
import { type EventOrigin, noOrigin } from './events';
import { type FormObject, ParamReader, rejectUnknownParams } from './form-params';
import { newId } from './ids';
import { formatMinorUnits } from './money';
import type { EmulatedCheckoutSession, SessionLineItem, SessionPaymentIntentData } from './objects';
import type { SessionRecord } from './store';
import { invalidRequest, missingParam, resourceMissing } from './stripe-error';

const createSessionShape = {
  mode: true,
  line_items: [
    {
      price: true,
      price_data: { currency: true, unit_amount: true, product_data: { name: true, description: true } },
      quantity: true,
    },
  ],
  allowed_payment_method_types: [true],
  success_url: true,
  cancel_url: true,
  expires_at: true,
  client_reference_id: true,
  customer_email: true,
  metadata: 'map',
  payment_intent_data: {
    application_fee_amount: true,
    description: true,
    metadata: 'map',
    transfer_data: { destination: true },
  },
} as const;

const minimumExpirySeconds = 30 * 60;
const maximumExpirySeconds = 24 * 60 * 60;
/** Stripe's minimum charge per currency, in minor units (https://stripe.com/docs/currencies#minimum-and-maximum-charge-amounts). */
const minimumAmounts: Record<string, number> = { gbp: 30, eur: 50, usd: 50 };

export function createCheckoutSession(core: EmulatorCore, values: FormObject): EmulatedCheckoutSession {
  rejectUnknownParams(values, createSessionShape);
  const params = new ParamReader(values);
  readMode(params);
  const lineItems = readLineItems(params);
  const currency = commonCurrency(lineItems);
  const amount = lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  checkMinimumAmount(amount, currency);
  const allowedPaymentMethodTypes = readAllowedPaymentMethodTypes(params);
  const created = core.unixNow();
  const id = newId('cs');
  const session: EmulatedCheckoutSession = {
    id,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: allowedPaymentMethodTypes,
    amount_subtotal: amount,
    amount_total: amount,
    billing_address_collection: null,
    cancel_url: readUrl(params, 'cancel_url'),
    client_reference_id: readClientReferenceId(params),
    client_secret: null,
    created,
    currency,
    customer: null,
    customer_details: null,
    customer_email: readEmail(params, 'customer_email'),
    expires_at: readExpiresAt(params, created),
    invoice: null,
    livemode: false,
    locale: null,
    metadata: params.metadata('metadata') ?? {},
    mode: 'payment',
    payment_intent: null,
    payment_link: null,
    // What the dashboard's methods come to once filtered: the emulator offers cards only.
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    recovered_from: null,
    setup_intent: null,
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: readUrl(params, 'success_url'),
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: `${core.publicUrl}/checkout/${id}`,
  };
  const paymentIntentData = readPaymentIntentData(core, params, amount);
  core.store.sessions.set(id, { session, lineItems, paymentIntentData });
  return session;
}

export function findSessionRecord(core: EmulatorCore, id: string): SessionRecord {
  const record = core.store.sessions.get(id);
  if (!record) throw resourceMissing('checkout.session', id, 'session');
  return record;
}

/** Stripe only expires open sessions; anything else is a 400 naming the status. */
export function expireCheckoutSession(
  core: EmulatorCore,
  id: string,
  origin: EventOrigin,
): EmulatedCheckoutSession {
  const record = findSessionRecord(core, id);
  const { status } = record.session;
  if (status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${status}".`,
      undefined,
      'checkout_session_not_expirable',
    );
  }
  markExpired(core, record, origin);
  return record.session;
}

/** Stripe expires sessions itself once `expires_at` passes; the emulator checks on every request and on a timer. */
export function expireOverdueSessions(core: EmulatorCore): void {
  const now = core.unixNow();
  for (const record of core.store.sessions.values()) {
    if (record.session.status === 'open' && record.session.expires_at <= now) {
      markExpired(core, record, noOrigin);
    }
  }
}

function markExpired(core: EmulatorCore, record: SessionRecord, origin: EventOrigin): void {
  record.session.status = 'expired';
  // Stripe only gives a URL while the session can still be paid.
  record.session.url = null;
  cancelAbandonedPaymentIntent(core, record.session.payment_intent, origin);
  core.emit('checkout.session.expired', record.session, { origin });
}

/** A declined attempt leaves a PaymentIntent behind; expiring the session cancels it. */
function cancelAbandonedPaymentIntent(core: EmulatorCore, id: string | null, origin: EventOrigin): void {
  const intent = id ? core.store.paymentIntents.get(id) : undefined;
  if (!intent || intent.status === 'succeeded' || intent.status === 'canceled') return;
  intent.status = 'canceled';
  intent.canceled_at = core.unixNow();
  intent.cancellation_reason = 'abandoned';
  core.emit('payment_intent.canceled', intent, { origin });
}

function readMode(params: ParamReader): void {
  const mode = params.string('mode');
  if (mode === undefined || mode === '') throw missingParam('mode');
  if (mode !== 'payment') {
    const known = ['payment', 'setup', 'subscription'].includes(mode);
    throw invalidRequest(
      known
        ? `The Stripe emulator only implements mode=payment, not mode=${mode}.`
        : `Invalid mode: must be one of payment, setup, or subscription`,
      'mode',
    );
  }
}

function readLineItems(params: ParamReader): SessionLineItem[] {
  const items = params.list('line_items');
  if (!items || items.length === 0) throw missingParam('line_items');
  return items.map(readLineItem);
}

function readLineItem(item: ParamReader): SessionLineItem {
  if (item.has('price')) {
    throw invalidRequest(
      'The Stripe emulator does not implement Prices; use price_data.',
      item.path('price'),
    );
  }
  const priceData = item.object('price_data');
  if (!priceData) throw missingParam(item.path('price_data'));
  const currency = priceData.requiredString('currency');
  if (!/^[a-z]{3}$/.test(currency))
    throw invalidRequest(`Invalid currency: ${currency}`, priceData.path('currency'));
  const unitAmount = priceData.requiredInteger('unit_amount');
  if (unitAmount < 0) {
    throw invalidRequest('This value must be greater than or equal to 0.', priceData.path('unit_amount'));
  }
  const productData = priceData.object('product_data');
  if (!productData) throw missingParam(priceData.path('product_data'));
  const quantity = item.integer('quantity');
  if (quantity === undefined) {
    throw invalidRequest(
      `Quantity is required. Add \`quantity\` to \`${item.location}\``,
      item.path('quantity'),
    );
  }
  if (quantity < 1)
    throw invalidRequest('This value must be greater than or equal to 1.', item.path('quantity'));
  return {
    name: productData.requiredString('name'),
    description: productData.string('description') ?? null,
    unitAmount,
    quantity,
    currency,
  };
}

function commonCurrency(items: SessionLineItem[]): string {
  const currencies = new Set(items.map((item) => item.currency));
  if (currencies.size > 1) {
    throw invalidRequest('All line items must use the same currency.', 'line_items');
  }
  return items[0]?.currency ?? 'gbp';
}

function checkMinimumAmount(amount: number, currency: string): void {
  const minimum = minimumAmounts[currency] ?? 50;
  if (amount < minimum) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${formatMinorUnits(minimum, currency)}`,
      'line_items',
    );
  }
}

/**
 * `allowed_payment_method_types` (the pinned API, `emulatedApiVersion`, no longer takes
 * `payment_method_types` on create): a filter on the methods the dashboard offers. The emulator offers
 * cards only, so a filter without `card` would leave nothing to pay with.
 */
function readAllowedPaymentMethodTypes(params: ParamReader): string[] | null {
  const types = params.strings('allowed_payment_method_types');
  if (types === undefined) return null;
  if (!types.includes('card')) {
    throw invalidRequest(
      `The Stripe emulator only implements the card payment method, so allowed_payment_method_types must include card (got ${types.join(', ') || 'nothing'}).`,
      'allowed_payment_method_types',
    );
  }
  return types;
}

function readUrl(params: ParamReader, name: string): string | null {
  const value = params.string(name);
  if (value === undefined || value === '') return null;
  if (!/^https?:\/\//.test(value) || !URL.canParse(value.replaceAll('{CHECKOUT_SESSION_ID}', 'x'))) {
    throw invalidRequest('Not a valid URL', name, 'url_invalid');
  }
  return value;
}

function readClientReferenceId(params: ParamReader): string | null {
  const value = params.string('client_reference_id');
  if (value === undefined || value === '') return null;
  if (value.length > 200) {
    throw invalidRequest('client_reference_id must be at most 200 characters.', 'client_reference_id');
  }
  return value;
}

function readEmail(params: ParamReader, name: string): string | null {
  const value = params.string(name);
  if (value === undefined || value === '') return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw invalidRequest(`Invalid email address: ${value}`, name, 'email_invalid');
  }
  return value;
}

function readExpiresAt(params: ParamReader, created: number): number {
  const expiresAt = params.integer('expires_at');
  if (expiresAt === undefined) return created + maximumExpirySeconds;
  if (expiresAt < created + minimumExpirySeconds) {
    throw invalidRequest(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  }
  if (expiresAt > created + maximumExpirySeconds) {
    throw invalidRequest(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
  return expiresAt;
}

function readPaymentIntentData(
  core: EmulatorCore,
  params: ParamReader,
  amount: number,
): SessionPaymentIntentData {
  const data = params.object('payment_intent_data');
  const destination = readDestination(core, data);
  const applicationFeeAmount = data?.integer('application_fee_amount') ?? null;
  if (applicationFeeAmount !== null && data) {
    const feeParam = data.path('application_fee_amount');
    if (!destination) {
      throw invalidRequest(
        'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
        feeParam,
      );
    }
    if (applicationFeeAmount < 0 || applicationFeeAmount > amount) {
      throw invalidRequest(
        'The application fee amount must be between 0 and the total amount of the payment.',
        feeParam,
      );
    }
  }
  return {
    description: data?.string('description') ?? null,
    metadata: data?.metadata('metadata') ?? {},
    destination,
    applicationFeeAmount,
  };
}

/** Destination charges need a connected account that can take card payments. */
function readDestination(core: EmulatorCore, data: ParamReader | undefined): string | null {
  const transferData = data?.object('transfer_data');
  if (!transferData) return null;
  const destination = transferData.requiredString('destination');
  const param = transferData.path('destination');
  const account = core.store.accounts.get(destination);
  if (!account) throw invalidRequest(`No such destination: '${destination}'`, param, 'resource_missing');
  if (!account.charges_enabled) {
    throw invalidRequest(
      `Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments. The account ${destination} has not finished onboarding (charges_enabled is false).`,
      param,
      'insufficient_capabilities_for_transfer',
    );
  }
  return destination;
}
