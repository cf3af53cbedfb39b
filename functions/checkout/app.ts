import { createFunctionApp, type FunctionAppDependencies } from '../../shared/http/create-function-app';

/** Booking and paying: holds, Stripe Checkout, direct payment and ISF budgets, refunds. */
export function createApp(deps: FunctionAppDependencies) {
  return createFunctionApp('checkout', deps);
}
