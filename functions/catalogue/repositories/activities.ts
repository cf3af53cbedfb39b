import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Table } from '../../../shared/table/client';
import type { Activity } from '../domain/activity';

/**
 * Activities. Keys:
 *   PK = ACTIVITY#<id>, SK = ACTIVITY
 *   GSI2PK = COUNCIL#<councilId>#PROVIDER#<providerId>#ACTIVITIES, GSI2SK = <title>#<id>  (a provider's activities)
 *   GSI1PK = FEED#session-series, GSI1SK = <modified, 15 digits>#<id>   (the open data feed; set once published)
 *   PK = ACTIVITY#<hubId>, SK = SPOKE#<spokeId>                           (a hub's spokes)
 * Activity ids are ULIDs, unique across councils, so public pages and feeds need no council in
 * the address; every item still carries its councilId and every query checks it.
 */
export const feedKey = (modified: number, id: string) => `${String(modified).padStart(15, '0')}#${id}`;

let lastFeedPosition = 0;

/**
 * The position for a change written to an open data feed now. Always the real clock, never a
 * caller's injected one: a run that fixed its `now` at the start (the daily job, the checkout
 * sweep) would otherwise write behind positions others wrote since, and the feeds hold back only
 * a few seconds, so a consumer who read past those positions would never see the change. Never
 * repeats or goes backwards within a process, so two changes in one millisecond keep their order.
 */
export function nextFeedPosition(): number {
  lastFeedPosition = Math.max(lastFeedPosition + 1, Date.now());
  return lastFeedPosition;
}

/** A transaction part that holds only while the activity is still at `version`. */
export const activityVersionCheck = (table: Table, activityId: string, version: number) => ({
  ConditionCheck: {
    TableName: table.name,
    Key: keys.item(activityId),
    ConditionExpression: 'version = :version',
    ExpressionAttributeValues: { ':version': version },
  },
});

/**
 * One page of an RPDE feed partition: items changed strictly after `after` and before `before`
 * (milliseconds), oldest first. Keys hold digits, '#', lower-case letters and '-', so the first
 * key after K is K followed by something above '!': BETWEEN `K!` and the cut-off is "after K".
 */
export async function feedPage<T>(
  table: Table,
  partition: string,
  after: { modified: number; id: string } | undefined,
  limit: number,
  before: number,
  toItem: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const from = after ? `${feedKey(after.modified, after.id)}!` : '0';
  const to = `${String(Math.max(0, before - 1)).padStart(15, '0')}#~`;
  if (from > to) return [];
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': partition, ':from': from, ':to': to },
      Limit: limit,
    }),
  );
  return Items.map(toItem);
}

const keys = {
  item: (id: string) => ({ PK: `ACTIVITY#${id}`, SK: 'ACTIVITY' }),
  byProvider: (activity: Activity) => ({
    GSI2PK: `COUNCIL#${activity.councilId}#PROVIDER#${activity.providerId}#ACTIVITIES`,
    GSI2SK: `${activity.title.toLowerCase()}#${activity.id}`,
  }),
  feed: (activity: Activity) =>
    activity.feed
      ? { GSI1PK: 'FEED#session-series', GSI1SK: feedKey(activity.feed.modified, activity.id) }
      : {},
  spoke: (hubId: string, spokeId: string) => ({ PK: `ACTIVITY#${hubId}`, SK: `SPOKE#${spokeId}` }),
};

const activityFields = [
  'id',
  'councilId',
  'providerId',
  'providerName',
  'membershipId',
  'title',
  'description',
  'lotId',
  'activityType',
  'setting',
  'hubId',
  'venue',
  'schedule',
  'placesPerSession',
  'price',
  'funding',
  'needs',
  'accessibility',
  'ageRange',
  'whatToBring',
  'contact',
  'status',
  'publishedAt',
  'feed',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export function toActivity(item: Record<string, unknown>): Activity {
  return Object.fromEntries(
    activityFields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as Activity;
}

/** Someone else changed the activity since it was read; nothing was written. */
export class ActivityVersionConflictError extends Error {
  override name = 'ActivityVersionConflictError';
}

export function createActivityRepository(table: Table) {
  const itemOf = (activity: Activity) => ({
    ...keys.item(activity.id),
    ...keys.byProvider(activity),
    ...keys.feed(activity),
    entity: 'Activity',
    ...activity,
  });

  return {
    async get(id: string): Promise<Activity | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(id), ConsistentRead: true }),
      );
      return Item ? toActivity(Item) : undefined;
    },

    async getMany(ids: string[]): Promise<Activity[]> {
      const unique = [...new Set(ids)];
      const found: Activity[] = [];
      for (let i = 0; i < unique.length; i += 100) {
        const { Responses } = await table.client.send(
          new BatchGetCommand({
            RequestItems: { [table.name]: { Keys: unique.slice(i, i + 100).map((id) => keys.item(id)) } },
          }),
        );
        found.push(...(Responses?.[table.name] ?? []).map(toActivity));
      }
      return found;
    },

    async listForProvider(councilId: string, providerId: string): Promise<Activity[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#PROVIDER#${providerId}#ACTIVITIES` },
        }),
      );
      return Items.map(toActivity);
    },

    async create(activity: Activity): Promise<void> {
      await table.client.send(
        new PutCommand({
          TableName: table.name,
          Item: itemOf(activity),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    /** Saves the activity if it is still at the version the change started from. */
    async save(activity: Activity): Promise<void> {
      try {
        await table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: itemOf(activity),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': activity.version - 1 },
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error))
          throw new ActivityVersionConflictError(
            `The activity is no longer at version ${activity.version - 1}`,
          );
        throw error;
      }
    },

    /** Records (or removes) a spoke's link to its hub, so the hub's page can list its spokes. */
    async linkSpoke(spoke: Activity, previousHubId?: string): Promise<void> {
      if (previousHubId && previousHubId !== spoke.hubId) {
        await table.client.send(
          new DeleteCommand({ TableName: table.name, Key: keys.spoke(previousHubId, spoke.id) }),
        );
      }
      if (spoke.hubId)
        await table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...keys.spoke(spoke.hubId, spoke.id),
              entity: 'SpokeLink',
              councilId: spoke.councilId,
              spokeId: spoke.id,
            },
          }),
        );
    },

    async spokesOf(hubId: string): Promise<string[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :spoke)',
          ExpressionAttributeValues: { ':pk': keys.item(hubId).PK, ':spoke': 'SPOKE#' },
        }),
      );
      return Items.map((item) => String(item.spokeId));
    },

    /** The session-series feed after a position, oldest change first. */
    async feedAfter(
      after: { modified: number; id: string } | undefined,
      limit: number,
      before: number = Number.MAX_SAFE_INTEGER,
    ): Promise<Activity[]> {
      return feedPage(table, 'FEED#session-series', after, limit, before, toActivity);
    },
  };
}

export type ActivityRepository = ReturnType<typeof createActivityRepository>;
