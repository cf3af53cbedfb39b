import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBookingRepository } from '../../../functions/checkout/repositories/bookings';
import { createBudgetRepository } from '../../../functions/checkout/repositories/budgets';
import type { PaymentGateway } from '../../../functions/checkout/services/payment-gateway';
import { demoPeople } from '../../../scripts/local/demo-checkout';
import { demoUsers } from '../../../scripts/local/demo-data';
import { type LocalStack, startLocalStack } from '../../../scripts/local/local-stack';
import { type JobSchedule, startScheduledJobs } from '../../../scripts/local/scheduled-jobs';
import { createLogger } from '../../../shared/log/logger';
import { connectTable, type Table } from '../../../shared/table/client';

/**
 * `npm start` runs the scheduled jobs itself, as EventBridge does in AWS: here the checkout sweep
 * every quarter of a second, so the test need not wait a minute.
 */
let stack: LocalStack;
let table: Table;
const tableName = `local-jobs-${randomUUID()}`;
const staticDir = mkdtempSync(join(tmpdir(), 'marketplace-static-'));

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName,
    staticDir,
    s3Dir: `${staticDir}-s3`,
    logLevel: 'silent',
    jobs: { checkoutEveryMs: 250, dailyEveryMs: 24 * 60 * 60_000 },
  });
  table = connectTable({ name: tableName, endpoint: inject('dynamodbEndpoint') });
}, 120_000);

afterAll(async () => {
  table?.client.destroy();
  await stack?.stop();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(`${staticDir}-s3`, { recursive: true, force: true });
});

async function call(userId: string, method: string, path: string, body?: unknown) {
  const user = demoUsers.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  const token = await stack.issuer.issueToken(user);
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON came back
  return { status: response.status, body: (await response.json()) as any };
}

describe('the local stack’s scheduled jobs', () => {
  it('ran the daily jobs at start-up', async () => {
    const first = await stack.jobs?.firstRun;
    expect(first).toMatchObject({
      task: 'daily',
      ok: true,
      result: {
        jobs: ['compliance-sweep', 'catalogue-refresh', 'checkout-sweep'],
        compliance: { memberships: expect.any(Number) },
        catalogue: { failed: 0 },
        checkout: { refundsFailed: 0 },
      },
    });
    expect((first?.result?.catalogue as { providers?: number } | undefined)?.providers).toBeGreaterThan(0);
  });

  it('refunds the bookings on a session the provider cancels, with no request asking it to', {
    timeout: 60_000,
  }, async () => {
    const hub = 'dorset-provider-hub';
    const grace = demoPeople[1] as (typeof demoPeople)[number];
    const listed = await call(hub, 'GET', '/api/catalogue/provider/activities');
    expect(listed.status).toBe(200);
    const activity = (
      listed.body.activities as {
        id: string;
        status: string;
        funding: string[];
        price: { amountPence: number };
      }[]
    ).find(
      (candidate) =>
        candidate.status === 'published' &&
        candidate.funding.includes('individual-service-fund') &&
        candidate.price.amountPence > 0,
    );
    if (!activity) throw new Error('the hub has no published activity an ISF pays for');
    const sessions = await call(hub, 'GET', `/api/catalogue/provider/activities/${activity.id}/sessions`);
    const session = (sessions.body.sessions as { id: string; status: string; startsAt: string }[]).find(
      (candidate) =>
        candidate.status === 'scheduled' &&
        candidate.startsAt > new Date(Date.now() + 86_400_000).toISOString(),
    );
    if (!session) throw new Error('no session to book');

    const booked = await call('dorset-person-isf', 'POST', '/api/checkout/bookings', {
      personId: grace.id,
      sessionIds: [session.id],
      places: 1,
      route: 'individual-service-fund',
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.status).toBe('confirmed');

    const cancelled = await call(hub, 'POST', `/api/catalogue/provider/sessions/${session.id}/cancel`, {
      reason: 'The minibus has broken down',
    });
    expect(cancelled.status).toBe(200);

    // From here on, no request to the site: only the stack's own timer can refund the booking.
    const bookings = createBookingRepository(table);
    await expect
      .poll(async () => (await bookings.get(booked.body.id))?.status, { timeout: 20_000, interval: 200 })
      .toBe('cancelled');
    const refunded = await bookings.get(booked.body.id);
    expect(refunded?.refunds.map((refund) => refund.amountPence)).toEqual([booked.body.totalPence]);
    const ledger = await createBudgetRepository(table).ledgerOf('dorset', grace.id);
    expect(
      ledger
        .filter((entry) => entry.booking?.id === booked.body.id)
        .map((entry) => [entry.kind, entry.amountPence]),
    ).toEqual([
      ['spend', -booked.body.totalPence],
      ['refund', booked.body.totalPence],
    ]);
  });
});

describe('the timers', () => {
  /** Jobs over no councils: every run does nothing but say so, one line each. */
  const quietJobs = (lines: Record<string, unknown>[], schedule: JobSchedule) =>
    startScheduledJobs(
      {
        table: { name: 'none', client: {} } as Table,
        councils: { list: async () => [], get: async () => undefined },
        payments: {} as PaymentGateway,
        logger: createLogger('info', (line) => lines.push(JSON.parse(line))),
      },
      schedule,
    );
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('run the daily jobs once at start and the checkout sweep on its interval, one line a run, until stopped', async () => {
    const lines: Record<string, unknown>[] = [];
    const jobs = quietJobs(lines, { checkoutEveryMs: 20, dailyEveryMs: 60_000 });
    await jobs.firstRun;
    await pause(150);
    await jobs.stop();
    const tasks = lines.map((line) => line.task);
    expect(tasks[0]).toBe('daily');
    expect(tasks.filter((task) => task === 'daily')).toHaveLength(1);
    expect(tasks.filter((task) => task === 'checkout').length).toBeGreaterThanOrEqual(3);
    expect(lines.every((line) => line.message === 'scheduled run' && line.function === 'jobs')).toBe(true);
    expect(lines.find((line) => line.task === 'checkout')).toMatchObject({
      jobs: ['checkout-sweep'],
      checkout: { holdsExpired: 0, sessionsRefunded: 0 },
    });

    const after = lines.length;
    await pause(100);
    expect(lines).toHaveLength(after);
    expect(await jobs.run('checkout')).toBeUndefined();
  });
});
