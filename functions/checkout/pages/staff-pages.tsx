import type { FC } from 'hono/jsx';
import { fundingRouteNames, representativeTypes } from '../../../shared/domain/users';
import type { FieldError } from '../../../shared/http/problem';
import { decimalPounds, formatPounds } from '../../../shared/money/pounds';
import { formatUkDate, formatUkDateTime } from '../../../shared/time/uk-dates';
import { csvDocument } from '../../../shared/web/csv';
import { CsrfField, Field, Fields, Fieldset, Radios, SelectField } from '../../../shared/web/form-components';
import type { FormField, FormValues, Option } from '../../../shared/web/form-fields';
import {
  SuccessBanner,
  SummaryRow,
  SvgFigure,
  Table,
  WarningText,
} from '../../../shared/web/govuk-components';
import { fieldError, Layout, type PageChrome } from '../../../shared/web/layout';
import type { Session } from '../../catalogue/domain/sessions';
import type { Attendance, Booking } from '../domain/bookings';
import { balanceOf, type LedgerEntry, ledgerKindNames } from '../domain/ledger';
import {
  contactPreferenceNames,
  contactPreferences,
  type Person,
  paymentRoutesOf,
  type RepresentativeLink,
  type RepresentativeRemoval,
  representativeTypeNames,
} from '../domain/people';
import { type SpendTotals, sessionsText, spentBy } from '../domain/spend';
import type { PayoutAccount } from '../repositories/stripe-records';

/**
 * Pages for council staff and providers: the council's people (with their budgets and
 * representatives), spend of council money, the ISF holder's statement, a session's register,
 * and setting up payouts with Stripe.
 */
export const peoplePath = '/checkout/people';

// ---------------------------------------------------------------------------------------------
// Months

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortMonthFormat = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: '2-digit',
  timeZone: 'UTC',
});
/** `2026-11` as people read it: November 2026. */
export const monthName = (month: string) => monthFormat.format(new Date(`${month}-15T12:00:00Z`));
const shortMonthName = (month: string) => shortMonthFormat.format(new Date(`${month}-15T12:00:00Z`));

// ---------------------------------------------------------------------------------------------
// People

const waysOfPaying = (person: Person) =>
  paymentRoutesOf(person)
    .map((route) => fundingRouteNames[route])
    .join(', ');

export const PeopleListPage: FC<{ chrome: PageChrome; people: Person[] }> = ({ chrome, people }) => (
  <Layout {...chrome}>
    <h1 class="govuk-heading-l">People</h1>
    <p class="govuk-body">
      People in your council who draw on care and support and book day opportunities, with the ways they can
      pay.
    </p>
    <a class="govuk-button" href={`${peoplePath}/new`} draggable="false" data-module="govuk-button">
      Add a person
    </a>
    {people.length ? (
      <Table caption="People" headings={['Name', 'Council reference', 'Home district', 'Ways of paying']}>
        {people.map((person) => (
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              <a class="govuk-link" href={`${peoplePath}/${person.id}`}>
                {person.name}
              </a>
            </th>
            <td class="govuk-table__cell">{person.reference}</td>
            <td class="govuk-table__cell">{person.homeDistrict}</td>
            <td class="govuk-table__cell">{waysOfPaying(person)}</td>
          </tr>
        ))}
      </Table>
    ) : (
      <p class="govuk-body">You have not added anybody yet.</p>
    )}
  </Layout>
);

/** What the person form offers that depends on the council. */
export interface PersonChoices {
  /** Provider organisations of the council that can hold an individual service fund. */
  holders: Option[];
  /** Sign-ins of people using services in the council. */
  personUsers: Option[];
}

export interface PersonSection {
  heading: string;
  hint?: string;
  fields: FormField[];
}

/** Fields drawn as a select rather than radios (long lists). */
const selectFields: Record<string, string> = {
  'individualServiceFund.holderProviderId': 'Choose an organisation',
  userId: 'No sign-in',
  'representative.userId': 'Choose a representative',
};

