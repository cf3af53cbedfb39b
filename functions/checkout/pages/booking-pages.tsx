import type { FC } from 'hono/jsx';
import { type FundingRoute, fundingRouteNames, type Role } from '../../../shared/domain/users';
import type { FieldError } from '../../../shared/http/problem';
import { formatPounds } from '../../../shared/money/pounds';
import { addDays, weekdayOf } from '../../../shared/time/london-time';
import { formatUkDate, formatUkDateTime } from '../../../shared/time/uk-dates';
import { CsrfField, Field } from '../../../shared/web/form-components';
import type { FormField, FormValues, Option } from '../../../shared/web/form-fields';
import { NotificationBanner, SummaryRow, Table, WarningText } from '../../../shared/web/govuk-components';
import { fieldError, Layout, type PageChrome } from '../../../shared/web/layout';
import type { Activity } from '../../catalogue/domain/activity';
import { placesLeft, type Session } from '../../catalogue/domain/sessions';
import {
  type Booking,
  type BookingLine,
  type BookingStatus,
  bookingStatusNames,
  effectiveStatus,
  holdMinutes,
  owedPence,
  pricePerPlace,
} from '../domain/bookings';
import { clockText, type LedgerEntry, ledgerKindNames, sessionStartText } from '../domain/ledger';
import type { BudgetPeriod, BudgetRoute, PaymentRoute, Person } from '../domain/people';

/**
 * The pages people and their representatives book and pay on: their bookings and budgets, the
 * booking form, one booking (pay, cancel), and a person's statement. Council staff see the booking
 * and statement pages read only. The rules are the booking service's; these pages show them.
 */
export const bookingsPath = '/checkout';
export const bookingPath = (id: string) => `/checkout/bookings/${id}`;
export const bookPath = (activityId: string) => `/checkout/book/${activityId}`;
export const statementPath = (personId: string) => `/checkout/people/${personId}/statement`;

/** What is left of one budget this period, and how it got there. */
export interface BudgetView {
  route: BudgetRoute;
  /** The budget for each period. */
  allocationPence: number;
  periodWeeks: number;
  period: BudgetPeriod;
  /** The ledger's entries for this period (none before anything happened in it). */
  entries: LedgerEntry[];
  /** Held by bookings waiting for card payment. */
  heldPence: number;
  remainingPence: number;
}

export interface PersonWithBudgets {
  person: Person;
  budgets: BudgetView[];
}

const routeNames: Record<PaymentRoute, string> = fundingRouteNames;

/** How people read a budget route in a sentence: "direct payment". */
const routeInSentence: Record<BudgetRoute, string> = {
  'direct-payment': 'direct payment',
  'individual-service-fund': 'individual service fund',
};

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The last day of a period (its `end` is the first day of the next). */
const lastDayOf = (period: BudgetPeriod) => addDays(period.end, -1);
export const periodText = (period: BudgetPeriod) =>
  `${formatUkDate(period.start)} to ${formatUkDate(lastDayOf(period))}`;

/** "Tuesday 1 December 2026, 10am to 12:30pm" */
export const sessionText = (session: Pick<Session | BookingLine, 'date' | 'starts' | 'ends'>) =>
  `${capitalised(weekdayOf(session.date))} ${formatUkDate(session.date)}, ${clockText(session.starts)} to ${clockText(session.ends)}`;

const priceText = (activity: Pick<Activity, 'price'>) =>
  activity.price.amountPence === 0
    ? 'Free'
    : `${formatPounds(activity.price.amountPence)} ${activity.price.per === 'hour' ? 'an hour' : 'a session'} for each place`;

const bookingReference = (booking: Pick<Booking, 'id'>) => booking.id.toUpperCase();

const statusColours: Record<BookingStatus, string> = {
  held: 'govuk-tag--yellow',
  confirmed: 'govuk-tag--green',
  expired: 'govuk-tag--grey',
  cancelled: 'govuk-tag--red',
};

