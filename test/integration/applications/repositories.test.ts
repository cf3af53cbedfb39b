import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  rejectApplication,
  requestClarification,
  saveSection,
  startApplication,
  submitApplication,
} from '../../../functions/applications/domain/application';
import { createFramework, reviseFramework } from '../../../functions/applications/domain/framework';
import {
  type OrganisationDetails,
  organisationDetailsSchema,
} from '../../../functions/applications/domain/organisation';
import { sectionIds } from '../../../functions/applications/domain/sections';
import {
  type ApplicationRepository,
  createApplicationRepository,
  VersionConflictError,
} from '../../../functions/applications/repositories/applications';
import { createFrameworkRepository } from '../../../functions/applications/repositories/frameworks';
import {
  createProviderRepository,
  ProviderAlreadyExistsError,
} from '../../../functions/applications/repositories/providers';
import { dayOpportunitiesFramework, demoFrameworkCreated } from '../../../scripts/local/demo-frameworks';
import type { Table } from '../../../shared/table/client';
import { completeAnswers } from '../../support/application-answers';
import { createTestTable } from '../../support/test-table';

let table: Table;
let applications: ApplicationRepository;
const now = new Date('2026-11-24T10:00:00Z');
const provider: Actor = { id: 'user-p', name: 'Jess Parker', role: 'provider' };
const commissioner: Actor = { id: 'user-c', name: 'Amara Okafor', role: 'commissioner' };
const framework = dayOpportunitiesFramework('dorset', 'Dorset Council');
const details = organisationDetailsSchema.parse(completeAnswers().organisation) as OrganisationDetails;

beforeAll(async () => {
  table = await createTestTable();
  applications = createApplicationRepository(table);
});

const start = (id: string, providerId = `org-of-${id}`) =>
  startApplication({ id, framework, provider: { id: providerId, details }, actor: provider, now });

describe('framework repository (DynamoDB Local)', () => {
  it("stores a council's frameworks and lists them, never overwriting one", async () => {
    const frameworks = createFrameworkRepository(table);
    const created = demoFrameworkCreated('dorset', 'Dorset Council', now);
    expect(await frameworks.add(created)).toBe(true);
    expect(await frameworks.add({ ...created, framework: { ...framework, name: 'Renamed' } })).toBe(false);
    expect(await frameworks.get('dorset', framework.id)).toEqual(framework);
    expect((await frameworks.listByCouncil('dorset')).map((f) => f.id)).toEqual([framework.id]);
    expect(await frameworks.listByCouncil('bcp')).toEqual([]);
  });

  it('keeps an append-only history naming who changed which parts; a stale edit writes nothing', async () => {
    const frameworks = createFrameworkRepository(table);
    const original = { ...framework, id: 'history-test' };
    const { id, version: _version, councilId: _council, ...input } = original;
    const admin = { id: 'user-a', name: 'Sam Admin', role: 'admin' as const };
    await frameworks.add(createFramework(input, { id, councilId: 'dorset' }, admin, now));
    const edit = reviseFramework(
      (await frameworks.get('dorset', id)) as typeof original,
      { ...input, passMarkPercent: 70, lots: input.lots.slice(0, 2) },
      admin,
      new Date('2026-11-25T09:00:00Z'),
    );
    await frameworks.update(edit);
    await expect(frameworks.update(edit)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await frameworks.auditTrail('dorset', id)).toEqual([
      expect.objectContaining({ version: 1, action: 'created', actor: admin }),
      expect.objectContaining({
        version: 2,
        action: 'edited',
        actor: admin,
        at: '2026-11-25T09:00:00.000Z',
        detail: 'Changed the lots and pass mark',
      }),
    ]);
    const unchanged = reviseFramework(
      edit.framework,
      { ...input, passMarkPercent: 70, lots: input.lots.slice(0, 2) },
      admin,
      now,
    );
    expect(unchanged.audit.detail).toBe('Saved with no changes');
  });
});

