import type { FC } from 'hono/jsx';
import { needNames, needsSupported } from '../../../shared/domain/needs';
import { fundingRouteNames, fundingRoutes } from '../../../shared/domain/users';
import type { FieldError } from '../../../shared/http/problem';
import { weekdays } from '../../../shared/time/london-time';
import { formatUkDate, formatUkDateTime } from '../../../shared/time/uk-dates';
import { CsrfField, ErrorMessage, Fields } from '../../../shared/web/form-components';
import { type FormField, type FormValues, fieldId, type Option } from '../../../shared/web/form-fields';
import { SuccessBanner, SummaryRow, Table, WarningText } from '../../../shared/web/govuk-components';
import { fieldError, Layout, type PageChrome } from '../../../shared/web/layout';
import {
  type Activity,
  type ActivityStatus,
  accessibilityFeatures,
  accessibilityNames,
  activityTypeNames,
  activityTypes,
  priceUnits,
} from '../domain/activity';
import { placesLeft, type Session } from '../domain/sessions';

/**
 * The provider's pages for publishing: their activities, the activity form (create and edit, with
 * publish and withdraw), the sessions with places left, and cancelling one session.
 */
export const activitiesPath = '/catalogue/provider/activities';

/** Day-and-time rows on the form: 7 to start with, more when an activity already has more slots. */
export const defaultSlotRows = 7;
export const maxSlotRows = 14;

/** What the form offers that depends on the provider and the council. */
export interface ActivityChoices {
  /** The lots of the provider's membership. */
  lots: Option[];
  /** Published hubs in the council a spoke can belong to; no hub question without any. */
  hubs: Option[];
  slotRows: number;
}