const budgetFields = (path: string, what: string): FormField[] => [
  {
    path: `${path}.amountPence`,
    kind: 'money',
    label: `${what} for each period, in pounds`,
    hint: 'For example, 480.00',
    width: 'govuk-input--width-5',
  },
  {
    path: `${path}.periodWeeks`,
    kind: 'number',
    label: `Weeks in each ${what.toLowerCase()} period`,
    hint: 'For example, 4',
    width: 'govuk-input--width-4',
  },
  {
    path: `${path}.startsOn`,
    kind: 'date',
    label: `Date the ${what.toLowerCase()} starts`,
    hint: 'For example, 2 11 2026',
  },
];

/** The person form, in page order: the route reads answers and orders errors by it. */
export function personSections(choices: PersonChoices): PersonSection[] {
  return [
    {
      heading: 'About them',
      fields: [
        { path: 'name', kind: 'text', label: 'Full name', autocomplete: 'off' },
        {
          path: 'reference',
          kind: 'text',
          label: 'Council reference',
          hint: 'The reference on their care and support plan, like DC-104233',
          width: 'govuk-input--width-10',
        },
        {
          path: 'homeDistrict',
          kind: 'text',
          label: 'Home postcode district',
          hint: 'The first part of their postcode, like DT1',
          width: 'govuk-input--width-5',
        },
      ],
    },
    {
      heading: 'Contact',
      fields: [
        {
          path: 'contactPreference',
          kind: 'radios',
          label: 'How would they like to be contacted?',
          options: contactPreferences.map((preference) => ({
            value: preference,
            label: contactPreferenceNames[preference],
          })),
        },
        {
          path: 'email',
          kind: 'email',
          label: 'Email address (optional unless they prefer email)',
          autocomplete: 'off',
        },
        {
          path: 'phone',
          kind: 'tel',
          label: 'Telephone number (optional unless they prefer a call or text)',
          autocomplete: 'off',
          width: 'govuk-input--width-20',
        },
      ],
    },
    {
      heading: 'Direct payment',
      hint: 'Leave this empty if they do not have a direct payment.',
      fields: budgetFields('directPayment', 'Direct payment'),
    },
    {
      heading: 'Individual service fund',
      hint: 'Leave this empty if they do not have an individual service fund.',
      fields: [
        {
          path: 'individualServiceFund.holderProviderId',
          kind: 'radios',
          label: 'Organisation that holds the fund',
          options: choices.holders,
        },
        ...budgetFields('individualServiceFund', 'Individual service fund'),
      ],
    },
    {
      heading: 'Own money',
      fields: [
        {
          path: 'selfFunded',
          kind: 'confirm',
          label: 'They can also pay with their own money (self-funded)',
        },
      ],
    },
    {
      heading: 'Their own sign-in',
      fields: [
        {
          path: 'userId',
          kind: 'radios',
          label: 'Sign-in they use to book for themselves (optional)',
          hint: 'Only sign-ins of people using services are listed.',
          options: choices.personUsers,
        },
      ],
    },
  ];
}

export const personFields = (choices: PersonChoices): FormField[] =>
  personSections(choices).flatMap((section) => section.fields);

/** Fields in order, each as its GOV.UK component; long lists as selects. */
const FormFields: FC<{ fields: FormField[]; values: FormValues; errors?: FieldError[] | undefined }> = ({
  fields,
  values,
  errors,
}) => {
  const errorFor = (path: string) => fieldError(errors, path);
  return (
    <>
      {fields.map((field) => {
        const empty = selectFields[field.path];
        return empty !== undefined ? (
          <SelectField field={field} values={values} error={errorFor(field.path)} empty={empty} />
        ) : (
          <Field field={field} values={values} error={errorFor(field.path)} />
        );
      })}
    </>
  );
};

