import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../../../shared/table/client';
import { createCouncilRepository } from '../../../shared/table/councils';
import { checkTableHealth } from '../../../shared/table/health';
import { createUserRepository } from '../../../shared/table/users';
import { createTestTable } from '../../support/test-table';

let table: Table;
beforeAll(async () => {
  table = await createTestTable();
});

describe('council repository (DynamoDB Local)', () => {
  it('adds a council once, and never overwrites it', async () => {
    const councils = createCouncilRepository(table);
    expect(
      await councils.add({
        id: 'wiltshire',
        name: 'Wiltshire Council',
        area: 'Wiltshire',
        commissionersEmail: 'team@wiltshire.example',
        postcodeDistricts: ['SN1'],
      }),
    ).toBe(true);
    expect(
      await councils.add({
        id: 'wiltshire',
        name: 'Renamed',
        area: 'Elsewhere',
        commissionersEmail: 'team@elsewhere.example',
        postcodeDistricts: ['SN1'],
      }),
    ).toBe(false);
    expect(await councils.get('wiltshire')).toEqual({
      id: 'wiltshire',
      name: 'Wiltshire Council',
      area: 'Wiltshire',
      commissionersEmail: 'team@wiltshire.example',
      postcodeDistricts: ['SN1'],
    });
    expect(await councils.get('nowhere')).toBeUndefined();
  });

  it('stores the attributes every item carries', async () => {
    const councils = createCouncilRepository(table);
    await councils.add(
      {
        id: 'somerset',
        name: 'Somerset Council',
        area: 'Somerset',
        commissionersEmail: 'team@somerset.example',
        postcodeDistricts: ['SN1'],
      },
      new Date('2026-11-24T09:00:00Z'),
    );
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.name, Key: { PK: 'COUNCIL#somerset', SK: 'COUNCIL' } }),
    );
    expect(Item).toMatchObject({
      entity: 'Council',
      councilId: 'somerset',
      version: 1,
      createdAt: '2026-11-24T09:00:00.000Z',
      updatedAt: '2026-11-24T09:00:00.000Z',
    });
  });

  it('lists every council through GSI1', async () => {
    const councils = createCouncilRepository(table);
    await councils.add({
      id: 'devon',
      name: 'Devon County Council',
      area: 'Devon',
      commissionersEmail: 'team@devon.example',
      postcodeDistricts: ['SN1'],
    });
    const ids = (await councils.list()).map((council) => council.id);
    expect(ids).toEqual(expect.arrayContaining(['devon', 'somerset', 'wiltshire']));
    expect(ids).toEqual([...ids].sort());
  });
});

describe('user repository (DynamoDB Local)', () => {
  it("lists a council's users by role then name, and no other council's", async () => {
    const users = createUserRepository(table);
    await users.add({
      id: 'u-3',
      councilId: 'devon',
      role: 'provider',
      name: 'Zara',
      email: 'z@example.org',
    });
    await users.add({
      id: 'u-1',
      councilId: 'devon',
      role: 'commissioner',
      name: 'Yusuf',
      email: 'y@example.org',
    });
    await users.add({ id: 'u-2', councilId: 'devon', role: 'provider', name: 'Abe', email: 'a@example.org' });
    await users.add({
      id: 'u-9',
      councilId: 'wiltshire',
      role: 'admin',
      name: 'Will',
      email: 'w@example.org',
    });
    expect((await users.listByCouncil('devon')).map((user) => user.id)).toEqual(['u-1', 'u-2', 'u-3']);
  });

  it('keeps funding route and representation, and returns no table attributes', async () => {
    const users = createUserRepository(table);
    const carer = {
      id: 'carer-1',
      councilId: 'devon',
      role: 'representative' as const,
      name: 'Helen',
      email: 'h@example.org',
      represents: { userId: 'person-1', type: 'carer' as const },
    };
    await users.add(carer);
    expect(await users.get('devon', 'carer-1')).toEqual(carer);
    expect(await users.get('wiltshire', 'carer-1')).toBeUndefined();
  });
});

describe('table health', () => {
  it('reports ok when the table can be read, and unavailable when it cannot', async () => {
    expect((await checkTableHealth(table)).status).toBe('ok');
    expect((await checkTableHealth({ ...table, name: 'no-such-table' })).status).toBe('unavailable');
  });
});