export interface ActivitySection {
  heading: string;
  fields: FormField[];
  /** The weekly rows, drawn as rows of day, start and end. */
  slots?: boolean;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The part of the hint every time shares; the time inputs point at it. */
export const timesHintId = 'schedule-slots-hint';

/** The activity form, in page order: the route reads answers and orders errors by it. */
export function activitySections(choices: ActivityChoices): ActivitySection[] {
  const slotRows = Math.min(Math.max(choices.slotRows, defaultSlotRows), maxSlotRows);
  return [
    {
      heading: 'About the activity',
      fields: [
        { path: 'title', kind: 'text', label: 'Title', hint: 'For example, Kitchen garden mornings' },
        {
          path: 'description',
          kind: 'textarea',
          label: 'Description',
          hint: 'What happens, who it suits and what people get out of it. People see this when they search.',
        },
        {
          path: 'lotId',
          kind: 'radios',
          label: 'Which lot of your membership is it offered under?',
          options: choices.lots,
        },
        {
          path: 'activityType',
          kind: 'radios',
          label: 'Type of activity',
          options: activityTypes.map((type) => ({ value: type, label: activityTypeNames[type] })),
        },
        {
          path: 'setting',
          kind: 'radios',
          label: 'Is it a hub or a spoke?',
          options: [
            { value: 'hub', label: 'Hub (building-based)' },
            { value: 'spoke', label: 'Spoke (out in the community)' },
          ],
        },
        ...(choices.hubs.length
          ? [
              {
                path: 'hubId',
                kind: 'radios',
                label: 'Which hub does this spoke belong to? (optional)',
                hint: 'Only a spoke can belong to a hub.',
                options: [{ value: '', label: 'None' }, ...choices.hubs],
              } satisfies FormField,
            ]
          : []),
      ],
    },
    {
      heading: 'Where',
      fields: [
        { path: 'venue.name', kind: 'text', label: 'Venue name' },
        { path: 'venue.addressLine1', kind: 'text', label: 'Address line 1', autocomplete: 'address-line1' },
        {
          path: 'venue.addressLine2',
          kind: 'text',
          label: 'Address line 2 (optional)',
          autocomplete: 'address-line2',
        },
        {
          path: 'venue.town',
          kind: 'text',
          label: 'Town or city',
          autocomplete: 'address-level2',
          width: 'govuk-input--width-20',
        },
        {
          path: 'venue.postcode',
          kind: 'text',
          label: 'Postcode',
          autocomplete: 'postal-code',
          width: 'govuk-input--width-10',
        },
      ],
    },
    {
      heading: 'When',
      slots: true,
      fields: Array.from({ length: slotRows }, (_, row): FormField[] => [
        {
          path: `schedule.slots.${row}.day`,
          kind: 'radios',
          label: 'Day',
          group: `Day and time ${row + 1}`,
          options: weekdays.map((day) => ({ value: day, label: capitalised(day) })),
        },
        {
          path: `schedule.slots.${row}.starts`,
          kind: 'text',
          label: 'Start time',
          group: `Day and time ${row + 1}`,
        },
        {
          path: `schedule.slots.${row}.ends`,
          kind: 'text',
          label: 'End time',
          group: `Day and time ${row + 1}`,
        },
      ]).flat(),
    },
    {
      heading: 'Dates',
      fields: [
        {
          path: 'schedule.startsOn',
          kind: 'date',
          label: 'First date',
          hint: 'Sessions start from this date. For example, 27 3 2027',
        },
        {
          path: 'schedule.endsOn',
          kind: 'date',
          label: 'Last date (optional)',
          hint: 'Leave this empty if the activity carries on.',
        },
        {
          path: 'schedule.exceptions',
          kind: 'list',
          label: 'Dates with no sessions (optional)',
          hint: 'For example, bank holidays. Write each date as day/month/year, like 25/12/2026, with a comma between dates.',
        },
      ],
    },
    {
      heading: 'Places and price',
      fields: [
        {
          path: 'placesPerSession',
          kind: 'number',
          label: 'Places in each session',
          width: 'govuk-input--width-4',
        },
        {
          path: 'price.amountPence',
          kind: 'money',
          label: 'Price, in pounds',
          hint: 'Enter 0 if it is free',
          width: 'govuk-input--width-5',
        },
        {
          path: 'price.per',
          kind: 'radios',
          label: 'Is the price per session or per hour?',
          options: priceUnits.map((unit) => ({ value: unit, label: `Per ${unit}` })),
        },
        {
          path: 'funding',
          kind: 'checkboxes',
          label: 'How can people pay?',
          hint: 'Select all that apply.',
          options: fundingRoutes.map((route) => ({
            value: route,
            label: route === 'self-funded' ? 'Their own money (self-funded)' : fundingRouteNames[route],
          })),
        },
      ],
    },
    {
      heading: 'Who it is for',
      fields: [
        {
          path: 'needs',
          kind: 'checkboxes',
          label: 'Which needs does it support? (optional)',
          hint: 'Select all that apply.',
          options: needsSupported.map((need) => ({ value: need, label: needNames[need] })),
        },
        {
          path: 'accessibility',
          kind: 'checkboxes',
          label: 'Accessibility (optional)',
          hint: 'Select all that apply.',
          options: accessibilityFeatures.map((feature) => ({
            value: feature,
            label: accessibilityNames[feature],
          })),
        },
        {
          path: 'ageRange.from',
          kind: 'number',
          label: 'Youngest age',
          hint: '16 or over',
          width: 'govuk-input--width-4',
        },
        {
          path: 'ageRange.to',
          kind: 'number',
          label: 'Oldest age (optional)',
          width: 'govuk-input--width-4',
        },
        {
          path: 'whatToBring',
          kind: 'textarea',
          label: 'What to bring (optional)',
          hint: 'For example, outdoor clothes and a packed lunch',
        },
      ],
    },
    {
      heading: 'Contact',
      fields: [
        { path: 'contact.name', kind: 'text', label: 'Contact name', autocomplete: 'name' },
        {
          path: 'contact.email',
          kind: 'email',
          label: 'Contact email address',
          autocomplete: 'email',
        },
        {
          path: 'contact.phone',
          kind: 'tel',
          label: 'Contact phone number (optional)',
          autocomplete: 'tel',
          width: 'govuk-input--width-20',
        },
      ],
    },
  ];
}

/** Every field of the activity form, in page order. */
export const activityFields = (choices: ActivityChoices): FormField[] =>
  activitySections(choices).flatMap((section) => section.fields);

const statusNames: Record<ActivityStatus, { label: string; colour: string }> = {
  draft: { label: 'Draft', colour: 'govuk-tag--grey' },
  published: { label: 'Published', colour: 'govuk-tag--green' },
  withdrawn: { label: 'Withdrawn', colour: 'govuk-tag--red' },
};

export const ActivityStatusTag: FC<{ status: ActivityStatus }> = ({ status }) => (
  <strong class={`govuk-tag ${statusNames[status].colour}`}>{statusNames[status].label}</strong>
);

const single = (value: string | string[] | undefined) =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');

/**
 * One row per weekly session: a select for the day (seven radios on each of seven rows would be a
 * long page), start and end times. The ids are the fields' ids, for the error summary's links.
 */
const SlotRows: FC<{ fields: FormField[]; values: FormValues; errors?: FieldError[] | undefined }> = ({
  fields,
  values,
  errors,
}) => {
  const rows = fields.filter((field) => field.path.endsWith('.day'));
  const errorFor = (path: string) => fieldError(errors, path);
  return (
    <>
      <div id={timesHintId} class="govuk-hint">
        Add a row for each weekly session. Write times on the 24-hour clock. For example, 10:00 or 18:30.
        Leave the rows you do not need empty.
      </div>
      {rows.map((dayField, row) => {
        const prefix = dayField.path.replace(/\.day$/, '');
        const parts = (['day', 'starts', 'ends'] as const).map((part) => {
          const path = `${prefix}.${part}`;
          return { part, path, id: fieldId(path), error: errorFor(path) };
        });
        const rowErrors = parts.filter((part) => part.error);
        return (
          <div class={`govuk-form-group${rowErrors.length ? ' govuk-form-group--error' : ''}`}>
            <fieldset
              class="govuk-fieldset"
              aria-describedby={[timesHintId, ...rowErrors.map((part) => `${part.id}-error`)].join(' ')}
            >
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Day and time {row + 1}</legend>
              {rowErrors.map((part) => (
                <ErrorMessage id={part.id} text={part.error} />
              ))}
              <div class="govuk-date-input">
                {parts.map(({ part, path, id, error }) => (
                  <div class="govuk-date-input__item">
                    <div class="govuk-form-group">
                      <label class="govuk-label govuk-date-input__label" for={id}>
                        {part === 'day' ? 'Day' : part === 'starts' ? 'Start time' : 'End time'}
                      </label>
                      {part === 'day' ? (
                        <select
                          class={`govuk-select${error ? ' govuk-select--error' : ''}`}
                          id={id}
                          name={path}
                        >
                          <option value="" selected={!single(values[path])}>
                            No session
                          </option>
                          {(dayField.options ?? []).map((option) => (
                            <option value={option.value} selected={single(values[path]) === option.value}>
                              {option.label}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          class={`govuk-input govuk-input--width-5${error ? ' govuk-input--error' : ''}`}
                          id={id}
                          name={path}
                          type="text"
                          autocomplete="off"
                          value={single(values[path])}
                          aria-describedby={timesHintId}
                        />
                      )}
                    </div>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
        );
      })}
    </>
  );
};

export interface ActivityRow {
  activity: Activity;
  /** The next session that can still be booked, if any. */
  next?: Session | undefined;
}

export const MyActivitiesPage: FC<{
  chrome: PageChrome;
  rows: ActivityRow[];
  /** Without an active membership the provider can look, but not add or publish. */
  canPublish: boolean;
  warning?: string | undefined;
}> = ({ chrome, rows, canPublish, warning }) => (
  <Layout {...chrome}>
    <a href="/applications" class="govuk-back-link">
      Back to your applications
    </a>
    <h1 class="govuk-heading-l">My activities</h1>
    {warning ? <WarningText>{warning}</WarningText> : null}
    {canPublish ? (
      <a class="govuk-button" href={`${activitiesPath}/new`} draggable="false" data-module="govuk-button">
        Add an activity
      </a>
    ) : null}
    {rows.length ? (
      <Table
        caption="Your activities"
        headings={['Activity', 'Status', 'Next session', { text: 'Places left', numeric: true }, 'Actions']}
      >
        {rows.map(({ activity, next }) => (
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              {activity.title}
            </th>
            <td class="govuk-table__cell">
              <ActivityStatusTag status={activity.status} />
            </td>
            <td class="govuk-table__cell">
              {next
                ? formatUkDateTime(next.startsAt)
                : activity.status === 'published'
                  ? 'None coming up'
                  : 'Not published'}
            </td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              {next ? (placesLeft(next) === 0 ? 'Full' : placesLeft(next)) : ''}
            </td>
            <td class="govuk-table__cell">
              <ul class="govuk-list govuk-!-margin-bottom-0">
                <li>
                  <a class="govuk-link" href={`${activitiesPath}/${activity.id}/edit`}>
                    Edit<span class="govuk-visually-hidden"> {activity.title}</span>
                  </a>
                </li>
                <li>
                  <a class="govuk-link" href={`${activitiesPath}/${activity.id}/sessions`}>
                    Sessions<span class="govuk-visually-hidden"> of {activity.title}</span>
                  </a>
                </li>
              </ul>
            </td>
          </tr>
        ))}
      </Table>
    ) : (
      <p class="govuk-body">You have not added any activities yet.</p>
    )}
  </Layout>
);

/** Status, and publish or withdraw as small forms of their own (forms cannot sit inside the main one). */
const Publishing: FC<{ activity: Activity; csrfToken: string | undefined }> = ({ activity, csrfToken }) => {
  const action = activity.status === 'published' ? 'withdraw' : 'publish';
  return (
    <>
      <dl class="govuk-summary-list">
        <SummaryRow label="Status">
          <ActivityStatusTag status={activity.status} />
        </SummaryRow>
        <SummaryRow label="Sessions">
          <a class="govuk-link" href={`${activitiesPath}/${activity.id}/sessions`}>
            See sessions and places left
          </a>
        </SummaryRow>
        {activity.status === 'published' ? (
          <SummaryRow label="Public page">
            <a class="govuk-link" href={`/catalogue/activities/${activity.id}`}>
              See it as people searching see it
            </a>
          </SummaryRow>
        ) : null}
      </dl>
      <p class="govuk-body">
        {activity.status === 'draft'
          ? 'This is a draft: nobody can find it yet. Publishing uses the details you last saved.'
          : activity.status === 'published'
            ? 'People can find and book this activity. Withdrawing it takes it out of search; you cannot withdraw it while future sessions have bookings.'
            : 'This activity is withdrawn: nobody can find it. You can publish it again.'}
      </p>
      <form method="post" action={`${activitiesPath}/${activity.id}/${action}`} novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="version" value={String(activity.version)} />
        <button
          type="submit"
          id={action}
          class={`govuk-button${action === 'withdraw' ? ' govuk-button--warning' : ''}`}
          data-module="govuk-button"
        >
          {action === 'withdraw' ? 'Withdraw activity' : 'Publish activity'}
        </button>
      </form>
    </>
  );
};

export const ActivityFormPage: FC<{
  chrome: PageChrome;
  action: string;
  choices: ActivityChoices;
  values: FormValues;
  errors?: FieldError[] | undefined;
  /** Editing: the activity as saved. */
  activity?: Activity | undefined;
  /** The version the form is editing (may be newer than the page's first load after a conflict). */
  version?: number | undefined;
  notice?: string | undefined;
}> = ({ chrome, action, choices, values, errors, activity, version, notice }) => (
  <Layout {...chrome}>
    <a href={activitiesPath} class="govuk-back-link">
      Back to my activities
    </a>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <SuccessBanner notice={notice}>
          {activity?.status === 'published' ? (
            <p class="govuk-body">
              <a class="govuk-notification-banner__link" href={`${activitiesPath}/${activity.id}/sessions`}>
                See its sessions
              </a>
            </p>
          ) : null}
        </SuccessBanner>
        {activity ? (
          <>
            <span class="govuk-caption-l">Edit activity</span>
            <h1 class="govuk-heading-l">{activity.title}</h1>
            <Publishing activity={activity} csrfToken={chrome.csrfToken} />
          </>
        ) : (
          <h1 class="govuk-heading-l">Add an activity</h1>
        )}
        <p class="govuk-body">
          {activity?.status === 'published'
            ? 'Changes show in search as soon as you save. A change cannot drop sessions that have bookings, change their times, or leave them fewer places than are booked: cancel those sessions first.'
            : 'It is saved as a draft. You can publish it after saving.'}
        </p>
        <form method="post" action={action} novalidate>
          <CsrfField token={chrome.csrfToken} />
          {version ? <input type="hidden" name="version" value={String(version)} /> : null}
          {activitySections(choices).map((section) => (
            <>
              <h2 class="govuk-heading-m">{section.heading}</h2>
              {section.slots ? (
                <SlotRows fields={section.fields} values={values} errors={errors} />
              ) : (
                <Fields fields={section.fields} values={values} errors={errors} />
              )}
            </>
          ))}
          <button type="submit" class="govuk-button" data-module="govuk-button">
            {activity ? 'Save changes' : 'Save as draft'}
          </button>
        </form>
      </div>
    </div>
  </Layout>
);

const sessionTime = (session: Session) => `${session.starts} to ${session.ends}`;

export const ActivitySessionsPage: FC<{
  chrome: PageChrome;
  activity: Activity;
  sessions: Session[];
  /** Sessions starting after this can be cancelled. */
  now: string;
  notice?: string | undefined;
}> = ({ chrome, activity, sessions, now, notice }) => (
  <Layout {...chrome}>
    <a href={`${activitiesPath}/${activity.id}/edit`} class="govuk-back-link">
      Back to the activity
    </a>
    <SuccessBanner notice={notice} />
    <span class="govuk-caption-l">{activity.title}</span>
    <h1 class="govuk-heading-l">Sessions</h1>
    <p class="govuk-body">
      Status: <ActivityStatusTag status={activity.status} />
    </p>
    {activity.status !== 'published' && sessions.length ? (
      <div class="govuk-inset-text">
        This activity is not published, so these sessions are hidden from search and cannot be booked. They
        come back if you publish it again.
      </div>
    ) : null}
    {sessions.length ? (
      <Table
        caption="Sessions from today"
        headings={[
          'Date',
          'Time',
          { text: 'Places', numeric: true },
          { text: 'Places left', numeric: true },
          'Status',
          'Actions',
        ]}
      >
        {sessions.map((session) => (
          <tr class="govuk-table__row">
            <td class="govuk-table__cell">{formatUkDate(session.date)}</td>
            <td class="govuk-table__cell">{sessionTime(session)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{session.places}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              {session.status === 'cancelled' ? '' : placesLeft(session)}
            </td>
            <td class="govuk-table__cell">
              {session.status === 'cancelled' ? (
                <>
                  <strong class="govuk-tag govuk-tag--red">Cancelled</strong>
                  {session.cancelledReason ? (
                    <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                      {session.cancelledReason}
                    </p>
                  ) : null}
                </>
              ) : session.startsAt <= now ? (
                <strong class="govuk-tag govuk-tag--grey">Started</strong>
              ) : (
                <strong class="govuk-tag govuk-tag--blue">Scheduled</strong>
              )}
            </td>
            <td class="govuk-table__cell">
              <ul class="govuk-list govuk-!-margin-bottom-0">
                <li>
                  <a class="govuk-link" href={`/checkout/sessions/${session.id}/register`}>
                    Register
                    <span class="govuk-visually-hidden">
                      {' '}
                      for {formatUkDate(session.date)} at {session.starts}
                    </span>
                  </a>
                </li>
                {session.status === 'scheduled' && session.startsAt > now ? (
                  <li>
                    <a class="govuk-link" href={`/catalogue/provider/sessions/${session.id}/cancel`}>
                      Cancel session
                      <span class="govuk-visually-hidden">
                        {' '}
                        on {formatUkDate(session.date)} at {session.starts}
                      </span>
                    </a>
                  </li>
                ) : null}
              </ul>
            </td>
          </tr>
        ))}
      </Table>
    ) : (
      <p class="govuk-body">
        {activity.status === 'published'
          ? 'There are no sessions coming up.'
          : 'There are no sessions. Sessions are made for the weeks ahead when you publish the activity.'}
      </p>
    )}
  </Layout>
);

export const cancelFields: FormField[] = [
  {
    path: 'reason',
    kind: 'textarea',
    label: 'Why are you cancelling this session?',
    hint: 'People who booked see this. Their bookings are refunded.',
  },
];

export const CancelSessionPage: FC<{
  chrome: PageChrome;
  activity: Activity;
  session: Session;
  values: FormValues;
  errors?: FieldError[] | undefined;
}> = ({ chrome, activity, session, values, errors }) => (
  <Layout {...chrome}>
    <a href={`${activitiesPath}/${activity.id}/sessions`} class="govuk-back-link">
      Back to sessions
    </a>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{activity.title}</span>
        <h1 class="govuk-heading-l">Cancel the session on {formatUkDate(session.date)}</h1>
        <dl class="govuk-summary-list">
          <SummaryRow label="Time">{sessionTime(session)}</SummaryRow>
          <SummaryRow label="Places booked">
            {session.booked} of {session.places}
          </SummaryRow>
        </dl>
        <WarningText>You cannot undo this. The session cannot be booked again.</WarningText>
        <form method="post" action={`/catalogue/provider/sessions/${session.id}/cancel`} novalidate>
          <CsrfField token={chrome.csrfToken} />
          <Fields fields={cancelFields} values={values} errors={errors} />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
              Cancel session
            </button>
            <a class="govuk-link" href={`${activitiesPath}/${activity.id}/sessions`}>
              Keep the session
            </a>
          </div>
        </form>
      </div>
    </div>
  </Layout>
);

/** For providers who cannot publish: why, and where to go. */
export const NotMemberPage: FC<{ chrome: PageChrome; reason: string }> = ({ chrome, reason }) => (
  <Layout {...chrome}>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">You cannot publish activities yet</h1>
        <p class="govuk-body">
          Only organisations with an approved, active membership of the council’s framework can publish
          activities.
        </p>
        <p class="govuk-body">{reason}</p>
        <p class="govuk-body">
          <a class="govuk-link" href="/applications">
            Go to your applications and membership
          </a>
        </p>
      </div>
    </div>
  </Layout>
);