export const representativeFields = (representatives: Option[]): FormField[] => [
  {
    path: 'representative.userId',
    kind: 'radios',
    label: 'Representative',
    hint: 'Only sign-ins of representatives who do not already act for them are listed.',
    options: representatives,
  },
  {
    path: 'representative.type',
    kind: 'radios',
    label: 'What kind of representative are they?',
    hint: 'A nominated person acts for someone who has capacity and chose them; an authorised person acts for someone who lacks capacity.',
    options: representativeTypes.map((type) => ({ value: type, label: representativeTypeNames[type] })),
  },
];

/** Where a commissioner's form takes a representative link away. */
export const removeRepresentativePath = (personId: string, userId: string) =>
  `${peoplePath}/${personId}/representatives/${userId}/remove`;

const Representatives: FC<{
  person: Person;
  links: RepresentativeLink[];
  removals: RepresentativeRemoval[];
  choices: Option[];
  values: FormValues;
  errors?: FieldError[] | undefined;
  csrfToken: string | undefined;
}> = ({ person, links, removals, choices, values, errors, csrfToken }) => (
  <>
    <h2 class="govuk-heading-l" id="representatives">
      Representatives
    </h2>
    <p class="govuk-body">People who may book and see bookings for {person.name}.</p>
    {links.length ? (
      <Table caption={`Representatives of ${person.name}`} headings={['Name', 'Type', 'Approved', 'Action']}>
        {links.map((link) => (
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              {link.userName}
            </th>
            <td class="govuk-table__cell">{representativeTypeNames[link.type]}</td>
            <td class="govuk-table__cell">
              By {link.approvedBy.name} on {formatUkDate(link.approvedAt)}
            </td>
            <td class="govuk-table__cell">
              <form method="post" action={removeRepresentativePath(person.id, link.userId)} novalidate>
                <CsrfField token={csrfToken} />
                <button
                  type="submit"
                  class="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                  data-module="govuk-button"
                >
                  Remove<span class="govuk-visually-hidden"> {link.userName}</span>
                </button>
              </form>
            </td>
          </tr>
        ))}
      </Table>
    ) : (
      <p class="govuk-body">Nobody represents {person.name} yet.</p>
    )}
    {removals.length ? (
      <Table
        caption="Representatives taken away"
        captionClass="govuk-table__caption--s"
        headings={['Name', 'Type', 'Approved', 'Taken away']}
      >
        {removals.map((removal) => (
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              {removal.userName}
            </th>
            <td class="govuk-table__cell">{representativeTypeNames[removal.type]}</td>
            <td class="govuk-table__cell">
              By {removal.approvedBy.name} on {formatUkDate(removal.approvedAt)}
            </td>
            <td class="govuk-table__cell">
              By {removal.removedBy.name} on {formatUkDate(removal.removedAt)}
            </td>
          </tr>
        ))}
      </Table>
    ) : null}
    <h3 class="govuk-heading-m">Add a representative</h3>
    {choices.length ? (
      <form method="post" action={`${peoplePath}/${person.id}/representatives`} novalidate>
        <CsrfField token={csrfToken} />
        <FormFields fields={representativeFields(choices)} values={values} errors={errors} />
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          Add representative
        </button>
      </form>
    ) : (
      <p class="govuk-body">
        There is no representative sign-in in your council that does not already act for {person.name}. A
        representative needs a sign-in first.
      </p>
    )}
  </>
);

/** The representatives section of a person's page: who acts for them, and who could be added. */
export interface RepresentativesSection {
  links: RepresentativeLink[];
  /** Links taken away, for the record. */
  removals: RepresentativeRemoval[];
  choices: Option[];
  values: FormValues;
  errors?: FieldError[] | undefined;
}

