import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { createLocalTokenIssuer, localEnvironment } from '../local/local-auth';
import { benchCatalogueSearch } from './catalogue-search';
import { benchCheckoutHolds } from './checkout-holds';

/**
 * `npm run bench`: figures to compare within one run, never thresholds in tests (the machines
 * are shared and noisy). Rows so far: each function's minified bundle, and how long a fresh Node
 * process takes to load it (a stand-in for cold-start init), against an empty handler's bundle.
 */
const outDir = resolve('.cache/bench');
const runs = Number(process.env.BENCH_RUNS ?? 20);
const entries: Record<string, string> = {
  applications: 'functions/applications/handler.ts',
  catalogue: 'functions/catalogue/handler.ts',
  checkout: 'functions/checkout/handler.ts',
  jobs: 'functions/jobs/handler.ts',
  notifications: 'functions/notifications/handler.ts',
};

async function bundle(name: string, entry: string): Promise<string> {
  const outfile = join(outDir, `${name}.mjs`);
  // Mirrors the CDK bundling options (infra/constructs/api-function.ts): ESM, minified with names
  // kept, Node 22, the AWS SDK bundled.
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    keepNames: true,
    mainFields: ['module', 'main'],
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap: 'external',
    banner: {
      js: "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}

function loadTimeMs(file: string, env: Record<string, string>): number {
  const script = `const t = process.hrtime.bigint(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`loading ${file} failed: ${result.stderr}`);
  return Number(result.stdout);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const baselineEntry = join(outDir, 'baseline-entry.ts');
writeFileSync(baselineEntry, 'export const handler = async () => ({ statusCode: 200, body: "" });\n');

const issuer = await createLocalTokenIssuer();
// Handlers read their configuration when loaded, as at a Lambda cold start; nothing is called.
const env = {
  ...localEnvironment('bench', 'http://127.0.0.1:9', issuer),
  LOG_LEVEL: 'silent',
  NOTIFICATIONS_FROM: 'no-reply@example.gov.uk',
  // Read on first payment only: loading needs just the name.
  STRIPE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:000000000000:secret:bench-stripe',
};

const rows: { name: string; bytes: number; gzipBytes: number; loadMs: number }[] = [];
for (const [name, entry] of [
  ['baseline (empty handler)', baselineEntry] as const,
  ...Object.entries(entries),
]) {
  const file = await bundle(name.split(' ')[0] ?? name, entry);
  const samples = Array.from({ length: runs }, () => loadTimeMs(file, env));
  rows.push({
    name,
    bytes: statSync(file).size,
    gzipBytes: gzipSync(readFileSync(file)).length,
    loadMs: median(samples),
  });
}

const baseline = rows[0];
if (!baseline) throw new Error('no baseline row');
const table = [
  ['bundle', 'minified KiB', 'gzip KiB', `load ms (median of ${runs})`, 'load vs baseline'],
  ...rows.map((row) => [
    row.name,
    (row.bytes / 1024).toFixed(1),
    (row.gzipBytes / 1024).toFixed(1),
    row.loadMs.toFixed(1),
    `${(row.loadMs / baseline.loadMs).toFixed(2)}x`,
  ]),
];
function printTable(rows: string[][]) {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(line(rows[0] ?? []));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
}
printTable(table);

// Search read cost at two catalogue sizes (BENCH_SEARCH=0 skips it: it seeds 100,000 listings).
if (process.env.BENCH_SEARCH !== '0') {
  const repeats = Number(process.env.BENCH_SEARCH_REPEATS ?? 30);
  const { rows: searchRows, seedSeconds } = await benchCatalogueSearch(repeats);
  console.log(
    `\nCatalogue search: the same searches on 1,000 and 100,000 listings (seeded in ${seedSeconds.map((s) => `${s.toFixed(0)} s`).join(' and ')}); page size 20; latency over ${repeats} runs each.\n`,
  );
  const arrow = (small: string, big: string) => `${small} → ${big}`;
  const ratio = (big: number, small: number) =>
    small === 0 ? (big === 0 ? '1.00x' : 'n/a') : `${(big / small).toFixed(2)}x`;
  const rowsOf = (size: number) => searchRows.filter((row) => row.size === size);
  printTable([
    [
      'search',
      'kind',
      'results',
      'requests',
      'items examined',
      'ratio',
      'per result, ratio',
      'capacity units',
      'p50 ms',
      'p95 ms',
    ],
    ...rowsOf(1_000).map((small) => {
      const big = searchRows.find((row) => row.size === 100_000 && row.search === small.search) ?? small;
      const shown = (row: typeof small) =>
        `${row.results}${row.searchedMiles !== undefined ? ` (${row.searchedMiles.toFixed(1)} mi)` : ''}`;
      return [
        small.search,
        small.kind,
        arrow(shown(small), shown(big)),
        arrow(String(small.requests), String(big.requests)),
        arrow(String(small.examined), String(big.examined)),
        ratio(big.examined, small.examined),
        ratio(big.examined / Math.max(1, big.results), small.examined / Math.max(1, small.results)),
        arrow(small.capacityUnits.toFixed(1), big.capacityUnits.toFixed(1)),
        arrow(small.p50.toFixed(0), big.p50.toFixed(0)),
        arrow(small.p95.toFixed(0), big.p95.toFixed(0)),
      ];
    }),
  ]);
  console.log(
    '\nEach cell is 1,000 → 100,000 listings. Target: items examined within 1.5x between the sizes, and under 3x the page size (20) a page. "(n mi)": a budget stopped the search, and it says it looked only that far. Where the small catalogue has fewer than a page of matches, compare items examined per result shown.',
  );
}

// Holds under contention and the DynamoDB cost of a whole card booking (BENCH_CHECKOUT=0 skips it).
if (process.env.BENCH_CHECKOUT !== '0') {
  const { rows: holdRows, perBooking } = await benchCheckoutHolds();
  const single = holdRows[0];
  console.log(
    '\nCheckout holds on DynamoDB Local: each hold is one transaction whose condition on places left decides.\n',
  );
  printTable([
    [
      'scenario',
      'holds asked',
      'held',
      'refused (409)',
      'holds per second',
      'p50 ms',
      'p95 ms',
      'p95 vs uncontended',
      'requests per hold',
    ],
    ...holdRows.map((row) => [
      row.scenario,
      String(row.attempts),
      String(row.succeeded),
      String(row.refused),
      ((row.succeeded / row.wallMs) * 1000).toFixed(0),
      row.p50.toFixed(1),
      row.p95.toFixed(1),
      single ? `${(row.p95 / single.p95).toFixed(2)}x` : 'n/a',
      row.requestsPerHold.toFixed(2),
    ]),
  ]);
  console.log(
    `\nA whole card booking (hold, Stripe Checkout, payment, every webhook Stripe sends, confirmation), average of ${perBooking.bookings}: ${perBooking.requests.toFixed(1)} DynamoDB requests, ${perBooking.capacity.toFixed(1)} capacity units.`,
  );
}
