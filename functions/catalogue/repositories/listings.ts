import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Table } from '../../../shared/table/client';
import type { ActivityType } from '../domain/activity';
import { type CellRange, cellBits, cellOf, type Point } from '../domain/geo';
import type { Listing } from '../domain/listing';
import { countedDepths, type RangeRead } from '../domain/search';
import { ActivityVersionConflictError, activityVersionCheck } from './activities';

/**
 * Listings: what search reads. Keys:
 *   PK = ACTIVITY#<activityId>, SK = LISTING
 *   GSI1PK = GEO#<first 3 geohash characters>, GSI1SK = <9-character geohash>#<activityId>   (near a point)
 *   GSI2PK = COUNCIL#<councilId>#LISTINGS, GSI2SK = <title>#<activityId>                    (a council's, A to Z)
 *   PK = ACTIVITY#<activityId>, SK = LISTING-BY-TYPE     (the same listing again, for search by type:)
 *   GSI1PK = GEO#<activity type>#<first 3 geohash characters>, GSI1SK = <9-character geohash>#<activityId>
 *   PK = GEOCELL#<depth>#<cell bits>, SK = COUNT     (listings per cell at each counted depth, in all
 *     and of each type (`type#<activity type>`); a density hint)
 *   PK = COUNCIL#<councilId>#HUBS, SK = <title>#<activityId>   (the council's findable hubs, A to Z)
 * Only bookable activities have a listing, so the indexes are sparse. The counts only choose how
 * finely a search cuts the map; a count that drifts makes a search a little slower, never wrong.
 * The copy by type is a whole listing, not a pointer to one: search shows what it reads, so a
 * search by type costs one read per listing, never a second round of gets.
 */
const keys = {
  item: (activityId: string) => ({ PK: `ACTIVITY#${activityId}`, SK: 'LISTING' }),
  geo: (listing: Listing) => ({
    GSI1PK: geoPartition(listing.geohash.slice(0, 3)),
    GSI1SK: `${listing.geohash}#${listing.activityId}`,
  }),
  byType: (activityId: string) => ({ PK: `ACTIVITY#${activityId}`, SK: 'LISTING-BY-TYPE' }),
  geoByType: (listing: Listing) => ({
    GSI1PK: geoPartition(listing.geohash.slice(0, 3), listing.activityType),
    GSI1SK: `${listing.geohash}#${listing.activityId}`,
  }),
  council: (listing: Listing) => ({
    GSI2PK: `COUNCIL#${listing.councilId}#LISTINGS`,
    GSI2SK: `${listing.title.toLowerCase()}#${listing.activityId}`,
  }),
  count: (depth: number, bits: string) => ({ PK: `GEOCELL#${depth}#${bits}`, SK: 'COUNT' }),
  hub: (listing: Listing) => ({
    PK: `COUNCIL#${listing.councilId}#HUBS`,
    SK: `${listing.title.toLowerCase()}#${listing.activityId}`,
  }),
};

/** The index partition of a 3-character cell: every listing in it, or only those of one type. */
const geoPartition = (cell: string, type?: ActivityType) => (type ? `GEO#${type}#${cell}` : `GEO#${cell}`);
const typeCount = (type: ActivityType) => `type#${type}`;

/**
 * Listings read by `get` whose item says they were counted by type. A listing written before the
 * index by type existed has no copy by type and was counted only in all: its next reconcile
 * writes the copy and counts it by type, so the daily refresh brings old listings in.
 */
const countedByType = new WeakSet<Listing>();

/** The net change to each cell's counts when a listing appears, goes, moves or changes type. */
function countChanges(before: Listing | undefined, after: Listing | undefined) {
  const beforeByType = before !== undefined && countedByType.has(before);
  const changes = new Map<
    string,
    { depth: number; bits: string; listings: number; types: Map<ActivityType, number> }
  >();
  const add = (listing: Listing | undefined, change: 1 | -1, byType: boolean) => {
    if (!listing) return;
    for (const depth of countedDepths) {
      const bits = cellBits(cellOf(listing, depth));
      const key = `${depth}#${bits}`;
      const entry = changes.get(key) ?? { depth, bits, listings: 0, types: new Map() };
      entry.listings += change;
      if (byType)
        entry.types.set(listing.activityType, (entry.types.get(listing.activityType) ?? 0) + change);
      changes.set(key, entry);
    }
  };
  add(before, -1, beforeByType);
  add(after, 1, true);
  // A listing that moves a few metres stays in its coarse cells: one update each, or none, since a
  // transaction may not touch an item twice.
  return [...changes.values()]
    .map((entry) => ({ ...entry, types: [...entry.types].filter(([, change]) => change !== 0) }))
    .filter((entry) => entry.listings !== 0 || entry.types.length > 0);
}

