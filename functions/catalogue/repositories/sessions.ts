import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { getAll } from '../../../shared/table/reads';
import { type Session, sessionIdPattern } from '../domain/sessions';
import { activityVersionCheck, feedKey, feedPage, nextFeedPosition } from './activities';

/**
 * Sessions, kept with their activity. Keys:
 *   PK = ACTIVITY#<activityId>, SK = SESSION#<YYYYMMDDHHMM, London time>   (an activity's sessions in date order)
 *   GSI1PK = FEED#scheduled-sessions, GSI1SK = <modified, 15 digits>#<id>   (the open data feed)
 *   PK = COUNCIL#<councilId>#SESSION-CANCELLATIONS, SK = <cancelledAt>#<sessionId>   (a provider's cancellation whose bookings are still to be refunded)
 * A session id is `<activityId>-<YYYYMMDDHHMM>`, so the id alone finds the item.
 */
const keys = {
  item: (id: string) => ({ PK: `ACTIVITY#${id.slice(0, 26)}`, SK: `SESSION#${id.slice(27)}` }),
  cancellation: (councilId: string, cancelledAt: string, sessionId: string) => ({
    PK: `COUNCIL#${councilId}#SESSION-CANCELLATIONS`,
    SK: `${cancelledAt}#${sessionId}`,
  }),
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

type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A booking's part of a transaction: takes places on a session (a positive change) or gives them
 * back (negative). Taking holds only while the session is scheduled, has not started, still has
 * the places it was read with and enough of them left; so concurrent bookings can never take more
 * places than there are, without any of them retrying. The session moves to the end of the open
 * data feed, whose remaining places changed: its position comes from the real clock, since `now`
 * may have been fixed at the start of a long run (it still decides "not started yet").
 */
export function sessionPlacesWrite(
  tableName: string,
  session: Pick<Session, 'id' | 'places'>,
  change: number,
  now: Date,
): TransactWriteItem {
  const modified = nextFeedPosition();
  const taking = change > 0;
  return {
    Update: {
      TableName: tableName,
      Key: keys.item(session.id),
      UpdateExpression:
        'SET booked = booked + :change, version = version + :one, updatedAt = :at, #feed.#modified = :modified, GSI1SK = :feedKey',
      ConditionExpression: taking
        ? '#status = :scheduled AND places = :places AND booked <= :most AND startsAt > :at'
        : 'booked >= :giveBack',
      ExpressionAttributeNames: {
        '#feed': 'feed',
        '#modified': 'modified',
        ...(taking ? { '#status': 'status' } : {}),
      },
      ExpressionAttributeValues: {
        ':change': change,
        ':one': 1,
        ':at': now.toISOString(),
        ':modified': modified,
        ':feedKey': feedKey(modified, session.id),
        ...(taking
          ? { ':scheduled': 'scheduled', ':places': session.places, ':most': session.places - change }
          : { ':giveBack': -change }),
      },
    },
  };
}

/** A provider's cancellation of a session with bookings, waiting for the checkout to refund them. */
export interface SessionCancellation {
  councilId: string;
  sessionId: string;
  reason: string;
  cancelledAt: string;
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

    /**
     * A provider's cancellation. When the session has bookings, a note that they are owed refunds
     * is written in the same transaction, so the checkout's regular run refunds every one of them
     * even if this request goes no further.
     */
    async cancelByProvider(cancelled: Session): Promise<void> {
      const writes: TransactWriteItem[] = [
        {
          Put: {
            TableName: table.name,
            Item: itemOf(cancelled),
            ConditionExpression: 'version = :expected AND booked = :booked',
            ExpressionAttributeValues: { ':expected': cancelled.version - 1, ':booked': cancelled.booked },
          },
        },
      ];
      if (cancelled.booked > 0)
        writes.push({
          Put: {
            TableName: table.name,
            Item: {
              ...keys.cancellation(cancelled.councilId, cancelled.updatedAt, cancelled.id),
              entity: 'SessionCancellation',
              councilId: cancelled.councilId,
              sessionId: cancelled.id,
              reason: cancelled.cancelledReason ?? '',
              cancelledAt: cancelled.updatedAt,
            },
          },
        });
      try {
        await table.client.send(new TransactWriteCommand({ TransactItems: writes }));
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException')
          throw new SessionsChangedError('The session changed while it was being cancelled');
        throw error;
      }
    },

    /** Cancellations whose bookings are still to be refunded, oldest first. */
    async cancellationsAwaitingRefunds(councilId: string, limit = 50): Promise<SessionCancellation[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#SESSION-CANCELLATIONS` },
          Limit: limit,
        }),
      );
      return Items.map((item) => ({
        councilId: String(item.councilId),
        sessionId: String(item.sessionId),
        reason: String(item.reason),
        cancelledAt: String(item.cancelledAt),
      }));
    },

    async refundsDone(cancellation: SessionCancellation): Promise<void> {
      await table.client.send(
        new DeleteCommand({
          TableName: table.name,
          Key: keys.cancellation(cancellation.councilId, cancellation.cancelledAt, cancellation.sessionId),
        }),
      );
    },

    /** Several sessions by id, in no particular order; unknown ids are left out. */
    async getMany(ids: string[]): Promise<Session[]> {
      const wanted = [...new Set(ids.filter((id) => sessionIdPattern.test(id)))];
      return (await getAll(table, wanted.map(keys.item))).map(toSession);
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
