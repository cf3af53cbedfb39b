import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { queryAll } from '../../../shared/table/reads';
import type { LedgerEntry } from '../domain/ledger';
import type { BudgetPeriod, BudgetRoute } from '../domain/people';
import { personPartition } from './people';

type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Budgets: the ledger, the places held against a budget, and one guard item per budget period
 * that every change to that period's money moves on. All in the person's partition:
 *   SK = BUDGET#<route>#<period start>                               the guard: { version }
 *   SK = BUDGET#<route>#<period start>#HOLD#<bookingId>               money held by an unpaid booking
 *   SK = BUDGET#<route>#<period start>#LEDGER#<at>#<entryId>          a ledger entry (never changed)
 *     GSI1PK = COUNCIL#<councilId>#LEDGER#<YYYY-MM>, GSI1SK = <at>#<entryId>               (council-wide, by date)
 *     GSI2PK = COUNCIL#<councilId>#ISF#<holderProviderId>#<YYYY-MM>, GSI2SK = <at>#<id>     (an ISF holder's statement)
 *
 * One consistent query of `BUDGET#<route>#<period start>` reads everything a booking needs to
 * know about the period. Each write for the period includes the guard at the version that query
 * saw, so two bookings racing for the same budget cannot both spend the last of it.
 */
const prefix = (route: BudgetRoute, period: BudgetPeriod) => `BUDGET#${route}#${period.start}`;
const month = (at: string) => at.slice(0, 7);

export interface BudgetHold {
  bookingId: string;
  amountPence: number;
  expiresAt: string;
}

export interface BudgetState {
  councilId: string;
  personId: string;
  route: BudgetRoute;
  period: BudgetPeriod;
  /** 0 when nothing has happened in the period yet (no allocation written). */
  version: number;
  entries: LedgerEntry[];
  holds: BudgetHold[];
}

const ledgerFields = [
  'id',
  'councilId',
  'personId',
  'personReference',
  'route',
  'period',
  'kind',
  'amountPence',
  'at',
  'booking',
  'paymentReference',
  'isfHolderProviderId',
  'note',
  'recordedBy',
] as const;