describe('provider repository (DynamoDB Local)', () => {
  it('creates one organisation per user, found from the user', async () => {
    const providers = createProviderRepository(table);
    const organisation = {
      id: 'org-9',
      councilId: 'dorset',
      ownerUserId: 'user-9',
      details,
      createdAt: now.toISOString(),
    };
    await providers.add(organisation);
    expect(await providers.findByOwner('dorset', 'user-9')).toEqual(organisation);
    expect(await providers.findByOwner('bcp', 'user-9')).toBeUndefined();
    await expect(providers.add({ ...organisation, id: 'org-10' })).rejects.toBeInstanceOf(
      ProviderAlreadyExistsError,
    );
    expect(await providers.get('dorset', 'org-10')).toBeUndefined();
  });
});

describe('application repository (DynamoDB Local)', () => {
  it('stores a new application with its first audit entry', async () => {
    const change = start('app-a');
    await applications.create(change);
    expect(await applications.get('dorset', 'app-a')).toEqual(change.application);
    expect(await applications.auditTrail('dorset', 'app-a')).toEqual([change.audit]);
    expect(await applications.get('bcp', 'app-a')).toBeUndefined();
  });

  it('lets one of two concurrent changes win and refuses the other, writing nothing for it', async () => {
    const created = start('app-b');
    await applications.create(created);
    const first = saveSection(created.application, 'lots', { lotIds: ['hub'] }, true, provider, now);
    const second = saveSection(created.application, 'lots', { lotIds: ['spokes'] }, true, provider, now);
    const results = await Promise.allSettled([applications.save(first), applications.save(second)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected && (rejected as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    const stored = await applications.get('dorset', 'app-b');
    expect(stored?.version).toBe(2);
    expect(await applications.auditTrail('dorset', 'app-b')).toHaveLength(2);
  });

  it('keeps the whole history in order and moves the application between status queues', async () => {
    let change = start('app-c');
    await applications.create(change);
    const answers = completeAnswers();
    for (const section of sectionIds) {
      change = saveSection(change.application, section, answers[section], true, provider, now);
      await applications.save(change);
    }
    change = submitApplication(change.application, provider, new Date('2026-11-24T11:00:00Z'));
    await applications.save(change);
    expect((await applications.listByStatus('dorset', 'submitted')).map((a) => a.id)).toContain('app-c');
    expect((await applications.listByStatus('dorset', 'draft')).map((a) => a.id)).not.toContain('app-c');

    change = requestClarification(
      change.application,
      { question: 'Which hub?', sections: ['lots'] },
      commissioner,
      new Date('2026-11-24T12:00:00Z'),
    );
    await applications.save(change);
    const trail = await applications.auditTrail('dorset', 'app-c');
    expect(trail.map((entry) => entry.action)).toEqual([
      'started',
      ...sectionIds.map(() => 'section-saved'),
      'submitted',
      'clarification-requested',
    ]);
    expect(trail.at(-1)).toMatchObject({
      actor: commissioner,
      fromStatus: 'submitted',
      toStatus: 'clarification-requested',
    });
    expect((await applications.listByStatus('dorset', 'clarification-requested')).map((a) => a.id)).toEqual([
      'app-c',
    ]);
  });

  it("lists a provider's applications, newest first, and no one else's", async () => {
    await applications.create(start('app-d', 'org-2'));
    await applications.create(
      startApplication({
        id: 'app-e',
        framework: { ...framework, id: 'another-framework' },
        provider: { id: 'org-2', details },
        actor: provider,
        now: new Date('2026-11-25T10:00:00Z'),
      }),
    );
    expect((await applications.listForProvider('dorset', 'org-2')).map((a) => a.id)).toEqual([
      'app-e',
      'app-d',
    ]);
  });

  it('holds one claim per provider and framework, released only with a rejection', async () => {
    await applications.create(start('app-f', 'org-3'));
    await expect(applications.create(start('app-g', 'org-3'))).rejects.toMatchObject({ kind: 'duplicate' });
    expect(await applications.get('dorset', 'app-g')).toBeUndefined();

    let change = start('app-f', 'org-3');
    const answers = completeAnswers();
    for (const section of sectionIds) {
      change = saveSection(change.application, section, answers[section], true, provider, now);
      await applications.save(change);
    }
    change = submitApplication(change.application, provider, now);
    await applications.save(change);
    change = rejectApplication(change.application, 'No safeguarding lead', commissioner, now);
    await applications.save(change, [applications.releaseClaimWrite(change.application)]);
    await applications.create(start('app-g', 'org-3'));
    expect((await applications.get('dorset', 'app-g'))?.status).toBe('draft');
  });
});
