import type { ScheduledEvent } from 'aws-lambda';
import { logLevelSchema } from '../../shared/config/runtime-config';
import { createLogger } from '../../shared/log/logger';

const logger = createLogger(process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info').child({
  function: 'jobs',
});

/**
 * Runs on an EventBridge schedule. Later issues give it work (compliance sweep, hold expiry,
 * extending session windows); for now it records that it ran.
 */
export async function handler(event: Pick<ScheduledEvent, 'id' | 'time'>): Promise<{ ran: string[] }> {
  logger.info('scheduled run', { eventId: event.id, scheduledFor: event.time, jobs: [] });
  return { ran: [] };
}