export const PersonFormPage: FC<{
  chrome: PageChrome;
  choices: PersonChoices;
  values: FormValues;
  errors?: FieldError[] | undefined;
  /** Editing: the person as saved, the version the form changes, and their representatives. */
  person?: Person | undefined;
  version?: number | undefined;
  representatives?: RepresentativesSection | undefined;
  notice?: string | undefined;
}> = ({ chrome, choices, values, errors, person, version, representatives, notice }) => (
  <Layout {...chrome}>
    <a href={peoplePath} class="govuk-back-link">
      Back to people
    </a>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <SuccessBanner notice={notice} />
        {person ? (
          <>
            <span class="govuk-caption-l">{person.reference}</span>
            <h1 class="govuk-heading-l">{person.name}</h1>
            <ul class="govuk-list">
              <li>
                <a class="govuk-link" href={`${peoplePath}/${person.id}/statement`}>
                  See {person.name}’s statement
                </a>
              </li>
              {person.directPayment || person.individualServiceFund ? (
                <li>
                  <a class="govuk-link" href={`${peoplePath}/${person.id}/adjustments`}>
                    Adjust a budget
                  </a>
                </li>
              ) : null}
              <li>
                <a class="govuk-link" href="#representatives">
                  Representatives
                </a>
              </li>
            </ul>
            <h2 class="govuk-heading-l">Details</h2>
          </>
        ) : (
          <h1 class="govuk-heading-l">Add a person</h1>
        )}
        <form method="post" action={person ? `${peoplePath}/${person.id}` : `${peoplePath}/new`} novalidate>
          <CsrfField token={chrome.csrfToken} />
          {version ? <input type="hidden" name="version" value={String(version)} /> : null}
          {personSections(choices).map((section) => (
            <>
              <h2 class="govuk-heading-m">{section.heading}</h2>
              {section.hint ? <p class="govuk-body">{section.hint}</p> : null}
              <FormFields fields={section.fields} values={values} errors={errors} />
            </>
          ))}
          <button type="submit" class="govuk-button" data-module="govuk-button">
            {person ? 'Save changes' : 'Add person'}
          </button>
        </form>
        {person && representatives ? (
          <Representatives
            person={person}
            links={representatives.links}
            removals={representatives.removals}
            choices={representatives.choices}
            values={representatives.values}
            errors={representatives.errors}
            csrfToken={chrome.csrfToken}
          />
        ) : null}
      </div>
    </div>
  </Layout>
);

// ---------------------------------------------------------------------------------------------
// Spend

/** Bars of spend per month, drawn on the server; the table below is the same figures in words. */
const SpendChart: FC<{ months: string[]; byMonth: Record<string, number>; range: string }> = ({
  months,
  byMonth,
  range,
}) => {
  if (!months.length) return null;
  const width = 640;
  const height = 320;
  const left = 72;
  const bottom = 40;
  const top = 28;
  const plotHeight = height - bottom - top;
  const values = months.map((month) => Math.max(0, byMonth[month] ?? 0));
  const highest = Math.max(...values, 100);
  const slot = (width - left - 8) / months.length;
  const barWidth = Math.min(64, slot * 0.7);
  const y = (pence: number) => top + plotHeight - (pence / highest) * plotHeight;
  const described = months.map((month) => `${monthName(month)}: ${formatPounds(byMonth[month] ?? 0)}`);
  return (
    <SvgFigure
      id="spend-chart"
      width={width}
      height={height}
      svgWidth="100%"
      title={`Spend of council money by month, ${range}`}
      description={`${described.join('; ')}. The table below has the same figures, by provider.`}
      caption="Spend of direct payments and individual service funds each month, less refunds."
    >
      <line
        x1={left}
        y1={y(0).toFixed(1)}
        x2={width - 8}
        y2={y(0).toFixed(1)}
        stroke="#0b0c0c"
        stroke-width="1"
      />
      <text x={left - 6} y={(y(highest) + 4).toFixed(1)} text-anchor="end" font-size="12" fill="#0b0c0c">
        {formatPounds(highest)}
      </text>
      <text x={left - 6} y={(y(0) + 4).toFixed(1)} text-anchor="end" font-size="12" fill="#0b0c0c">
        £0
      </text>
      {months.map((month, index) => {
        const pence = values[index] ?? 0;
        const x = left + slot * index + (slot - barWidth) / 2;
        return (
          <g>
            <rect
              x={x.toFixed(1)}
              y={y(pence).toFixed(1)}
              width={barWidth.toFixed(1)}
              height={(y(0) - y(pence)).toFixed(1)}
              fill="#1d70b8"
            />
            <text
              x={(x + barWidth / 2).toFixed(1)}
              y={(y(pence) - 6).toFixed(1)}
              text-anchor="middle"
              font-size="12"
              fill="#0b0c0c"
            >
              {formatPounds(byMonth[month] ?? 0)}
            </text>
            <text
              x={(x + barWidth / 2).toFixed(1)}
              y={(y(0) + 18).toFixed(1)}
              text-anchor="middle"
              font-size="12"
              fill="#0b0c0c"
            >
              {shortMonthName(month)}
            </text>
          </g>
        );
      })}
    </SvgFigure>
  );
};

