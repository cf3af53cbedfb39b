import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Table } from '../../../shared/table/client';
import type { ActivityType } from '../domain/activity';
import { type CellRange, cellBits, cellOf, type Point } from '../domain/geo';
import type { Listing } from '../domain/listing';
import { countedDepths, type RangeRead, type ReadLimits, readInRounds } from '../domain/search';
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
 *   PK = SERVICE#search-index, SK = LISTINGS-BY-TYPE   (set once every listing has its copy by type)
 * Only bookable activities have a listing, so the indexes are sparse. The counts only choose how
 * finely a search cuts the map; a count that drifts makes a search a little slower, never wrong,
 * and every write of a listing holds only if the listing is still as it was read (its `version`),
 * so two writers that read the same listing cannot both move its counts. The copy by type is a
 * whole listing, not a pointer to one: search shows what it reads, so a search by type costs one
 * read per listing, never a second round of gets.
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
  indexByType: { PK: 'SERVICE#search-index', SK: 'LISTINGS-BY-TYPE' },
};

/** The index partition of a 3-character cell: every listing in it, or only those of one type. */
const geoPartition = (cell: string, type?: ActivityType) => (type ? `GEO#${type}#${cell}` : `GEO#${cell}`);
const typeCount = (type: ActivityType) => `type#${type}`;

/**
 * A listing as stored: the listing, the version every write of it checks and moves on, and
 * whether it is counted by type (and so has its copy by type). Listings written before the index
 * by type existed have neither; their next write, or the pass that completes the index, adds them.
 */
interface StoredListing {
  listing: Listing;
  version?: number;
  countedByType: boolean;
}

/** What a listing adds to (1) or takes from (-1) the counts of its cells, in all and of its type. */
interface CountChange {
  listing: Listing;
  listings: number;
  byType: number;
}

/**
 * The net change to each counted cell's counts: what a listing appearing, going, moving or
 * changing type does, and what a bulk load adds. A listing that moves a few metres stays in its
 * coarse cells, which then change by nothing and are left out (a transaction may not touch an item
 * twice anyway).
 */
function cellCountChanges(changes: CountChange[]) {
  const cells = new Map<
    string,
    { depth: number; bits: string; listings: number; types: Map<ActivityType, number> }
  >();
  for (const { listing, listings, byType } of changes)
    for (const depth of countedDepths) {
      const bits = cellBits(cellOf(listing, depth));
      const key = `${depth}#${bits}`;
      const cell = cells.get(key) ?? { depth, bits, listings: 0, types: new Map() };
      cell.listings += listings;
      if (byType) cell.types.set(listing.activityType, (cell.types.get(listing.activityType) ?? 0) + byType);
      cells.set(key, cell);
    }
  return [...cells.values()]
    .map((cell) => ({ ...cell, types: [...cell.types].filter(([, change]) => change !== 0) }))
    .filter((cell) => cell.listings !== 0 || cell.types.length > 0);
}

/** How the counts change when the stored listing (if any) becomes `wanted` (if any). */
const countChanges = (stored: StoredListing | undefined, wanted: Listing | undefined): CountChange[] => [
  ...(stored ? [{ listing: stored.listing, listings: -1, byType: stored.countedByType ? -1 : 0 }] : []),
  ...(wanted ? [{ listing: wanted, listings: 1, byType: 1 }] : []),
];

const stripKeys = (item: Record<string, unknown>): Listing => {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _s1,
    GSI2PK: _g2,
    GSI2SK: _s2,
    entity: _e,
    version: _version,
    countedByType: _counted,
    ...listing
  } = item;
  return listing as unknown as Listing;
};

const storedOf = (item: Record<string, unknown>): StoredListing => ({
  listing: stripKeys(item),
  ...(typeof item.version === 'number' ? { version: item.version } : {}),
  countedByType: item.countedByType === true,
});

