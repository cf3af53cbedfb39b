import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { queryAll } from '../../../shared/table/reads';
import type { Person, RepresentativeLink, RepresentativeRemoval } from '../domain/people';

type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * People and their representatives. Keys:
 *   PK = COUNCIL#<councilId>#PERSON#<id>, SK = PERSON
 *     GSI1PK = COUNCIL#<councilId>#PEOPLE, GSI1SK = <name, lower case>#<id>       (a council's people, A to Z)
 *     GSI2PK = COUNCIL#<councilId>#PERSON-USER#<userId>, GSI2SK = PERSON          (the person a sign-in belongs to)
 *   PK = COUNCIL#<councilId>#PERSON-REFERENCE#<reference>, SK = CLAIM             (one person per council reference)
 *   PK = COUNCIL#<councilId>#PERSON-SIGN-IN#<userId>, SK = CLAIM                   (one person per sign-in)
 *   PK = COUNCIL#<councilId>#PERSON#<id>, SK = REPRESENTATIVE#<userId>             (who may act for them)
 *     GSI1PK = COUNCIL#<councilId>#REPRESENTATIVE#<userId>, GSI1SK = PERSON#<id>  (the people a representative acts for)
 *   PK = COUNCIL#<councilId>#PERSON#<id>, SK = REPRESENTATIVE-REMOVED#<removedAt>#<userId>  (links taken away: who, when; never changed)
 * A person's budgets share their partition (see budgets.ts). Claims are only inserted and deleted,
 * in the same transaction as the person whose reference or sign-in they hold.
 */
export const personPartition = (councilId: string, personId: string) =>
  `COUNCIL#${councilId}#PERSON#${personId}`;

const keys = {
  item: (councilId: string, id: string) => ({ PK: personPartition(councilId, id), SK: 'PERSON' }),
  list: (person: Person) => ({
    GSI1PK: `COUNCIL#${person.councilId}#PEOPLE`,
    GSI1SK: `${person.name.toLowerCase()}#${person.id}`,
  }),
  user: (person: Person) =>
    person.userId
      ? { GSI2PK: `COUNCIL#${person.councilId}#PERSON-USER#${person.userId}`, GSI2SK: 'PERSON' }
      : {},
  reference: (councilId: string, reference: string) => ({
    PK: `COUNCIL#${councilId}#PERSON-REFERENCE#${reference}`,
    SK: 'CLAIM',
  }),
  signIn: (councilId: string, userId: string) => ({
    PK: `COUNCIL#${councilId}#PERSON-SIGN-IN#${userId}`,
    SK: 'CLAIM',
  }),
  removal: (removal: Pick<RepresentativeRemoval, 'councilId' | 'personId' | 'userId' | 'removedAt'>) => ({
    PK: personPartition(removal.councilId, removal.personId),
    SK: `REPRESENTATIVE-REMOVED#${removal.removedAt}#${removal.userId}`,
  }),
  representative: (link: Pick<RepresentativeLink, 'councilId' | 'personId' | 'userId'>) => ({
    PK: personPartition(link.councilId, link.personId),
    SK: `REPRESENTATIVE#${link.userId}`,
  }),
  representativeIndex: (link: Pick<RepresentativeLink, 'councilId' | 'personId' | 'userId'>) => ({
    GSI1PK: `COUNCIL#${link.councilId}#REPRESENTATIVE#${link.userId}`,
    GSI1SK: `PERSON#${link.personId}`,
  }),
};

const personFields = [
  'id',
  'councilId',
  'reference',
  'name',
  'contactPreference',
  'email',
  'phone',
  'homeDistrict',
  'directPayment',
  'individualServiceFund',
  'selfFunded',
  'userId',
  'createdAt',
  'updatedAt',
  'version',
] as const;

