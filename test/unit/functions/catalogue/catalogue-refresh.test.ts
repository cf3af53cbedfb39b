import { describe, expect, it } from 'vitest';
import { runCatalogueRefresh } from '../../../../functions/catalogue/jobs/catalogue-refresh';
import { createLogger } from '../../../../shared/log/logger';

describe('runCatalogueRefresh', () => {
  const councils = { list: async () => [{ id: 'dorset' }, { id: 'bcp' }] as never };
  const memberships = { listByCouncil: async () => [] };
  const catalogue = { refreshProvider: async () => ({ refreshed: 0, failed: 0 }) };
  const at = new Date('2026-12-05T03:00:00Z');

  it('completes the index by type for every council after the refresh, and says how many listings it added', async () => {
    const asked: { councilIds: string[]; now: Date }[] = [];
    const lines: Record<string, unknown>[] = [];
    const result = await runCatalogueRefresh({
      councils,
      memberships,
      catalogue,
      listings: {
        completeIndexByType: async (councilIds, now) => {
          asked.push({ councilIds, now });
          return { alreadyComplete: false, checked: 12, added: 3 };
        },
      },
      logger: createLogger('info', (line) => lines.push(JSON.parse(line))),
      now: at,
    });
    expect(asked).toEqual([{ councilIds: ['dorset', 'bcp'], now: at }]);
    expect(result).toEqual({ providers: 0, activities: 0, failed: 0, indexedByType: 3 });
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'search index by type completed', added: 3 }),
    );
  });

  it('says nothing of the index once it is complete, and counts a failure to complete it without stopping', async () => {
    const complete = await runCatalogueRefresh({
      councils,
      memberships,
      catalogue,
      listings: { completeIndexByType: async () => ({ alreadyComplete: true, checked: 0, added: 0 }) },
      logger: createLogger('silent'),
      now: at,
    });
    expect(complete).toEqual({ providers: 0, activities: 0, failed: 0 });

    const lines: Record<string, unknown>[] = [];
    const failing = await runCatalogueRefresh({
      councils,
      memberships,
      catalogue,
      listings: {
        completeIndexByType: async () => {
          throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
        },
      },
      logger: createLogger('info', (line) => lines.push(JSON.parse(line))),
      now: at,
    });
    expect(failing).toEqual({ providers: 0, activities: 0, failed: 1 });
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: 'search index by type not completed',
        error: 'ProvisionedThroughputExceededException',
      }),
    );
  });
});