export const spendFields: FormField[] = [
  { path: 'from', kind: 'date', label: 'From', hint: 'For example, 1 8 2026' },
  { path: 'to', kind: 'date', label: 'To', hint: 'For example, 24 11 2026' },
];

export const SpendPage: FC<{
  chrome: PageChrome;
  values: FormValues;
  errors?: FieldError[] | undefined;
  /** Absent when the dates have errors. */
  report?: { from: string; to: string; months: string[]; totals: SpendTotals } | undefined;
}> = ({ chrome, values, errors, report }) => {
  const range = report ? `${formatUkDate(report.from)} to ${formatUkDate(report.to)}` : '';
  return (
    <Layout {...chrome}>
      <h1 class="govuk-heading-l">Spend</h1>
      <p class="govuk-body">
        What direct payments and individual service funds paid to each provider, month by month, less refunds.
        Money people pay from their own pockets is not included.
      </p>
      <form method="get" action="/checkout/spend" novalidate class="govuk-!-margin-bottom-6">
        <Fields fields={spendFields} values={values} errors={errors} />
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show spend
        </button>
      </form>
      {report ? (
        <>
          <h2 class="govuk-heading-m">{range}</h2>
          <p class="govuk-body">
            <span class="govuk-heading-l govuk-!-margin-bottom-0">
              {formatPounds(report.totals.totalPence)}
            </span>{' '}
            spent in total
          </p>
          {report.totals.providers.length ? (
            <>
              <SpendChart months={report.months} byMonth={report.totals.byMonth} range={range} />
              <Table
                caption="Spend by provider and month"
                id="spend-table"
                headings={[
                  'Provider',
                  ...report.months.map((month) => ({ text: monthName(month), numeric: true as const })),
                  { text: 'Total', numeric: true },
                ]}
                foot={
                  <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">
                      All providers
                    </th>
                    {report.months.map((month) => (
                      <td class="govuk-table__cell govuk-table__cell--numeric">
                        <strong>{formatPounds(report.totals.byMonth[month] ?? 0)}</strong>
                      </td>
                    ))}
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                      <strong>{formatPounds(report.totals.totalPence)}</strong>
                    </td>
                  </tr>
                }
              >
                {report.totals.providers.map((provider) => (
                  <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">
                      {provider.providerName}
                    </th>
                    {report.months.map((month) => (
                      <td class="govuk-table__cell govuk-table__cell--numeric">
                        {formatPounds(provider.byMonth[month] ?? 0)}
                      </td>
                    ))}
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                      {formatPounds(provider.totalPence)}
                    </td>
                  </tr>
                ))}
              </Table>
            </>
          ) : (
            <p class="govuk-body">Nothing was spent between these dates.</p>
          )}
          <p class="govuk-body">
            <a
              class="govuk-link"
              href={`/checkout/spend.csv?${new URLSearchParams({ from: report.from, to: report.to })}`}
              download
            >
              Download as CSV
            </a>{' '}
            (one row for each payment or refund)
          </p>
        </>
      ) : null}
    </Layout>
  );
};

// ---------------------------------------------------------------------------------------------
// ISF statement

