import type { ScheduledEvent } from 'aws-lambda';
import { createLogger, type LogLevel, logLevels } from '../../shared/log/logger';

// Read once at cold start. Not through the shared zod config: the jobs need no sign-in settings,
// and zod would add hundreds of KiB to a bundle that is otherwise a few KiB.
const level =
  logLevels.find((candidate): candidate is LogLevel => candidate === process.env.LOG_LEVEL) ?? 'info';
const logger = createLogger(level).child({ function: 'jobs' });

/**
 * Runs on an EventBridge schedule. Later issues give it work (compliance sweep, hold expiry,
 * extending session windows); for now it records that it ran.
 */
export async function handler(event: Pick<ScheduledEvent, 'id' | 'time'>): Promise<{ ran: string[] }> {
  logger.info('scheduled run', { eventId: event.id, scheduledFor: event.time, jobs: [] });
  return { ran: [] };
}
