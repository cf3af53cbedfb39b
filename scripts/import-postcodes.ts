import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { postcodeItem } from '../shared/postcodes/offline-lookup';
import { parsePostcode } from '../shared/postcodes/postcode';
import type { Table } from '../shared/table/client';
import { openCommandTable } from './command-table';
import { createTableIfMissing } from './local/create-table';

/**
 * `npm run postcodes:import -- <file.csv>`: loads a full postcode file into the table, so the
 * offline lookup answers at postcode precision instead of the district's centre.
 * Which table: see `openCommandTable`.
 */

/** Column names of the files we understand, detected from the header row. */
const fileFormats = [
  { name: 'ONS Postcode Directory', postcode: 'pcds', latitude: 'lat', longitude: 'long' },
  { name: 'postcode,latitude,longitude', postcode: 'postcode', latitude: 'latitude', longitude: 'longitude' },
] as const;
/** ONSPD's date of termination: set for postcodes Royal Mail no longer uses. */
const terminatedColumn = 'doterm';
/** BatchWriteItem's limit. */
const batchSize = 25;
const maxRetries = 8;

export class PostcodeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostcodeFileError';
  }
}

export interface ImportOptions {
  /** Batches written at once: enough to keep DynamoDB busy, few enough not to be throttled. */
  batchesInFlight?: number;
  /** Called after each batch is written, with the running total. */
  onProgress?: (imported: number) => void;
  /** Waits between retries of unprocessed items; tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ImportResult {
  format: string;
  imported: number;
  /** Rows with no usable postcode or coordinates, or terminated postcodes. */
  skipped: number;
}

/**
 * Reads the file one line at a time (a national file is ~2.5M rows, so it is never held whole) and
 * writes the postcodes in batches of 25. Importing the same file twice overwrites, never duplicates.
 */
export async function importPostcodes(
  table: Table,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { batchesInFlight = 8, onProgress, sleep = wait } = options;
  let columns: ReturnType<typeof detectColumns> | undefined;
  let imported = 0;
  let skipped = 0;
  // Keyed by postcode: BatchWriteItem refuses a batch that names the same key twice.
  let batch = new Map<string, Record<string, unknown>>();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;

  const send = async () => {
    const items = [...batch.values()];
    batch = new Map();
    const write: Promise<void> = writeBatch(table, items, sleep)
      .then(
        () => {
          imported += items.length;
          onProgress?.(imported);
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= batchesInFlight) await Promise.race(inFlight);
    if (failure) throw failure.error;
  };

  for await (const line of lines) {
    if (line.trim() === '') continue;
    const fields = splitCsvLine(line);
    if (!columns) {
      columns = detectColumns(fields);
      continue;
    }
    const row = readRow(fields, columns);
    if (!row) {
      skipped += 1;
      continue;
    }
    batch.set(row.postcode, postcodeItem(row));
    if (batch.size === batchSize) await send();
  }
  if (!columns) throw new PostcodeFileError('The file is empty: expected a header row and postcodes');
  if (batch.size > 0) await send();
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return { format: columns.format, imported, skipped };
}

function detectColumns(header: string[]) {
  const names = header.map((name, index) =>
    (index === 0 ? name.replace(/^\uFEFF/, '') : name).trim().toLowerCase(),
  );
  const format = fileFormats.find((f) =>
    [f.postcode, f.latitude, f.longitude].every((c) => names.includes(c)),
  );
  if (!format) {
    throw new PostcodeFileError(
      `The first row must be a header naming the columns pcds,lat,long (ONS Postcode Directory) or ` +
        `postcode,latitude,longitude; found: ${names.join(',').slice(0, 200)}`,
    );
  }
  return {
    format: format.name,
    postcode: names.indexOf(format.postcode),
    latitude: names.indexOf(format.latitude),
    longitude: names.indexOf(format.longitude),
    terminated: names.indexOf(terminatedColumn),
  };
}

function readRow(fields: string[], columns: ReturnType<typeof detectColumns>) {
  if (columns.terminated >= 0 && (fields[columns.terminated] ?? '').trim() !== '') return undefined;
  const parsed = parsePostcode(fields[columns.postcode] ?? '');
  if (!parsed.ok || parsed.kind !== 'full') return undefined;
  const latitude = readNumber(fields[columns.latitude]);
  const longitude = readNumber(fields[columns.longitude]);
  // ONSPD writes 99.999999, 0 for postcodes it has no grid reference for.
  if (
    latitude === undefined ||
    longitude === undefined ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180
  ) {
    return undefined;
  }
  return { postcode: parsed.postcode, outward: parsed.outward, latitude, longitude };
}

function readNumber(text: string | undefined): number | undefined {
  const trimmed = text?.trim() ?? '';
  // Number('') is 0, which would put a postcode with no coordinates in the Gulf of Guinea.
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** One CSV record on one line; ONSPD quotes every field, simpler files usually none. */
export function splitCsvLine(line: string): string[] {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    let value = '';
    if (text[at] === '"') {
      let from = at + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) {
          value += text.slice(from);
          from = text.length;
          break;
        }
        value += text.slice(from, close);
        if (text[close + 1] !== '"') {
          from = close + 1;
          break;
        }
        value += '"';
        from = close + 2;
      }
      at = from;
    }
    const comma = text.indexOf(',', at);
    fields.push(value + text.slice(at, comma === -1 ? text.length : comma));
    if (comma === -1) return fields;
    at = comma + 1;
  }
}

