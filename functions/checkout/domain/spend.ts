import { decimalPounds } from '../../../shared/money/pounds';
import { londonParts } from '../../../shared/time/london-time';
import { csvDocument } from '../../../shared/web/csv';
import { type LedgerEntry, sessionStartText } from './ledger';
import type { BudgetRoute } from './people';

/**
 * Spend of council money (direct payments and ISFs), as the council monitors it: what was paid to
 * whom, month by month. Spend counts as money out; a refund takes it back.
 */
export const budgetRouteNames: Record<BudgetRoute, string> = {
  'direct-payment': 'Direct payment',
  'individual-service-fund': 'Individual service fund',
};

/** Pence spent by an entry: positive for a payment, negative for a refund, nothing for budget entries. */
export const spentBy = (entry: Pick<LedgerEntry, 'kind' | 'amountPence' | 'booking'>) =>
  (entry.kind === 'spend' || entry.kind === 'refund') && entry.booking ? -entry.amountPence : 0;

export interface SpendTotals {
  months: string[];
  providers: {
    providerId: string;
    providerName: string;
    byMonth: Record<string, number>;
    totalPence: number;
  }[];
  byMonth: Record<string, number>;
  totalPence: number;
}

/** Totals per provider and per month (YYYY-MM, by the entry's London date, as the council's months run). */
export function spendTotals(entries: LedgerEntry[]): SpendTotals {
  const providers = new Map<string, SpendTotals['providers'][number]>();
  const byMonth: Record<string, number> = {};
  let totalPence = 0;
  for (const entry of entries) {
    const pence = spentBy(entry);
    if (!pence || !entry.booking) continue;
    const month = londonParts(new Date(entry.at)).date.slice(0, 7);
    const provider = providers.get(entry.booking.providerId) ?? {
      providerId: entry.booking.providerId,
      providerName: entry.booking.providerName,
      byMonth: {},
      totalPence: 0,
    };
    provider.byMonth[month] = (provider.byMonth[month] ?? 0) + pence;
    provider.totalPence += pence;
    providers.set(provider.providerId, provider);
    byMonth[month] = (byMonth[month] ?? 0) + pence;
    totalPence += pence;
  }
  return {
    months: Object.keys(byMonth).sort(),
    providers: [...providers.values()].sort(
      (a, b) => b.totalPence - a.totalPence || a.providerName.localeCompare(b.providerName),
    ),
    byMonth,
    totalPence,
  };
}

export const spendCsvHeader = [
  'Date',
  'Person reference',
  'Provider',
  'Activity',
  'Sessions',
  'Amount (GBP)',
  'Funding route',
  'Entry',
  'Payment reference',
  'Session ids',
];

/** A booking's sessions as people read them: "8 December 2026 9:30am; 10 December 2026 9:30am". */
export const sessionsText = (sessionIds: string[]) => sessionIds.map(sessionStartText).join('; ');

/**
 * The council-wide spend export: one row per payment or refund. Sessions are written for people
 * to read; the last column keeps their ids, for matching rows up with registers and other exports.
 */
export function spendCsv(entries: LedgerEntry[]): string {
  const rows = entries
    .filter((entry) => spentBy(entry) !== 0)
    .map((entry) => [
      entry.at,
      entry.personReference,
      entry.booking?.providerName ?? '',
      entry.booking?.activityTitle ?? '',
      sessionsText(entry.booking?.sessionIds ?? []),
      decimalPounds(spentBy(entry)),
      budgetRouteNames[entry.route],
      entry.kind,
      entry.paymentReference ?? '',
      (entry.booking?.sessionIds ?? []).join(' '),
    ]);
  return csvDocument([spendCsvHeader, ...rows]);
}
