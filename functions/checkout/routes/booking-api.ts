import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { problemResponses } from '../../../shared/http/openapi-responses';
import { fieldErrorsFrom, problems } from '../../../shared/http/problem';
import { publicOrigin } from '../../../shared/http/public-origin';
import { addDays, londonTimeToUtc } from '../../../shared/time/london-time';
import { csvDownloadHeaders } from '../../../shared/web/csv';
import { sessionIdPattern } from '../../catalogue/domain/sessions';
import { type Booking, bookingIdPattern, bookingRequestSchema, effectiveStatus } from '../domain/bookings';
import { adjustmentInputSchema } from '../domain/ledger';
import { personInputSchema, representativeLinkInputSchema, userIdPattern } from '../domain/people';
import { spendCsv } from '../domain/spend';
import type { Checkout } from '../services/checkout-on-table';
import { asCheckoutProblem } from './checkout-problems';
import { markAttendance, registerFor } from './register';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const bearer = [{ bearerToken: [] }];
const tags = ['Checkout'];
const loose = (name: string) => z.object({ id: z.string() }).passthrough().openapi(name);
const bookingSchema = loose('Booking');
const personSchema = loose('Person');
const idParam = (name: string) =>
  z.strictObject({ [name]: z.string().regex(bookingIdPattern, `Not a valid ${name}`) } as Record<
    string,
    z.ZodString
  >);

/** A booking as its owner sees it: a hold past its time reads as expired, tidied or not. */
export const bookingView = (booking: Booking, now: Date) => ({
  ...booking,
  status: effectiveStatus(booking, now),
});

const parse = <T extends z.ZodType>(schema: T, body: unknown): z.infer<T> => {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw problems.invalidInput(fieldErrorsFrom(parsed.error));
  return parsed.data;
};

/** The request's JSON object; anything else is a 400 that says so. */
async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw problems.malformed('Send a JSON object with Content-Type: application/json.');
  return body as Record<string, unknown>;
}

const dateRangeSchema = z
  .strictObject({
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the from date as YYYY-MM-DD'),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the to date as YYYY-MM-DD'),
  })
  .refine((range) => range.to >= range.from, {
    message: 'The to date must be on or after the from date',
    path: ['to'],
  })
  .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= 731 * 86_400_000, {
    message: 'Choose at most two years',
    path: ['to'],
  });

