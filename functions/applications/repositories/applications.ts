import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { insertOnly } from '../../../shared/table/item';
import {
  type Application,
  ApplicationRuleError,
  type ApplicationStatus,
  type AuditEntry,
  type Change,
} from '../domain/application';

/**
 * Applications and their audit trails. Keys:
 *   PK = COUNCIL#<councilId>#APPLICATION#<id>, SK = APPLICATION               the application
 *   PK = COUNCIL#<councilId>#APPLICATION#<id>, SK = AUDIT#<version>            its audit trail, oldest first
 *   GSI1PK = COUNCIL#<councilId>#APPLICATIONS#<status>, GSI1SK = <since>#<id> the queue by status, oldest first
 *   GSI2PK = COUNCIL#<councilId>#PROVIDER#<providerId>#APPLICATIONS, GSI2SK = <createdAt>#<id>
 * `since` is when it was submitted (or started, for drafts), so the queue shows age.
 *   PK = COUNCIL#<councilId>#PROVIDER#<providerId>#FRAMEWORK#<frameworkId>, SK = APPLICATION-CLAIM
 *                                      the one application a provider may have to a framework
 *                                      (inserted with it, deleted when it is rejected)
 * Audit entries are only ever inserted, in the same transaction as the change they record; each
 * change makes one new version, so the version (zero-padded) orders the trail and keys it uniquely.
 */
const keys = {
  item: (councilId: string, id: string) => ({
    PK: `COUNCIL#${councilId}#APPLICATION#${id}`,
    SK: 'APPLICATION',
  }),
  audit: (entry: AuditEntry, version: number) => ({
    PK: `COUNCIL#${entry.councilId}#APPLICATION#${entry.applicationId}`,
    SK: `AUDIT#${String(version).padStart(8, '0')}`,
  }),
  claim: (application: Pick<Application, 'councilId' | 'providerId' | 'framework'>) => ({
    PK: `COUNCIL#${application.councilId}#PROVIDER#${application.providerId}#FRAMEWORK#${application.framework.id}`,
    SK: 'APPLICATION-CLAIM',
  }),
  byStatus: (application: Application) => ({
    GSI1PK: `COUNCIL#${application.councilId}#APPLICATIONS#${application.status}`,
    GSI1SK: `${application.submittedAt ?? application.createdAt}#${application.id}`,
  }),
  byProvider: (application: Application) => ({
    GSI2PK: `COUNCIL#${application.councilId}#PROVIDER#${application.providerId}#APPLICATIONS`,
    GSI2SK: `${application.createdAt}#${application.id}`,
  }),
};

export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Someone else changed the application since it was read; nothing was written. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
}

const applicationFields = [
  'id',
  'councilId',
  'providerId',
  'providerName',
  'framework',
  'microProvider',
  'status',
  'sections',
  'clarifications',
  'evaluation',
  'decision',
  'evidence',
  'submittedAt',
  'createdAt',
  'updatedAt',
  'version',
] as const;

function toApplication(item: Record<string, unknown>): Application {
  return Object.fromEntries(
    applicationFields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as Application;
}

function toAuditEntry(item: Record<string, unknown>): AuditEntry {
  const { PK: _pk, SK: _sk, entity: _entity, ...entry } = item;
  return entry as unknown as AuditEntry;
}

export function createApplicationRepository(table: Table) {
  const applicationItem = (application: Application) => ({
    ...keys.item(application.councilId, application.id),
    ...keys.byStatus(application),
    ...keys.byProvider(application),
    entity: 'Application',
    ...application,
  });
  const auditPut = ({ audit, application }: Change) => ({
    Put: {
      TableName: table.name,
      Item: { ...keys.audit(audit, application.version), entity: 'AuditEntry', ...audit },
      ...insertOnly,
    },
  });

  return {
    async get(councilId: string, id: string): Promise<Application | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(councilId, id), ConsistentRead: true }),
      );
      return Item ? toApplication(Item) : undefined;
    },

    /**
     * Inserts a new application with its claim on the framework, so that two starts at once cannot
     * both succeed; the second is refused as a duplicate and nothing is written.
     */
    async create(change: Change): Promise<void> {
      const { application } = change;
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table.name, Item: applicationItem(application), ...insertOnly } },
              auditPut(change),
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...keys.claim(application),
                    entity: 'ApplicationClaim',
                    applicationId: application.id,
                  },
                  ...insertOnly,
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') {
          throw new ApplicationRuleError(
            'duplicate',
            `You already have an application to join ${application.framework.name}. Carry on with that one.`,
            [{ field: 'frameworkId', message: 'You already have an application to this framework' }],
          );
        }
        throw error;
      }
    },

    /** Frees the provider to apply to the framework again; written with the rejection. */
    releaseClaimWrite(application: Application): TransactWriteItem {
      return {
        Delete: {
          TableName: table.name,
          Key: keys.claim(application),
          // Applications started before claims existed have none to delete.
          ConditionExpression: 'attribute_not_exists(PK) OR applicationId = :id',
          ExpressionAttributeValues: { ':id': application.id },
        },
      };
    },

    /**
     * Writes the changed application only if it is still at the version the change started from,
     * with its audit entry and any other writes the change causes (a new membership), all or nothing.
     */
    async save(change: Change, alsoWrite: TransactWriteItem[] = []): Promise<void> {
      const expectedVersion = change.application.version - 1;
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table.name,
                  Item: applicationItem(change.application),
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                },
              },
              auditPut(change),
              ...alsoWrite,
            ],
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') {
          throw new VersionConflictError(`The application is no longer at version ${expectedVersion}`);
        }
        throw error;
      }
    },

    async listForProvider(councilId: string, providerId: string): Promise<Application[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#PROVIDER#${providerId}#APPLICATIONS` },
          ScanIndexForward: false,
        }),
      );
      return Items.map(toApplication);
    },

    /** The queue: applications in one status, oldest first. */
    async listByStatus(councilId: string, status: ApplicationStatus, limit = 50): Promise<Application[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#APPLICATIONS#${status}` },
          Limit: limit,
        }),
      );
      return Items.map(toApplication);
    },

    async auditTrail(councilId: string, id: string): Promise<AuditEntry[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
          ExpressionAttributeValues: { ':pk': keys.item(councilId, id).PK, ':audit': 'AUDIT#' },
        }),
      );
      return Items.map(toAuditEntry);
    },
  };
}

export type ApplicationRepository = ReturnType<typeof createApplicationRepository>;