type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

async function writeBatch(
  table: Table,
  items: Record<string, unknown>[],
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  let requests: WriteRequests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let retry = 0; ; retry += 1) {
    const { UnprocessedItems } = await table.client.send(
      new BatchWriteCommand({ RequestItems: { [table.name]: requests } }),
    );
    const left = UnprocessedItems?.[table.name] ?? [];
    if (left.length === 0) return;
    if (retry === maxRetries) {
      throw new Error(`DynamoDB left ${left.length} postcodes unwritten after ${maxRetries} retries`);
    }
    requests = left;
    // Unprocessed items mean the table is at capacity: back off, with jitter so batches spread out.
    await sleep(Math.min(5000, 50 * 2 ** retry) * (0.5 + Math.random() / 2));
  }
}

const wait = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function main(args: string[]): Promise<void> {
  const file = args[0];
  if (!file || args.length > 1) {
    console.error('Usage: npm run postcodes:import -- <file.csv>');
    process.exitCode = 2;
    return;
  }
  // Opened before anything starts, so a mistyped path fails at once and says so.
  const handle = await open(resolve(file));
  const { table, isLocal, close } = await openCommandTable();
  try {
    // Locally the table may not exist yet; in AWS CloudFormation owns it.
    if (isLocal) await createTableIfMissing(table.client, table.name);
    const started = performance.now();
    let reported = 0;
    const lines = createInterface({ input: handle.createReadStream(), crlfDelay: Number.POSITIVE_INFINITY });
    const result = await importPostcodes(table, lines, {
      onProgress: (imported) => {
        if (imported - reported < 100_000) return;
        reported = imported;
        console.log(`  ${imported.toLocaleString('en-GB')} postcodes so far`);
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Imported ${result.imported.toLocaleString('en-GB')} postcodes (${result.format}) into ${table.name} ` +
        `in ${seconds} s; skipped ${result.skipped.toLocaleString('en-GB')} rows with no usable ` +
        'postcode or coordinates, or a terminated postcode.',
    );
  } finally {
    await handle.close();
    await close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // A bad file is the user's to fix: say what is wrong without a stack trace.
    const explained =
      error instanceof PostcodeFileError ||
      (error instanceof Error && 'code' in error && error.code === 'ENOENT');
    console.error(explained ? error.message : error);
    process.exitCode = 1;
  });
}
