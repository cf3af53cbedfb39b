import type { EmulatorCore } from './emulator-core';
import { newId } from './ids';
import type { EmulatedDispute } from './objects';
import { invalidRequest, resourceMissing } from './stripe-error';

const evidenceWindowSeconds = 7 * 24 * 60 * 60;

/** As if the cardholder's bank opened a dispute: money is held and the platform must respond. */
export function disputeCharge(core: EmulatorCore, chargeId: string): EmulatedDispute {
  const charge = core.store.charges.get(chargeId);
  if (!charge) throw resourceMissing('charge', chargeId, 'charge');
  if (charge.status !== 'succeeded')
    throw invalidRequest(`Charge ${chargeId} did not succeed, so it cannot be disputed.`);
  if (charge.disputed) throw invalidRequest(`Charge ${chargeId} has already been disputed.`);
  const created = core.unixNow();
  const dispute: EmulatedDispute = {
    id: newId('dp'),
    object: 'dispute',
    amount: charge.amount,
    charge: charge.id,
    created,
    currency: charge.currency,
    evidence_details: {
      due_by: created + evidenceWindowSeconds,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: 'fraudulent',
    status: 'needs_response',
  };
  core.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  core.emit('charge.dispute.created', dispute);
  return dispute;
}