const stripKeys = (item: Record<string, unknown>): Listing => {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _s1,
    GSI2PK: _g2,
    GSI2SK: _s2,
    entity: _e,
    countedByType: _counted,
    ...listing
  } = item;
  return listing as unknown as Listing;
};

/** What reading cost: requests sent, items DynamoDB examined, capacity consumed. */
export interface ReadCost {
  requests: number;
  examined: number;
  capacityUnits: number;
}

/** A place in a council's A to Z of listings. */
export interface CouncilPosition {
  title: string;
  activityId: string;
}

export const noCost = (): ReadCost => ({ requests: 0, examined: 0, capacityUnits: 0 });

export function createListingRepository(table: Table) {
  const counterUpdates = (before: Listing | undefined, after: Listing | undefined) =>
    countChanges(before, after).map(({ depth, bits, listings, types }) => {
      const adds = [
        ...(listings !== 0 ? ['listings :listings'] : []),
        ...types.map((_, i) => `#type${i} :type${i}`),
      ];
      return {
        Update: {
          TableName: table.name,
          Key: keys.count(depth, bits),
          UpdateExpression: `ADD ${adds.join(', ')} SET entity = :entity`,
          ...(types.length
            ? {
                ExpressionAttributeNames: Object.fromEntries(
                  types.map(([type], i) => [`#type${i}`, typeCount(type)]),
                ),
              }
            : {}),
          ExpressionAttributeValues: {
            ...(listings !== 0 ? { ':listings': listings } : {}),
            ...Object.fromEntries(types.map(([, change], i) => [`:type${i}`, change])),
            ':entity': 'GeoCellCount',
          },
        },
      };
    });
  const tally = (
    cost: ReadCost | undefined,
    response: { ScannedCount?: number; Count?: number; ConsumedCapacity?: unknown },
  ) => {
    if (!cost) return;
    cost.requests += 1;
    cost.examined += response.ScannedCount ?? response.Count ?? 0;
    const consumed = response.ConsumedCapacity as
      | { CapacityUnits?: number }
      | { CapacityUnits?: number }[]
      | undefined;
    for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
      cost.capacityUnits += entry.CapacityUnits ?? 0;
  };

  return {
    async get(activityId: string): Promise<Listing | undefined> {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.item(activityId), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      const listing = stripKeys(Item);
      if (Item.countedByType) countedByType.add(listing);
      return listing;
    },

    async getMany(activityIds: string[]): Promise<Listing[]> {
      const unique = [...new Set(activityIds)];
      const found: Listing[] = [];
      for (let i = 0; i < unique.length; i += 100) {
        const { Responses } = await table.client.send(
          new BatchGetCommand({
            RequestItems: { [table.name]: { Keys: unique.slice(i, i + 100).map((id) => keys.item(id)) } },
          }),
        );
        found.push(...(Responses?.[table.name] ?? []).map(stripKeys));
      }
      return found;
    },

    /**
     * Whether any session ahead still has places, as bookings change it between refreshes; only
     * for a listed activity, and only when it changes. The next refresh works it out afresh anyway.
     */
    async setHasPlaces(activityId: string, hasPlaces: boolean): Promise<void> {
      // The listing and its copy by type each change on their own: a copy not yet written (or
      // gone) is never made here, and the next refresh writes both afresh anyway.
      await Promise.all(
        [keys.item(activityId), keys.byType(activityId)].map(async (Key) => {
          try {
            await table.client.send(
              new UpdateCommand({
                TableName: table.name,
                Key,
                UpdateExpression: 'SET hasPlaces = :value',
                ConditionExpression: 'attribute_exists(PK) AND hasPlaces <> :value',
                ExpressionAttributeValues: { ':value': hasPlaces },
              }),
            );
          } catch (error) {
            if (!isConditionalCheckFailed(error)) throw error;
          }
        }),
      );
    },

    /**
     * Makes the stored listing what it should be: put, replaced or removed with its copy by type,
     * moving the cell counts when it appears, disappears, moves or changes type, all in one
     * transaction.
     */
    async reconcile(
      activityId: string,
      wanted: Listing | undefined,
      current: Listing | undefined,
      /** The activity version the listing was made from: nothing is written if it has moved on. */
      guard?: { version: number },
    ): Promise<void> {
      if (!wanted && !current) return;
      const hubKey = (listing: Listing | undefined) =>
        listing?.setting === 'hub' ? JSON.stringify(keys.hub(listing)) : undefined;
      const writes = [
        ...(wanted
          ? [
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...keys.item(activityId),
                    ...keys.geo(wanted),
                    ...keys.council(wanted),
                    entity: 'Listing',
                    ...wanted,
                    countedByType: true,
                  },
                },
              },
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...keys.byType(activityId),
                    ...keys.geoByType(wanted),
                    entity: 'ListingByType',
                    ...wanted,
                  },
                },
              },
            ]
          : [
              { Delete: { TableName: table.name, Key: keys.item(activityId) } },
              { Delete: { TableName: table.name, Key: keys.byType(activityId) } },
            ]),
        ...counterUpdates(current, wanted),
        // The council's hubs, for the spoke form's list: kept with the listing.
        ...(current && hubKey(current) && hubKey(current) !== hubKey(wanted)
          ? [{ Delete: { TableName: table.name, Key: keys.hub(current) } }]
          : []),
        ...(wanted?.setting === 'hub'
          ? [
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...keys.hub(wanted),
                    entity: 'HubEntry',
                    councilId: wanted.councilId,
                    activityId,
                    title: wanted.title,
                    town: wanted.town,
                  },
                },
              },
            ]
          : []),
        ...(guard ? [activityVersionCheck(table, activityId, guard.version)] : []),
      ];
      try {
        await table.client.send(new TransactWriteCommand({ TransactItems: writes }));
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException')
          throw new ActivityVersionConflictError('The activity changed while its listing was written');
        throw error;
      }
    },

    /** The council's hubs that can be found, A to Z: what a spoke may belong to. */
    async hubsOf(councilId: string): Promise<{ activityId: string; title: string; town: string }[]> {
      const hubs: { activityId: string; title: string; town: string }[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.client.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#HUBS` },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? [])
          hubs.push({
            activityId: String(item.activityId),
            title: String(item.title),
            town: String(item.town),
          });
        start = page.LastEvaluatedKey;
      } while (start);
      return hubs;
    },

    /**
     * Loads many listings at once into a table that has none yet, with their cell counts: for the
     * benchmark and bulk imports, where a transaction per listing would take an hour.
     */
    async loadIntoEmptyTable(all: Listing[], concurrency = 8): Promise<void> {
      const counts = new Map<string, Record<string, unknown> & { listings: number }>();
      for (const listing of all)
        for (const depth of countedDepths) {
          const bits = cellBits(cellOf(listing, depth));
          const key = `${depth}#${bits}`;
          const entry = counts.get(key) ?? {
            ...keys.count(depth, bits),
            entity: 'GeoCellCount',
            listings: 0,
          };
          entry.listings += 1;
          const type = typeCount(listing.activityType);
          entry[type] = Number(entry[type] ?? 0) + 1;
          counts.set(key, entry);
        }
      const items = [
        ...all.flatMap((listing) => [
          {
            ...keys.item(listing.activityId),
            ...keys.geo(listing),
            ...keys.council(listing),
            entity: 'Listing',
            ...listing,
            countedByType: true,
          },
          {
            ...keys.byType(listing.activityId),
            ...keys.geoByType(listing),
            entity: 'ListingByType',
            ...listing,
          },
        ]),
        ...counts.values(),
      ];
      const batches: Record<string, unknown>[][] = [];
      for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
      const worker = async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          let requests = batch.map((Item) => ({ PutRequest: { Item } }));
          for (let attempt = 0; requests.length; attempt++) {
            const { UnprocessedItems } = await table.client.send(
              new BatchWriteCommand({ RequestItems: { [table.name]: requests } }),
            );
            requests = (UnprocessedItems?.[table.name] ?? []) as typeof requests;
            if (requests.length)
              await new Promise((done) => setTimeout(done, Math.min(1000, 50 * 2 ** attempt)));
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    },

    /**
     * Listings per cell around a point, at every counted depth: one request. With `types`, only
     * listings of those types are counted.
     */
    async countsAt(
      point: Point,
      cost?: ReadCost,
      types?: readonly ActivityType[],
    ): Promise<Map<number, number>> {
      const wanted = countedDepths.map((depth) => ({
        depth,
        key: keys.count(depth, cellBits(cellOf(point, depth))),
      }));
      const response = await table.client.send(
        new BatchGetCommand({
          RequestItems: { [table.name]: { Keys: wanted.map(({ key }) => key) } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      if (cost) {
        cost.requests += 1;
        for (const entry of response.ConsumedCapacity ?? []) cost.capacityUnits += entry.CapacityUnits ?? 0;
      }
      const counts = new Map<number, number>(countedDepths.map((depth) => [depth, 0]));
      for (const item of response.Responses?.[table.name] ?? []) {
        const depth = Number(String(item.PK).split('#')[1]);
        counts.set(
          depth,
          types
            ? types.reduce((sum, type) => sum + Number(item[typeCount(type)] ?? 0), 0)
            : Number(item.listings ?? 0),
        );
      }
      return counts;
    },

    /**
     * The listings in the given cell ranges, of any type or only of `types` (read from the index
     * by type, one query per range and type), examining at most `limit` items in all: each range
     * gets a share of what is left, and ranges still open get a share of what remains after that.
     * `unfinished` names the ranges the limit stopped before their end.
     */
    async readRanges(
      ranges: CellRange[],
      cost?: ReadCost,
      options: { types?: readonly ActivityType[]; limit?: number } = {},
    ): Promise<RangeRead> {
      const partitions: (ActivityType | undefined)[] = options.types?.length
        ? [...options.types]
        : [undefined];
      const queries = ranges.flatMap((range) =>
        partitions.map((type) => ({ range, type, start: undefined as Record<string, unknown> | undefined })),
      );
      const listings: Listing[] = [];
      let remaining = options.limit ?? Number.POSITIVE_INFINITY;
      let open = queries;
      while (open.length && remaining > 0) {
        const round = open.slice(0, Math.min(open.length, remaining));
        const share = Number.isFinite(remaining) ? Math.floor(remaining / round.length) : undefined;
        const examined = await Promise.all(
          round.map(async (query) => {
            const response = await table.client.send(
              new QueryCommand({
                TableName: table.name,
                IndexName: 'GSI1',
                KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
                ExpressionAttributeValues: {
                  ':pk': geoPartition(query.range.partition, query.type),
                  ':from': query.range.from,
                  // '~' sorts after '#', so the last cell's own listings are included.
                  ':to': `${query.range.to}~`,
                },
                ReturnConsumedCapacity: 'TOTAL',
                ...(share !== undefined ? { Limit: share } : {}),
                ...(query.start ? { ExclusiveStartKey: query.start } : {}),
              }),
            );
            tally(cost, response);
            listings.push(...(response.Items ?? []).map(stripKeys));
            query.start = response.LastEvaluatedKey;
            return response.ScannedCount ?? response.Count ?? 0;
          }),
        );
        remaining -= examined.reduce((sum, count) => sum + count, 0);
        open = open.filter((query, i) => (i < round.length ? query.start !== undefined : true));
      }
      return { listings, unfinished: [...new Set(open.map((query) => query.range))] };
    },

    /** Where a listing stands in its council's A to Z: a next page starts after it. */
    positionOf(listing: Listing): CouncilPosition {
      return { title: listing.title.toLowerCase(), activityId: listing.activityId };
    },

    /** A council's listings A to Z, from a position, up to `limit` examined. */
    async pageByCouncil(
      councilId: string,
      after: CouncilPosition | undefined,
      limit: number,
      cost?: ReadCost,
    ): Promise<{ listings: Listing[]; next?: CouncilPosition }> {
      const response = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#LISTINGS` },
          Limit: limit,
          ReturnConsumedCapacity: 'TOTAL',
          ...(after
            ? {
                ExclusiveStartKey: {
                  ...keys.item(after.activityId),
                  GSI2PK: `COUNCIL#${councilId}#LISTINGS`,
                  GSI2SK: `${after.title}#${after.activityId}`,
                },
              }
            : {}),
        }),
      );
      tally(cost, response);
      const last = response.LastEvaluatedKey;
      const [title, activityId] = String(last?.GSI2SK ?? '').split(/#(?=[0-9a-z]{26}$)/);
      return {
        listings: (response.Items ?? []).map(stripKeys),
        ...(last && title !== undefined && activityId ? { next: { title, activityId } } : {}),
      };
    },
  };
}

export type ListingRepository = ReturnType<typeof createListingRepository>;
