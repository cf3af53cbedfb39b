import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createLogger, type LogLevel, logLevels } from '../../shared/log/logger';
import { createNotificationSender, requireFromAddress } from './send-notifications';

// Read once at cold start, without the shared zod config for the same reason as the jobs function:
// this function needs two variables, and zod would be most of its bundle.
const level =
  logLevels.find((candidate): candidate is LogLevel => candidate === process.env.LOG_LEVEL) ?? 'info';
const from = requireFromAddress(process.env.NOTIFICATIONS_FROM);
const ses = new SESv2Client({});

/** Fed by the table's stream, filtered to inserted Notification items (see the stack). */
export const handler = createNotificationSender({
  send: (command) => ses.send(command),
  from,
  logger: createLogger(level).child({ function: 'notifications' }),
});
