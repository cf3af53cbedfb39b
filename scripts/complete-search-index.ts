import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createListingRepository } from '../functions/catalogue/repositories/listings';
import { connectTable } from '../shared/table/client';
import { createCouncilRepository } from '../shared/table/councils';
import { tableDefinition } from '../shared/table/definition';
import { startDynamoDbLocal } from './local/dynamodb-local';

/**
 * `npm run search:complete-index`: gives every listing written before the index by type existed
 * its copy by type and its counts by type, then records the index complete, so searches by type
 * read only their own type (until then they read every listing, which is slower, never wrong).
 * Run it once the deploy that brings the index by type has finished; the daily run does the same
 * if nobody does. It reads each council's listings with Query (never Scan) and is safe to run
 * again: once the index is complete it reads one item and stops.
 *
 *   DYNAMODB_ENDPOINT set         that DynamoDB Local (TABLE_NAME, default the local table name)
 *   TABLE_NAME set, no endpoint   that table in AWS, with the usual AWS credentials and region
 *   neither                       starts DynamoDB Local on .local/dynamodb, the data `npm start` uses
 *                                 (stop `npm start` first: both cannot open those files at once)
 */
async function main(): Promise<void> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const tableName = process.env.TABLE_NAME;
  const local =
    endpoint || tableName ? undefined : await startDynamoDbLocal({ dataDir: resolve('.local/dynamodb') });
  const table = connectTable({
    name: tableName ?? tableDefinition.localName,
    ...(endpoint || local ? { endpoint: endpoint ?? local?.endpoint } : {}),
  });
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
    table.client.destroy();
    await local?.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
