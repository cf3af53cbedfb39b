import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { defaultBookingRules } from '../../../shared/domain/councils';
import { fundingRouteNames, type SignedInUser } from '../../../shared/domain/users';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { type FieldError, fieldErrorsFrom, ProblemError, problems } from '../../../shared/http/problem';
import { publicOrigin } from '../../../shared/http/public-origin';
import { createCouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
import { answersFromForm, type FormValues } from '../../../shared/web/form-fields';
import { pageChrome } from '../../../shared/web/page-chrome';
import { readForm, summaryErrors } from '../../../shared/web/read-form';
import { placesLeft, type Session } from '../../catalogue/domain/sessions';
import {
  type Booking,
  bookingIdPattern,
  bookingRequestSchema,
  isLiveHold,
  whyNotCancellableByPerson,
} from '../domain/bookings';
import { budgetOf, budgetRoutes, type Person, paymentRoutesOf } from '../domain/people';
import {
  type BookingChoices,
  BookingFormPage,
  BookingPage,
  type BookingPageView,
  type BudgetView,
  bookingFieldOrder,
  bookingFields,
  bookingPath,
  bookingsPath,
  CancelBookingPage,
  type PersonWithBudgets,
  routeOption,
  routeOrder,
  StatementPage,
  statementPath,
  YourBookingsPage,
} from '../pages/booking-pages';
import type { Checkout } from '../services/checkout-on-table';
import { asCheckoutProblem } from './checkout-problems';

/** A path id (person, booking, activity: 26 lower-case base32 characters), or a 404. */
const idParam = (c: Context<AppEnv>, name: string, what: string): string => {
  const id = c.req.param(name) ?? '';
  if (!bookingIdPattern.test(id)) throw problems.notFound(`There is no ${what} at this address.`);
  return id;
};

/**
 * Errors as the form shows them: an error about one chosen session (`sessionIds.2`) belongs to the
 * sessions question; one about no particular field goes there too. In page order.
 */
function errorsOnForm(errors: FieldError[], fallbackMessage?: string): FieldError[] {
  const onPage = (errors.length ? errors : [{ field: 'sessionIds', message: fallbackMessage ?? '' }]).map(
    (error) => {
      const field = error.field.replace(/\.\d+$/, '');
      return {
        field: (bookingFieldOrder as readonly string[]).includes(field) ? field : 'sessionIds',
        message: error.message,
      };
    },
  );
  const position = (error: FieldError) => (bookingFieldOrder as readonly string[]).indexOf(error.field);
  return onPage
    .filter(
      (error, index) =>
        onPage.findIndex((other) => other.field === error.field && other.message === error.message) === index,
    )
    .sort((a, b) => position(a) - position(b));
}

/**
 * The pages people and their representatives book and pay on, and the booking and statement pages
 * council staff may read. They mirror the JSON API (booking-api.ts): the same service calls, the
 * same refusals (via `asCheckoutProblem`), shown beside the fields they are about.
 */
export function addBookingPages(app: OpenAPIHono<AppEnv>, checkout: Checkout) {
  const { bookings, stores, now } = checkout;
  const councils = createCouncilRepository(checkout.table);

  const settingsFor = async (councilId: string) =>
    (await councils.get(councilId))?.bookingRules ?? defaultBookingRules;

  /** What is left of each of a person's budgets this period. */
  const budgetsOf = async (person: Person, at: Date): Promise<BudgetView[]> => {
    const found = await Promise.all(
      budgetRoutes
        .filter((route) => budgetOf(person, route))
        .map(async (route): Promise<BudgetView | undefined> => {
          const money = await bookings.budgetNow(person, route, at);
          if (!money) return undefined;
          return {
            route,
            allocationPence: money.budget.amountPence,
            periodWeeks: money.budget.periodWeeks,
            period: money.period,
            entries: money.state.entries,
            heldPence: money.state.holds
              .filter((hold) => hold.expiresAt > at.toISOString())
              .reduce((sum, hold) => sum + hold.amountPence, 0),
            remainingPence: money.remaining,
          };
        }),
    );
    return found.filter((budget): budget is BudgetView => Boolean(budget));
  };

  const withBudgets = (people: Person[], at: Date): Promise<PersonWithBudgets[]> =>
    Promise.all(people.map(async (person) => ({ person, budgets: await budgetsOf(person, at) })));

  /**
   * A session as a hold will find it: places kept by holds that have run out count as free, as
   * they are (the hold lets them go when it finds the session full). Only sessions that look full
   * are worth the extra reads; nothing is written here.
   */
  const withLapsedHoldsLetGo = async (session: Session, at: Date): Promise<Session> => {
    if (placesLeft(session) > 0) return session;
    const lapsed = (await stores.bookings.listForSession(session.id))
      .filter((booking) => booking.status === 'held' && !isLiveHold(booking, at))
      .filter((booking) => booking.lines.some((line) => line.sessionId === session.id && !line.cancelled))
      .reduce((sum, booking) => sum + booking.places, 0);
    return lapsed ? { ...session, booked: Math.max(0, session.booked - lapsed) } : session;
  };

  /** A listed activity of the user's council, and what its booking form offers them. */
  const choicesFor = async (user: SignedInUser, activityId: string): Promise<BookingChoices> => {
    const [activity, listing] = await Promise.all([
      stores.activities.get(activityId),
      stores.listings.get(activityId),
    ]);
    if (!activity || !listing) throw problems.notFound('There is no activity to book at this address.');
    if (activity.councilId !== user.councilId)
      throw problems.forbidden(
        'You can only book activities on your own council’s framework. Search for activities near you instead.',
      );
    const at = now();
    const [people, upcoming, payouts] = await Promise.all([
      bookings.peopleFor(user),
      stores.sessions.listForActivity(activity.id, ukToday(at), 40),
      stores.stripeRecords.payouts(activity.councilId, activity.providerId),
    ]);
    const withMoney = await withBudgets(people, at);
    const forSelf = user.role === 'person';
    const takesCards = Boolean(payouts?.chargesEnabled);
    const held = new Set(people.flatMap((person) => paymentRoutesOf(person)));
    const wanted = routeOrder.filter((route) => activity.funding.includes(route) && held.has(route));
    const payable = wanted.filter((route) => route === 'individual-service-fund' || takesCards);
    const notes: string[] = [];
    if (payable.length < wanted.length)
      notes.push(
        `${activity.providerName} cannot take card payments yet, so this activity cannot be paid for by card for now.`,
      );
    if (people.length && !wanted.length)
      notes.push(
        `This activity cannot be paid for in the ways ${forSelf ? 'you pay' : 'the people you book for pay'}. It takes: ${activity.funding.map((route) => fundingRouteNames[route].toLowerCase()).join(', ')}.`,
      );
    const routes = payable.map((route) => ({ ...routeOption(route, withMoney, forSelf), value: route }));
    const open = upcoming.filter(
      (session) => session.status === 'scheduled' && session.startsAt > at.toISOString(),
    );
    return {
      activity,
      people: withMoney,
      forSelf,
      sessions: (await Promise.all(open.map((session) => withLapsedHoldsLetGo(session, at)))).filter(
        (session) => placesLeft(session) > 0,
      ),
      routes,
      notes,
    };
  };

  const renderForm = async (
    c: Context<AppEnv>,
    choices: BookingChoices,
    values: FormValues,
    errors?: FieldError[],
    status: 200 | 400 | 409 | 422 = errors?.length ? 400 : 200,
  ) => {
    const chrome = await pageChrome(c, councils, `Book ${choices.activity.title}`);
    return c.html(
      <BookingFormPage
        chrome={{ ...chrome, errors: errors?.length ? summaryErrors(errors) : undefined }}
        choices={choices}
        values={values}
        errors={errors}
      />,
      status,
    );
  };

  /** Off to the card payment page for a held booking; back to the booking if payments are down. */
  const toPayment = async (c: Context<AppEnv>, booking: Booking) => {
    const origin = publicOrigin(c);
    try {
      const url = await asCheckoutProblem(() =>
        bookings.startPayment(booking, {
          successUrl: `${origin}${bookingPath(booking.id)}?paid=1`,
          cancelUrl: `${origin}${bookingPath(booking.id)}`,
        }),
      );
      return c.redirect(url, 303);
    } catch (error) {
      if (error instanceof ProblemError && error.status === 503)
        return c.redirect(`${bookingPath(booking.id)}?unavailable=1`, 303);
      throw error;
    }
  };

  app.get(bookingsPath, async (c) => {
    const user = requireUser(c, 'person', 'representative');
    const at = now();
    const people = await withBudgets(await bookings.peopleFor(user), at);
    const withBookings = await Promise.all(
      people.map(async (entry) => ({
        ...entry,
        bookings: await stores.bookings.listForPerson(entry.person.councilId, entry.person.id),
      })),
    );
    return c.html(
      <YourBookingsPage
        chrome={await pageChrome(c, councils, 'Your bookings')}
        role={user.role}
        people={withBookings}
        now={at}
      />,
    );
  });

  app.get('/checkout/book/:activityId', async (c) => {
    const user = requireUser(c, 'person', 'representative');
    const choices = await choicesFor(user, idParam(c, 'activityId', 'activity'));
    const only = choices.people.length === 1 ? choices.people[0]?.person.id : undefined;
    const onlyRoute = choices.routes.length === 1 ? choices.routes[0]?.value : undefined;
    return renderForm(c, choices, {
      places: '1',
      ...(only ? { personId: only } : {}),
      ...(onlyRoute ? { route: onlyRoute } : {}),
    });
  });

  app.post('/checkout/book/:activityId', async (c) => {
    const user = requireUser(c, 'person', 'representative');
    const choices = await choicesFor(user, idParam(c, 'activityId', 'activity'));
    const values = await readForm(c);
    const parsed = bookingRequestSchema.safeParse(answersFromForm(bookingFields(choices), values));
    if (!parsed.success) return renderForm(c, choices, values, errorsOnForm(fieldErrorsFrom(parsed.error)));
    let booking: Booking;
    try {
      booking = await asCheckoutProblem(() => bookings.hold(user, parsed.data));
    } catch (error) {
      if (error instanceof ProblemError && (error.status === 409 || error.status === 422))
        return renderForm(
          c,
          choices,
          values,
          errorsOnForm(error.errors ?? [], error.detail ?? error.title),
          error.status,
        );
      throw error;
    }
    if (booking.route === 'individual-service-fund') return c.redirect(bookingPath(booking.id), 303);
    return toPayment(c, booking);
  });

  app.get('/checkout/bookings/:bookingId', async (c) => {
    const user = requireUser(c, 'person', 'representative', 'commissioner', 'admin');
    const id = idParam(c, 'bookingId', 'booking');
    const booking = await asCheckoutProblem(() => bookings.bookingFor(user, id, 'see'));
    const at = now();
    const canAct = user.role === 'person' || user.role === 'representative';
    const notice: BookingPageView['notice'] =
      c.req.query('cancelled') !== undefined
        ? 'cancelled'
        : c.req.query('unavailable') !== undefined
          ? 'unavailable'
          : c.req.query('paid') !== undefined
            ? 'paid'
            : undefined;
    return c.html(
      <BookingPage
        chrome={await pageChrome(c, councils, `Booking: ${booking.activityTitle}`)}
        booking={booking}
        now={at}
        canAct={canAct}
        whyNotCancellable={
          canAct ? whyNotCancellableByPerson(booking, await settingsFor(booking.councilId), at) : undefined
        }
        notice={notice}
        backHref={canAct ? bookingsPath : statementPath(booking.personId)}
      />,
    );
  });

  app.post('/checkout/bookings/:bookingId/pay', async (c) => {
    const user = requireUser(c, 'person', 'representative');
    const id = idParam(c, 'bookingId', 'booking');
    const booking = await asCheckoutProblem(() => bookings.bookingFor(user, id, 'book'));
    return toPayment(c, booking);
  });

  app.get('/checkout/bookings/:bookingId/cancel', async (c) => {
    const user = requireUser(c, 'person', 'representative');
    const id = idParam(c, 'bookingId', 'booking');
    const booking = await asCheckoutProblem(() => bookings.bookingFor(user, id, 'book'));
    const settings = await settingsFor(booking.councilId);
    const at = now();
    const why = whyNotCancellableByPerson(booking, settings, at);
    if (why) throw problems.conflict(why);
    return c.html(
      <CancelBookingPage
        chrome={await pageChrome(c, councils, 'Cancel the booking')}
        booking={booking}
        now={at}
        noticeHours={settings.cancellationNoticeHours}
      />,
    );
  });

  app.post('/checkout/bookings/:bookingId/cancel', async (c) => {
    const user = requireUser(c, 'person', 'representative');
    const id = idParam(c, 'bookingId', 'booking');
    const booking = await asCheckoutProblem(() => bookings.cancelByPerson(user, id));
    return c.redirect(`${bookingPath(booking.id)}?cancelled=1`, 303);
  });

  app.get('/checkout/people/:personId/statement', async (c) => {
    const user = requireUser(c, 'person', 'representative', 'commissioner', 'admin');
    const id = idParam(c, 'personId', 'person');
    const person = await asCheckoutProblem(() => bookings.personFor(user, id, 'see'));
    const at = now();
    const [budgets, ledger, booked] = await Promise.all([
      budgetsOf(person, at),
      stores.budgets.ledgerOf(person.councilId, person.id),
      stores.bookings.listForPerson(person.councilId, person.id),
    ]);
    const own = user.role === 'person' || user.role === 'representative';
    return c.html(
      <StatementPage
        chrome={await pageChrome(c, councils, `Statement for ${person.name}`)}
        person={person}
        own={own}
        forSelf={user.role === 'person'}
        budgets={budgets}
        ledger={ledger}
        bookings={booked}
        now={at}
      />,
    );
  });
}
