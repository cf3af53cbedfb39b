import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createListingRepository } from '../functions/catalogue/repositories/listings';
import { createCouncilRepository } from '../shared/table/councils';
import { openCommandTable } from './command-table';

/**
 * `npm run search:complete-index`: gives every listing written before the index by type existed
 * its copy by type and its counts by type, then records the index complete, so searches by type
 * read only their own type (until then they read every listing, which is slower, never wrong).
 * Run it once the deploy that brings the index by type has finished; the daily run does the same
 * if nobody does. It reads each council's listings with Query (never Scan) and is safe to run
 * again: once the index is complete it reads one item and stops.
 * Which table: see `openCommandTable`.
 */
async function main(): Promise<void> {
  const { table, close } = await openCommandTable();
  try {
    const councils = await createCouncilRepository(table).list();
    const result = await createListingRepository(table).completeIndexByType(
      councils.map((council) => council.id),
      new Date(),
    );
    console.log(
      result.alreadyComplete
        ? `The index by type of ${table.name} was already complete.`
        : `Checked ${result.checked.toLocaleString('en-GB')} listings of ${councils.length} councils in ` +
            `${table.name}; gave ${result.added.toLocaleString('en-GB')} their copies by type. The index by ` +
            'type is complete.',
    );
  } finally {
    await close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
