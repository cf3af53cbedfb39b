import { runComplianceSweep } from '../../functions/applications/jobs/compliance-sweep';
import { createMembershipRepository } from '../../functions/applications/repositories/memberships';
import { runCatalogueRefresh } from '../../functions/catalogue/jobs/catalogue-refresh';
import { createListingRepository } from '../../functions/catalogue/repositories/listings';
import { catalogueServiceOn } from '../../functions/catalogue/services/catalogue-on-table';
import { runCheckoutSweep } from '../../functions/checkout/jobs/checkout-sweep';
import { checkoutOn } from '../../functions/checkout/services/checkout-on-table';
import type { PaymentGateway } from '../../functions/checkout/services/payment-gateway';
import { errorFields, type Logger } from '../../shared/log/logger';
import type { Table } from '../../shared/table/client';
import type { CouncilRepository } from '../../shared/table/councils';
import { createOutboxRepository } from '../../shared/table/outbox';

/**
 * The scheduled jobs on this machine: what EventBridge starts in AWS (functions/jobs/handler.ts),
 * on timers. The checkout sweep runs more often here than AWS's every 5 minutes, so a hold that
 * ran out or a session a provider cancelled is dealt with while someone tries the demo.
 */
export interface JobSchedule {
  /** Holds that ran out let go, cancelled sessions refunded. */
  checkoutEveryMs: number;
  /** The compliance check, the catalogue refresh, then the checkout sweep: at start-up, then this often. */
  dailyEveryMs: number;
}

export const localSchedule: JobSchedule = { checkoutEveryMs: 60_000, dailyEveryMs: 24 * 60 * 60_000 };

export type JobTask = 'checkout' | 'daily';

/** One run as it was logged: what ran, and its counts, or that it failed. */
export interface JobRun {
  task: JobTask;
  ok: boolean;
  result?: Record<string, unknown>;
  ms: number;
}

export interface ScheduledJobs {
  /** The daily run made at start-up, once it has finished (a failure is logged, not thrown). */
  firstRun: Promise<JobRun | undefined>;
  /**
   * Runs a task after whatever is running; resolves once it has run, or undefined when the same
   * task was already waiting (that run does it) or the jobs have stopped.
   */
  run(task: JobTask): Promise<JobRun | undefined>;
  /** Stops the timers and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

export function startScheduledJobs(
  deps: {
    table: Table;
    councils: Pick<CouncilRepository, 'get' | 'list'>;
    payments: PaymentGateway;
    logger: Logger;
    now?: () => Date;
  },
  schedule: JobSchedule = localSchedule,
): ScheduledJobs {
  const { table, councils, payments } = deps;
  const clock = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ function: 'jobs' });
  const memberships = createMembershipRepository(table, createOutboxRepository(table));

  // The same composition as the jobs handler: each run works with one moment, its `now`.
  const checkoutSweep = (now: Date) =>
    runCheckoutSweep({
      councils,
      checkout: checkoutOn({ table, councils, payments, logger, now: () => now }),
      logger,
    });
  const tasks: Record<JobTask, (now: Date) => Promise<Record<string, unknown>>> = {
    checkout: async (now) => ({ jobs: ['checkout-sweep'], checkout: await checkoutSweep(now) }),
    daily: async (now) => {
      const compliance = await runComplianceSweep({ councils, memberships, logger }, now);
      const catalogue = await runCatalogueRefresh({
        councils,
        memberships,
        catalogue: catalogueServiceOn(table, { now: () => now }),
        listings: createListingRepository(table),
        logger,
        now,
      });
      const checkout = await checkoutSweep(now);
      return {
        jobs: ['compliance-sweep', 'catalogue-refresh', 'checkout-sweep'],
        compliance,
        catalogue,
        checkout,
      };
    },
  };

  // One run at a time, as one Lambda at a time would; a tick that finds its task still waiting is dropped.
  let queue: Promise<unknown> = Promise.resolve();
  const waiting = new Set<JobTask>();
  let stopped = false;
  const run = async (task: JobTask): Promise<JobRun | undefined> => {
    if (waiting.has(task) || stopped) return undefined;
    waiting.add(task);
    const done = queue.then(async (): Promise<JobRun | undefined> => {
      waiting.delete(task);
      if (stopped) return undefined;
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      try {
        const result = await tasks[task](clock());
        logger.info('scheduled run', { task, ...result, ms: ms() });
        return { task, ok: true, result, ms: ms() };
      } catch (error) {
        logger.error('scheduled run failed', { task, ...errorFields(error), ms: ms() });
        return { task, ok: false, ms: ms() };
      }
    });
    queue = done;
    return done;
  };

  const timers = [
    setInterval(() => void run('checkout'), schedule.checkoutEveryMs),
    setInterval(() => void run('daily'), schedule.dailyEveryMs),
  ];
  for (const timer of timers) timer.unref();
  const firstRun = run('daily');

  return {
    firstRun,
    run,
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await queue;
    },
  };
}
