import type { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskEmail } from '../../functions/notifications/mailbox';
import { createNotificationSender, type SendEmail } from '../../functions/notifications/send-notifications';
import type { Notification } from '../../shared/domain/notifications';
import { createLogger } from '../../shared/log/logger';
import { connectTable } from '../../shared/table/client';
import { createOutboxRepository } from '../../shared/table/outbox';

const from = 'no-reply@notify.example.gov.uk';
type StreamImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
type Item = Record<string, unknown>;

// Builds outbox items with the real repository; nothing here calls the table.
const outbox = createOutboxRepository(connectTable({ name: 'open-framework-marketplace' }));

function aNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: '01JD3V8Q7Z9XKQH2M4N6P8R0ST',
    councilId: 'dorset',
    to: { name: 'Jo Smith', email: 'jo.smith@example.org' },
    subject: 'Your application to join the Dorset day opportunities framework',
    body: 'Dear Jo Smith,\n\nYour application has been approved.\n\nDorset Council',
    related: { kind: 'application', id: '01JD3V5A0000000000000000AP' },
    createdAt: '2026-11-24T10:15:00.000Z',
    ...overrides,
  };
}

/** The item the outbox writes in the same transaction as the change it announces. */
function outboxItem(notification: Notification): Item {
  const item = outbox.insertWrite(notification).Put?.Item;
  if (!item) throw new Error('The outbox write has no Put item.');
  return item;
}

// Stream images are DynamoDB JSON; the aws-lambda type differs from the SDK's only in how binary
// values are typed, and these items hold none.
const streamImage = (item: Item) => marshall(item) as unknown as StreamImage;

