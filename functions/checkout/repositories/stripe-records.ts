import { GetCommand, PutCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';

type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * What we keep about Stripe. Keys:
 *   PK = STRIPE-EVENT#<eventId>, SK = EVENT              an event we acted on (kept 30 days, then TTL)
 *   PK = COUNCIL#<councilId>#PROVIDER#<providerId>, SK = PAYOUTS   a provider's connected account
 *   PK = STRIPE-ACCOUNT#<accountId>, SK = PROVIDER        which provider a connected account belongs to
 */
const keys = {
  event: (id: string) => ({ PK: `STRIPE-EVENT#${id}`, SK: 'EVENT' }),
  payouts: (councilId: string, providerId: string) => ({
    PK: `COUNCIL#${councilId}#PROVIDER#${providerId}`,
    SK: 'PAYOUTS',
  }),
  account: (accountId: string) => ({ PK: `STRIPE-ACCOUNT#${accountId}`, SK: 'PROVIDER' }),
};

/** A provider's Stripe connected account, as far as taking card payments goes. */
export interface PayoutAccount {
  councilId: string;
  providerId: string;
  stripeAccountId: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  updatedAt: string;
}

const eventRetentionSeconds = 30 * 86_400;

const payoutsItem = (account: PayoutAccount) => ({
  ...keys.payouts(account.councilId, account.providerId),
  entity: 'PayoutAccount',
  version: 1,
  createdAt: account.updatedAt,
  ...account,
});
const accountItem = (account: PayoutAccount) => ({
  ...keys.account(account.stripeAccountId),
  entity: 'StripeAccount',
  councilId: account.councilId,
  providerId: account.providerId,
});

export function createStripeRecords(table: Table) {
  return {
    async eventSeen(eventId: string): Promise<boolean> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.event(eventId), ConsistentRead: true }),
      );
      return Boolean(Item);
    },

    /** Recorded in the same transaction as the change the event caused: a second delivery fails it. */
    eventWrite(event: { id: string; type: string }, outcome: string, now: Date): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: {
            ...keys.event(event.id),
            entity: 'StripeEvent',
            type: event.type,
            outcome,
            processedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + eventRetentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
    },

    async payouts(councilId: string, providerId: string): Promise<PayoutAccount | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({
          TableName: table.name,
          Key: keys.payouts(councilId, providerId),
          ConsistentRead: true,
        }),
      );
      return Item ? toPayoutAccount(Item) : undefined;
    },

    async providerOfAccount(
      accountId: string,
    ): Promise<{ councilId: string; providerId: string } | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.account(accountId), ConsistentRead: true }),
      );
      return Item ? { councilId: String(Item.councilId), providerId: String(Item.providerId) } : undefined;
    },

    /** A provider's first connected account, and the lookup from the account back to them. */
    async createPayouts(account: PayoutAccount): Promise<boolean> {
      try {
        await table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: payoutsItem(account),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
      await table.client.send(new PutCommand({ TableName: table.name, Item: accountItem(account) }));
      return true;
    },

    /** Records a provider's connected account, replacing any earlier one (the local stack's fresh emulator). */
    async savePayouts(account: PayoutAccount): Promise<void> {
      await table.client.send(new PutCommand({ TableName: table.name, Item: payoutsItem(account) }));
      await table.client.send(new PutCommand({ TableName: table.name, Item: accountItem(account) }));
    },

    payoutsWrite(account: PayoutAccount): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: payoutsItem(account),
        },
      };
    },
  };
}

function toPayoutAccount(item: Record<string, unknown>): PayoutAccount {
  return {
    councilId: String(item.councilId),
    providerId: String(item.providerId),
    stripeAccountId: String(item.stripeAccountId),
    chargesEnabled: item.chargesEnabled === true,
    payoutsEnabled: item.payoutsEnabled === true,
    detailsSubmitted: item.detailsSubmitted === true,
    updatedAt: String(item.updatedAt),
  };
}

export type StripeRecords = ReturnType<typeof createStripeRecords>;
