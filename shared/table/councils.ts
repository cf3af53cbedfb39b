import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Council } from '../domain/councils';
import { isConditionalCheckFailed, type Table } from './client';
import { insertOnly, newItemMeta } from './item';

/**
 * Councils. Keys:
 *   PK = COUNCIL#<id>, SK = COUNCIL
 *   GSI1PK = COUNCILS, GSI1SK = COUNCIL#<id>   (every council; a handful of items)
 */
const keys = {
  item: (id: string) => ({ PK: `COUNCIL#${id}`, SK: 'COUNCIL' }),
  list: (id: string) => ({ GSI1PK: 'COUNCILS', GSI1SK: `COUNCIL#${id}` }),
};

function toCouncil(item: Record<string, unknown>): Council {
  return {
    id: String(item.id),
    name: String(item.name),
    area: String(item.area),
    commissionersEmail: String(item.commissionersEmail ?? ''),
    postcodeDistricts: Array.isArray(item.postcodeDistricts) ? item.postcodeDistricts.map(String) : [],
    ...(item.bookingRules ? { bookingRules: item.bookingRules as Council['bookingRules'] } : {}),
  };
}

export function createCouncilRepository(table: Table) {
  return {
    async get(id: string): Promise<Council | undefined> {
      const { Item } = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.item(id) }));
      return Item ? toCouncil(Item) : undefined;
    },

    async list(): Promise<Council[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': 'COUNCILS' },
        }),
      );
      return Items.map(toCouncil);
    },

    /** Adds the council unless it exists; returns false when it was already there. */
    async add(council: Council, now = new Date()): Promise<boolean> {
      try {
        await table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...keys.item(council.id),
              ...keys.list(council.id),
              ...newItemMeta('Council', council.id, now),
              ...council,
            },
            ...insertOnly,
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
    },
  };
}

export type CouncilRepository = ReturnType<typeof createCouncilRepository>;