export const BookingStatusTag: FC<{ booking: Booking; now: Date }> = ({ booking, now }) => {
  const status = effectiveStatus(booking, now);
  return <strong class={`govuk-tag ${statusColours[status]}`}>{bookingStatusNames[status]}</strong>;
};

/** "1 December 2026 and 3 more" */
const whenText = (booking: Booking) => {
  const [first] = booking.lines;
  if (!first) return '';
  const more = booking.lines.length - 1;
  return `${formatUkDateTime(first.startsAt)}${more ? ` and ${more} more session${more > 1 ? 's' : ''}` : ''}`;
};

/** A person's bookings, newest first, each linking to its page. */
export const BookingsTable: FC<{ bookings: Booking[]; now: Date; caption: string }> = ({
  bookings,
  now,
  caption,
}) =>
  bookings.length ? (
    <Table
      caption={caption}
      captionClass="govuk-table__caption--s"
      headings={[
        'Activity',
        'When',
        { text: 'Places', numeric: true },
        { text: 'Total', numeric: true },
        'Status',
      ]}
    >
      {bookings.map((booking) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            <a class="govuk-link" href={bookingPath(booking.id)}>
              {booking.activityTitle}
            </a>
          </td>
          <td class="govuk-table__cell">{whenText(booking)}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{booking.places}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{formatPounds(booking.totalPence)}</td>
          <td class="govuk-table__cell">
            <BookingStatusTag booking={booking} now={now} />
          </td>
        </tr>
      ))}
    </Table>
  ) : (
    <p class="govuk-body">{caption}: none yet.</p>
  );

/** "£462.00 left of £480.00, 10 November 2026 to 7 December 2026" as summary rows. */
const BudgetRows: FC<{ budgets: BudgetView[] }> = ({ budgets }) => (
  <>
    {budgets.map((budget) => (
      <SummaryRow label={`${routeNames[budget.route]} left`}>
        <span class="govuk-!-font-weight-bold">{formatPounds(budget.remainingPence)}</span> of{' '}
        {formatPounds(budget.allocationPence)} for {periodText(budget.period)}
      </SummaryRow>
    ))}
  </>
);

export interface PersonBookings extends PersonWithBudgets {
  bookings: Booking[];
}

export const YourBookingsPage: FC<{
  chrome: PageChrome;
  role: Role;
  people: PersonBookings[];
  now: Date;
}> = ({ chrome, role, people, now }) => (
  <Layout {...chrome}>
    <h1 class="govuk-heading-l">Your bookings</h1>
    {people.length === 0 ? (
      role === 'representative' ? (
        <>
          <p class="govuk-body">Your account is not linked to anyone you book for yet.</p>
          <p class="govuk-body">
            Ask the council’s adult social care team to link your account to the person you care for or act
            for. They will check you can act for them first. Once they have, the person’s budget and bookings
            show here.
          </p>
        </>
      ) : (
        <>
          <p class="govuk-body">We cannot find your care and support record yet.</p>
          <p class="govuk-body">
            Ask the council’s adult social care team to connect your account to your record. Once they have,
            you can book activities here.
          </p>
        </>
      )
    ) : (
      <>
        <p class="govuk-body">
          <a class="govuk-link" href="/catalogue">
            Find day activities to book
          </a>
        </p>
        {people.map(({ person, budgets, bookings }) => (
          <section class="govuk-!-margin-bottom-8" aria-labelledby={`person-${person.id}`}>
            <h2 class="govuk-heading-m" id={`person-${person.id}`}>
              {role === 'person' ? 'Your budget and bookings' : person.name}
            </h2>
            <dl class="govuk-summary-list">
              {budgets.length ? (
                <BudgetRows budgets={budgets} />
              ) : (
                <SummaryRow label="Budget">
                  {person.selfFunded
                    ? role === 'person'
                      ? 'You pay with your own money'
                      : 'Pays with their own money'
                    : 'No budget for this period'}
                </SummaryRow>
              )}
            </dl>
            <p class="govuk-body">
              <a class="govuk-link" href={statementPath(person.id)}>
                {role === 'person' ? 'See your statement' : `See ${person.name}’s statement`}
              </a>
            </p>
            <BookingsTable
              bookings={bookings}
              now={now}
              caption={role === 'person' ? 'Your bookings' : `Bookings for ${person.name}`}
            />
          </section>
        ))}
      </>
    )}
  </Layout>
);

