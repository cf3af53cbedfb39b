import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';
import { getAll, queryAll } from '../../../shared/table/reads';
import { type Booking, nextAttemptOf } from '../domain/bookings';

type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Bookings. Keys:
 *   PK = BOOKING#<id>, SK = BOOKING
 *     GSI1PK = COUNCIL#<councilId>#PERSON#<personId>#BOOKINGS, GSI1SK = <createdAt>#<id>   (a person's bookings)
 *     GSI2PK = COUNCIL#<councilId>#HOLDS, GSI2SK = <holdExpiresAt>#<id>                     (unpaid holds, soonest to run out first; only while held)
 *     GSI2PK = COUNCIL#<councilId>#REFUNDS-DUE, GSI2SK = <soonest next attempt>#<id>        (refunds decided, not yet made at Stripe; only while owed)
 *   PK = BOOKING#<id>, SK = REGISTER#<sessionId>                                            (one per session booked, never changed)
 *     GSI1PK = SESSION#<sessionId>, GSI1SK = BOOKING#<id>                                   (a session's register)
 *   PK = STRIPE-PAYMENT#<paymentIntentId>, SK = BOOKING                                      (the booking a card payment paid for)
 */
const keys = {
  item: (id: string) => ({ PK: `BOOKING#${id}`, SK: 'BOOKING' }),
  person: (booking: Booking) => ({
    GSI1PK: `COUNCIL#${booking.councilId}#PERSON#${booking.personId}#BOOKINGS`,
    GSI1SK: `${booking.createdAt}#${booking.id}`,
  }),
  /** A booking is in one of the two sparse lists at most: a hold is never owed a refund. */
  sweep: (booking: Booking) => {
    if (booking.status === 'held')
      return {
        GSI2PK: `COUNCIL#${booking.councilId}#HOLDS`,
        GSI2SK: `${booking.holdExpiresAt}#${booking.id}`,
      };
    // Filed under when it is next tried, so a refund Stripe keeps refusing waits out of the way.
    const soonest = (booking.refundsDue ?? []).map(nextAttemptOf).sort()[0];
    return soonest
      ? { GSI2PK: `COUNCIL#${booking.councilId}#REFUNDS-DUE`, GSI2SK: `${soonest}#${booking.id}` }
      : {};
  },
  register: (bookingId: string, sessionId: string) => ({
    PK: `BOOKING#${bookingId}`,
    SK: `REGISTER#${sessionId}`,
  }),
  payment: (paymentIntentId: string) => ({ PK: `STRIPE-PAYMENT#${paymentIntentId}`, SK: 'BOOKING' }),
};

const bookingFields = [
  'id',
  'councilId',
  'personId',
  'personName',
  'personReference',
  'bookedBy',
  'activityId',
  'activityTitle',
  'providerId',
  'providerName',
  'route',
  'period',
  'places',
  'lines',
  'totalPence',
  'status',
  'holdExpiresAt',
  'card',
  'refunds',
  'refundsDue',
  'overBudget',
  'cancelledReason',
  'createdAt',
  'updatedAt',
  'version',
] as const;

function toBooking(item: Record<string, unknown>): Booking {
  return Object.fromEntries(
    bookingFields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as Booking;
}

export function createBookingRepository(table: Table) {
  const itemOf = (booking: Booking) => ({
    ...keys.item(booking.id),
    ...keys.person(booking),
    ...keys.sweep(booking),
    entity: 'Booking',
    ...booking,
  });

  const getMany = async (ids: string[]): Promise<Booking[]> =>
    (await getAll(table, [...new Set(ids)].map(keys.item))).map(toBooking);

  /** One of the sweep's sparse lists, oldest first, below `before`: a page of keys at a time, then the bookings. */
  const sweepList = async (
    partition: string,
    before: string,
    most: number,
    pageSize: number,
  ): Promise<Booking[]> => {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
          ExpressionAttributeValues: { ':pk': partition, ':before': before },
          Limit: Math.min(pageSize, most - ids.length),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.id));
      start = page.LastEvaluatedKey;
    } while (start && ids.length < most);
    // BatchGetItem answers in no particular order: put them back in the index's.
    const order = new Map(ids.map((id, index) => [id, index]));
    return (await getMany(ids)).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  };

  return {
    async get(id: string): Promise<Booking | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(id), ConsistentRead: true }),
      );
      return Item ? toBooking(Item) : undefined;
    },

    getMany,

    async findByPayment(paymentIntentId: string): Promise<string | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.payment(paymentIntentId), ConsistentRead: true }),
      );
      return Item ? String(Item.bookingId) : undefined;
    },

    /** A person's bookings, newest first. */
    async listForPerson(councilId: string, personId: string, limit = 100): Promise<Booking[]> {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#PERSON#${personId}#BOOKINGS` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return Items.map(toBooking);
    },

    /** Everyone booked on a session (any status; the caller decides what a register shows). */
    async listForSession(sessionId: string): Promise<Booking[]> {
      const entries = await queryAll(table, {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}` },
      });
      const found = await getMany(entries.map((item) => String(item.bookingId)));
      return found.sort((a, b) => a.personName.localeCompare(b.personName));
    },

    /**
     * Holds that ran out before `before`, soonest first: up to `most`, read page by page, so holds
     * the sweep has to keep (paid, waiting for their webhook) cannot hide the ones behind them.
     */
    async expiredHolds(councilId: string, before: string, most = 200, pageSize = 100): Promise<Booking[]> {
      return sweepList(`COUNCIL#${councilId}#HOLDS`, before, most, pageSize);
    },

    /**
     * Bookings with refunds decided but not yet made at Stripe whose next try is before `before`,
     * longest waiting first, up to `most`. Those waiting after a failure are not read at all.
     */
    async refundsDue(councilId: string, before: string, most = 100, pageSize = 100): Promise<Booking[]> {
      const found = await sweepList(`COUNCIL#${councilId}#REFUNDS-DUE`, before, most, pageSize);
      // The index lags the table a little: the booking as read now says whether it is still owed.
      return found.filter((booking) => booking.refundsDue?.length);
    },

    /** A new booking and its register entries. */
    insertWrites(booking: Booking): TransactWriteItem[] {
      return [
        {
          Put: {
            TableName: table.name,
            Item: itemOf(booking),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...booking.lines.map(
          (line): TransactWriteItem => ({
            Put: {
              TableName: table.name,
              Item: {
                ...keys.register(booking.id, line.sessionId),
                GSI1PK: `SESSION#${line.sessionId}`,
                GSI1SK: `BOOKING#${booking.id}`,
                entity: 'RegisterEntry',
                councilId: booking.councilId,
                bookingId: booking.id,
                sessionId: line.sessionId,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          }),
        ),
      ];
    },

    /** A changed booking (its version already moved on), only if nobody changed it since it was read. */
    updateWrite(booking: Booking): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: itemOf(booking),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': booking.version - 1 },
        },
      };
    },

    paymentWrite(paymentIntentId: string, booking: Pick<Booking, 'id' | 'councilId'>): TransactWriteItem {
      return {
        Put: {
          TableName: table.name,
          Item: {
            ...keys.payment(paymentIntentId),
            entity: 'StripePayment',
            councilId: booking.councilId,
            bookingId: booking.id,
          },
        },
      };
    },
  };
}

export type BookingRepository = ReturnType<typeof createBookingRepository>;
