import { z } from 'zod';
import type { Actor } from '../../../shared/domain/users';
import type { BudgetPeriod, BudgetRoute } from './people';

/**
 * The council's ledger: every movement of a person's direct payment or individual service fund,
 * in pence, never edited (a correction is a new entry). What is left of a budget is always
 * worked out from these entries, never kept anywhere else.
 *
 * Signs: allocations and refunds add to the budget, spending takes from it, adjustments go
 * either way.
 */
export const ledgerKinds = ['allocation', 'spend', 'refund', 'adjustment'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

export const ledgerKindNames: Record<LedgerKind, string> = {
  allocation: 'Budget for the period',
  spend: 'Booking paid',
  refund: 'Refund',
  adjustment: 'Adjustment',
};

export interface LedgerEntry {
  id: string;
  councilId: string;
  personId: string;
  personReference: string;
  route: BudgetRoute;
  /** The budget period the entry counts against. */
  period: BudgetPeriod;
  kind: LedgerKind;
  amountPence: number;
  at: string;
  /** What it was for, when it was for a booking. */
  booking?: {
    id: string;
    activityTitle: string;
    sessionIds: string[];
    providerId: string;
    providerName: string;
  };
  /** The Stripe payment or refund, or the ISF statement line, the money moved by. */
  paymentReference?: string;
  /** For ISF: the organisation holding the fund, whose statement shows the entry. */
  isfHolderProviderId?: string;
  note?: string;
  recordedBy: Actor;
}

/** Who writes entries that no person caused: allocations, webhook-driven payments and refunds. */
export const systemActor: Actor = { id: 'system', name: 'Open Framework Marketplace', role: 'admin' };

export const balanceOf = (entries: Pick<LedgerEntry, 'amountPence'>[]) =>
  entries.reduce((sum, entry) => sum + entry.amountPence, 0);

/**
 * The ledger entry's sign for a kind: spends are negative, allocations and refunds positive.
 * Adjustments keep the sign the commissioner gave.
 */
export function signedAmount(kind: LedgerKind, pence: number): number {
  if (kind === 'spend') return -Math.abs(pence);
  if (kind === 'allocation' || kind === 'refund') return Math.abs(pence);
  return pence;
}

/** What is left to spend in a period: the ledger's balance less places held and not yet paid. */
export function remainingBudget(entries: Pick<LedgerEntry, 'amountPence'>[], heldPence: number): number {
  return balanceOf(entries) - heldPence;
}

/** A commissioner's correction: which budget, how much (pence, minus takes money away) and why. */
export const adjustmentInputSchema = z.strictObject({
  route: z.enum(['direct-payment', 'individual-service-fund'], { error: 'Choose which budget to adjust' }),
  amountPence: z
    .number({ error: 'Enter the amount in pence, like 2500 or -2500' })
    .int('Enter the amount in whole pence')
    .refine((value) => value !== 0, 'Enter an amount other than zero')
    .refine((value) => Math.abs(value) <= 10_000_000, 'An adjustment can be at most £100,000'),
  note: z
    .string({ error: 'Say why the budget is being adjusted' })
    .trim()
    .min(3, 'Say why the budget is being adjusted')
    .max(500, 'The reason must be 500 characters or fewer'),
});
