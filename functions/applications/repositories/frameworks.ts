import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Table } from '../../../shared/table/client';
import { insertOnly, newItemMeta } from '../../../shared/table/item';
import type { Framework } from '../domain/framework';
import { VersionConflictError } from './applications';

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

    /** Saves an edited framework if it is still at the version the edit started from; keeps createdAt. */
    async update(framework: Framework, now = new Date()): Promise<void> {
      const {
        id: _id,
        councilId: _council,
        ...fields
      } = { ...framework, ...keys.byCouncil(framework), updatedAt: now.toISOString() };
      const names = Object.keys(fields);
      try {
        await table.client.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.item(framework.councilId, framework.id),
            UpdateExpression: `SET ${names.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(PK) AND version = :expected',
            ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#f${index}`, name])),
            ExpressionAttributeValues: {
              ...Object.fromEntries(
                names.map((name, index) => [`:f${index}`, fields[name as keyof typeof fields]]),
              ),
              ':expected': framework.version - 1,
            },
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error))
          throw new VersionConflictError(`The framework is no longer at version ${framework.version - 1}`);
        throw error;
      }
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
