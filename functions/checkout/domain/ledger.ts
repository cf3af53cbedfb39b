import { z } from 'zod';
import type { Actor } from '../../../shared/domain/users';
import { formatUkDate } from '../../../shared/time/uk-dates';
import { sessionIdPattern } from '../../catalogue/domain/sessions';
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

/** Money one unpaid booking keeps back from a budget period until `expiresAt`. */
export interface HeldMoney {
  bookingId: string;
  amountPence: number;
  expiresAt: string;
}

/**
 * What is left to spend in a budget period at `at`: the ledger's balance less money held by unpaid
 * bookings whose hold has not run out. Before anything has happened in the period (`version` 0)
 * no allocation is written yet, so the balance is the allocation itself. `ignoreBookingId` leaves
 * one booking's own hold out, for deciding whether that booking still fits.
 */
export function remainingOf(
  state: { version: number; entries: Pick<LedgerEntry, 'amountPence'>[]; holds: HeldMoney[] },
  allocationPence: number,
  at: Date,
  ignoreBookingId?: string,
): number {
  const balance = state.version === 0 ? allocationPence : balanceOf(state.entries);
  const held = state.holds
    .filter((hold) => hold.expiresAt > at.toISOString() && hold.bookingId !== ignoreBookingId)
    .reduce((sum, hold) => sum + hold.amountPence, 0);
  return balance - held;
}

/** A wall time as the GOV.UK style guide writes it: 10am, 12:30pm, midday, midnight. */
export function clockText(time: string): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  if (minutes === 0 && hours === 12) return 'midday';
  if (minutes === 0 && hours === 0) return 'midnight';
  const hour = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

/**
 * When a booked session starts, as people read it ("8 December 2026 9:30am"), from its id alone:
 * ledger entries keep session ids, and an id ends with the London date and start time
 * (catalogue/domain/sessions.ts). Anything else is shown as it is.
 */
export function sessionStartText(sessionId: string): string {
  if (!sessionIdPattern.test(sessionId)) return sessionId;
  const stamp = sessionId.slice(-12);
  const date = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}`;
  if (Number.isNaN(Date.parse(`${date}T12:00:00Z`))) return sessionId;
  return `${formatUkDate(date)} ${clockText(`${stamp.slice(8, 10)}:${stamp.slice(10, 12)}`)}`;
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
