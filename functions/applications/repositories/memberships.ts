import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Notification } from '../../../shared/domain/notifications';
import type { Table } from '../../../shared/table/client';
import { insertOnly } from '../../../shared/table/item';
import type { OutboxRepository } from '../../../shared/table/outbox';
import type { Actor } from '../domain/application';
import { type ComplianceItem, type Membership, nextExpiry } from '../domain/membership';
import { type TransactWriteItem, VersionConflictError } from './applications';

/**
 * Framework memberships. Keys:
 *   PK = COUNCIL#<councilId>#MEMBERSHIP#<id>, SK = MEMBERSHIP
 *   GSI1PK = COUNCIL#<councilId>#MEMBERSHIPS, GSI1SK = <rank>#<next expiry>#<id>
 *     (the members page: suspended first (rank 1), then active (2), then ended (3), soonest expiry first)
 *   GSI2PK = COUNCIL#<councilId>#PROVIDER#<providerId>#MEMBERSHIPS, GSI2SK = <frameworkId>
 *   PK = COUNCIL#<councilId>#MEMBERSHIP#<id>, SK = REMINDER#<kind>#<expiresOn>   (a reminder was sent: once per item and date)
 *   PK = COUNCIL#<councilId>#MEMBERSHIP#<id>, SK = AUDIT#<version>               (status changes, oldest first)
 */
const statusRank: Record<Membership['status'], string> = { suspended: '1', active: '2', ended: '3' };

const keys = {
  item: (councilId: string, id: string) => ({
    PK: `COUNCIL#${councilId}#MEMBERSHIP#${id}`,
    SK: 'MEMBERSHIP',
  }),
  list: (membership: Membership) => ({
    GSI1PK: `COUNCIL#${membership.councilId}#MEMBERSHIPS`,
    GSI1SK: `${statusRank[membership.status]}#${nextExpiry(membership) ?? '9999-12-31'}#${membership.id}`,
  }),
  byProvider: (membership: Membership) => ({
    GSI2PK: `COUNCIL#${membership.councilId}#PROVIDER#${membership.providerId}#MEMBERSHIPS`,
    GSI2SK: membership.frameworkId,
  }),
};

const membershipFields = [
  'id',
  'councilId',
  'frameworkId',
  'frameworkName',
  'providerId',
  'providerName',
  'applicationId',
  'contact',
  'lotIds',
  'startsOn',
  'status',
  'complianceItems',
  'renewals',
  'createdAt',
  'updatedAt',
  'version',
] as const;

function toMembership(item: Record<string, unknown>): Membership {
  return Object.fromEntries(membershipFields.map((field) => [field, item[field]])) as unknown as Membership;
}

export interface MembershipAuditEntry {
  at: string;
  actor: Actor;
  action: 'suspended' | 'renewal-submitted' | 'renewal-accepted' | 'renewal-refused' | 'reinstated';
  detail: string;
}

export function createMembershipRepository(table: Table, outbox: Pick<OutboxRepository, 'insertWrite'>) {
  const itemOf = (membership: Membership) => ({
    ...keys.item(membership.councilId, membership.id),
    ...keys.list(membership),
    ...keys.byProvider(membership),
    entity: 'Membership',
    ...membership,
  });
  const isCancelled = (error: unknown) =>
    error instanceof Error && error.name === 'TransactionCanceledException';

  return {
    /**
     * Sends a reminder about one item once: the marker and the message are written together, and
     * a marker already there (yesterday's run) means nothing is sent again. Returns whether it sent.
     */
    async remindOnce(membership: Membership, item: ComplianceItem, notice: Notification): Promise<boolean> {
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    PK: keys.item(membership.councilId, membership.id).PK,
                    SK: `REMINDER#${item.kind}#${item.expiresOn}`,
                    entity: 'ComplianceReminder',
                    councilId: membership.councilId,
                    sentAt: notice.createdAt,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              ...(notice ? [outbox.insertWrite(notice)] : []),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (isCancelled(error)) return false;
        throw error;
      }
    },

    /** Saves a change if nobody changed the membership meanwhile, with its audit entry and message. */
    async save(after: Membership, audit: MembershipAuditEntry, notice?: Notification): Promise<void> {
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table.name,
                  Item: itemOf(after),
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': after.version - 1 },
                },
              },
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    PK: keys.item(after.councilId, after.id).PK,
                    SK: `AUDIT#${String(after.version).padStart(8, '0')}`,
                    entity: 'MembershipAuditEntry',
                    councilId: after.councilId,
                    membershipId: after.id,
                    ...audit,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              ...(notice ? [outbox.insertWrite(notice)] : []),
            ],
          }),
        );
      } catch (error) {
        if (isCancelled(error))
          throw new VersionConflictError(`The membership is no longer at version ${after.version - 1}`);
        throw error;
      }
    },

    async auditTrail(councilId: string, id: string): Promise<MembershipAuditEntry[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
          ExpressionAttributeValues: { ':pk': keys.item(councilId, id).PK, ':audit': 'AUDIT#' },
        }),
      );
      return Items.map(
        ({ at, actor, action, detail }) => ({ at, actor, action, detail }) as MembershipAuditEntry,
      );
    },

    /** A write for the transaction that approves the application: the membership is new. */
    insertWrite(membership: Membership): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: itemOf(membership),
          ...insertOnly,
        },
      };
    },

    async get(councilId: string, id: string): Promise<Membership | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(councilId, id) }),
      );
      return Item ? toMembership(Item) : undefined;
    },

    /** The members page: suspended first, then by the soonest expiry. */
    async listByCouncil(councilId: string): Promise<Membership[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#MEMBERSHIPS` },
        }),
      );
      return Items.map(toMembership);
    },

    async listForProvider(councilId: string, providerId: string): Promise<Membership[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#PROVIDER#${providerId}#MEMBERSHIPS` },
        }),
      );
      return Items.map(toMembership);
    },
  };
}

export type MembershipRepository = ReturnType<typeof createMembershipRepository>;