/** What the booking form offers: who for, which sessions, and how to pay. */
export interface BookingChoices {
  activity: Activity;
  people: PersonWithBudgets[];
  /** A person books only for themselves: no question about who. */
  forSelf: boolean;
  /** Upcoming scheduled sessions with places left; `booked` leaves out holds that have run out. */
  sessions: Session[];
  /** The routes someone here can pay this activity with, and what is left of each budget. */
  routes: (Option & { value: PaymentRoute })[];
  /** Why some way of paying is missing, for the page to say. */
  notes: string[];
}

/** The booking request's fields, in page order; their names are the request's, so errors land on them. */
export const bookingFieldOrder = ['personId', 'sessionIds', 'places', 'route'] as const;

export function bookingFields(choices: BookingChoices): FormField[] {
  return [
    {
      path: 'personId',
      kind: 'radios',
      label: 'Who is the booking for?',
      options: choices.people.map(({ person }) => ({ value: person.id, label: person.name })),
    },
    {
      path: 'sessionIds',
      kind: 'checkboxes',
      label: 'Which sessions do you want to book?',
      hint: 'Select all that apply. You can book up to 12 sessions at once.',
      options: choices.sessions.map((session) => {
        const left = placesLeft(session);
        return {
          value: session.id,
          label: sessionText(session),
          hint: `${formatPounds(pricePerPlace(choices.activity, session))} a place. ${left} ${left === 1 ? 'place' : 'places'} left.`,
        };
      }),
    },
    {
      path: 'places',
      kind: 'number',
      label: 'How many places?',
      hint: 'One place for each person going. You can book up to 10 places at once.',
      width: 'govuk-input--width-4',
    },
    {
      path: 'route',
      kind: 'radios',
      label: 'How will it be paid for?',
      options: choices.routes,
    },
  ];
}

/** How each way of paying reads on the form, with what is left of a budget. */
export function routeOption(route: PaymentRoute, people: PersonWithBudgets[], forSelf: boolean): Option {
  if (route === 'self-funded')
    return { value: route, label: 'Own money, by card', hint: 'Pay by debit or credit card.' };
  const left = people
    .map(({ person, budgets }) => ({ person, budget: budgets.find((budget) => budget.route === route) }))
    .filter((entry) => entry.budget)
    .map(({ person, budget }) =>
      budget
        ? `${forSelf ? 'You have' : `${person.name} has`} ${formatPounds(budget.remainingPence)} left until ${formatUkDate(lastDayOf(budget.period))}.`
        : '',
    );
  const how =
    route === 'direct-payment'
      ? 'Pay with the direct payment card (a prepaid card is fine).'
      : 'Paid from the fund the organisation holds: the booking is confirmed straight away.';
  return {
    value: route,
    label: route === 'direct-payment' ? 'Direct payment, by card' : 'Individual service fund',
    hint: [how, ...left].join(' '),
  };
}

