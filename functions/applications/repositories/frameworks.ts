import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { insertOnly, newItemMeta } from '../../../shared/table/item';
import type { Framework, FrameworkAuditEntry, FrameworkChange } from '../domain/framework';
import { VersionConflictError } from './applications';

/**
 * Frameworks. Keys:
 *   PK = COUNCIL#<councilId>#FRAMEWORK#<frameworkId>, SK = FRAMEWORK
 *   PK = COUNCIL#<councilId>#FRAMEWORK#<frameworkId>, SK = AUDIT#<version>    (its history, oldest first)
 *   GSI1PK = COUNCIL#<councilId>#FRAMEWORKS, GSI1SK = <name>#<frameworkId>   (a council's frameworks by name)
 * Each change writes the framework and its audit entry in one transaction; entries are only inserted.
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
  'autoAcceptRenewals',
  'version',
] as const;

function toFramework(item: Record<string, unknown>): Framework {
  const framework = Object.fromEntries(frameworkFields.map((field) => [field, item[field]]));
  // Frameworks saved before the renewal rule existed accept nothing automatically.
  return { ...framework, autoAcceptRenewals: item.autoAcceptRenewals ?? [] } as unknown as Framework;
}

function toAuditEntry(item: Record<string, unknown>): FrameworkAuditEntry {
  const { PK: _pk, SK: _sk, entity: _entity, ...entry } = item;
  return entry as unknown as FrameworkAuditEntry;
}

export function createFrameworkRepository(table: Table) {
  const itemOf = (framework: Framework) => ({
    ...keys.item(framework.councilId, framework.id),
    ...keys.byCouncil(framework),
    ...framework,
  });
  const auditPut = (audit: FrameworkAuditEntry) => ({
    Put: {
      TableName: table.name,
      Item: {
        PK: keys.item(audit.councilId, audit.frameworkId).PK,
        SK: `AUDIT#${String(audit.version).padStart(8, '0')}`,
        entity: 'FrameworkAuditEntry',
        ...audit,
      },
      ...insertOnly,
    },
  });

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

    /** The framework's history, oldest first. */
    async auditTrail(councilId: string, id: string): Promise<FrameworkAuditEntry[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
          ExpressionAttributeValues: { ':pk': keys.item(councilId, id).PK, ':audit': 'AUDIT#' },
        }),
      );
      return Items.map(toAuditEntry);
    },

    /**
     * Saves an edited framework, with its audit entry, if it is still at the version the edit
     * started from; an update rather than a put, so createdAt stays as it was.
     */
    async update({ framework, audit }: FrameworkChange, now = new Date()): Promise<void> {
      const {
        id: _id,
        councilId: _council,
        ...fields
      } = { ...framework, ...keys.byCouncil(framework), updatedAt: now.toISOString() };
      const names = Object.keys(fields);
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table.name,
                  Key: keys.item(framework.councilId, framework.id),
                  UpdateExpression: `SET ${names.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
                  ConditionExpression: 'attribute_exists(PK) AND version = :expected',
                  ExpressionAttributeNames: Object.fromEntries(
                    names.map((name, index) => [`#f${index}`, name]),
                  ),
                  ExpressionAttributeValues: {
                    ...Object.fromEntries(
                      names.map((name, index) => [`:f${index}`, fields[name as keyof typeof fields]]),
                    ),
                    ':expected': framework.version - 1,
                  },
                },
              },
              auditPut(audit),
            ],
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException')
          throw new VersionConflictError(`The framework is no longer at version ${framework.version - 1}`);
        throw error;
      }
    },

    /** Adds the framework, with its first audit entry, unless it exists; returns false when it was already there. */
    async add({ framework, audit }: FrameworkChange, now = new Date()): Promise<boolean> {
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table.name,
                  Item: { ...newItemMeta('Framework', framework.councilId, now), ...itemOf(framework) },
                  ...insertOnly,
                },
              },
              auditPut(audit),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
        throw error;
      }
    },
  };
}

export type FrameworkRepository = ReturnType<typeof createFrameworkRepository>;