/** The stored listing changed between reading and writing it: plan again from a fresh read. */
class ListingChangedError extends Error {
  override name = 'ListingChangedError';
}

/** Attempts at writing a listing, each from a fresh read, before giving up to the caller. */
const writeAttempts = 5;

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

/** Listings per cell around a point, by depth, and whether searches by type can read their own index. */
export interface CellCounts {
  /** Every listing has its copy by type (so counts by type are whole too). */
  indexByTypeComplete: boolean;
  /** Listings per cell at each counted depth: all of them, or only those of `types`. */
  of(types?: readonly ActivityType[]): Map<number, number>;
}

export function createListingRepository(table: Table) {
  const counterUpdates = (changes: CountChange[]) =>
    cellCountChanges(changes).map(({ depth, bits, listings, types }) => {
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

  const readStored = async (activityId: string): Promise<StoredListing | undefined> => {
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.name, Key: keys.item(activityId), ConsistentRead: true }),
    );
    return Item ? storedOf(Item) : undefined;
  };

  /**
   * Writes the listing as `wanted` (or removes it), with its copy by type, cell counts and hub
   * entry, in one transaction that holds only while the listing is still `stored` (and the
   * activity still at `guard`'s version).
   */
  const write = async (
    activityId: string,
    wanted: Listing | undefined,
    stored: StoredListing | undefined,
    guard?: { version: number },
  ): Promise<void> => {
    const asRead = !stored
      ? { ConditionExpression: 'attribute_not_exists(PK)' }
      : stored.version === undefined
        ? { ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(version)' }
        : {
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': stored.version },
          };
    const hubKey = (listing: Listing | undefined) =>
      listing?.setting === 'hub' ? JSON.stringify(keys.hub(listing)) : undefined;
    const current = stored?.listing;
    const writes = [
      // First, so a failed condition here is told apart from the activity's.
      wanted
        ? {
            Put: {
              TableName: table.name,
              Item: {
                ...keys.item(activityId),
                ...keys.geo(wanted),
                ...keys.council(wanted),
                entity: 'Listing',
                ...wanted,
                version: (stored?.version ?? 0) + 1,
                countedByType: true,
              },
              ...asRead,
            },
          }
        : { Delete: { TableName: table.name, Key: keys.item(activityId), ...asRead } },
      wanted
        ? {
            Put: {
              TableName: table.name,
              Item: {
                ...keys.byType(activityId),
                ...keys.geoByType(wanted),
                entity: 'ListingByType',
                ...wanted,
              },
            },
          }
        : { Delete: { TableName: table.name, Key: keys.byType(activityId) } },
      ...counterUpdates(countChanges(stored, wanted)),
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
      if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (guard && reasons.at(-1)?.Code === 'ConditionalCheckFailed')
        throw new ActivityVersionConflictError('The activity changed while its listing was written');
      // The listing changed since it was read, or another transaction held one of the same items
      // (two listings in the same cells, say): either way, read again and plan again.
      throw new ListingChangedError('The listing changed while it was written');
    }
  };

  /** Writes from a fresh read of the stored listing, and again from another when that one went stale. */
  const writeFromFreshRead = async (
    activityId: string,
    plan: (stored: StoredListing | undefined) => { wanted: Listing | undefined } | undefined,
    guard?: { version: number },
  ): Promise<boolean> => {
    for (let attempt = 1; ; attempt++) {
      const stored = await readStored(activityId);
      const planned = plan(stored);
      if (!planned || (!planned.wanted && !stored)) return false;
      try {
        await write(activityId, planned.wanted, stored, guard);
        return true;
      } catch (error) {
        if (!(error instanceof ListingChangedError)) throw error;
        // The caller's own retry (a refresh from the latest activity) or tomorrow's run takes over.
        if (attempt >= writeAttempts)
          throw new ActivityVersionConflictError('The listing kept changing while it was written');
        await new Promise((done) => setTimeout(done, 10 * 2 ** attempt * Math.random()));
      }
    }
  };

  return {
    async get(activityId: string): Promise<Listing | undefined> {
      return (await readStored(activityId))?.listing;
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
     * for a listed activity, and only when it changes. The listing and its copy by type change
     * together, so a search by type never disagrees with the listing. The next refresh works it
     * out afresh anyway.
     */
    async setHasPlaces(activityId: string, hasPlaces: boolean): Promise<void> {
      const set = (Key: Record<string, string>, condition: string, counted?: boolean) => ({
        TableName: table.name,
        Key,
        UpdateExpression: 'SET hasPlaces = :value',
        ConditionExpression: condition,
        ExpressionAttributeValues: { ':value': hasPlaces, ...(counted ? { ':counted': true } : {}) },
      });
      const listingChanges = 'attribute_exists(PK) AND hasPlaces <> :value';
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: set(keys.item(activityId), `${listingChanges} AND countedByType = :counted`, true) },
              { Update: set(keys.byType(activityId), 'attribute_exists(PK)') },
            ],
          }),
        );
        return;
      } catch (error) {
        // Not listed, already so, or listed before the copies by type existed (then the listing alone).
        if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
      }
      try {
        await table.client.send(
          new UpdateCommand(
            set(keys.item(activityId), `${listingChanges} AND attribute_not_exists(countedByType)`),
          ),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },

    /**
     * Makes the stored listing what it should be: put, replaced or removed with its copy by type,
     * moving the cell counts when it appears, disappears, moves or changes type, all in one
     * transaction planned from a fresh read and holding only while the listing is as read; when
     * another write got there first, it reads and plans again.
     */
    async reconcile(
      activityId: string,
      wanted: Listing | undefined,
      /** The activity version the listing was made from: nothing is written if it has moved on. */
      guard?: { version: number },
    ): Promise<void> {
      await writeFromFreshRead(activityId, () => ({ wanted }), guard);
    },

    /**
     * Gives every listing of these councils its copy by type and its counts by type, where it was
     * written before they existed, and then records that the index by type is complete, so
     * searches by type read it (until then they read the index of every listing). Reads each
     * council's listings A to Z (Query, never Scan); a listing changed meanwhile is read again.
     * Safe to run again, and costs one read once the index is complete.
     */
    async completeIndexByType(
      councilIds: string[],
      now: Date,
    ): Promise<{ alreadyComplete: boolean; checked: number; added: number }> {
      const marker = await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.indexByType, ConsistentRead: true }),
      );
      if (marker.Item?.complete === true) return { alreadyComplete: true, checked: 0, added: 0 };
      let checked = 0;
      let added = 0;
      for (const councilId of councilIds) {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await table.client.send(
            new QueryCommand({
              TableName: table.name,
              IndexName: 'GSI2',
              KeyConditionExpression: 'GSI2PK = :pk',
              ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#LISTINGS` },
              ProjectionExpression: 'activityId, countedByType',
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          for (const item of page.Items ?? []) {
            checked += 1;
            if (item.countedByType === true) continue;
            // As it is now: written again as it is, with its copy and counts by type.
            const wrote = await writeFromFreshRead(String(item.activityId), (stored) =>
              stored && !stored.countedByType ? { wanted: stored.listing } : undefined,
            );
            if (wrote) added += 1;
          }
          start = page.LastEvaluatedKey;
        } while (start);
      }
      await table.client.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.indexByType,
            entity: 'SearchIndexState',
            complete: true,
            completedAt: now.toISOString(),
          },
        }),
      );
      return { alreadyComplete: false, checked, added };
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
     * Loads many listings at once into a table that has none yet, with their copies by type and
     * cell counts, and records the index by type complete: for the benchmark and bulk imports,
     * where a transaction per listing would take an hour.
     */
    async loadIntoEmptyTable(all: Listing[], concurrency = 8): Promise<void> {
      const counts = cellCountChanges(all.map((listing) => ({ listing, listings: 1, byType: 1 }))).map(
        ({ depth, bits, listings, types }) => ({
          ...keys.count(depth, bits),
          entity: 'GeoCellCount',
          listings,
          ...Object.fromEntries(types.map(([type, count]) => [typeCount(type), count])),
        }),
      );
      const items = [
        ...all.flatMap((listing) => [
          {
            ...keys.item(listing.activityId),
            ...keys.geo(listing),
            ...keys.council(listing),
            entity: 'Listing',
            ...listing,
            version: 1,
            countedByType: true,
          },
          {
            ...keys.byType(listing.activityId),
            ...keys.geoByType(listing),
            entity: 'ListingByType',
            ...listing,
          },
        ]),
        ...counts,
        {
          ...keys.indexByType,
          entity: 'SearchIndexState',
          complete: true,
          completedAt: new Date().toISOString(),
        },
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
     * Listings per cell around a point at every counted depth, in all and of any types, and
     * whether the index by type is complete: one request.
     */
    async countsAt(point: Point, cost?: ReadCost): Promise<CellCounts> {
      const wanted = countedDepths.map((depth) => keys.count(depth, cellBits(cellOf(point, depth))));
      const response = await table.client.send(
        new BatchGetCommand({
          RequestItems: { [table.name]: { Keys: [...wanted, keys.indexByType] } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      if (cost) {
        cost.requests += 1;
        for (const entry of response.ConsumedCapacity ?? []) cost.capacityUnits += entry.CapacityUnits ?? 0;
      }
      const items = response.Responses?.[table.name] ?? [];
      const cells = items.filter((item) => String(item.PK).startsWith('GEOCELL#'));
      return {
        indexByTypeComplete: items.some((item) => item.PK === keys.indexByType.PK && item.complete === true),
        of(types) {
          const counts = new Map<number, number>(countedDepths.map((depth) => [depth, 0]));
          for (const item of cells)
            counts.set(
              Number(String(item.PK).split('#')[1]),
              types
                ? types.reduce((sum, type) => sum + Number(item[typeCount(type)] ?? 0), 0)
                : Number(item.listings ?? 0),
            );
          return counts;
        },
      };
    },

    /**
     * The listings in the given cell ranges, of any type or only of `types` (read from the index
     * by type, one query per range and type), within the limits: the rounds of `readInRounds`,
     * each query a DynamoDB Query with its share of the items left as its `Limit`.
     */
    async readRanges(
      ranges: CellRange[],
      cost?: ReadCost,
      options: { types?: readonly ActivityType[] } & Partial<ReadLimits> = {},
    ): Promise<RangeRead> {
      const partitions: (ActivityType | undefined)[] = options.types?.length
        ? [...options.types]
        : [undefined];
      return readInRounds<Record<string, unknown>>(
        ranges,
        partitions.length,
        {
          items: options.items ?? Number.POSITIVE_INFINITY,
          queries: options.queries ?? Number.POSITIVE_INFINITY,
        },
        async (range, partition, limit, start) => {
          const response = await table.client.send(
            new QueryCommand({
              TableName: table.name,
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
              ExpressionAttributeValues: {
                ':pk': geoPartition(range.partition, partitions[partition]),
                ':from': range.from,
                // '~' sorts after '#', so the last cell's own listings are included.
                ':to': `${range.to}~`,
              },
              ReturnConsumedCapacity: 'TOTAL',
              ...(limit !== undefined ? { Limit: limit } : {}),
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          tally(cost, response);
          const last = response.LastEvaluatedKey;
          return {
            listings: (response.Items ?? []).map(stripKeys),
            examined: response.ScannedCount ?? response.Count ?? 0,
            ...(last ? { next: { start: last, geohash: String(last.GSI1SK).split('#')[0] as string } } : {}),
          };
        },
      );
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
