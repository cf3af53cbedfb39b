import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { insertOnly } from '../../../shared/table/item';
import { type Membership, nextExpiry } from '../domain/membership';
import type { TransactWriteItem } from './applications';

/**
 * Framework memberships. Keys:
 *   PK = COUNCIL#<councilId>#MEMBERSHIP#<id>, SK = MEMBERSHIP
 *   GSI1PK = COUNCIL#<councilId>#MEMBERSHIPS, GSI1SK = <rank>#<next expiry>#<id>
 *     (the members page: suspended first (rank 1), then active (2), then ended (3), soonest expiry first)
 *   GSI2PK = COUNCIL#<councilId>#PROVIDER#<providerId>#MEMBERSHIPS, GSI2SK = <frameworkId>
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
  'lotIds',
  'startsOn',
  'status',
  'complianceItems',
  'createdAt',
  'updatedAt',
  'version',
] as const;

function toMembership(item: Record<string, unknown>): Membership {
  return Object.fromEntries(membershipFields.map((field) => [field, item[field]])) as unknown as Membership;
}

export function createMembershipRepository(table: Table) {
  return {
    /** A write for the transaction that approves the application: the membership is new. */
    insertWrite(membership: Membership): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: {
            ...keys.item(membership.councilId, membership.id),
            ...keys.list(membership),
            ...keys.byProvider(membership),
            entity: 'Membership',
            ...membership,
          },
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
