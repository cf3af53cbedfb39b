import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPostcodes, PostcodeFileError, splitCsvLine } from '../../../scripts/import-postcodes';
import { createOfflinePostcodeLookup } from '../../../shared/postcodes/offline-lookup';
import type { Table } from '../../../shared/table/client';
import { createTestTable } from '../../support/test-table';

let table: Table;

beforeAll(async () => {
  table = await createTestTable();
});

/** A few rows in the ONS Postcode Directory's layout: every field quoted, many columns, CRLF. */
const onspd = [
  '\uFEFF"pcd","pcd2","pcds","dointr","doterm","oscty","lat","long","imd"',
  '"DT1 1AA","DT1  1AA","DT1 1AA","198001","","E10000009","50.714592","-2.437347","12345"',
  '"BH151HP","BH15 1HP","BH15 1HP","198001","","E06000058","50.716139","-1.987533","23456"',
  // Terminated: Royal Mail no longer uses it.
  '"DT1 1AB","DT1  1AB","DT1 1AB","198001","200412","E10000009","50.7","-2.4","1"',
  // ONSPD's marker for "no grid reference".
  '"DT2 8ZZ","DT2  8ZZ","DT2 8ZZ","202401","","E10000009","99.999999","0.000000",""',
].map((line) => `${line}\r`);

/** The simple layout, as someone might export it from a spreadsheet. */
const simple = [
  'Postcode,Latitude,Longitude',
  'dt4 8uj,50.609210,-2.463600',
  'BH1 1AA,,',
  'not a postcode,50.7,-1.8',
  'DT4,50.6,-2.4',
  'bh2 5eg,50.720000,-1.880000',
];

async function storedInDistrict(district: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `POSTCODE#${district}` },
    }),
  );
  return Items;
}

