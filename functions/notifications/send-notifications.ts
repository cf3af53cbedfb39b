import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, type SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Notification } from '../../shared/domain/notifications';
import type { Logger } from '../../shared/log/logger';
import { formatMailbox, maskEmail, maskEmailsIn } from './mailbox';

/** `SESv2Client.send` narrowed to the one command this function sends, so tests can record it. */
export type SendEmail = (command: SendEmailCommand) => Promise<Pick<SendEmailCommandOutput, 'MessageId'>>;

export interface NotificationSenderDependencies {
  send: SendEmail;
  /** The SES-verified address every message comes from (`NOTIFICATIONS_FROM`). */
  from: string;
  logger: Logger;
}

const bareAddress = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** Reads `NOTIFICATIONS_FROM` at cold start, so a missing sender fails the deployment's first call loudly. */
export function requireFromAddress(value: string | undefined): string {
  if (!value) {
    throw new Error(
      'NOTIFICATIONS_FROM is not set: give the SES-verified address notifications are sent from, e.g. no-reply@example.gov.uk.',
    );
  }
  if (!bareAddress.test(value)) {
    throw new Error(
      `NOTIFICATIONS_FROM must be a bare email address such as no-reply@example.gov.uk, without a display name; got "${value}".`,
    );
  }
  return value;
}

/**
 * Sends one email per Notification written to the outbox, from the table's stream.
 *
 * Records go in stream order and the first failed send stops the batch: Lambda restarts a stream batch
 * at the lowest reported sequence number, so sending the records after a failure now would send them
 * twice once it retries. That failure and everything after it are reported as not processed.
 */
export function createNotificationSender({ send, from, logger }: NotificationSenderDependencies) {
  return async function sendNotifications(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    for (const [index, record] of event.Records.entries()) {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      let notification: Notification | undefined;
      try {
        notification = readInsertedNotification(record);
        if (!notification) continue;
        const { MessageId } = await send(emailFor(notification, from));
        logger.info('notification sent', {
          ...logFields(notification),
          sequenceNumber,
          messageId: MessageId,
        });
      } catch (error) {
        logger.error('notification not sent', {
          keys: keysOf(record),
          ...(notification && logFields(notification)),
          sequenceNumber,
          ...describeError(error),
        });
        return {
          // An empty identifier makes Lambda retry the whole batch: better than dropping a message.
          batchItemFailures: event.Records.slice(index).map((unsent) => ({
            itemIdentifier: unsent.dynamodb?.SequenceNumber ?? '',
          })),
        };
      }
    }
    return { batchItemFailures: [] };
  };
}

function emailFor(notification: Notification, from: string): SendEmailCommand {
  return new SendEmailCommand({
    FromEmailAddress: from,
    Destination: { ToAddresses: [formatMailbox(notification.to.name, notification.to.email)] },
    Content: {
      Simple: {
        Subject: { Data: notification.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: notification.body, Charset: 'UTF-8' } },
      },
    },
  });
}

/** The Notification a record inserts, or undefined for every other change to the table. */
function readInsertedNotification(record: DynamoDBRecord): Notification | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image?.entity?.S !== 'Notification') return undefined;
  // Stream images are DynamoDB JSON like the SDK's, except that binary comes base64-encoded as a
  // string; outbox items hold no binary attributes.
  const item = unmarshall(image as Record<string, AttributeValue>);
  const to = mapField(item, 'to');
  const related = mapField(item, 'related');
  return {
    id: textField(item, 'id'),
    councilId: textField(item, 'councilId'),
    to: { name: textField(to, 'name', 'to.name'), email: textField(to, 'email', 'to.email') },
    subject: textField(item, 'subject'),
    body: textField(item, 'body'),
    // Sending does not depend on the kind: a kind added to the domain later must not stop its emails.
    related: {
      kind: textField(related, 'kind', 'related.kind') as Notification['related']['kind'],
      id: textField(related, 'id', 'related.id'),
    },
    createdAt: textField(item, 'createdAt'),
  };
}

function textField(item: Record<string, unknown>, name: string, path = name): string {
  const value = item[name];
  if (typeof value !== 'string') throw new Error(`Outbox item has no text "${path}".`);
  return value;
}

function mapField(item: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = item[name];
  if (typeof value !== 'object' || value === null) throw new Error(`Outbox item has no map "${name}".`);
  return value as Record<string, unknown>;
}

/** Who and what, without the message or the full address. */
function logFields(notification: Notification) {
  return {
    notificationId: notification.id,
    councilId: notification.councilId,
    related: notification.related,
    to: maskEmail(notification.to.email),
  };
}

/** Outbox keys name the council, time and notification id only, so they can go to the log. */
function keysOf(record: DynamoDBRecord): Record<string, string | undefined> {
  const keys = record.dynamodb?.Keys ?? {};
  return Object.fromEntries(Object.entries(keys).map(([name, value]) => [name, value.S]));
}

/** SES errors quote addresses ("identities failed the check: j.smith@..."), so they are masked too. */
function describeError(error: unknown) {
  if (error instanceof Error) {
    return {
      error: {
        name: error.name,
        message: maskEmailsIn(error.message),
        stack: error.stack === undefined ? undefined : maskEmailsIn(error.stack),
      },
    };
  }
  return { error: { message: maskEmailsIn(String(error)) } };
}
