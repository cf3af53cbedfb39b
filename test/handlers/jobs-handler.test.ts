import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMembershipRepository } from '../../functions/applications/repositories/memberships';
import { seedDemoData } from '../../scripts/local/seed';
import type { Table } from '../../shared/table/client';
import { createOutboxRepository } from '../../shared/table/outbox';
import { createTestTable } from '../support/test-table';

/**
 * The real jobs handler on a seeded table. The demo farm's insurance renews 75 days after
 * seeding; the clock is moved (Date only) to 50 and then 80 days on.
 */
let table: Table;
let handler: typeof import('../../functions/jobs/handler').handler;
const seededAt = new Date();
const daysOn = (days: number) => new Date(seededAt.getTime() + days * 86_400_000);
const lines: string[] = [];

beforeAll(async () => {
  table = await createTestTable();
  await seedDemoData(table, { catalogue: false });
  vi.stubEnv('TABLE_NAME', table.name);
  vi.stubEnv('DYNAMODB_ENDPOINT', (table as Table & { endpoint: string }).endpoint);
  vi.stubEnv('LOG_LEVEL', 'info');
  // The checkout sweep finds no holds or cancellations here, so it never calls Stripe.
  vi.stubEnv('STRIPE_SECRET_KEY', 'sk_test_jobs');
  vi.stubEnv('STRIPE_WEBHOOK_SECRET', 'whsec_jobs');
  vi.stubEnv('STRIPE_API_URL', 'http://127.0.0.1:9');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  ({ handler } = await import('../../functions/jobs/handler'));
  vi.useFakeTimers({ toFake: ['Date'] });
});

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const farmMembership = async () =>
  (await createMembershipRepository(table, createOutboxRepository(table)).listByCouncil('dorset'))[0];

describe('jobs Lambda handler: the daily compliance check', () => {
  it('reminds the provider of insurance expiring within 30 days, once however often it runs', async () => {
    vi.setSystemTime(daysOn(50));
    const first = await handler({ id: 'event-1', time: daysOn(50).toISOString() });
    expect(first).toMatchObject({
      ran: ['compliance-sweep', 'catalogue-refresh', 'checkout-sweep'],
      compliance: { memberships: 1, reminded: 2, suspended: 0 },
      catalogue: { failed: 0 },
    });
    const again = await handler({ id: 'event-2', time: daysOn(50).toISOString() });
    expect(again.compliance).toEqual({ memberships: 1, reminded: 0, suspended: 0 });

    const messages = await createOutboxRepository(table).listByCouncil('dorset');
    expect(messages.map((message) => message.subject).sort()).toEqual([
      expect.stringMatching(/^Employer's liability insurance expires on /),
      expect.stringMatching(/^Public liability insurance expires on /),
    ]);
    expect(messages[0]?.to.email).toBe('jess@purbeckfarm.example');
    expect((await farmMembership())?.status).toBe('active');
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.eventId === 'event-1');
    expect(logged).toMatchObject({
      level: 'info',
      message: 'scheduled run',
      function: 'jobs',
      compliance: { reminded: 2 },
    });
  });

  it('suspends a membership once a mandatory item has expired, with an audit entry and a message', async () => {
    vi.setSystemTime(daysOn(80));
    const result = await handler({ id: 'event-3', time: daysOn(80).toISOString() });
    expect(result.compliance).toEqual({ memberships: 1, reminded: 0, suspended: 1 });
    const membership = await farmMembership();
    expect(membership).toMatchObject({ status: 'suspended', version: 2 });

    const memberships = createMembershipRepository(table, createOutboxRepository(table));
    const trail = await memberships.auditTrail('dorset', membership?.id ?? '');
    expect(trail).toEqual([
      expect.objectContaining({
        action: 'suspended',
        actor: expect.objectContaining({ name: 'Daily compliance check' }),
      }),
    ]);
    expect(trail[0]?.detail).toMatch(/Public liability insurance expired/);
    const [latest] = await createOutboxRepository(table).listByCouncil('dorset');
    expect(latest?.subject).toBe(
      'Your membership of Dorset Council day opportunities open framework is suspended',
    );

    const again = await handler({ id: 'event-4', time: daysOn(80).toISOString() });
    expect(again.compliance?.suspended).toBe(0);
  });
});

describe('jobs Lambda handler: the checkout run every few minutes', () => {
  it('runs only the checkout sweep when the schedule says so', async () => {
    const result = await handler({ id: 'event-5', time: new Date().toISOString(), task: 'checkout' });
    expect(result).toEqual({
      ran: ['checkout-sweep'],
      checkout: {
        holdsExpired: 0,
        holdsFailed: 0,
        sessionsRefunded: 0,
        bookingsRefunded: 0,
        refundsFailed: 0,
        refundsFinished: 0,
        refundsStillDue: 0,
        workFailed: 0,
      },
    });
  });
});
