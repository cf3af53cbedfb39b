import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { queryAll } from '../../../shared/table/reads';
import type { Person, RepresentativeLink } from '../domain/people';

type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * People and their representatives. Keys:
 *   PK = COUNCIL#<councilId>#PERSON#<id>, SK = PERSON
 *     GSI1PK = COUNCIL#<councilId>#PEOPLE, GSI1SK = <name, lower case>#<id>       (a council's people, A to Z)
 *     GSI2PK = COUNCIL#<councilId>#PERSON-USER#<userId>, GSI2SK = PERSON          (the person a sign-in belongs to)
 *   PK = COUNCIL#<councilId>#PERSON-REFERENCE#<reference>, SK = CLAIM             (one person per council reference)
 *   PK = COUNCIL#<councilId>#PERSON#<id>, SK = REPRESENTATIVE#<userId>             (who may act for them)
 *     GSI1PK = COUNCIL#<councilId>#REPRESENTATIVE#<userId>, GSI1SK = PERSON#<id>  (the people a representative acts for)
 * A person's budgets share their partition (see budgets.ts).
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

/** A person's council reference is already someone else's. */
export class PersonReferenceTakenError extends Error {
  override name = 'PersonReferenceTakenError';
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
  const send = async (items: TransactWriteItem[], claimIndex: number | undefined) => {
    try {
      await table.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (claimIndex !== undefined && reasons?.[claimIndex]?.Code === 'ConditionalCheckFailed')
        throw new PersonReferenceTakenError('Another person already has this council reference');
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

    /** A new person and the claim on their council reference, together. */
    async create(person: Person): Promise<void> {
      await send(
        [
          {
            Put: {
              TableName: table.name,
              Item: personItem(person),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          claimWrite(person),
        ],
        1,
      );
    },

    /** Saves a changed person (version already moved on); a new reference moves the claim with it. */
    async update(previous: Person, person: Person): Promise<void> {
      const items: TransactWriteItem[] = [
        {
          Put: {
            TableName: table.name,
            Item: personItem(person),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': previous.version },
          },
        },
      ];
      if (previous.reference !== person.reference) {
        items.push(claimWrite(person), {
          Delete: { TableName: table.name, Key: keys.reference(previous.councilId, previous.reference) },
        });
      }
      await send(items, previous.reference !== person.reference ? 1 : undefined);
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
  };
}

export type PersonRepository = ReturnType<typeof createPersonRepository>;