export const BookingFormPage: FC<{
  chrome: PageChrome;
  choices: BookingChoices;
  values: FormValues;
  errors?: FieldError[] | undefined;
}> = ({ chrome, choices, values, errors }) => {
  const { activity } = choices;
  const fields = bookingFields(choices);
  const errorFor = (path: string) => fieldError(errors, path);
  const field = (path: (typeof bookingFieldOrder)[number]) =>
    fields.find((candidate) => candidate.path === path) as FormField;
  const self = choices.people[0]?.person;
  const canBook = choices.people.length > 0 && choices.sessions.length > 0 && choices.routes.length > 0;
  return (
    <Layout {...chrome}>
      <a href={`/catalogue/activities/${activity.id}`} class="govuk-back-link">
        Back to the activity
      </a>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">{activity.providerName}</span>
          <h1 class="govuk-heading-l">Book {activity.title}</h1>
          <dl class="govuk-summary-list">
            <SummaryRow label="Where">
              {[activity.venue.name, activity.venue.town, activity.venue.postcode].filter(Boolean).join(', ')}
            </SummaryRow>
            <SummaryRow label="Price">{priceText(activity)}</SummaryRow>
          </dl>
          {choices.people.length === 0 ? (
            <p class="govuk-body">
              Your account is not linked to anyone you can book for yet. Ask the council’s adult social care
              team to link it.
            </p>
          ) : choices.sessions.length === 0 ? (
            <p class="govuk-body">
              There are no sessions with places left at the moment. Check again later, or{' '}
              <a class="govuk-link" href="/catalogue">
                find another activity
              </a>
              .
            </p>
          ) : null}
          {choices.notes.map((note) => (
            <div class="govuk-inset-text">{note}</div>
          ))}
          {canBook ? (
            <form method="post" action={bookPath(activity.id)} novalidate>
              <CsrfField token={chrome.csrfToken} />
              {choices.forSelf && self ? (
                <input type="hidden" name="personId" value={self.id} />
              ) : (
                <Field field={field('personId')} values={values} error={errorFor('personId')} />
              )}
              <Field field={field('sessionIds')} values={values} error={errorFor('sessionIds')} />
              <Field field={field('places')} values={values} error={errorFor('places')} />
              <Field field={field('route')} values={values} error={errorFor('route')} />
              <p class="govuk-body">
                Paying by card: we keep the places for {holdMinutes} minutes while you pay on the card payment
                page. Individual service fund bookings are confirmed straight away.
              </p>
              <button type="submit" class="govuk-button" data-module="govuk-button">
                Continue
              </button>
            </form>
          ) : null}
        </div>
      </div>
    </Layout>
  );
};

/** "Prepaid card ending 4242 (Visa)" */
export function cardText(card: Booking['card']): string | undefined {
  if (!card?.cardLast4 && !card?.cardFunding) return undefined;
  const kind = card.cardFunding ? `${capitalised(card.cardFunding)} card` : 'Card';
  const ending = card.cardLast4 ? ` ending ${card.cardLast4}` : '';
  const brand = card.cardBrand ? ` (${capitalised(card.cardBrand)})` : '';
  return `${kind}${ending}${brand}`;
}

const howPaidText = (route: PaymentRoute) =>
  route === 'individual-service-fund' ? routeNames[route] : `${routeNames[route]}, by card`;

/** Where money goes back to when a booking is cancelled. */
const refundDestination = (booking: Booking) =>
  booking.route === 'individual-service-fund'
    ? `${booking.personName}’s individual service fund`
    : booking.route === 'direct-payment'
      ? 'the direct payment card it was paid with'
      : 'the card it was paid with';

export interface BookingPageView {
  booking: Booking;
  now: Date;
  /** People and their representatives can pay and cancel; staff only look. */
  canAct: boolean;
  /** Why the person cannot cancel now, or undefined when they can. */
  whyNotCancellable?: string | undefined;
  notice?: 'cancelled' | 'paid' | 'unavailable' | undefined;
  backHref?: string | undefined;
}

