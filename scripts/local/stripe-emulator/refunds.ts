import type { EmulatorCore } from './emulator-core';
import type { EventOrigin } from './events';
import { type FormObject, ParamReader, rejectUnknownParams } from './form-params';
import { newId } from './ids';
import { formatMinorUnits } from './money';
import type { EmulatedCharge, EmulatedRefund } from './objects';
import { invalidRequest, resourceMissing } from './stripe-error';

const createRefundShape = {
  amount: true,
  charge: true,
  metadata: 'map',
  payment_intent: true,
  reason: true,
  refund_application_fee: true,
  reverse_transfer: true,
} as const;

const reasons = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

/** Refunds go back to the card that paid; the charge records how much has gone back. */
export function createRefund(core: EmulatorCore, values: FormObject, origin: EventOrigin): EmulatedRefund {
  rejectUnknownParams(values, createRefundShape);
  const params = new ParamReader(values);
  const charge = refundableCharge(core, params);
  refuseChargedBack(core, charge);
  const amount = readAmount(params, charge);
  const reason = params.oneOf('reason', reasons) ?? null;
  const reverseTransfer = params.boolean('reverse_transfer') ?? false;
  if (reverseTransfer && !charge.transfer_data) {
    throw invalidRequest(
      `Charge ${charge.id} has no transfer to reverse: reverse_transfer only applies to destination charges.`,
      'reverse_transfer',
    );
  }
  // Stripe only acts on refund_application_fee when the charge took a fee; so does the emulator.
  params.boolean('refund_application_fee');
  const refund: EmulatedRefund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: newId('txn'),
    charge: charge.id,
    created: core.unixNow(),
    currency: charge.currency,
    metadata: params.metadata('metadata') ?? {},
    payment_intent: charge.payment_intent,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: reverseTransfer ? newId('trr') : null,
  };
  core.store.refunds.set(refund.id, refund);
  const previousAttributes = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  core.emit('refund.created', refund, { origin });
  core.emit('charge.refunded', charge, { origin, previousAttributes });
  return refund;
}

/** Stripe will not refund a payment whose dispute holds its money, unless the dispute says it still may be. */
function refuseChargedBack(core: EmulatorCore, charge: EmulatedCharge): void {
  if (!charge.disputed) return;
  const disputes = [...core.store.disputes.values()].filter((dispute) => dispute.charge === charge.id);
  if (disputes.some((dispute) => !dispute.is_charge_refundable))
    throw invalidRequest(
      `Charge ${charge.id} has been charged back; cannot issue a refund.`,
      undefined,
      'charge_disputed',
    );
}

const listRefundsShape = {
  charge: true,
  ending_before: true,
  limit: true,
  payment_intent: true,
  starting_after: true,
} as const;

/** Stripe's list object: one page, and whether there are more. */
export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * `GET /v1/refunds`: newest first, optionally only a charge's or a payment's, a page of `limit`
 * (default 10, at most 100) after `starting_after` or before `ending_before`.
 */
export function listRefunds(core: EmulatorCore, values: FormObject): StripeList<EmulatedRefund> {
  rejectUnknownParams(values, listRefundsShape);
  const params = new ParamReader(values);
  const limit = params.integer('limit') ?? 10;
  if (limit < 1) throw invalidRequest('This value must be greater than or equal to 1.', 'limit');
  if (limit > 100) throw invalidRequest('This value must be less than or equal to 100.', 'limit');
  const chargeId = params.string('charge');
  const intentId = params.string('payment_intent');
  if (chargeId && !core.store.charges.has(chargeId)) throw resourceMissing('charge', chargeId, 'charge');
  if (intentId && !core.store.paymentIntents.has(intentId))
    throw resourceMissing('payment_intent', intentId, 'payment_intent');
  const startingAfter = params.string('starting_after');
  const endingBefore = params.string('ending_before');
  if (startingAfter && endingBefore)
    throw invalidRequest(
      'You may only specify one of these parameters: ending_before, starting_after.',
      'ending_before',
    );
  // The store keeps refunds in the order they were made; Stripe lists the newest first.
  const all = [...core.store.refunds.values()]
    .filter(
      (refund) =>
        (!chargeId || refund.charge === chargeId) && (!intentId || refund.payment_intent === intentId),
    )
    .reverse();
  const positionOf = (id: string, param: string) => {
    const index = all.findIndex((refund) => refund.id === id);
    if (index < 0) throw resourceMissing('refund', id, param);
    return index;
  };
  let data: EmulatedRefund[];
  let hasMore: boolean;
  if (endingBefore) {
    const before = all.slice(0, positionOf(endingBefore, 'ending_before'));
    data = before.slice(-limit);
    hasMore = before.length > limit;
  } else {
    const after = startingAfter ? all.slice(positionOf(startingAfter, 'starting_after') + 1) : all;
    data = after.slice(0, limit);
    hasMore = after.length > limit;
  }
  return { object: 'list', data, has_more: hasMore, url: '/v1/refunds' };
}

function refundableCharge(core: EmulatorCore, params: ParamReader): EmulatedCharge {
  const chargeId = params.string('charge');
  const intentId = params.string('payment_intent');
  if (chargeId && intentId) {
    throw invalidRequest('You can only pass one of `charge` or `payment_intent`, not both.', 'charge');
  }
  if (chargeId) {
    const charge = core.store.charges.get(chargeId);
    if (!charge) throw resourceMissing('charge', chargeId, 'charge');
    if (charge.status !== 'succeeded') {
      throw invalidRequest(`Charge ${chargeId} cannot be refunded because it did not succeed.`, 'charge');
    }
    return charge;
  }
  if (intentId) return chargeOfIntent(core, intentId);
  throw invalidRequest(
    'One of the following params should be provided for this request: payment_intent or charge.',
  );
}

function chargeOfIntent(core: EmulatorCore, intentId: string): EmulatedCharge {
  const intent = core.store.paymentIntents.get(intentId);
  if (!intent) throw resourceMissing('payment_intent', intentId, 'payment_intent');
  const charge = intent.latest_charge ? core.store.charges.get(intent.latest_charge) : undefined;
  if (intent.status !== 'succeeded' || !charge) {
    throw invalidRequest(
      `This PaymentIntent (${intentId}) does not have a successful charge to refund.`,
      'payment_intent',
    );
  }
  return charge;
}

function readAmount(params: ParamReader, charge: EmulatedCharge): number {
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) {
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      undefined,
      'charge_already_refunded',
    );
  }
  const amount = params.integer('amount') ?? remaining;
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', 'amount');
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatMinorUnits(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMinorUnits(remaining, charge.currency)})`,
      'amount',
      'amount_too_large',
    );
  }
  return amount;
}