export function toLedgerEntry(item: Record<string, unknown>): LedgerEntry {
  return Object.fromEntries(
    ledgerFields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as LedgerEntry;
}

export function createBudgetRepository(table: Table) {
  const pk = (state: Pick<BudgetState, 'councilId' | 'personId'>) =>
    personPartition(state.councilId, state.personId);

  return {
    async state(
      councilId: string,
      personId: string,
      route: BudgetRoute,
      period: BudgetPeriod,
    ): Promise<BudgetState> {
      const state: BudgetState = { councilId, personId, route, period, version: 0, entries: [], holds: [] };
      const items = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': personPartition(councilId, personId),
          ':prefix': prefix(route, period),
        },
        ConsistentRead: true,
      });
      for (const item of items) {
        if (item.entity === 'BudgetGuard') state.version = Number(item.version);
        else if (item.entity === 'BudgetHold')
          state.holds.push({
            bookingId: String(item.bookingId),
            amountPence: Number(item.amountPence),
            expiresAt: String(item.expiresAtIso),
          });
        else if (item.entity === 'LedgerEntry') state.entries.push(toLedgerEntry(item));
      }
      return state;
    },

    /** Every ledger entry of a person, oldest first (a statement). */
    async ledgerOf(councilId: string, personId: string): Promise<LedgerEntry[]> {
      const items = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        FilterExpression: 'entity = :entry',
        ExpressionAttributeValues: {
          ':pk': personPartition(councilId, personId),
          ':prefix': 'BUDGET#',
          ':entry': 'LedgerEntry',
        },
      });
      return items.map(toLedgerEntry).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    },

    /** A council's ledger entries between two instants (inclusive from, exclusive to), oldest first. */
    async councilLedger(councilId: string, from: string, to: string): Promise<LedgerEntry[]> {
      return queryByMonth(table, 'GSI1', (m) => `COUNCIL#${councilId}#LEDGER#${m}`, from, to);
    },

    /** The ledger entries an ISF holder's statement shows for a month range. */
    async isfLedger(
      councilId: string,
      holderProviderId: string,
      from: string,
      to: string,
    ): Promise<LedgerEntry[]> {
      return queryByMonth(
        table,
        'GSI2',
        (m) => `COUNCIL#${councilId}#ISF#${holderProviderId}#${m}`,
        from,
        to,
      );
    },

    /** Moves the period's guard on from the version read: the write that makes any change to the period. */
    guardWrite(state: BudgetState, now: Date): TransactWriteItem {
      return {
        Update: {
          TableName: table.name,
          Key: { PK: pk(state), SK: prefix(state.route, state.period) },
          UpdateExpression:
            'SET version = :next, entity = :entity, councilId = :council, updatedAt = :at, createdAt = if_not_exists(createdAt, :at)',
          ConditionExpression: state.version === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
          ExpressionAttributeValues: {
            ':next': state.version + 1,
            ':entity': 'BudgetGuard',
            ':council': state.councilId,
            ':at': now.toISOString(),
            ...(state.version === 0 ? {} : { ':expected': state.version }),
          },
        },
      };
    },

    holdWrite(state: BudgetState, hold: BudgetHold): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: {
            PK: pk(state),
            SK: `${prefix(state.route, state.period)}#HOLD#${hold.bookingId}`,
            entity: 'BudgetHold',
            councilId: state.councilId,
            bookingId: hold.bookingId,
            amountPence: hold.amountPence,
            expiresAtIso: hold.expiresAt,
            // TTL tidies it up a day or two later; readers already ignore it once it has run out.
            expiresAt: Math.floor(Date.parse(hold.expiresAt) / 1000) + 86_400,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
    },

    releaseHoldWrite(state: BudgetState, bookingId: string): TransactWriteItem {
      return {
        Delete: {
          TableName: table.name,
          Key: { PK: pk(state), SK: `${prefix(state.route, state.period)}#HOLD#${bookingId}` },
        },
      };
    },

    entryWrite(entry: LedgerEntry): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: {
            PK: personPartition(entry.councilId, entry.personId),
            SK: `${prefix(entry.route, entry.period)}#LEDGER#${entry.at}#${entry.id}`,
            GSI1PK: `COUNCIL#${entry.councilId}#LEDGER#${month(entry.at)}`,
            GSI1SK: `${entry.at}#${entry.id}`,
            ...(entry.isfHolderProviderId
              ? {
                  GSI2PK: `COUNCIL#${entry.councilId}#ISF#${entry.isfHolderProviderId}#${month(entry.at)}`,
                  GSI2SK: `${entry.at}#${entry.id}`,
                }
              : {}),
            entity: 'LedgerEntry',
            version: 1,
            createdAt: entry.at,
            updatedAt: entry.at,
            ...entry,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
    },
  };
}

/** Months from `from` to `to`, each a partition; at most 25 (two years of London days can touch 25 UTC months). */
async function queryByMonth(
  table: Table,
  index: 'GSI1' | 'GSI2',
  partition: (month: string) => string,
  from: string,
  to: string,
): Promise<LedgerEntry[]> {
  const months: string[] = [];
  for (let m = month(from); m <= month(to) && months.length < 25; ) {
    months.push(m);
    const [year, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${year + 1}-01` : `${year}-${String(mm + 1).padStart(2, '0')}`;
  }
  const entries: LedgerEntry[] = [];
  for (const m of months) {
    const items = await queryAll(table, {
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk AND ${index}SK BETWEEN :from AND :to`,
      ExpressionAttributeValues: { ':pk': partition(m), ':from': from, ':to': to },
    });
    entries.push(...items.map(toLedgerEntry).filter((entry) => entry.at < to));
  }
  return entries;
}

export type BudgetRepository = ReturnType<typeof createBudgetRepository>;