/** The checkout's JSON API: people and representatives, bookings and payment, registers, payouts, spend. */
export function addBookingApi(app: OpenAPIHono<AppEnv>, checkout: Checkout) {
  const { bookings, people, payouts, stores, now } = checkout;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkout/people',
      tags,
      summary: 'People: those a person or representative can book for; every person of the council for staff',
      security: bearer,
      responses: {
        200: { description: 'People', content: json(z.object({ people: z.array(personSchema) })) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'person', 'representative', 'commissioner', 'admin');
      const found =
        user.role === 'commissioner' || user.role === 'admin'
          ? await stores.people.listByCouncil(user.councilId)
          : await bookings.peopleFor(user);
      return c.json({ people: found }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkout/people',
      tags,
      summary: 'Add a person (commissioners)',
      security: bearer,
      request: { body: { required: true, content: json(z.object({}).passthrough()) } },
      responses: {
        201: { description: 'The person', content: json(personSchema) },
        ...problemResponses(400, 401, 403, 409, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const input = parse(personInputSchema, await jsonBody(c));
      return c.json(await asCheckoutProblem(() => people.create(user, input)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/checkout/people/{personId}',
      tags,
      summary: 'Change a person (commissioners); send the version you are changing',
      security: bearer,
      request: {
        params: idParam('personId'),
        body: { required: true, content: json(z.object({ version: z.number().int() }).passthrough()) },
      },
      responses: {
        200: { description: 'The person', content: json(personSchema) },
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const { version, ...fields } = await jsonBody(c);
      if (typeof version !== 'number' || !Number.isInteger(version))
        throw problems.invalidInput([
          { field: 'version', message: 'Send the version of the person you are changing' },
        ]);
      const input = parse(personInputSchema, fields);
      return asCheckoutProblem(async () => {
        const person = await bookings.personFor(user, c.req.param('personId'), 'see');
        if (person.version !== version)
          throw problems.conflict('Someone else changed this person. Reload it and try again.');
        return c.json(await people.update(person, input), 200);
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkout/people/{personId}/representatives',
      tags,
      summary: 'Record that a representative may act for a person (commissioners)',
      security: bearer,
      request: {
        params: idParam('personId'),
        body: { required: true, content: json(z.object({}).passthrough()) },
      },
      responses: {
        201: { description: 'The link', content: json(z.object({ userId: z.string() }).passthrough()) },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const input = parse(representativeLinkInputSchema, await jsonBody(c));
      return asCheckoutProblem(async () => {
        const person = await bookings.personFor(user, c.req.param('personId'), 'see');
        return c.json(await people.addRepresentative(user, person, input), 201);
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/checkout/people/{personId}/representatives/{userId}',
      tags,
      summary:
        'Take away a representative’s right to act for a person (commissioners); who did it and when is kept',
      security: bearer,
      request: {
        params: z.strictObject({
          personId: z.string().regex(bookingIdPattern, 'Not a valid personId'),
          userId: z.string().regex(userIdPattern, 'Not a valid userId'),
        }),
      },
      responses: {
        200: {
          description: 'The link as it was, with who took it away and when',
          content: json(z.object({ userId: z.string(), removedAt: z.string() }).passthrough()),
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const { personId, userId } = c.req.valid('param');
      return asCheckoutProblem(async () => {
        const person = await bookings.personFor(user, personId, 'see');
        return c.json(await people.removeRepresentative(user, person, userId), 200);
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkout/people/{personId}/adjustments',
      tags,
      summary: "Correct a person's budget this period with a ledger adjustment (commissioners)",
      security: bearer,
      request: {
        params: idParam('personId'),
        body: { required: true, content: json(z.object({}).passthrough()) },
      },
      responses: {
        201: { description: 'The ledger entry', content: json(z.object({ id: z.string() }).passthrough()) },
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const input = parse(adjustmentInputSchema, await jsonBody(c));
      const entry = await asCheckoutProblem(() =>
        bookings.adjustBudget(user, c.req.param('personId'), input),
      );
      return c.json(entry, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkout/people/{personId}/statement',
      tags,
      summary: "A person's statement: every ledger entry, and their bookings",
      security: bearer,
      request: { params: idParam('personId') },
      responses: {
        200: {
          description: 'The statement',
          content: json(z.object({ ledger: z.array(z.object({}).passthrough()) }).passthrough()),
        },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'person', 'representative', 'commissioner', 'admin');
      return asCheckoutProblem(async () => {
        const person = await bookings.personFor(user, c.req.param('personId'), 'see');
        const [ledger, booked] = await Promise.all([
          stores.budgets.ledgerOf(person.councilId, person.id),
          stores.bookings.listForPerson(person.councilId, person.id),
        ]);
        const at = now();
        return c.json({ person, ledger, bookings: booked.map((booking) => bookingView(booking, at)) }, 200);
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkout/bookings',
      tags,
      summary: 'Hold places on sessions for a person (30 minutes); ISF bookings are confirmed at once',
      security: bearer,
      request: { body: { required: true, content: json(z.object({}).passthrough()) } },
      responses: {
        201: { description: 'The booking', content: json(bookingSchema) },
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'person', 'representative');
      const request = parse(bookingRequestSchema, await jsonBody(c));
      const booking = await asCheckoutProblem(() => bookings.hold(user, request));
      return c.json(bookingView(booking, now()), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkout/bookings/{bookingId}',
      tags,
      summary: 'A booking',
      security: bearer,
      request: { params: idParam('bookingId') },
      responses: {
        200: { description: 'The booking', content: json(bookingSchema) },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'person', 'representative', 'commissioner', 'admin');
      const booking = await asCheckoutProblem(() =>
        bookings.bookingFor(user, c.req.param('bookingId'), 'see'),
      );
      return c.json(bookingView(booking, now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkout/bookings/{bookingId}/payment',
      tags,
      summary: 'Start paying for a held booking by card: the Stripe Checkout address to send the person to',
      security: bearer,
      request: { params: idParam('bookingId') },
      responses: {
        200: { description: 'Where to pay', content: json(z.object({ url: z.url() })) },
        ...problemResponses(401, 403, 404, 409, 422, 503),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'person', 'representative');
      const origin = publicOrigin(c);
      return asCheckoutProblem(async () => {
        const booking = await bookings.bookingFor(user, c.req.param('bookingId'), 'book');
        const url = await bookings.startPayment(booking, {
          successUrl: `${origin}/checkout/bookings/${booking.id}?paid=1`,
          cancelUrl: `${origin}/checkout/bookings/${booking.id}`,
        });
        return c.json({ url }, 200);
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkout/bookings/{bookingId}/cancel',
      tags,
      summary:
        'Cancel a booking: a hold is let go; a paid booking is refunded in full (up to the notice the council sets)',
      security: bearer,
      request: { params: idParam('bookingId') },
      responses: {
        200: { description: 'The booking', content: json(bookingSchema) },
        ...problemResponses(401, 403, 404, 409, 503),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'person', 'representative');
      const booking = await asCheckoutProblem(() => bookings.cancelByPerson(user, c.req.param('bookingId')));
      return c.json(bookingView(booking, now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkout/sessions/{sessionId}/register',
      tags,
      summary: "A session's register (the provider that runs it)",
      security: bearer,
      request: {
        params: z.strictObject({ sessionId: z.string().regex(sessionIdPattern, 'Not a session id') }),
      },
      responses: {
        200: {
          description: 'Who is booked',
          content: json(z.object({ bookings: z.array(bookingSchema) }).passthrough()),
        },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const register = await registerFor(checkout, user, c.req.param('sessionId'));
      return c.json({ session: register.session, bookings: register.bookings }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkout/sessions/{sessionId}/attendance',
      tags,
      summary: 'Mark whether a booked person came (the provider that runs the session)',
      security: bearer,
      request: {
        params: z.strictObject({ sessionId: z.string().regex(sessionIdPattern, 'Not a session id') }),
        body: { required: true, content: json(z.object({}).passthrough()) },
      },
      responses: {
        200: { description: 'The booking', content: json(bookingSchema) },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const booking = await markAttendance(checkout, user, c.req.param('sessionId'), await jsonBody(c));
      return c.json(booking, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkout/payouts/onboarding',
      tags,
      summary: "Set up the provider's Stripe account for payouts: the Stripe onboarding address",
      security: bearer,
      responses: {
        200: { description: 'Where to go', content: json(z.object({ url: z.url() })) },
        ...problemResponses(401, 403, 503),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'provider');
      const origin = publicOrigin(c);
      const url = await asCheckoutProblem(() =>
        payouts.onboardingLink(user, {
          returnUrl: `${origin}/checkout/payouts`,
          refreshUrl: `${origin}/checkout/payouts`,
        }),
      );
      return c.json({ url }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkout/spend.csv',
      tags,
      summary: 'Council-wide spend of direct payments and ISFs between two dates, as CSV (commissioners)',
      security: bearer,
      request: { query: dateRangeSchema },
      responses: {
        200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const user = requireUser(c, 'commissioner', 'admin');
      const { from, to } = c.req.valid('query');
      // London days: from the start of `from` to the start of the day after `to`.
      const entries = await stores.budgets.councilLedger(
        user.councilId,
        londonTimeToUtc(from, '00:00').toISOString(),
        londonTimeToUtc(addDays(to, 1), '00:00').toISOString(),
      );
      return c.body(spendCsv(entries), 200, csvDownloadHeaders(`spend-${from}-to-${to}.csv`));
    },
  );
}
