import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Table } from '../../../shared/table/client';
import { insertOnly, newItemMeta } from '../../../shared/table/item';
import type { Framework } from '../domain/framework';

/**
 * Frameworks. Keys:
 *   PK = COUNCIL#<councilId>#FRAMEWORK#<frameworkId>, SK = FRAMEWORK
 *   GSI1PK = COUNCIL#<councilId>#FRAMEWORKS, GSI1SK = <name>#<frameworkId>   (a council's frameworks by name)
 */
const keys = {
  item: (councilId: string, id: string) => ({ PK: `COUNCIL#${councilId}#FRAMEWORK#${id}`, SK: 'FRAMEWORK' }),
  byCouncil: (framework: Framework) => ({
    GSI1PK: `COUNCIL#${framework.councilId}#FRAMEWORKS`,
    GSI1SK: `${framework.name}#${framework.id}`,
  }),
};

const frameworkFields = [
  'id',
  'councilId',
  'name',
  'description',
  'lots',
  'selectionCriteria',
  'qualityQuestions',
  'passMarkPercent',
  'term',
  'admission',
  'standardRules',
  'microProviderRules',
  'version',
] as const;

function toFramework(item: Record<string, unknown>): Framework {
  return Object.fromEntries(frameworkFields.map((field) => [field, item[field]])) as unknown as Framework;
}

export function createFrameworkRepository(table: Table) {
  return {
    async get(councilId: string, id: string): Promise<Framework | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(councilId, id) }),
      );
      return Item ? toFramework(Item) : undefined;
    },

    async listByCouncil(councilId: string): Promise<Framework[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#FRAMEWORKS` },
        }),
      );
      return Items.map(toFramework);
    },

    /** Adds the framework unless it exists; returns false when it was already there. */
    async add(framework: Framework, now = new Date()): Promise<boolean> {
      try {
        await table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...keys.item(framework.councilId, framework.id),
              ...keys.byCouncil(framework),
              ...newItemMeta('Framework', framework.councilId, now),
              ...framework,
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

export type FrameworkRepository = ReturnType<typeof createFrameworkRepository>;
