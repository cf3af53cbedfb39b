import type {
  AccountLinkRecord,
  EmulatedAccount,
  EmulatedCharge,
  EmulatedCheckoutSession,
  EmulatedDispute,
  EmulatedPaymentIntent,
  EmulatedRefund,
  SessionLineItem,
  SessionPaymentIntentData,
} from './objects';

/** A session with what Stripe keeps behind it but does not return on the session object. */
export interface SessionRecord {
  session: EmulatedCheckoutSession;
  lineItems: SessionLineItem[];
  paymentIntentData: SessionPaymentIntentData;
}

/** Everything the emulator knows, in memory; it forgets on restart, as a test double should. */
export class EmulatorStore {
  readonly sessions = new Map<string, SessionRecord>();
  readonly paymentIntents = new Map<string, EmulatedPaymentIntent>();
  readonly charges = new Map<string, EmulatedCharge>();
  readonly refunds = new Map<string, EmulatedRefund>();
  readonly disputes = new Map<string, EmulatedDispute>();
  readonly accounts = new Map<string, EmulatedAccount>();
  /** Keyed by the token in the onboarding URL. */
  readonly accountLinks = new Map<string, AccountLinkRecord>();

  /** Any stored API object by id, for `expand[]`. */
  findObject(id: string): object | undefined {
    return (
      this.sessions.get(id)?.session ??
      this.paymentIntents.get(id) ??
      this.charges.get(id) ??
      this.refunds.get(id) ??
      this.disputes.get(id) ??
      this.accounts.get(id)
    );
  }
}
