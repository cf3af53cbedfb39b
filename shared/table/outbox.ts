import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Notification } from '../domain/notifications';
import type { Table } from './client';
import { insertOnly } from './item';

type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The outbox. Keys:
 *   PK = COUNCIL#<councilId>#OUTBOX, SK = <createdAt>#<id>   (a council's messages, oldest first)
 * Items carry `entity: 'Notification'`, which the stream-fed sender filters on.
 */
const keys = {
  item: (notification: Notification) => ({
    PK: `COUNCIL#${notification.councilId}#OUTBOX`,
    SK: `${notification.createdAt}#${notification.id}`,
  }),
};

export function createOutboxRepository(table: Table) {
  return {
    /** A write for the transaction that makes the change the message announces. */
    insertWrite(notification: Notification): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: {
            ...keys.item(notification),
            entity: 'Notification',
            version: 1,
            updatedAt: notification.createdAt,
            ...notification,
          },
          ...insertOnly,
        },
      };
    },

    /** Newest first. */
    async listByCouncil(councilId: string, limit = 100): Promise<Notification[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#OUTBOX` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return Items.map(({ id, councilId: council, to, subject, body, related, createdAt }) => ({
        id,
        councilId: council,
        to,
        subject,
        body,
        related,
        createdAt,
      })) as Notification[];
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
