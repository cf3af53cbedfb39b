import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../shared/table/client';

export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A transaction that did not happen because a condition failed: `failed` holds the indexes of the
 * writes whose conditions did not hold. Nothing of it was written.
 */
export class TransactionConflictError extends Error {
  override name = 'TransactionConflictError';
  constructor(readonly failed: number[]) {
    super(`Conditions failed at ${failed.join(', ')}`);
  }
}

/** Writes all or nothing; a failed condition becomes a `TransactionConflictError` naming which. */
export async function writeTogether(table: Table, items: TransactWriteItem[]): Promise<void> {
  try {
    await table.client.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if (error instanceof Error && error.name === 'TransactionCanceledException' && reasons) {
      const failed = reasons.flatMap((reason, index) =>
        reason.Code === 'ConditionalCheckFailed' ? [index] : [],
      );
      // A transaction conflict (another transaction on the same items) is a race too: try again.
      if (failed.length || reasons.some((reason) => reason.Code === 'TransactionConflict'))
        throw new TransactionConflictError(failed);
    }
    throw error;
  }
}
