import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { UserProfile } from '../domain/users';
import { isConditionalCheckFailed, type Table } from './client';
import { insertOnly, newItemMeta } from './item';
import { queryAll } from './reads';

/**
 * User profiles: what the service knows about a signed-in user beyond their token. Keys:
 *   PK = COUNCIL#<councilId>#USER#<userId>, SK = USER
 *   GSI1PK = COUNCIL#<councilId>#USERS, GSI1SK = <role>#<name>#<userId>   (a council's users by role)
 */
const keys = {
  item: (councilId: string, userId: string) => ({ PK: `COUNCIL#${councilId}#USER#${userId}`, SK: 'USER' }),
  byCouncil: (user: UserProfile) => ({
    GSI1PK: `COUNCIL#${user.councilId}#USERS`,
    GSI1SK: `${user.role}#${user.name}#${user.id}`,
  }),
};

const profileFields = ['id', 'name', 'role', 'councilId', 'email', 'fundingRoute', 'represents'] as const;

function toProfile(item: Record<string, unknown>): UserProfile {
  const profile: Record<string, unknown> = {};
  for (const field of profileFields) if (item[field] !== undefined) profile[field] = item[field];
  return profile as unknown as UserProfile;
}

export function createUserRepository(table: Table) {
  return {
    async get(councilId: string, userId: string): Promise<UserProfile | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(councilId, userId) }),
      );
      return Item ? toProfile(Item) : undefined;
    },

    /** A council's users, ordered by role then name. */
    async listByCouncil(councilId: string): Promise<UserProfile[]> {
      const items = await queryAll(table, {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#USERS` },
      });
      return items.map(toProfile);
    },

    /** Adds the profile unless it exists; returns false when it was already there. */
    async add(user: UserProfile, now = new Date()): Promise<boolean> {
      try {
        await table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...keys.item(user.councilId, user.id),
              ...keys.byCouncil(user),
              ...newItemMeta('User', user.councilId, now),
              ...user,
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

export type UserRepository = ReturnType<typeof createUserRepository>;
