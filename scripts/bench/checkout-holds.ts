import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { activityInputSchema } from '../../functions/catalogue/domain/activity';
import { catalogueServiceOn, catalogueStores } from '../../functions/catalogue/services/catalogue-on-table';
import { createApp as createCheckoutApp } from '../../functions/checkout/app';
import type { BookingRequest } from '../../functions/checkout/domain/bookings';
import { asCheckoutProblem } from '../../functions/checkout/routes/checkout-problems';
import { checkoutOn } from '../../functions/checkout/services/checkout-on-table';
import { createStripeGateway } from '../../functions/checkout/services/stripe-gateway';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import type { SignedInUser } from '../../shared/domain/users';
import { ProblemError } from '../../shared/http/problem';
import { createLogger } from '../../shared/log/logger';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import type { Table } from '../../shared/table/client';
import { ukToday } from '../../shared/time/uk-dates';
import { createTableIfMissing } from '../local/create-table';
import { connectDemoPayouts, demoPeople, exampleWalkInput } from '../local/demo-checkout';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalTokenIssuer, localEnvironment } from '../local/local-auth';
import { seedDemoData } from '../local/seed';
import { startStripeEmulator } from '../local/stripe-emulator';

/**
 * Holds under contention, and what a whole card booking costs in DynamoDB. Every request the
 * checkout sends goes through a counter that asks DynamoDB for the capacity it consumed.
 */
export interface HoldBenchRow {
  scenario: string;
  attempts: number;
  succeeded: number;
  /** Refused with 409 (no places left); any other failure stops the bench. */
  refused: number;
  wallMs: number;
  p50: number;
  p95: number;
  requestsPerHold: number;
}

const secretKey = 'sk_test_bench';
const webhookSecret = 'whsec_bench';