describe('importing a postcode file (DynamoDB Local)', () => {
  it('reads the ONS Postcode Directory layout, skipping terminated postcodes and missing coordinates', async () => {
    expect(await importPostcodes(table, onspd)).toEqual({
      format: 'ONS Postcode Directory',
      imported: 2,
      skipped: 2,
    });
    expect(await storedInDistrict('DT1')).toEqual([
      {
        PK: 'POSTCODE#DT1',
        SK: 'POSTCODE#DT1 1AA',
        entity: 'Postcode',
        latitude: 50.714592,
        longitude: -2.437347,
      },
    ]);
    expect(await storedInDistrict('DT2')).toEqual([]);
  });

  it('reads a postcode,latitude,longitude file from a stream of lines, normalising the postcodes', async () => {
    async function* lines() {
      yield* simple;
    }
    expect(await importPostcodes(table, lines())).toEqual({
      format: 'postcode,latitude,longitude',
      imported: 2,
      skipped: 3,
    });
    expect((await storedInDistrict('DT4')).map((item) => item.SK)).toEqual(['POSTCODE#DT4 8UJ']);
    expect(await storedInDistrict('BH1')).toEqual([]);
  });

  it('writes files larger than one batch, and importing again overwrites rather than duplicates', async () => {
    const rows = Array.from(
      { length: 60 },
      (_, i) => `BH9 ${i % 10}${'ABDEFGHJ'[Math.floor(i / 10)]}A,50.75,-1.87`,
    );
    // The same postcode twice in one batch: DynamoDB refuses that unless the import collapses it.
    const withDuplicate = ['postcode,latitude,longitude', 'BH9 1AA,50.0,-1.0', ...rows];
    const progress: number[] = [];
    const result = await importPostcodes(table, withDuplicate, { onProgress: (n) => progress.push(n) });
    expect(result.skipped).toBe(0);
    expect(progress.at(-1)).toBe(result.imported);
    expect(progress.length).toBe(3);
    await importPostcodes(table, withDuplicate);
    const stored = await storedInDistrict('BH9');
    expect(stored).toHaveLength(60);
    expect(stored.find((item) => item.SK === 'POSTCODE#BH9 1AA')).toMatchObject({ latitude: 50.75 });
  });

  it('retries the items DynamoDB leaves unprocessed until all are written', async () => {
    let batchWrites = 0;
    // Passes everything to DynamoDB Local, except that the first batch write "runs out of capacity"
    // half-way and hands back the rest, as DynamoDB does under load.
    const squeezed: Table = {
      name: table.name,
      client: {
        send: async (command: BatchWriteCommand) => {
          batchWrites += 1;
          const requests = command.input.RequestItems?.[table.name] ?? [];
          if (batchWrites > 1) return table.client.send(command);
          const half = Math.ceil(requests.length / 2);
          await table.client.send(
            new BatchWriteCommand({ RequestItems: { [table.name]: requests.slice(0, half) } }),
          );
          return { UnprocessedItems: { [table.name]: requests.slice(half) } };
        },
      } as unknown as DynamoDBDocumentClient,
    };
    const rows = [
      'postcode,latitude,longitude',
      ...['1', '2', '3', '4'].map((n) => `BH10 ${n}AB,50.76,-1.89`),
    ];
    const waits: number[] = [];
    const result = await importPostcodes(squeezed, rows, {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(result.imported).toBe(4);
    expect(batchWrites).toBe(2);
    expect(waits).toHaveLength(1);
    expect((await storedInDistrict('BH10')).map((item) => item.SK)).toEqual([
      'POSTCODE#BH10 1AB',
      'POSTCODE#BH10 2AB',
      'POSTCODE#BH10 3AB',
      'POSTCODE#BH10 4AB',
    ]);
  });

  it('refuses a file whose header it does not recognise, saying which headers it reads', async () => {
    await expect(importPostcodes(table, ['code,x,y', 'DT1 1AA,1,2'])).rejects.toThrow(PostcodeFileError);
    await expect(importPostcodes(table, ['code,x,y'])).rejects.toThrow(
      /pcds,lat,long .* or postcode,latitude,longitude; found: code,x,y/,
    );
    await expect(importPostcodes(table, [])).rejects.toThrow(/empty/);
  });

  it('splits quoted CSV fields, including commas and doubled quotes inside them', () => {
    expect(splitCsvLine('"a,b","say ""hi""",,plain,""')).toEqual(['a,b', 'say "hi"', '', 'plain', '']);
    expect(splitCsvLine('a,b,\r')).toEqual(['a', 'b', '']);
  });
});

describe('offline postcode lookup (DynamoDB Local)', () => {
  it('finds an imported postcode at postcode precision', async () => {
    await importPostcodes(table, onspd);
    const lookup = createOfflinePostcodeLookup(table);
    expect(await lookup.find('BH15 1HP')).toEqual({
      postcode: 'BH15 1HP',
      district: 'BH15',
      latitude: 50.716139,
      longitude: -1.987533,
      precision: 'postcode',
    });
  });

  it('falls back to the district centre for a postcode that was not imported', async () => {
    const lookup = createOfflinePostcodeLookup(table);
    expect(await lookup.find('DT11 7AA')).toEqual({
      postcode: 'DT11 7AA',
      district: 'DT11',
      latitude: 50.86091,
      longitude: -2.18047,
      precision: 'district',
    });
    // Terminated at import, so only its district is known.
    expect(await lookup.find('DT1 1AB')).toMatchObject({ latitude: 50.71093, precision: 'district' });
  });

  it('finds a district on its own at its centre', async () => {
    const lookup = createOfflinePostcodeLookup(table);
    expect(await lookup.find('BH15')).toEqual({
      postcode: 'BH15',
      district: 'BH15',
      latitude: 50.72165,
      longitude: -1.98442,
      precision: 'district',
    });
  });

  it('answers undefined for postcodes and districts outside its table, and for non-postcodes', async () => {
    const lookup = createOfflinePostcodeLookup(table);
    expect(await lookup.find('M1 1AE')).toBeUndefined();
    expect(await lookup.find('ZE9')).toBeUndefined();
    expect(await lookup.find('BH99')).toBeUndefined();
    expect(await lookup.find('nonsense')).toBeUndefined();
  });

  it('works from the district table alone when it has no table', async () => {
    const lookup = createOfflinePostcodeLookup();
    expect(await lookup.find('DT1 1AA')).toMatchObject({
      district: 'DT1',
      latitude: 50.71093,
      precision: 'district',
    });
    expect(await lookup.find('dt1')).toMatchObject({ postcode: 'DT1', precision: 'district' });
  });
});

describe('offline district centres', () => {
  it("finds the demo councils' district centres, however the district is written", async () => {
    const lookup = createOfflinePostcodeLookup(table);
    expect(await lookup.findDistrictCentre('BH15')).toEqual({
      district: 'BH15',
      latitude: 50.72165,
      longitude: -1.98442,
    });
    expect(await lookup.findDistrictCentre(' dt11 ')).toEqual({
      district: 'DT11',
      latitude: 50.86091,
      longitude: -2.18047,
    });
  });

  it('answers undefined for districts outside its table and for anything that is not a district', async () => {
    const lookup = createOfflinePostcodeLookup();
    expect(await lookup.findDistrictCentre('SP8')).toBeUndefined();
    expect(await lookup.findDistrictCentre('BH99')).toBeUndefined();
    expect(await lookup.findDistrictCentre('DT1 1AA')).toBeUndefined();
    expect(await lookup.findDistrictCentre('nonsense')).toBeUndefined();
  });
});
