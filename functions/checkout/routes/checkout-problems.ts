import { problems } from '../../../shared/http/problem';
import { SessionRuleError } from '../../catalogue/domain/sessions';
import { BookingRuleError } from '../domain/bookings';
import {
  PersonChangedError,
  PersonReferenceTakenError,
  PersonSignInTakenError,
} from '../repositories/people';
import { BookingNotFoundError, PersonNotFoundError } from '../services/booking-service';
import { PaymentUnavailableError } from '../services/payment-gateway';
import { NoProviderError } from '../services/payouts-service';
import { PersonRuleError, RepresentativeNotFoundError } from '../services/people-service';
import { TransactionConflictError } from '../services/transactions';

/** Checkout refusals as HTTP problems, in one place for the API and the pages; anything else is a 500. */
export async function asCheckoutProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BookingRuleError) {
      const errors = error.field ? [{ field: error.field, message: error.message }] : undefined;
      if (error.kind === 'full' || error.kind === 'illegal-transition' || error.kind === 'too-late')
        throw problems.conflict(error.message, errors);
      throw problems.ruleBroken(error.message, errors);
    }
    if (error instanceof PersonNotFoundError)
      throw problems.notFound('There is nobody you can act for with this id.');
    if (error instanceof BookingNotFoundError)
      throw problems.notFound('There is no booking of yours with this id.');
    if (error instanceof PersonRuleError)
      throw problems.ruleBroken(error.message, [{ field: error.field, message: error.message }]);
    if (error instanceof PersonReferenceTakenError)
      throw problems.conflict('Another person already has this council reference.', [
        { field: 'reference', message: 'Another person already has this council reference' },
      ]);
    if (error instanceof PersonSignInTakenError)
      throw problems.conflict('Another person already has this sign-in.', [
        { field: 'userId', message: 'Another person already has this sign-in' },
      ]);
    if (error instanceof RepresentativeNotFoundError) throw problems.notFound(`${error.message}.`);
    if (error instanceof PersonChangedError || error instanceof TransactionConflictError)
      throw problems.conflict('Someone else changed this at the same time. Reload it and try again.');
    if (error instanceof NoProviderError) throw problems.forbidden(error.message);
    if (error instanceof SessionRuleError) throw problems.conflict(error.message);
    if (error instanceof PaymentUnavailableError)
      throw problems.unavailable(
        'Card payments are not available right now. Nothing was paid. Try again in a few minutes.',
      );
    throw error;
  }
}