export const BookingPage: FC<{ chrome: PageChrome } & BookingPageView> = ({
  chrome,
  booking,
  now,
  canAct,
  whyNotCancellable,
  notice,
  backHref,
}) => {
  const status = effectiveStatus(booking, now);
  const byCard = booking.route !== 'individual-service-fund';
  const card = cardText(booking.card);
  return (
    <Layout {...chrome}>
      {backHref ? (
        <a href={backHref} class="govuk-back-link">
          {backHref === bookingsPath ? 'Back to your bookings' : 'Back to the statement'}
        </a>
      ) : null}
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {notice === 'cancelled' && status === 'cancelled' ? (
            <NotificationBanner success heading="The booking is cancelled.">
              <p class="govuk-body">
                {booking.refunds.length || booking.refundsDue?.length
                  ? `The money goes back to ${refundDestination(booking)}.`
                  : 'Nothing was paid, so nothing is taken. The places are free for other people.'}
              </p>
            </NotificationBanner>
          ) : null}
          {notice === 'unavailable' && status === 'held' ? (
            <NotificationBanner heading="Card payments are not available right now.">
              <p class="govuk-body">
                Nothing was paid. We are keeping the places until {formatUkDateTime(booking.holdExpiresAt)}.
                Try again in a few minutes.
              </p>
            </NotificationBanner>
          ) : null}
          {status === 'confirmed' ? (
            <div class="govuk-panel govuk-panel--confirmation">
              <h1 class="govuk-panel__title">Booking confirmed</h1>
              <div class="govuk-panel__body">
                {booking.activityTitle} for {booking.personName}
                <br />
                Reference <strong>{bookingReference(booking)}</strong>
              </div>
            </div>
          ) : (
            <>
              <span class="govuk-caption-l">Booking for {booking.personName}</span>
              <h1 class="govuk-heading-l">{booking.activityTitle}</h1>
            </>
          )}
          {status === 'held' && notice === 'paid' ? (
            <div class="govuk-inset-text">
              We have not had confirmation of your payment yet. Refresh this page in a moment.
            </div>
          ) : null}
          {status === 'held' && notice !== 'paid' && byCard && canAct ? (
            <>
              <p class="govuk-body">
                This booking is not paid yet. We are keeping the places until{' '}
                {formatUkDateTime(booking.holdExpiresAt)}. If it is not paid by then, the places are let go.
              </p>
              <form method="post" action={`${bookingPath(booking.id)}/pay`} novalidate>
                <CsrfField token={chrome.csrfToken} />
                <button type="submit" class="govuk-button" data-module="govuk-button">
                  Continue to payment
                </button>
              </form>
            </>
          ) : null}
          {status === 'expired' ? (
            <div class="govuk-inset-text">
              This booking was not paid in time, so the places were let go. Nothing was taken.{' '}
              {canAct ? (
                <a class="govuk-link" href={bookPath(booking.activityId)}>
                  Book again
                </a>
              ) : null}
            </div>
          ) : null}
          {booking.overBudget ? (
            <WarningText>
              This booking costs more than was left in {booking.personName}’s budget for the period. The
              council’s rules allow it, and it shows on their statement.
            </WarningText>
          ) : null}
          <h2 class="govuk-heading-m">Booking details</h2>
          <dl class="govuk-summary-list">
            <SummaryRow label="Reference">{bookingReference(booking)}</SummaryRow>
            <SummaryRow label="Status">
              <BookingStatusTag booking={booking} now={now} />
            </SummaryRow>
            <SummaryRow label="Activity">
              <a class="govuk-link" href={`/catalogue/activities/${booking.activityId}`}>
                {booking.activityTitle}
              </a>
              , run by {booking.providerName}
            </SummaryRow>
            <SummaryRow label="For">{booking.personName}</SummaryRow>
            <SummaryRow label={booking.lines.length === 1 ? 'Session' : 'Sessions'}>
              <ul class="govuk-list">
                {booking.lines.map((line) => (
                  <li>
                    {sessionText(line)}
                    {line.cancelled ? ' (cancelled)' : ''}
                  </li>
                ))}
              </ul>
            </SummaryRow>
            <SummaryRow label="Places">{String(booking.places)}</SummaryRow>
            <SummaryRow label="Total">{formatPounds(booking.totalPence)}</SummaryRow>
            <SummaryRow label="How it is paid">{howPaidText(booking.route)}</SummaryRow>
            {card ? <SummaryRow label="Card">{card}</SummaryRow> : null}
            {booking.refunds.length || booking.refundsDue?.length ? (
              <SummaryRow label="Refunds">
                <ul class="govuk-list">
                  {booking.refunds.map((refund) => (
                    <li>
                      {formatPounds(refund.amountPence)} on {formatUkDateTime(refund.at)}: {refund.reason}
                    </li>
                  ))}
                  {/* Decided but not yet back at Stripe: the regular run finishes it if Stripe was down. */}
                  {(booking.refundsDue ?? []).map((due) => (
                    <li>
                      {formatPounds(due.amountPence)} on its way back to {refundDestination(booking)}:{' '}
                      {due.reason}
                    </li>
                  ))}
                </ul>
              </SummaryRow>
            ) : null}
            <SummaryRow label="Booked by">
              {booking.bookedBy.name} on {formatUkDateTime(booking.createdAt)}
            </SummaryRow>
          </dl>
          {canAct && (status === 'held' || status === 'confirmed') ? (
            whyNotCancellable ? (
              <p class="govuk-body">
                {whyNotCancellable} To change it, contact {booking.providerName}.
              </p>
            ) : (
              <p class="govuk-body">
                <a class="govuk-link" href={`${bookingPath(booking.id)}/cancel`}>
                  Cancel this booking
                </a>
              </p>
            )
          ) : null}
        </div>
      </div>
    </Layout>
  );
};

