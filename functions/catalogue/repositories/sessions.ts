import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { type Session, sessionIdPattern } from '../domain/sessions';
import { activityVersionCheck, feedKey, feedPage } from './activities';

/**
 * Sessions, kept with their activity. Keys:
 *   PK = ACTIVITY#<activityId>, SK = SESSION#<YYYYMMDDHHMM, London time>   (an activity's sessions in date order)
 *   GSI1PK = FEED#scheduled-sessions, GSI1SK = <modified, 15 digits>#<id>   (the open data feed)
 * A session id is `<activityId>-<YYYYMMDDHHMM>`, so the id alone finds the item.
 */
const keys = {
  item: (id: string) => ({ PK: `ACTIVITY#${id.slice(0, 26)}`, SK: `SESSION#${id.slice(27)}` }),
  feed: (session: Session) =>
    session.feed
      ? { GSI1PK: 'FEED#scheduled-sessions', GSI1SK: feedKey(session.feed.modified, session.id) }
      : {},
};

const sessionFields = [
  'id',
  'activityId',
  'councilId',
  'providerId',
  'date',
  'starts',
  'ends',
  'startsAt',
  'endsAt',
  'places',
  'booked',
  'status',
  'cancelledBy',
  'cancelledReason',
  'feed',
  'createdAt',
  'updatedAt',
  'version',
] as const;

function toSession(item: Record<string, unknown>): Session {
  return Object.fromEntries(
    sessionFields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as Session;
}

/** A session changed (a booking, most likely) while the plan was being made; nothing was written. */
export class SessionsChangedError extends Error {
  override name = 'SessionsChangedError';
}

export function createSessionRepository(table: Table) {
  const itemOf = (session: Session) => ({
    ...keys.item(session.id),
    ...keys.feed(session),
    entity: 'Session',
    ...session,
  });

  return {
    async get(id: string): Promise<Session | undefined> {
      if (!sessionIdPattern.test(id)) return undefined;
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(id), ConsistentRead: true }),
      );
      return Item ? toSession(Item) : undefined;
    },

    /** An activity's sessions from a London date on (all of them without one), in date order. */
    async listForActivity(activityId: string, fromDate?: string, limit?: number): Promise<Session[]> {
      const sessions: Session[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.client.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': `ACTIVITY#${activityId}`,
              ':from': `SESSION#${fromDate ? fromDate.replaceAll('-', '') : ''}`,
              ':to': 'SESSION#~',
            },
            ConsistentRead: true,
            ...(limit ? { Limit: limit - sessions.length } : {}),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        sessions.push(...(page.Items ?? []).map(toSession));
        start = page.LastEvaluatedKey;
      } while (start && (!limit || sessions.length < limit));
      return sessions;
    },

    /**
     * Writes new sessions (insert only) and changed ones (only if still at the version read), up to
     * 100 to a transaction. A booking that lands meanwhile fails the transaction it is in, and
     * nothing of that transaction is written (earlier ones stand: every write is idempotent from a
     * fresh plan); the caller makes the plan again from fresh sessions.
     */
    async write(
      created: Session[],
      updated: Session[],
      guard?: { activityId: string; version: number },
    ): Promise<void> {
      const writes = [
        ...created.map((session) => ({
          Put: {
            TableName: table.name,
            Item: itemOf(session),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        })),
        ...updated.map((session) => ({
          Put: {
            TableName: table.name,
            Item: itemOf(session),
            ConditionExpression: 'version = :expected AND booked = :booked',
            ExpressionAttributeValues: { ':expected': session.version - 1, ':booked': session.booked },
          },
        })),
      ];
      // Each transaction also checks the activity is still at the version the sessions were planned from.
      const check = guard ? [activityVersionCheck(table, guard.activityId, guard.version)] : [];
      const size = 100 - check.length;
      for (let i = 0; i < writes.length; i += size) {
        try {
          await table.client.send(
            new TransactWriteCommand({ TransactItems: [...writes.slice(i, i + size), ...check] }),
          );
        } catch (error) {
          if (error instanceof Error && error.name === 'TransactionCanceledException')
            throw new SessionsChangedError('A session changed while its schedule was being updated');
          throw error;
        }
      }
    },

    /** The scheduled-sessions feed after a position, oldest change first. */
    async feedAfter(
      after: { modified: number; id: string } | undefined,
      limit: number,
      before: number = Number.MAX_SAFE_INTEGER,
    ): Promise<Session[]> {
      return feedPage(table, 'FEED#scheduled-sessions', after, limit, before, toSession);
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