/** A record as a NEW_IMAGE stream delivers it: REMOVE has keys but no new image. */
function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Item,
  sequenceNumber: string,
): DynamoDBRecord {
  return {
    eventID: `c81e728d9d4c2f636f067f89cc14862c-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-2',
    dynamodb: {
      ApproximateCreationDateTime: 1_795_515_300,
      Keys: streamImage({ PK: item.PK, SK: item.SK }),
      ...(eventName !== 'REMOVE' && { NewImage: streamImage(item) }),
      SequenceNumber: sequenceNumber,
      SizeBytes: 420,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN:
      'arn:aws:dynamodb:eu-west-2:123456789012:table/OpenFrameworkMarketplace-Table/stream/2026-11-24T09:00:00.000',
  };
}

const sequence = (n: number) => `44215845000000000174504${String(n).padStart(5, '0')}`;

/** A stand-in for SES: records each command and fails the ones `fail` picks. */
function fakeSes(fail: (command: SendEmailCommand) => Error | undefined = () => undefined) {
  const sent: SendEmailCommand['input'][] = [];
  const send: SendEmail = async (command) => {
    sent.push(command.input);
    const error = fail(command);
    if (error) throw error;
    return { MessageId: `0102019a-message-${sent.length}` };
  };
  return { sent, send };
}

function createSender(send: SendEmail) {
  const lines: string[] = [];
  const logger = createLogger('debug', (line) => lines.push(line));
  const sendNotifications = createNotificationSender({ send, from, logger });
  return { sendNotifications, logs: () => lines.map((line) => JSON.parse(line) as Item), lines };
}

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe('the notifications sender', () => {
  it('sends one plain-text email per inserted Notification, from the configured address to the named person', async () => {
    const ses = fakeSes();
    const { sendNotifications } = createSender(ses.send);
    const first = aNotification();
    const second = aNotification({
      id: '01JD3V8Q7Z9XKQH2M4N6P8R0SU',
      councilId: 'bcp',
      to: { name: 'Amir Khan', email: 'amir@provider.example.org' },
      subject: 'Please clarify your answer on safeguarding',
      body: 'Dear Amir Khan,\n\nThe council has a question about your application.',
      related: { kind: 'membership', id: '01JD3V5A0000000000000000MB' },
    });

    const result = await sendNotifications(
      batch(
        streamRecord('INSERT', outboxItem(first), sequence(1)),
        streamRecord('INSERT', outboxItem(second), sequence(2)),
      ),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ses.sent).toEqual([
      {
        FromEmailAddress: from,
        Destination: { ToAddresses: ['"Jo Smith" <jo.smith@example.org>'] },
        Content: {
          Simple: {
            Subject: { Data: first.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: first.body, Charset: 'UTF-8' } },
          },
        },
      },
      {
        FromEmailAddress: from,
        Destination: { ToAddresses: ['"Amir Khan" <amir@provider.example.org>'] },
        Content: {
          Simple: {
            Subject: { Data: second.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: second.body, Charset: 'UTF-8' } },
          },
        },
      },
    ]);
  });

  it('ignores updates and deletions of notifications and inserts of other entities', async () => {
    const ses = fakeSes();
    const { sendNotifications } = createSender(ses.send);
    const notification = outboxItem(aNotification());
    const application = {
      PK: 'COUNCIL#dorset#APPLICATION#01JD3V5A0000000000000000AP',
      SK: 'APPLICATION',
      entity: 'Application',
      councilId: 'dorset',
      version: 1,
      status: 'submitted',
      createdAt: '2026-11-24T10:00:00.000Z',
      updatedAt: '2026-11-24T10:00:00.000Z',
    };

    const result = await sendNotifications(
      batch(
        streamRecord('MODIFY', { ...notification, version: 2 }, sequence(1)),
        streamRecord('REMOVE', notification, sequence(2)),
        streamRecord('INSERT', application, sequence(3)),
      ),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ses.sent).toEqual([]);
  });

  it('quotes names that hold quotes and encodes names outside ASCII, so SES takes every address', async () => {
    const ses = fakeSes();
    const { sendNotifications } = createSender(ses.send);
    const welsh = 'Siân Ŵyn ap Gruffydd-Llewelyn o Fachynlleth, Sir Drefaldwyn';
    const names = ['Mary "Molly" O\'Brien', welsh, ''];

    await sendNotifications(
      batch(
        ...names.map((name, index) =>
          streamRecord(
            'INSERT',
            outboxItem(
              aNotification({
                id: `01JD3V8Q7Z9XKQH2M4N6P8R0T${index}`,
                to: { name, email: 'p@example.org' },
              }),
            ),
            sequence(index),
          ),
        ),
      ),
    );

    const [quoted, encoded, bare] = ses.sent.map((input) => input.Destination?.ToAddresses?.[0] ?? '');
    expect(quoted).toBe('"Mary \\"Molly\\" O\'Brien" <p@example.org>');
    expect(bare).toBe('p@example.org');
    const words = encoded?.replace(/ <p@example\.org>$/, '').split(' ') ?? [];
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(word.length).toBeLessThanOrEqual(75);
    }
    const decoded = words.map((word) => Buffer.from(word.slice(10, -2), 'base64').toString('utf8')).join('');
    expect(decoded).toBe(welsh);
  });

  it('stops at a failed send and reports it and every record after it, so a retry sends nothing twice', async () => {
    const failing = aNotification({
      id: '01JD3V8Q7Z9XKQH2M4N6P8R0F1',
      to: { name: 'Sam', email: 'sam@example.org' },
    });
    const ses = fakeSes((command) =>
      command.input.Destination?.ToAddresses?.[0]?.includes('sam@example.org')
        ? Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' })
        : undefined,
    );
    const { sendNotifications } = createSender(ses.send);

    const result = await sendNotifications(
      batch(
        streamRecord('INSERT', outboxItem(aNotification({ id: '01JD3V8Q7Z9XKQH2M4N6P8R0A1' })), sequence(1)),
        streamRecord('INSERT', outboxItem(failing), sequence(2)),
        streamRecord('INSERT', outboxItem(aNotification({ id: '01JD3V8Q7Z9XKQH2M4N6P8R0A3' })), sequence(3)),
      ),
    );

    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: sequence(2) }, { itemIdentifier: sequence(3) }],
    });
    expect(ses.sent.map((input) => input.Destination?.ToAddresses)).toEqual([
      ['"Jo Smith" <jo.smith@example.org>'],
      ['"Sam" <sam@example.org>'],
    ]);
  });

  it('reports an outbox item it cannot read as failed rather than dropping it', async () => {
    const ses = fakeSes();
    const { sendNotifications, logs } = createSender(ses.send);
    const { to: _missing, ...withoutRecipient } = outboxItem(aNotification());

    const result = await sendNotifications(batch(streamRecord('INSERT', withoutRecipient, sequence(7))));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(7) }] });
    expect(ses.sent).toEqual([]);
    expect(logs()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'notification not sent',
        keys: { PK: 'COUNCIL#dorset#OUTBOX', SK: '2026-11-24T10:15:00.000Z#01JD3V8Q7Z9XKQH2M4N6P8R0ST' },
        error: expect.objectContaining({ message: 'Outbox item has no map "to".' }),
      }),
    );
  });

  it('logs each send with its id, council and subject matter, but never the body or a full address', async () => {
    const rejected = aNotification({
      id: '01JD3V8Q7Z9XKQH2M4N6P8R0R2',
      to: { name: 'Pat Jones', email: 'pat.jones@example.net' },
    });
    const ses = fakeSes((command) =>
      command.input.Destination?.ToAddresses?.[0]?.includes('pat.jones@example.net')
        ? Object.assign(
            new Error(
              'Email address is not verified. The following identities failed the check in region EU-WEST-2: pat.jones@example.net',
            ),
            { name: 'MessageRejected' },
          )
        : undefined,
    );
    const { sendNotifications, logs, lines } = createSender(ses.send);
    const sent = aNotification();

    await sendNotifications(
      batch(
        streamRecord('INSERT', outboxItem(sent), sequence(1)),
        streamRecord('INSERT', outboxItem(rejected), sequence(2)),
      ),
    );

    expect(logs()).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'notification sent',
        notificationId: sent.id,
        councilId: 'dorset',
        related: sent.related,
        to: 'j***@example.org',
        sequenceNumber: sequence(1),
        messageId: '0102019a-message-1',
      }),
      expect.objectContaining({
        level: 'error',
        message: 'notification not sent',
        notificationId: rejected.id,
        to: 'p***@example.net',
        sequenceNumber: sequence(2),
        error: expect.objectContaining({
          name: 'MessageRejected',
          message: expect.stringContaining('failed the check in region EU-WEST-2: p***@example.net'),
        }),
      }),
    ]);
    const written = lines.join('\n');
    for (const secret of [
      'jo.smith@example.org',
      'pat.jones@example.net',
      'Jo Smith',
      'Pat Jones',
      sent.body,
    ]) {
      expect(written).not.toContain(secret);
    }
    expect(written).not.toContain(JSON.stringify(sent.body).slice(1, -1));
  });

  it('masks the local part of an address but keeps its domain', () => {
    expect(maskEmail('jo.smith@example.org')).toBe('j***@example.org');
    expect(maskEmail('not-an-address')).toBe('***');
  });
});

describe('notifications Lambda handler', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('refuses to start without NOTIFICATIONS_FROM, saying what to set', async () => {
    vi.stubEnv('NOTIFICATIONS_FROM', '');
    await expect(import('../../functions/notifications/handler')).rejects.toThrow(
      /NOTIFICATIONS_FROM is not set: give the SES-verified address/,
    );
  });

  it('refuses a from-address with a display name, which the IAM policy would not match', async () => {
    vi.stubEnv('NOTIFICATIONS_FROM', `Dorset Council <${from}>`);
    await expect(import('../../functions/notifications/handler')).rejects.toThrow(
      /NOTIFICATIONS_FROM must be a bare email address/,
    );
  });

  it('starts with a from-address and passes over a batch with nothing to send without calling SES', async () => {
    vi.stubEnv('NOTIFICATIONS_FROM', from);
    vi.stubEnv('AWS_REGION', 'eu-west-2');
    vi.stubEnv('LOG_LEVEL', 'silent');
    const { handler } = await import('../../functions/notifications/handler');
    const result = await handler(batch(streamRecord('MODIFY', outboxItem(aNotification()), sequence(1))));
    expect(result).toEqual({ batchItemFailures: [] });
  });
});
