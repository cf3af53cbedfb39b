import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The table as the repositories see it: a document client and the table's name. */
export interface Table {
  name: string;
  client: DynamoDBDocumentClient;
}

export interface TableOptions {
  name: string;
  /** DynamoDB Local; absent in AWS. */
  endpoint?: string;
}

export function connectTable({ name, endpoint }: TableOptions): Table {
  const base = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          // DynamoDB Local keeps a separate database per key and region: fix both so every
          // process of the local stack and the tests sees the same tables.
          region: 'eu-west-2',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  return {
    name,
    client: DynamoDBDocumentClient.from(base, {
      marshallOptions: { removeUndefinedValues: true },
    }),
  };
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
