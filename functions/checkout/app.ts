import { createFunctionApp, type FunctionAppDependencies } from '../../shared/http/create-function-app';
import type { CouncilRepository } from '../../shared/table/councils';
import { addBookingApi } from './routes/booking-api';
import { addBookingPages } from './routes/booking-web';
import { addStaffPages } from './routes/staff-web';
import { addStripeWebhook } from './routes/stripe-webhook';
import { checkoutOn } from './services/checkout-on-table';
import type { PaymentGateway } from './services/payment-gateway';

export interface CheckoutDependencies extends FunctionAppDependencies {
  councils: Pick<CouncilRepository, 'get' | 'list'>;
  payments: PaymentGateway;
  /** Where our forms may send people on to: Stripe's checkout and onboarding pages (or the local emulator). */
  paymentOrigins: string[];
  now?: () => Date;
}

/** Booking and paying: holds, Stripe Checkout, direct payment and ISF budgets, refunds. */
export function createApp(deps: CheckoutDependencies) {
  const app = createFunctionApp('checkout', deps, { formActions: deps.paymentOrigins });
  const checkout = checkoutOn({
    table: deps.table,
    councils: deps.councils,
    payments: deps.payments,
    logger: deps.logger,
    ...(deps.now ? { now: deps.now } : {}),
  });
  addStripeWebhook(app, checkout, deps.payments);
  addBookingApi(app, checkout);
  addBookingPages(app, checkout);
  addStaffPages(app, checkout);
  return app;
}