export const CancelBookingPage: FC<{
  chrome: PageChrome;
  booking: Booking;
  now: Date;
  noticeHours: number;
}> = ({ chrome, booking, now, noticeHours }) => {
  const paid = effectiveStatus(booking, now) === 'confirmed';
  const refund = owedPence(booking);
  return (
    <Layout {...chrome}>
      <a href={bookingPath(booking.id)} class="govuk-back-link">
        Back to the booking
      </a>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">{booking.activityTitle}</span>
          <h1 class="govuk-heading-l">Are you sure you want to cancel this booking?</h1>
          <p class="govuk-body">
            This cancels {booking.places} {booking.places === 1 ? 'place' : 'places'} for {booking.personName}{' '}
            on:
          </p>
          <ul class="govuk-list govuk-list--bullet">
            {booking.lines
              .filter((line) => !line.cancelled)
              .map((line) => (
                <li>{sessionText(line)}</li>
              ))}
          </ul>
          {paid ? (
            <>
              <p class="govuk-body">
                {formatPounds(refund)} goes back to {refundDestination(booking)}.
                {booking.route === 'individual-service-fund'
                  ? ' It can be spent again straight away.'
                  : ' Refunds to a card usually take 5 to 10 working days. Money from a direct payment card always goes back to the card, never as cash.'}
              </p>
              <p class="govuk-body">
                You can cancel with a full refund up to {noticeHours} hours before the first session. After
                that, contact {booking.providerName}.
              </p>
            </>
          ) : (
            <p class="govuk-body">
              This booking is not paid, so nothing is taken. The places are freed for other people.
            </p>
          )}
          <form method="post" action={`${bookingPath(booking.id)}/cancel`} novalidate>
            <CsrfField token={chrome.csrfToken} />
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                Yes, cancel the booking
              </button>
              <a class="govuk-link" href={bookingPath(booking.id)}>
                No, keep the booking
              </a>
            </div>
          </form>
        </div>
      </div>
    </Layout>
  );
};

