import { defaultBookingRules } from '../../../shared/domain/councils';
import type { Logger } from '../../../shared/log/logger';
import type { Table } from '../../../shared/table/client';
import type { CouncilRepository } from '../../../shared/table/councils';
import { createOutboxRepository } from '../../../shared/table/outbox';
import { createUserRepository } from '../../../shared/table/users';
import { createProviderRepository } from '../../applications/repositories/providers';
import { catalogueStores } from '../../catalogue/services/catalogue-on-table';
import { createBookingRepository } from '../repositories/bookings';
import { createBudgetRepository } from '../repositories/budgets';
import { createPersonRepository } from '../repositories/people';
import { createStripeRecords } from '../repositories/stripe-records';
import { createBookingService } from './booking-service';
import type { PaymentGateway } from './payment-gateway';
import { createPayoutsService } from './payouts-service';
import { createPeopleService } from './people-service';
import { createStripeWebhooks } from './stripe-webhooks';

export interface CheckoutRuntime {
  table: Table;
  councils: Pick<CouncilRepository, 'get'>;
  payments: PaymentGateway;
  logger: Logger;
  now?: () => Date;
}

/** The checkout's stores and services, built once on one table (composition root for the app and the jobs). */
export function checkoutOn(runtime: CheckoutRuntime) {
  const { table, payments, logger } = runtime;
  const now = runtime.now ?? (() => new Date());
  const catalogue = catalogueStores(table);
  const stores = {
    people: createPersonRepository(table),
    budgets: createBudgetRepository(table),
    bookings: createBookingRepository(table),
    stripeRecords: createStripeRecords(table),
    providers: createProviderRepository(table),
    users: createUserRepository(table),
    activities: catalogue.activities,
    sessions: catalogue.sessions,
    listings: catalogue.listings,
  };
  const bookingDeps = {
    ...stores,
    table,
    payments,
    now,
    logger,
    outbox: createOutboxRepository(table),
    commissionersOf: async (councilId: string) => {
      const council = await runtime.councils.get(councilId);
      return council?.commissionersEmail
        ? { name: `${council.name} commissioning team`, email: council.commissionersEmail }
        : undefined;
    },
    settingsFor: async (councilId: string) =>
      (await runtime.councils.get(councilId))?.bookingRules ?? defaultBookingRules,
  };
  const bookings = createBookingService(bookingDeps);
  return {
    table,
    stores,
    now,
    bookings,
    webhooks: createStripeWebhooks(bookingDeps, bookings),
    people: createPeopleService({
      people: stores.people,
      providers: stores.providers,
      users: stores.users,
      now,
    }),
    payouts: createPayoutsService({
      providers: stores.providers,
      stripeRecords: stores.stripeRecords,
      payments,
      now,
    }),
  };
}

export type Checkout = ReturnType<typeof checkoutOn>;
