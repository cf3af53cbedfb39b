import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { insertOnly, newItemMeta } from '../../../shared/table/item';
import type { OrganisationDetails } from '../domain/organisation';

/** A provider organisation, created when a provider signs up, and the user who runs its account. */
export interface ProviderOrganisation {
  id: string;
  councilId: string;
  ownerUserId: string;
  details: OrganisationDetails;
  createdAt: string;
}

/**
 * Provider organisations. Keys:
 *   PK = COUNCIL#<councilId>#PROVIDER#<providerId>, SK = PROVIDER
 *   PK = COUNCIL#<councilId>#USER#<userId>, SK = PROVIDER   (the organisation a user runs: one per user,
 *   written in the same transaction, so two sign-ups at once cannot make two organisations)
 */
const keys = {
  item: (councilId: string, id: string) => ({ PK: `COUNCIL#${councilId}#PROVIDER#${id}`, SK: 'PROVIDER' }),
  owner: (councilId: string, userId: string) => ({
    PK: `COUNCIL#${councilId}#USER#${userId}`,
    SK: 'PROVIDER',
  }),
};

export class ProviderAlreadyExistsError extends Error {
  override name = 'ProviderAlreadyExistsError';
}

function toOrganisation(item: Record<string, unknown>): ProviderOrganisation {
  return {
    id: String(item.id),
    councilId: String(item.councilId),
    ownerUserId: String(item.ownerUserId),
    details: item.details as OrganisationDetails,
    createdAt: String(item.createdAt),
  };
}

export function createProviderRepository(table: Table) {
  const get = async (councilId: string, id: string): Promise<ProviderOrganisation | undefined> => {
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.name, Key: keys.item(councilId, id) }),
    );
    return Item ? toOrganisation(Item) : undefined;
  };

  return {
    get,

    async findByOwner(councilId: string, userId: string): Promise<ProviderOrganisation | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.owner(councilId, userId) }),
      );
      return Item ? get(councilId, String(Item.providerId)) : undefined;
    },

    /** Creates the organisation; throws ProviderAlreadyExistsError if the user already runs one. */
    async add(organisation: ProviderOrganisation, now = new Date()): Promise<void> {
      const meta = newItemMeta('Provider', organisation.councilId, now);
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table.name,
                  Item: { ...keys.item(organisation.councilId, organisation.id), ...meta, ...organisation },
                  ...insertOnly,
                },
              },
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...keys.owner(organisation.councilId, organisation.ownerUserId),
                    ...meta,
                    entity: 'ProviderOwner',
                    providerId: organisation.id,
                  },
                  ...insertOnly,
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') {
          throw new ProviderAlreadyExistsError('This user already runs a provider organisation');
        }
        throw error;
      }
    },
  };
}

export type ProviderRepository = ReturnType<typeof createProviderRepository>;
