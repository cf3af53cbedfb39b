import { resolve } from 'node:path';
import { connectTable, type Table } from '../shared/table/client';
import { tableDefinition } from '../shared/table/definition';
import { startDynamoDbLocal } from './local/dynamodb-local';

/**
 * The table a command-line script works on, chosen by the environment:
 *
 *   DYNAMODB_ENDPOINT set         that DynamoDB Local (TABLE_NAME, default the local table name)
 *   TABLE_NAME set, no endpoint   that table in AWS, with the usual AWS credentials and region
 *   neither                       starts DynamoDB Local on .local/dynamodb, the data `npm start` uses
 *                                 (stop `npm start` first: both cannot open those files at once)
 *
 * `isLocal` says whether it is a DynamoDB Local (where a script may create the table); `close`
 * lets go of the client and stops a DynamoDB Local it started.
 */
export async function openCommandTable(): Promise<{
  table: Table;
  isLocal: boolean;
  close: () => Promise<void>;
}> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const tableName = process.env.TABLE_NAME;
  const local =
    endpoint || tableName ? undefined : await startDynamoDbLocal({ dataDir: resolve('.local/dynamodb') });
  const table = connectTable({
    name: tableName ?? tableDefinition.localName,
    ...(endpoint || local ? { endpoint: endpoint ?? local?.endpoint } : {}),
  });
  return {
    table,
    isLocal: Boolean(endpoint || local),
    close: async () => {
      table.client.destroy();
      await local?.stop();
    },
  };
}