/** Counts requests and consumed capacity, asking DynamoDB to report it on every call. */
function metered(table: Table) {
  const meter = { requests: 0, capacity: 0 };
  const client = new Proxy(table.client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { input: Record<string, unknown> }) => {
        meter.requests += 1;
        command.input.ReturnConsumedCapacity = 'TOTAL';
        const output =
          (await (target.send as (c: unknown) => Promise<Record<string, unknown>>)(command)) ?? {};
        const consumed = output.ConsumedCapacity;
        for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
          meter.capacity += Number((entry as { CapacityUnits?: number }).CapacityUnits ?? 0);
        return output;
      };
    },
  });
  return { table: { name: table.name, client } as Table, meter };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export async function benchCheckoutHolds(): Promise<{
  rows: HoldBenchRow[];
  perBooking: { requests: number; capacity: number; bookings: number };
}> {
  const dynamodb = await startDynamoDbLocal();
  const emulatorTarget: { app?: ReturnType<typeof createCheckoutApp> } = {};
  const emulator = await startStripeEmulator({
    webhookSecret,
    secretKeys: [secretKey],
    webhook: {
      fetch: async (request) =>
        emulatorTarget.app ? emulatorTarget.app.request(request) : new Response('', { status: 503 }),
    },
  });
  try {
    const issuer = await createLocalTokenIssuer();
    const deps = createCommonDependencies(
      readRuntimeConfig({
        ...localEnvironment('bench-checkout', dynamodb.endpoint, issuer),
        LOG_LEVEL: 'silent',
      }),
      createLogger('silent'),
    );
    await createTableIfMissing(deps.table.client, deps.table.name);
    await seedDemoData(deps.table, { catalogue: false });
    const payments = createStripeGateway({ secretKey, webhookSecret, apiUrl: emulator.url });
    await connectDemoPayouts(deps.table, payments, (id) => emulator.completeOnboarding(id));
    const { table, meter } = metered(deps.table);
    emulatorTarget.app = createCheckoutApp({ ...deps, table, payments, paymentOrigins: [emulator.url] });
    const checkout = checkoutOn({ table, councils: deps.councils, payments, logger: deps.logger });

    const provider: SignedInUser = {
      id: 'dorset-provider-member',
      name: 'Farm',
      role: 'provider',
      councilId: 'dorset',
    };
    const catalogue = catalogueServiceOn(deps.table, { now: () => new Date() });
    const publish = async (title: string) => {
      const input = activityInputSchema.parse(
        exampleWalkInput({
          title,
          description: 'A bench activity.',
          price: { amountPence: 500, per: 'session' },
          funding: ['direct-payment', 'self-funded'],
        }),
      );
      const activity = await catalogue.publish(await catalogue.create(provider, input));
      const sessions = await checkout.stores.sessions.listForActivity(activity.id, ukToday(new Date()));
      return sessions.filter((session) => session.startsAt > new Date().toISOString());
    };
    // The catalogue allows at most 500 places a session; the bench raises one session to 1,000 by hand.
    const withPlaces = async (sessionId: string, places: number) => {
      await deps.table.client.send(
        new UpdateCommand({
          TableName: deps.table.name,
          Key: { PK: `ACTIVITY#${sessionId.slice(0, 26)}`, SK: `SESSION#${sessionId.slice(27)}` },
          UpdateExpression: 'SET places = :places',
          ExpressionAttributeValues: { ':places': places },
        }),
      );
    };

    const derek: SignedInUser = {
      id: 'dorset-person-self',
      name: 'Derek Lowe',
      role: 'person',
      councilId: 'dorset',
    };
    const derekId = demoPeople[2]?.id as string;
    /** One hold as the API answers it: held, or refused with 409 because the places are gone. Anything else is a fault. */
    const hold = async (sessionId: string) => {
      const request: BookingRequest = {
        personId: derekId,
        sessionIds: [sessionId],
        places: 1,
        route: 'self-funded',
      };
      const started = performance.now();
      try {
        await asCheckoutProblem(() => checkout.bookings.hold(derek, request));
        return { ok: true, ms: performance.now() - started };
      } catch (error) {
        if (error instanceof ProblemError && error.status === 409)
          return { ok: false, ms: performance.now() - started };
        throw new Error(`a hold on ${sessionId} failed with something other than a 409`, { cause: error });
      }
    };

    // Watching reads the table directly, so its reads are not counted against the holds.
    const unmeteredSessions = catalogueStores(deps.table).sessions;
    /** Reads the session's places left over and over until stopped; fails if it is ever seen below zero. */
    const watchPlaces = (sessionId: string) => {
      let watching = true;
      let lowest = Number.POSITIVE_INFINITY;
      const watched = (async () => {
        while (watching) {
          const session = await unmeteredSessions.get(sessionId);
          lowest = Math.min(lowest, (session?.places ?? 0) - (session?.booked ?? 0));
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      return async () => {
        watching = false;
        await watched;
        const session = await unmeteredSessions.get(sessionId);
        lowest = Math.min(lowest, (session?.places ?? 0) - (session?.booked ?? 0));
        if (lowest < 0) throw new Error(`places left on ${sessionId} went below zero (${lowest})`);
        return session?.booked ?? 0;
      };
    };

    const rows: HoldBenchRow[] = [];
    const run = async (
      scenario: string,
      holds: () => Promise<{ ok: boolean; ms: number }[]>,
      attempts: number,
      watchedSession?: { id: string; bookedBefore: number },
    ) => {
      const before = meter.requests;
      const stopWatching = watchedSession ? watchPlaces(watchedSession.id) : undefined;
      const started = performance.now();
      const results = await holds();
      const wallMs = performance.now() - started;
      const succeeded = results.filter((result) => result.ok).length;
      if (stopWatching && watchedSession) {
        const booked = await stopWatching();
        if (booked - watchedSession.bookedBefore !== succeeded)
          throw new Error(`${scenario}: ${succeeded} holds succeeded but ${booked} places are booked`);
      }
      const times = results.map((result) => result.ms);
      rows.push({
        scenario,
        attempts,
        succeeded,
        refused: results.length - succeeded,
        wallMs,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        requestsPerHold: (meter.requests - before) / attempts,
      });
    };

    // One at a time on sessions nobody else wants: the baseline.
    const quiet = await publish('Quiet walk');
    await run(
      'single booking, uncontended (40 in turn)',
      async () => {
        const results = [];
        for (let i = 0; i < 40; i++) results.push(await hold(quiet[i % quiet.length]?.id as string));
        return results;
      },
      40,
    );
    const busy = await publish('Busy walk');
    const ten = busy[0]?.id as string;
    await run(
      '200 at once on 10 places',
      () => Promise.all(Array.from({ length: 200 }, () => hold(ten))),
      200,
      { id: ten, bookedBefore: 0 },
    );
    if (rows.at(-1)?.succeeded !== 10) throw new Error('200 at once on 10 places did not fill exactly 10');
    const thousand = busy[1]?.id as string;
    await withPlaces(thousand, 1_000);
    await run(
      '200 at once on 1,000 places',
      () => Promise.all(Array.from({ length: 200 }, () => hold(thousand))),
      200,
      { id: thousand, bookedBefore: 0 },
    );

    // Whole card bookings: hold, Stripe Checkout, payment, webhook confirmation.
    const tom: SignedInUser = {
      id: 'dorset-representative',
      name: 'Helen',
      role: 'representative',
      councilId: 'dorset',
    };
    const paid = await publish('Paid walk');
    const before = { requests: meter.requests, capacity: meter.capacity };
    const bookings = 20;
    for (let i = 0; i < bookings; i++) {
      const booking = await checkout.bookings.hold(tom, {
        personId: demoPeople[0]?.id as string,
        sessionIds: [paid[i % paid.length]?.id as string],
        places: 1,
        route: 'direct-payment',
      });
      const url = await checkout.bookings.startPayment(booking, {
        successUrl: 'http://localhost/ok',
        cancelUrl: 'http://localhost/no',
      });
      await emulator.pay(new URL(url).pathname.split('/').pop() as string, '5105105105105100');
      await emulator.idle();
    }
    const confirmed = (
      await checkout.stores.bookings.listForPerson('dorset', demoPeople[0]?.id as string)
    ).filter((booking) => booking.status === 'confirmed').length;
    if (confirmed !== bookings)
      throw new Error(`only ${confirmed} of ${bookings} card bookings were confirmed`);
    return {
      rows,
      perBooking: {
        requests: (meter.requests - before.requests) / bookings,
        capacity: (meter.capacity - before.capacity) / bookings,
        bookings,
      },
    };
  } finally {
    await emulator.close();
    await dynamodb.stop();
  }
}
