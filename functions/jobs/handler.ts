import type { ScheduledEvent } from 'aws-lambda';
import { readStripeConfig } from '../../shared/config/runtime-config';
import { createLogger, type LogLevel, logLevels } from '../../shared/log/logger';
import { connectTable } from '../../shared/table/client';
import { createCouncilRepository } from '../../shared/table/councils';
import { createOutboxRepository } from '../../shared/table/outbox';
import { runComplianceSweep } from '../applications/jobs/compliance-sweep';
import { createMembershipRepository } from '../applications/repositories/memberships';
import { runCatalogueRefresh } from '../catalogue/jobs/catalogue-refresh';
import { createListingRepository } from '../catalogue/repositories/listings';
import { catalogueServiceOn } from '../catalogue/services/catalogue-on-table';
import { runCheckoutSweep } from '../checkout/jobs/checkout-sweep';
import { checkoutOn } from '../checkout/services/checkout-on-table';
import { paymentGatewayFor } from '../checkout/services/payments-from-config';

// Read once at cold start. Not through the shared zod config: the jobs need no sign-in settings.
const level =
  logLevels.find((candidate): candidate is LogLevel => candidate === process.env.LOG_LEVEL) ?? 'info';
const logger = createLogger(level).child({ function: 'jobs' });
const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error('Invalid configuration: TABLE_NAME must name the DynamoDB table');
const table = connectTable({
  name: tableName,
  ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}),
});
const councils = createCouncilRepository(table);
const memberships = createMembershipRepository(table, createOutboxRepository(table));

const catalogueAt = (now: Date) => catalogueServiceOn(table, { now: () => now });
const stripe = readStripeConfig();
const payments = stripe ? paymentGatewayFor(stripe) : undefined;
const checkoutAt = (now: Date) =>
  payments ? checkoutOn({ table, councils, payments, logger, now: () => now }) : undefined;

/** The checkout's sweep, where Stripe is configured (always in AWS); said loudly where it is not. */
async function checkoutSweep(now: Date) {
  const checkout = checkoutAt(now);
  if (!checkout) {
    logger.error('checkout sweep skipped: Stripe is not configured (STRIPE_SECRET_ARN)');
    return undefined;
  }
  return runCheckoutSweep({ councils, checkout, logger });
}

/**
 * Runs on two EventBridge schedules. Every few minutes (`task: 'checkout'`): holds that ran out
 * are let go and cancelled sessions refunded. Daily: the compliance check (reminders and
 * suspensions), the catalogue refresh (session windows moved on; suspended members hidden,
 * reinstated ones shown), then the checkout sweep too.
 */
export async function handler(
  event: Pick<ScheduledEvent, 'id' | 'time'> & { task?: 'checkout' | 'daily' },
  _context?: unknown,
  now = new Date(),
) {
  if (event.task === 'checkout') {
    const checkout = await checkoutSweep(now);
    const ran = checkout ? ['checkout-sweep'] : [];
    logger.info('scheduled run', { eventId: event.id, scheduledFor: event.time, jobs: ran, checkout });
    return { ran, checkout };
  }
  const compliance = await runComplianceSweep({ councils, memberships, logger }, now);
  const catalogue = await runCatalogueRefresh({
    councils,
    memberships,
    catalogue: catalogueAt(now),
    listings: createListingRepository(table),
    logger,
    now,
  });
  const checkout = await checkoutSweep(now);
  const ran = ['compliance-sweep', 'catalogue-refresh', ...(checkout ? ['checkout-sweep'] : [])];
  logger.info('scheduled run', {
    eventId: event.id,
    scheduledFor: event.time,
    jobs: ran,
    compliance,
    catalogue,
    checkout,
  });
  return { ran, compliance, catalogue, checkout };
}
