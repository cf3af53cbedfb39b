import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client';

/**
 * A health check that really reads the table: a GetItem on a key nothing stores. It proves the
 * table exists and this function may read it, at the cost of one eventually consistent read.
 */
const probeKey = { PK: 'SERVICE#health', SK: 'PROBE' } as const;

export interface TableHealth {
  status: 'ok' | 'unavailable';
  latencyMs: number;
}

export async function checkTableHealth(table: Table): Promise<TableHealth> {
  const started = performance.now();
  try {
    await table.client.send(new GetCommand({ TableName: table.name, Key: probeKey }));
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: 'unavailable', latencyMs: Math.round(performance.now() - started) };
  }
}
