import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createTableIfMissing } from '../../../scripts/local/create-table';
import { demoCouncils, demoUsers } from '../../../scripts/local/demo-data';
import { startDynamoDbLocal } from '../../../scripts/local/dynamodb-local';
import { seedDemoData } from '../../../scripts/local/seed';
import { connectTable } from '../../../shared/table/client';
import { tableDefinition } from '../../../shared/table/definition';
import { createUserRepository } from '../../../shared/table/users';
import { createTestTable } from '../../support/test-table';

const dataDir = mkdtempSync(join(tmpdir(), 'marketplace-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the local database', () => {
  it('creates the table exactly as the shared definition describes it', async () => {
    const table = await createTestTable();
    const { Table: described } = await table.client.send(new DescribeTableCommand({ TableName: table.name }));
    expect(described?.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = described?.GlobalSecondaryIndexes?.map((index) => [
      index.IndexName,
      index.KeySchema?.map((k) => k.AttributeName),
    ]);
    expect(indexes).toHaveLength(tableDefinition.globalSecondaryIndexes.length);
    expect(indexes).toEqual(
      expect.arrayContaining(
        tableDefinition.globalSecondaryIndexes.map((index) => [
          index.indexName,
          [index.partitionKey, index.sortKey],
        ]),
      ),
    );
    const ttl = await table.client.send(new DescribeTimeToLiveCommand({ TableName: table.name }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('keeps its data across a restart, and seeding again adds nothing', async () => {
    const first = await startDynamoDbLocal({ dataDir });
    const before = connectTable({ name: 'marketplace', endpoint: first.endpoint });
    expect(await createTableIfMissing(before.client, before.name)).toBe(true);
    const seeded = await seedDemoData(before);
    expect(seeded.added).toBeGreaterThan(demoCouncils.length + demoUsers.length);
    expect(seeded.alreadyThere).toBe(0);
    before.client.destroy();
    await first.stop();

    const second = await startDynamoDbLocal({ dataDir });
    const after = connectTable({ name: 'marketplace', endpoint: second.endpoint });
    try {
      expect(await createTableIfMissing(after.client, after.name)).toBe(false);
      expect(await seedDemoData(after)).toEqual({ added: 0, alreadyThere: seeded.added });
      const dorsetUsers = await createUserRepository(after).listByCouncil('dorset');
      expect(dorsetUsers).toHaveLength(demoUsers.filter((user) => user.councilId === 'dorset').length);
    } finally {
      after.client.destroy();
      await second.stop();
    }
  }, 60_000);
});