const pick = <T>(item: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(
    fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as T;

const linkFields = [
  'personId',
  'councilId',
  'userId',
  'userName',
  'type',
  'approvedBy',
  'approvedAt',
] as const;

const removalFields = [...linkFields, 'removedBy', 'removedAt'] as const;

/** A person's council reference is already someone else's. */
export class PersonReferenceTakenError extends Error {
  override name = 'PersonReferenceTakenError';
}
/** The sign-in is already another person's. */
export class PersonSignInTakenError extends Error {
  override name = 'PersonSignInTakenError';
}
/** Someone else changed the person since it was read. */
export class PersonChangedError extends Error {
  override name = 'PersonChangedError';
}

export function createPersonRepository(table: Table) {
  const personItem = (person: Person) => ({
    ...keys.item(person.councilId, person.id),
    ...keys.list(person),
    ...keys.user(person),
    entity: 'Person',
    ...person,
  });
  const claimWrite = (person: Person): TransactWriteItem => ({
    Put: {
      TableName: table.name,
      Item: {
        ...keys.reference(person.councilId, person.reference),
        entity: 'PersonReference',
        councilId: person.councilId,
        personId: person.id,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
  const signInClaimWrite = (person: Person & { userId: string }): TransactWriteItem => ({
    Put: {
      TableName: table.name,
      Item: {
        ...keys.signIn(person.councilId, person.userId),
        entity: 'PersonSignIn',
        councilId: person.councilId,
        personId: person.id,
        userId: person.userId,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
  /** Lets a sign-in go: only this person's claim (people recorded before claims existed have none). */
  const signInReleaseWrite = (person: Person & { userId: string }): TransactWriteItem => ({
    Delete: {
      TableName: table.name,
      Key: keys.signIn(person.councilId, person.userId),
      ConditionExpression: 'attribute_not_exists(PK) OR personId = :personId',
      ExpressionAttributeValues: { ':personId': person.id },
    },
  });
  const hasSignIn = (person: Person): person is Person & { userId: string } => Boolean(person.userId);

  type Claim = 'reference' | 'sign-in';
  /**
   * Sends the writes; a claim that fails its condition says which, anything else is a stale
   * person. Beaten to an item by another transaction at that moment, it tries again: every write
   * is conditional, so the second try finds out who won.
   */
  const send = async (items: { write: TransactWriteItem; claim?: Claim }[], attempt = 1): Promise<void> => {
    try {
      await table.client.send(new TransactWriteCommand({ TransactItems: items.map((item) => item.write) }));
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      const raced =
        reasons?.some((reason) => reason.Code === 'TransactionConflict') &&
        !reasons.some((reason) => reason.Code === 'ConditionalCheckFailed');
      if (raced && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        return send(items, attempt + 1);
      }
      const failed = (claim: Claim) =>
        items.some(
          (item, index) => item.claim === claim && reasons?.[index]?.Code === 'ConditionalCheckFailed',
        );
      if (failed('reference'))
        throw new PersonReferenceTakenError('Another person already has this council reference');
      if (failed('sign-in')) throw new PersonSignInTakenError('Another person already has this sign-in');
      if (reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed'))
        throw new PersonChangedError('Someone else changed this person while you were editing');
      throw error;
    }
  };

  return {
    async get(councilId: string, id: string): Promise<Person | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(councilId, id), ConsistentRead: true }),
      );
      return Item ? pick<Person>(Item, personFields) : undefined;
    },

    /** The person a signed-in user is, if they are one. */
    async findByUser(councilId: string, userId: string): Promise<Person | undefined> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#PERSON-USER#${userId}` },
        }),
      );
      return Items[0] ? pick<Person>(Items[0], personFields) : undefined;
    },

    /** A council's people, A to Z, a page at a time. */
    async listByCouncil(councilId: string): Promise<Person[]> {
      const items = await queryAll(table, {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#PEOPLE` },
      });
      return items.map((item) => pick<Person>(item, personFields));
    },

    /** A new person and the claims on their council reference and their sign-in, together. */
    async create(person: Person): Promise<void> {
      await send([
        {
          write: {
            Put: {
              TableName: table.name,
              Item: personItem(person),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        },
        { write: claimWrite(person), claim: 'reference' },
        ...(hasSignIn(person) ? [{ write: signInClaimWrite(person), claim: 'sign-in' as const }] : []),
      ]);
    },

    /**
     * Saves a changed person (version already moved on). A new reference or sign-in moves its
     * claim with it; a sign-in taken away lets its claim go.
     */
    async update(previous: Person, person: Person): Promise<void> {
      const items: { write: TransactWriteItem; claim?: Claim }[] = [
        {
          write: {
            Put: {
              TableName: table.name,
              Item: personItem(person),
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': previous.version },
            },
          },
        },
      ];
      if (previous.reference !== person.reference) {
        items.push(
          { write: claimWrite(person), claim: 'reference' },
          {
            write: {
              Delete: { TableName: table.name, Key: keys.reference(previous.councilId, previous.reference) },
            },
          },
        );
      }
      if (previous.userId !== person.userId) {
        if (hasSignIn(person)) items.push({ write: signInClaimWrite(person), claim: 'sign-in' });
        if (hasSignIn(previous)) items.push({ write: signInReleaseWrite(previous) });
      }
      await send(items);
    },

    /** The person holding a sign-in's claim, read consistently (unlike the index). */
    async signInHolder(councilId: string, userId: string): Promise<string | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.signIn(councilId, userId), ConsistentRead: true }),
      );
      return Item ? String(Item.personId) : undefined;
    },

    async representativesOf(councilId: string, personId: string): Promise<RepresentativeLink[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': personPartition(councilId, personId),
            ':prefix': 'REPRESENTATIVE#',
          },
          ConsistentRead: true,
        }),
      );
      return Items.map((item) => pick<RepresentativeLink>(item, linkFields));
    },

    /** The link between a representative and a person, if there is one. */
    async representativeLink(
      councilId: string,
      personId: string,
      userId: string,
    ): Promise<RepresentativeLink | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({
          TableName: table.name,
          Key: keys.representative({ councilId, personId, userId }),
          ConsistentRead: true,
        }),
      );
      return Item ? pick<RepresentativeLink>(Item, linkFields) : undefined;
    },

    /** The people a representative acts for. */
    async peopleRepresentedBy(councilId: string, userId: string): Promise<string[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#REPRESENTATIVE#${userId}` },
        }),
      );
      return Items.map((item) => String(item.personId));
    },

    async addRepresentative(link: RepresentativeLink): Promise<boolean> {
      try {
        await table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...keys.representative(link),
              ...keys.representativeIndex(link),
              entity: 'RepresentativeLink',
              version: 1,
              createdAt: link.approvedAt,
              updatedAt: link.approvedAt,
              ...link,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    /**
     * Takes a representative link away and records who did and when, together; false when there
     * was no such link (nothing is written).
     */
    async removeRepresentative(removal: RepresentativeRemoval, attempt = 1): Promise<boolean> {
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: table.name,
                  Key: keys.representative(removal),
                  ConditionExpression: 'attribute_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...keys.removal(removal),
                    entity: 'RepresentativeRemoval',
                    version: 1,
                    createdAt: removal.removedAt,
                    updatedAt: removal.removedAt,
                    ...removal,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
        if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
        // Two commissioners removing the same link at once: DynamoDB cancels one as a conflict.
        // Try again; the condition then says whether the other removal took it.
        if (reasons?.some((reason) => reason.Code === 'TransactionConflict') && attempt < 3)
          return this.removeRepresentative(removal, attempt + 1);
        throw error;
      }
    },

    /** Links taken away from a person, oldest first. */
    async representativeRemovals(councilId: string, personId: string): Promise<RepresentativeRemoval[]> {
      const items = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': personPartition(councilId, personId),
          ':prefix': 'REPRESENTATIVE-REMOVED#',
        },
        ConsistentRead: true,
      });
      return items.map((item) => pick<RepresentativeRemoval>(item, removalFields));
    },
  };
}

export type PersonRepository = ReturnType<typeof createPersonRepository>;
