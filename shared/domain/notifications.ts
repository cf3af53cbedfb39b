/**
 * A message to a person, written to the outbox in the same transaction as the change that causes
 * it, so nothing is announced that did not happen and nothing that happened goes unannounced.
 * In AWS a function fed by the table's stream sends each one by email (SES); locally /dev/outbox
 * shows them.
 */
export interface Notification {
  id: string;
  councilId: string;
  to: { name: string; email: string };
  subject: string;
  /** Plain text. */
  body: string;
  /** What it is about, for the reader's links and for audit. */
  related: { kind: 'application' | 'membership' | 'booking'; id: string };
  createdAt: string;
}
