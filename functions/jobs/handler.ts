import type { ScheduledEvent } from 'aws-lambda';
import { createLogger, type LogLevel, logLevels } from '../../shared/log/logger';
import { connectTable } from '../../shared/table/client';
import { createCouncilRepository } from '../../shared/table/councils';
import { createOutboxRepository } from '../../shared/table/outbox';
import { runComplianceSweep } from '../applications/jobs/compliance-sweep';
import { createMembershipRepository } from '../applications/repositories/memberships';

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

/**
 * Runs daily on an EventBridge schedule. Jobs so far: the compliance check (reminders and
 * suspensions). Later issues add hold expiry and extending session windows.
 */
export async function handler(
  event: Pick<ScheduledEvent, 'id' | 'time'>,
  _context?: unknown,
  now = new Date(),
) {
  const compliance = await runComplianceSweep({ councils, memberships, logger }, now);
  logger.info('scheduled run', {
    eventId: event.id,
    scheduledFor: event.time,
    jobs: ['compliance-sweep'],
    compliance,
  });
  return { ran: ['compliance-sweep'], compliance };
}