/** One route's ledger entries, oldest first, with the balance of their period after each. */
const LedgerTable: FC<{ route: BudgetRoute; entries: LedgerEntry[] }> = ({ route, entries }) => {
  const balances = new Map<string, number>();
  // Oldest first; a period's allocation is written with its first booking, at the same moment, and comes first.
  const ordered = [...entries].sort(
    (a, b) => a.at.localeCompare(b.at) || Number(b.kind === 'allocation') - Number(a.kind === 'allocation'),
  );
  const rows = ordered.map((entry) => {
    const balance = (balances.get(entry.period.start) ?? 0) + entry.amountPence;
    balances.set(entry.period.start, balance);
    return { entry, balance };
  });
  return (
    <Table
      caption={`${routeNames[route]}: money in and out`}
      headings={[
        'Date',
        'What for',
        'Sessions',
        'Provider',
        { text: 'Money in', numeric: true },
        { text: 'Money out', numeric: true },
        'Payment reference',
        { text: 'Balance', numeric: true },
      ]}
    >
      {rows.map(({ entry, balance }) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">{formatUkDateTime(entry.at)}</td>
          <td class="govuk-table__cell">
            {ledgerKindNames[entry.kind]}
            {entry.booking ? (
              <>
                :{' '}
                <a class="govuk-link" href={bookingPath(entry.booking.id)}>
                  {entry.booking.activityTitle}
                </a>
              </>
            ) : entry.kind === 'allocation' ? (
              `: ${periodText(entry.period)}`
            ) : entry.note ? (
              `: ${entry.note}`
            ) : (
              ''
            )}
          </td>
          <td class="govuk-table__cell">
            {entry.booking?.sessionIds.length ? (
              <ul class="govuk-list govuk-!-margin-bottom-0">
                {entry.booking.sessionIds.map((sessionId) => (
                  <li>{sessionStartText(sessionId)}</li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </td>
          <td class="govuk-table__cell">{entry.booking?.providerName ?? ''}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">
            {entry.amountPence > 0 ? formatPounds(entry.amountPence) : ''}
          </td>
          <td class="govuk-table__cell govuk-table__cell--numeric">
            {entry.amountPence < 0 ? formatPounds(-entry.amountPence) : ''}
          </td>
          <td class="govuk-table__cell">{entry.paymentReference ?? ''}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{formatPounds(balance)}</td>
        </tr>
      ))}
    </Table>
  );
};

/**
 * Refunds decided for a budget's bookings but not yet made at Stripe: not in the ledger yet (a
 * refund is entered once the money is back), so what is left can read low, even below zero,
 * until then; the statement says they are on their way.
 */
const refundsOnTheirWay = (bookings: Booking[], route: BudgetRoute, period?: BudgetPeriod) =>
  bookings
    .filter((booking) => booking.route === route && (!period || booking.period?.start === period.start))
    .flatMap((booking) => (booking.refundsDue ?? []).map((due) => ({ booking, due })));

const RefundsOnTheirWay: FC<{ owed: ReturnType<typeof refundsOnTheirWay>; route: BudgetRoute }> = ({
  owed,
  route,
}) => (
  <>
    <h2 class="govuk-heading-m">Refunds on their way</h2>
    <p class="govuk-body">
      Decided, and on their way back to the {routeInSentence[route]}
      {route === 'direct-payment' ? ' card' : ''}. Each goes into the ledger, and into what is left to spend,
      once Stripe has made it.
    </p>
    <ul class="govuk-list govuk-list--bullet">
      {owed.map(({ booking, due }) => (
        <li>
          {formatPounds(due.amountPence)} for{' '}
          <a class="govuk-link" href={bookingPath(booking.id)}>
            {booking.activityTitle}
          </a>
          , decided on {formatUkDateTime(due.decidedAt)}: {due.reason}
        </li>
      ))}
    </ul>
  </>
);

/** Spent this period, net of refunds. */
const spentPence = (entries: LedgerEntry[]) =>
  -entries
    .filter((entry) => entry.kind === 'spend' || entry.kind === 'refund')
    .reduce((sum, entry) => sum + entry.amountPence, 0);

export const StatementPage: FC<{
  chrome: PageChrome;
  person: Person;
  /** The person themselves or their representative (rather than council staff). */
  own: boolean;
  forSelf: boolean;
  budgets: BudgetView[];
  ledger: LedgerEntry[];
  bookings: Booking[];
  now: Date;
}> = ({ chrome, person, own, forSelf, budgets, ledger, bookings, now }) => {
  const routes = [
    ...new Set<BudgetRoute>([
      ...budgets.map((budget) => budget.route),
      ...ledger.map((entry) => entry.route),
    ]),
  ];
  return (
    <Layout {...chrome}>
      {own ? (
        <a href={bookingsPath} class="govuk-back-link">
          Back to your bookings
        </a>
      ) : null}
      <span class="govuk-caption-l">
        {person.name}, council reference {person.reference}
      </span>
      <h1 class="govuk-heading-l">{forSelf ? 'Your statement' : 'Statement'}</h1>
      {budgets.length === 0 && ledger.length === 0 ? (
        <p class="govuk-body">
          {person.selfFunded
            ? `${forSelf ? 'You pay with your own money' : `${person.name} pays with their own money`}, so there is no budget to show.`
            : 'There is no budget for this period.'}
        </p>
      ) : null}
      {budgets.map((budget) => {
        const spent = spentPence(budget.entries);
        const adjusted = budget.entries
          .filter((entry) => entry.kind === 'adjustment')
          .reduce((sum, entry) => sum + entry.amountPence, 0);
        const coming = refundsOnTheirWay(bookings, budget.route, budget.period).reduce(
          (sum, { due }) => sum + due.amountPence,
          0,
        );
        return (
          <>
            <h2 class="govuk-heading-m">{routeNames[budget.route]} this period</h2>
            <dl class="govuk-summary-list">
              <SummaryRow label="Period">{periodText(budget.period)}</SummaryRow>
              <SummaryRow label="Budget for the period">
                {formatPounds(budget.allocationPence)} every {budget.periodWeeks}{' '}
                {budget.periodWeeks === 1 ? 'week' : 'weeks'}
              </SummaryRow>
              <SummaryRow label="Spent">{formatPounds(spent)}</SummaryRow>
              {adjusted ? <SummaryRow label="Adjustments">{formatPounds(adjusted)}</SummaryRow> : null}
              {budget.heldPence ? (
                <SummaryRow label="Waiting for card payment">{formatPounds(budget.heldPence)}</SummaryRow>
              ) : null}
              {coming ? (
                <SummaryRow label="Refunds on their way">{`${formatPounds(coming)}, not yet back`}</SummaryRow>
              ) : null}
              <SummaryRow label="Left to spend">
                <span class="govuk-!-font-weight-bold">{formatPounds(budget.remainingPence)}</span>
                {coming
                  ? ` (${formatPounds(budget.remainingPence + coming)} once the refunds on their way are back)`
                  : ''}
              </SummaryRow>
            </dl>
          </>
        );
      })}
      {routes.map((route) => {
        const entries = ledger.filter((entry) => entry.route === route);
        const owed = refundsOnTheirWay(bookings, route);
        return (
          <>
            {entries.length ? (
              <LedgerTable route={route} entries={entries} />
            ) : (
              <p class="govuk-body">
                Nothing has been spent from the {routeInSentence[route]} yet, so there is nothing to show.
              </p>
            )}
            {owed.length ? <RefundsOnTheirWay owed={owed} route={route} /> : null}
          </>
        );
      })}
      <h2 class="govuk-heading-m">Bookings</h2>
      <BookingsTable bookings={bookings} now={now} caption={`Bookings for ${person.name}`} />
    </Layout>
  );
};

/** The routes in the order the form offers them. */
export const routeOrder: FundingRoute[] = ['direct-payment', 'individual-service-fund', 'self-funded'];
