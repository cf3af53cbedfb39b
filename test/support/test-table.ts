import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createTableIfMissing } from '../../scripts/local/create-table';
import { connectTable, type Table } from '../../shared/table/client';

/** A fresh table in the run's DynamoDB Local, made from the shared definition; one per test file. */
export async function createTestTable(): Promise<Table & { endpoint: string }> {
  const endpoint = inject('dynamodbEndpoint');
  const table = connectTable({ name: `test-${randomUUID()}`, endpoint });
  await createTableIfMissing(table.client, table.name);
  return { ...table, endpoint };
}
