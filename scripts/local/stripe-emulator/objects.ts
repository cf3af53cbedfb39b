import type Stripe from 'stripe';

/**
 * The objects the emulator keeps. Each picks its fields from the SDK's own types, so a field the
 * emulator returns has Stripe's name and type; fields it leaves out are simply absent.
 */
export type ObjectId = string;

export interface EmulatedCheckoutSession
  extends Pick<
    Stripe.Checkout.Session,
    | 'id'
    | 'object'
    | 'after_expiration'
    | 'allow_promotion_codes'
    | 'allowed_payment_method_types'
    | 'amount_subtotal'
    | 'amount_total'
    | 'billing_address_collection'
    | 'cancel_url'
    | 'client_reference_id'
    | 'client_secret'
    | 'created'
    | 'currency'
    | 'customer_email'
    | 'expires_at'
    | 'invoice'
    | 'livemode'
    | 'locale'
    | 'metadata'
    | 'mode'
    | 'payment_link'
    | 'payment_method_types'
    | 'payment_status'
    | 'recovered_from'
    | 'setup_intent'
    | 'status'
    | 'submit_type'
    | 'subscription'
    | 'success_url'
    | 'total_details'
    | 'ui_mode'
    | 'url'
  > {
  customer: null;
  customer_details: Pick<
    Stripe.Checkout.Session.CustomerDetails,
    'address' | 'business_name' | 'email' | 'individual_name' | 'name' | 'phone' | 'tax_exempt' | 'tax_ids'
  > | null;
  payment_intent: ObjectId | null;
}

/** Line items are not part of the session object (Stripe lists them separately); the page needs them. */
export interface SessionLineItem {
  name: string;
  description: string | null;
  unitAmount: number;
  quantity: number;
  currency: string;
}

/** What payment_intent_data asked for; applied when Checkout creates the PaymentIntent. */
export interface SessionPaymentIntentData {
  description: string | null;
  metadata: Record<string, string>;
  destination: ObjectId | null;
  applicationFeeAmount: number | null;
}

export interface EmulatedLastPaymentError
  extends Pick<
    Stripe.PaymentIntent.LastPaymentError,
    'charge' | 'code' | 'decline_code' | 'doc_url' | 'message' | 'type'
  > {}

export interface EmulatedPaymentIntent
  extends Pick<
    Stripe.PaymentIntent,
    | 'id'
    | 'object'
    | 'amount'
    | 'amount_capturable'
    | 'amount_received'
    | 'application_fee_amount'
    | 'canceled_at'
    | 'cancellation_reason'
    | 'capture_method'
    | 'client_secret'
    | 'confirmation_method'
    | 'created'
    | 'currency'
    | 'description'
    | 'livemode'
    | 'metadata'
    | 'payment_method_types'
    | 'receipt_email'
    | 'status'
    | 'transfer_group'
  > {
  customer: null;
  last_payment_error: EmulatedLastPaymentError | null;
  latest_charge: ObjectId | null;
  payment_method: ObjectId | null;
  transfer_data: { destination: ObjectId } | null;
}

export interface EmulatedCardDetails
  extends Pick<
    Stripe.Charge.PaymentMethodDetails.Card,
    'brand' | 'country' | 'exp_month' | 'exp_year' | 'fingerprint' | 'funding' | 'last4' | 'network'
  > {}

export interface EmulatedBacsDebitDetails
  extends Pick<Stripe.Charge.PaymentMethodDetails.BacsDebit, 'fingerprint' | 'last4' | 'sort_code'> {
  mandate: ObjectId;
}

export interface EmulatedCharge
  extends Pick<
    Stripe.Charge,
    | 'id'
    | 'object'
    | 'amount'
    | 'amount_captured'
    | 'amount_refunded'
    | 'application_fee_amount'
    | 'billing_details'
    | 'captured'
    | 'created'
    | 'currency'
    | 'description'
    | 'disputed'
    | 'failure_code'
    | 'failure_message'
    | 'livemode'
    | 'metadata'
    | 'outcome'
    | 'paid'
    | 'receipt_email'
    | 'receipt_url'
    | 'refunded'
    | 'status'
    | 'transfer_group'
  > {
  application_fee: ObjectId | null;
  balance_transaction: ObjectId | null;
  customer: null;
  payment_intent: ObjectId;
  payment_method: ObjectId;
  payment_method_details:
    | { type: 'card'; card: EmulatedCardDetails }
    | { type: 'bacs_debit'; bacs_debit: EmulatedBacsDebitDetails };
  transfer?: ObjectId;
  transfer_data: { amount: null; destination: ObjectId } | null;
}

export interface EmulatedRefund
  extends Pick<
    Stripe.Refund,
    | 'id'
    | 'object'
    | 'amount'
    | 'created'
    | 'currency'
    | 'metadata'
    | 'reason'
    | 'receipt_number'
    | 'source_transfer_reversal'
    | 'status'
  > {
  balance_transaction: ObjectId;
  charge: ObjectId;
  payment_intent: ObjectId;
  transfer_reversal: ObjectId | null;
}

export interface EmulatedDispute
  extends Pick<
    Stripe.Dispute,
    | 'id'
    | 'object'
    | 'amount'
    | 'created'
    | 'currency'
    | 'is_charge_refundable'
    | 'livemode'
    | 'metadata'
    | 'reason'
    | 'status'
  > {
  charge: ObjectId;
  payment_intent: ObjectId;
  evidence_details: Pick<
    Stripe.Dispute.EvidenceDetails,
    'due_by' | 'has_evidence' | 'past_due' | 'submission_count'
  >;
}

export type CapabilityStatus = 'active' | 'inactive' | 'pending';

export interface EmulatedAccount
  extends Pick<
    Stripe.Account,
    'id' | 'object' | 'charges_enabled' | 'details_submitted' | 'email' | 'payouts_enabled' | 'type'
  > {
  business_type: Stripe.Account.BusinessType | null;
  business_profile: Pick<Stripe.Account.BusinessProfile, 'mcc' | 'name' | 'product_description' | 'url'>;
  capabilities: { card_payments?: CapabilityStatus; transfers?: CapabilityStatus };
  country: string;
  created: number;
  default_currency: string;
  metadata: Record<string, string>;
  requirements: Pick<
    Stripe.Account.Requirements,
    | 'current_deadline'
    | 'currently_due'
    | 'disabled_reason'
    | 'eventually_due'
    | 'past_due'
    | 'pending_verification'
  >;
}

export type EmulatedAccountLink = Stripe.AccountLink;

/** A stored account link: the public object plus what the hosted onboarding page needs. */
export interface AccountLinkRecord {
  link: EmulatedAccountLink;
  account: ObjectId;
  refreshUrl: string;
  returnUrl: string;
  used: boolean;
}

export interface StripeEvent
  extends Pick<
    Stripe.EventBase,
    'id' | 'object' | 'api_version' | 'created' | 'livemode' | 'pending_webhooks' | 'request'
  > {
  type: string;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
}