const entryWhat = (entry: LedgerEntry) =>
  entry.booking?.activityTitle ?? entry.note ?? ledgerKindNames[entry.kind];

export interface IsfStatementTotals {
  allocatedPence: number;
  spentPence: number;
  netPence: number;
}

export const isfTotals = (entries: LedgerEntry[]): IsfStatementTotals => ({
  allocatedPence: entries
    .filter((entry) => entry.kind === 'allocation')
    .reduce((sum, entry) => sum + entry.amountPence, 0),
  spentPence: entries.reduce((sum, entry) => sum + spentBy(entry), 0),
  netPence: balanceOf(entries),
});

export const IsfStatementPage: FC<{
  chrome: PageChrome;
  organisationName: string;
  month: string;
  months: string[];
  entries: LedgerEntry[];
}> = ({ chrome, organisationName, month, months, entries }) => {
  const totals = isfTotals(entries);
  return (
    <Layout {...chrome}>
      <span class="govuk-caption-l">{organisationName}</span>
      <h1 class="govuk-heading-l">Individual service fund statement</h1>
      <p class="govuk-body">
        Money in and out of the individual service funds you hold for people, as the council records it.
      </p>
      <form method="get" action="/checkout/isf-statement" novalidate class="govuk-!-margin-bottom-6">
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="month">
            Month
          </label>
          <select class="govuk-select" id="month" name="month">
            {months.map((option) => (
              <option value={option} selected={option === month}>
                {monthName(option)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show statement
        </button>
      </form>
      <h2 class="govuk-heading-m">{monthName(month)}</h2>
      <dl class="govuk-summary-list">
        <SummaryRow label="Budgets added">{formatPounds(totals.allocatedPence)}</SummaryRow>
        <SummaryRow label="Spent on bookings, less refunds">{formatPounds(totals.spentPence)}</SummaryRow>
        <SummaryRow label="Change in the funds">{formatPounds(totals.netPence)}</SummaryRow>
      </dl>
      {entries.length ? (
        <Table
          caption={`Entries in ${monthName(month)}`}
          headings={[
            'Date',
            'Person reference',
            'Activity',
            'Provider',
            { text: 'Amount', numeric: true },
            'Reference',
          ]}
        >
          {entries.map((entry) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">{formatUkDate(entry.at)}</td>
              <td class="govuk-table__cell">{entry.personReference}</td>
              <td class="govuk-table__cell">{entryWhat(entry)}</td>
              <td class="govuk-table__cell">{entry.booking?.providerName ?? ''}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{formatPounds(entry.amountPence)}</td>
              <td class="govuk-table__cell">{entry.paymentReference ?? ''}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p class="govuk-body">There are no entries in {monthName(month)}.</p>
      )}
      <p class="govuk-body">
        <a class="govuk-link" href={`/checkout/isf-statement.csv?month=${month}`} download>
          Download as CSV
        </a>
      </p>
    </Layout>
  );
};

/** The ISF holder's statement as a spreadsheet: one row per ledger entry. */
export function isfStatementCsv(entries: LedgerEntry[]): string {
  const header = [
    'Date',
    'Person reference',
    'Entry',
    'Activity',
    'Provider',
    'Sessions',
    'Amount (GBP)',
    'Reference',
    'Session ids',
  ];
  const rows = entries.map((entry) => [
    entry.at,
    entry.personReference,
    ledgerKindNames[entry.kind],
    entry.booking?.activityTitle ?? '',
    entry.booking?.providerName ?? '',
    sessionsText(entry.booking?.sessionIds ?? []),
    decimalPounds(entry.amountPence),
    entry.paymentReference ?? '',
    (entry.booking?.sessionIds ?? []).join(' '),
  ]);
  return csvDocument([header, ...rows]);
}

// ---------------------------------------------------------------------------------------------
// Register

const attendanceNames: Record<Attendance, string> = {
  attended: 'Attended',
  'did-not-attend': 'Did not attend',
};

const attendanceOptions: Option[] = (['attended', 'did-not-attend'] as const).map((mark) => ({
  value: mark,
  label: attendanceNames[mark],
}));

export const attendanceFieldId = (bookingId: string) => `attendance-${bookingId}`;

const AttendanceForm: FC<{
  session: Session;
  booking: Booking;
  marked: Attendance | undefined;
  error: string | undefined;
  csrfToken: string | undefined;
}> = ({ session, booking, marked, error, csrfToken }) => {
  const id = attendanceFieldId(booking.id);
  return (
    <form method="post" action={`/checkout/sessions/${session.id}/register`} novalidate>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="bookingId" value={booking.id} />
      <Fieldset
        legend={`Did ${booking.personName} attend?`}
        id={id}
        error={error}
        groupClass="govuk-!-margin-bottom-2"
      >
        <Radios
          id={id}
          name="attendance"
          options={attendanceOptions}
          value={marked}
          modifiers="govuk-radios--inline govuk-radios--small"
        />
      </Fieldset>
      <button
        type="submit"
        class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
        data-module="govuk-button"
      >
        Save<span class="govuk-visually-hidden"> attendance for {booking.personName}</span>
      </button>
    </form>
  );
};

export const RegisterPage: FC<{
  chrome: PageChrome;
  activityTitle: string;
  session: Session;
  bookings: Booking[];
  started: boolean;
  notice?: string | undefined;
  /** A refused mark: which booking, and why. */
  refusal?: { bookingId: string; message: string } | undefined;
}> = ({ chrome, activityTitle, session, bookings, started, notice, refusal }) => {
  const markOf = (booking: Booking) =>
    booking.lines.find((line) => line.sessionId === session.id)?.attendance;
  const places = bookings.reduce((sum, booking) => sum + booking.places, 0);
  return (
    <Layout {...chrome}>
      <a href={`/catalogue/provider/activities/${session.activityId}/sessions`} class="govuk-back-link">
        Back to sessions
      </a>
      <SuccessBanner notice={notice} />
      <span class="govuk-caption-l">{activityTitle}</span>
      <h1 class="govuk-heading-l">Register</h1>
      <dl class="govuk-summary-list">
        <SummaryRow label="Date">{formatUkDate(session.date)}</SummaryRow>
        <SummaryRow label="Time">
          {session.starts} to {session.ends}
        </SummaryRow>
        <SummaryRow label="Places booked">
          {places} of {session.places}
        </SummaryRow>
      </dl>
      {session.status === 'cancelled' ? (
        <WarningText>This session is cancelled.</WarningText>
      ) : started ? null : (
        <div class="govuk-inset-text">
          You can mark attendance once the session starts, at {formatUkDateTime(session.startsAt)}.
        </div>
      )}
      {bookings.length ? (
        <Table
          caption="People booked"
          headings={[
            'Name',
            { text: 'Places', numeric: true },
            'Attendance',
            ...(started ? ['Mark attendance'] : []),
          ]}
        >
          {bookings.map((booking) => {
            const marked = markOf(booking);
            return (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {booking.personName}
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{booking.places}</td>
                <td class="govuk-table__cell">
                  {marked ? (
                    <strong
                      class={`govuk-tag ${marked === 'attended' ? 'govuk-tag--green' : 'govuk-tag--red'}`}
                    >
                      {attendanceNames[marked]}
                    </strong>
                  ) : (
                    <strong class="govuk-tag govuk-tag--grey">Not marked</strong>
                  )}
                </td>
                {started ? (
                  <td class="govuk-table__cell">
                    <AttendanceForm
                      session={session}
                      booking={booking}
                      marked={marked}
                      error={refusal?.bookingId === booking.id ? refusal.message : undefined}
                      csrfToken={chrome.csrfToken}
                    />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </Table>
      ) : (
        <p class="govuk-body">Nobody has booked this session yet.</p>
      )}
    </Layout>
  );
};

// ---------------------------------------------------------------------------------------------
// Payouts

export const PayoutsPage: FC<{ chrome: PageChrome; account: PayoutAccount | undefined }> = ({
  chrome,
  account,
}) => {
  const state = !account ? 'none' : account.chargesEnabled ? 'ready' : 'details';
  return (
    <Layout {...chrome}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">Card payments and payouts</h1>
          <p class="govuk-body">
            People who pay by card, including with a direct payment card, pay through Stripe. Stripe pays the
            money into your organisation’s bank account. Bookings paid from an individual service fund do not
            need this.
          </p>
          <dl class="govuk-summary-list">
            <SummaryRow label="Status" valueId="payouts-status">
              {state === 'none' ? (
                <strong class="govuk-tag govuk-tag--grey">Not set up</strong>
              ) : state === 'details' ? (
                <strong class="govuk-tag govuk-tag--yellow">Stripe needs more details</strong>
              ) : (
                <strong class="govuk-tag govuk-tag--green">Ready to take card payments</strong>
              )}
            </SummaryRow>
            {account ? (
              <SummaryRow label="Payouts to your bank">
                {account.payoutsEnabled ? 'Switched on' : 'Not switched on yet'}
              </SummaryRow>
            ) : null}
          </dl>
          {state === 'none' ? (
            <p class="govuk-body">
              Set up payouts to take card payments for your sessions. Stripe asks for your organisation’s
              details and bank account on its own pages, then sends you back here.
            </p>
          ) : state === 'details' ? (
            <p class="govuk-body">
              Stripe still needs some details before people can pay you by card. Continue on Stripe’s pages to
              finish. It can take a few minutes for this page to change after you finish.
            </p>
          ) : (
            <p class="govuk-body">People can pay for your sessions by card.</p>
          )}
          {state === 'ready' ? null : (
            <form method="post" action="/checkout/payouts" novalidate>
              <CsrfField token={chrome.csrfToken} />
              <button type="submit" class="govuk-button" data-module="govuk-button">
                {state === 'none' ? 'Set up payouts with Stripe' : 'Continue setting up with Stripe'}
              </button>
            </form>
          )}
        </div>
      </div>
    </Layout>
  );
};

// Budget adjustment -------------------------------------------------------------------------------

/** The fields of a budget adjustment: which budget, which way, how much, and why. */
export function adjustmentFields(routes: { value: string; label: string }[]): FormField[] {
  return [
    { path: 'route', kind: 'radios', label: 'Which budget?', options: routes },
    {
      path: 'direction',
      kind: 'radios',
      label: 'Add or take away?',
      options: [
        { value: 'add', label: 'Add money to the budget' },
        { value: 'take', label: 'Take money from the budget' },
      ],
    },
    {
      path: 'amountPence',
      kind: 'money',
      label: 'How much?',
      hint: 'In pounds and pence, like 25.00',
      width: 'govuk-input--width-10',
    },
    {
      path: 'note',
      kind: 'textarea',
      label: 'Why is the budget being adjusted?',
      hint: 'This shows on the person’s statement.',
    },
  ];
}

/**
 * A commissioner corrects a budget in its current period: a new ledger entry, never a change to
 * an old one.
 */
export const AdjustmentPage: FC<{
  chrome: PageChrome;
  person: Person;
  fields: FormField[];
  values: FormValues;
  errors?: FieldError[] | undefined;
}> = ({ chrome, person, fields, values, errors }) => (
  <Layout {...chrome}>
    <a href={`${peoplePath}/${person.id}`} class="govuk-back-link">
      Back to {person.name}
    </a>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{person.name}</span>
        <h1 class="govuk-heading-l">Adjust a budget</h1>
        <p class="govuk-body">
          The adjustment counts in this budget period. It is added to the ledger with your name and reason;
          nothing already there changes.
        </p>
        <form method="post" novalidate>
          <CsrfField token={chrome.csrfToken} />
          <Fields fields={fields} values={values} errors={errors} />
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Add the adjustment
          </button>
        </form>
      </div>
    </div>
  </Layout>
);
