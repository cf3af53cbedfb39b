import type { FC } from 'hono/jsx';
import { needNames, needsSupported } from '../../../shared/domain/needs';
import { fundingRouteNames, fundingRoutes } from '../../../shared/domain/users';
import type { FieldError } from '../../../shared/http/problem';
import { weekdays } from '../../../shared/time/london-time';
import { formatUkDateTime } from '../../../shared/time/uk-dates';
import { Field } from '../../../shared/web/form-components';
import type { FormField, FormValues } from '../../../shared/web/form-fields';
import { SummaryRow, Table } from '../../../shared/web/govuk-components';
import { fieldError, Layout, type PageChrome } from '../../../shared/web/layout';
import {
  type AccessibilityFeature,
  type Activity,
  accessibilityFeatures,
  accessibilityNames,
  activityTypeNames,
  activityTypes,
} from '../domain/activity';
import { type Listing, timeOfDayNames, timesOfDay } from '../domain/listing';
import { distancesMiles } from '../domain/search';
import { placesLeft, type Session } from '../domain/sessions';
import type { SearchResult } from '../services/search-service';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Where to search: near a postcode, or anywhere in one council. */
export const whereFields = (councils: { id: string; name: string }[]): FormField[] => [
  {
    path: 'postcode',
    kind: 'text',
    label: 'Postcode',
    hint: 'For example, DT1 1AA. Leave it blank to search anywhere in a council.',
    autocomplete: 'postal-code',
    width: 'govuk-input--width-10',
  },
  {
    path: 'distance',
    kind: 'radios',
    label: 'How far can you travel?',
    options: distancesMiles.map((miles) => ({ value: String(miles), label: `Within ${miles} miles` })),
  },
  {
    path: 'council',
    kind: 'radios',
    label: 'Or search anywhere in',
    options: councils.map((council) => ({ value: council.id, label: council.name })),
  },
];

export const filterFields: FormField[] = [
  {
    path: 'type',
    kind: 'checkboxes',
    label: 'Type of activity',
    options: activityTypes.map((type) => ({ value: type, label: activityTypeNames[type] })),
  },
  {
    path: 'setting',
    kind: 'radios',
    label: 'Hub or community',
    options: [
      { value: '', label: 'Either' },
      { value: 'hub', label: 'Hub (building-based)' },
      { value: 'spoke', label: 'Out in the community' },
    ],
  },
  {
    path: 'day',
    kind: 'checkboxes',
    label: 'Day',
    options: weekdays.map((day) => ({ value: day, label: capitalised(day) })),
  },
  {
    path: 'time',
    kind: 'checkboxes',
    label: 'Time',
    options: timesOfDay.map((time) => ({ value: time, label: timeOfDayNames[time] })),
  },
  {
    path: 'needs',
    kind: 'checkboxes',
    label: 'Support for',
    options: needsSupported.map((need) => ({ value: need, label: needNames[need] })),
  },
  {
    path: 'access',
    kind: 'checkboxes',
    label: 'Accessibility',
    options: accessibilityFeatures.map((feature) => ({ value: feature, label: accessibilityNames[feature] })),
  },
  {
    path: 'funding',
    kind: 'radios',
    label: 'How will you pay?',
    options: [
      { value: '', label: 'Any way' },
      ...fundingRoutes.map((route) => ({ value: route, label: fundingRouteNames[route] })),
    ],
  },
  {
    path: 'maxPrice',
    kind: 'text',
    label: 'Most you want to pay, in pounds',
    hint: 'For example, 20',
    width: 'govuk-input--width-5',
  },
  {
    path: 'places',
    kind: 'checkboxes',
    label: 'Places',
    options: [{ value: 'yes', label: 'Only show activities with places free' }],
  },
];

export const priceText = (pence: number, per: 'session' | 'hour') =>
  pence === 0 ? 'Free' : `£${(pence / 100).toFixed(2).replace(/\.00$/, '')} per ${per}`;

const ResultCard: FC<{ result: SearchResult }> = ({ result: { listing, miles } }) => (
  <li class="govuk-!-margin-bottom-6">
    <h3 class="govuk-heading-s govuk-!-margin-bottom-1">
      <a class="govuk-link" href={`/catalogue/activities/${listing.activityId}`}>
        {listing.title}
      </a>
    </h3>
    <p class="govuk-body-s govuk-!-margin-bottom-1">
      {activityTypeNames[listing.activityType]}
      {listing.setting === 'hub' ? ' at a hub' : ' in the community'} · {listing.providerName}
    </p>
    <p class="govuk-body govuk-!-margin-bottom-1">{listing.summary}</p>
    <ul class="govuk-list govuk-body-s">
      <li>
        {listing.venueName}, {listing.town}
        {miles !== undefined ? ` (${miles.toFixed(1)} miles away)` : ''}
      </li>
      <li>{priceText(listing.pricePence, listing.pricePer)}</li>
      <li>
        Next session {formatUkDateTime(listing.nextSessionAt)}
        {listing.hasPlaces ? '' : ' (every session is full)'}
      </li>
    </ul>
  </li>
);

export interface SearchPageProps {
  chrome: PageChrome;
  councils: { id: string; name: string }[];
  values: FormValues;
  errors?: FieldError[] | undefined;
  searched: boolean;
  results: SearchResult[];
  nearLabel?: string | undefined;
  /** Said instead of the usual advice when nothing matched because the search stopped early. */
  noneLabel?: string | undefined;
  previousHref?: string | undefined;
  nextHref?: string | undefined;
}

/** The GOV.UK filter layout: everything is one GET form, so it works with JavaScript off. */
export const SearchPage: FC<SearchPageProps> = (props) => {
  const errorFor = (path: string) => fieldError(props.errors, path);
  return (
    <Layout {...props.chrome}>
      <h1 class="govuk-heading-xl">Find day activities</h1>
      <form method="get" action="/catalogue" novalidate>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-third">
            <h2 class="govuk-heading-m">Where</h2>
            {whereFields(props.councils).map((field) => (
              <Field field={field} values={props.values} error={errorFor(field.path)} />
            ))}
            <h2 class="govuk-heading-m">Filter</h2>
            {filterFields.map((field) => (
              <Field field={field} values={props.values} error={errorFor(field.path)} />
            ))}
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Search
            </button>
          </div>
          <div class="govuk-grid-column-two-thirds">
            <h2 class="govuk-heading-m">Results</h2>
            {!props.searched ? (
              <p class="govuk-body">
                Enter a postcode, or choose a council, then search. You can narrow the results with the
                filters.
              </p>
            ) : props.results.length === 0 ? (
              <p class="govuk-body">
                {props.noneLabel ?? 'No activities match. Try a longer distance or fewer filters.'}
              </p>
            ) : (
              <>
                <p class="govuk-body">{props.nearLabel ?? 'A to Z'}</p>
                <ul class="govuk-list">
                  {props.results.map((result) => (
                    <ResultCard result={result} />
                  ))}
                </ul>
              </>
            )}
            {props.previousHref || props.nextHref ? (
              <nav class="govuk-pagination govuk-pagination--block" aria-label="Results pages">
                {props.previousHref ? (
                  <div class="govuk-pagination__prev">
                    <a class="govuk-link govuk-pagination__link" href={props.previousHref} rel="prev">
                      <span class="govuk-pagination__link-title">Previous page</span>
                    </a>
                  </div>
                ) : null}
                {props.nextHref ? (
                  <div class="govuk-pagination__next">
                    <a class="govuk-link govuk-pagination__link" href={props.nextHref} rel="next">
                      <span class="govuk-pagination__link-title">Next page</span>
                    </a>
                  </div>
                ) : null}
              </nav>
            ) : null}
          </div>
        </div>
      </form>
    </Layout>
  );
};

/** A summary row, left out when there is nothing to say. */
const Row: FC<{ label: string; value: string | undefined }> = ({ label, value }) =>
  value ? <SummaryRow label={label}>{value}</SummaryRow> : null;

const listOf = (items: string[]) => (items.length ? items.join(', ') : undefined);

/** Everything a person or carer needs to decide, the next sessions with places, and the hub or spokes. */
export const ActivityPage: FC<{
  chrome: PageChrome;
  activity: Activity;
  sessions: Session[];
  hub?: Listing | undefined;
  spokes: Listing[];
}> = ({ chrome, activity, sessions, hub, spokes }) => (
  <Layout {...chrome}>
    <a href="/catalogue" class="govuk-back-link">
      Find day activities
    </a>
    <span class="govuk-caption-l">{activity.providerName}</span>
    <h1 class="govuk-heading-xl">{activity.title}</h1>
    <p class="govuk-body-l">{activity.description}</p>
    <dl class="govuk-summary-list">
      <Row label="Type" value={activityTypeNames[activity.activityType]} />
      <Row
        label="Where"
        value={[
          activity.venue.name,
          activity.venue.addressLine1,
          activity.venue.addressLine2,
          activity.venue.town,
          activity.venue.postcode,
        ]
          .filter(Boolean)
          .join(', ')}
      />
      <Row label="Price" value={priceText(activity.price.amountPence, activity.price.per)} />
      <Row label="Ways to pay" value={listOf(activity.funding.map((route) => fundingRouteNames[route]))} />
      <Row label="Support for" value={listOf(activity.needs.map((need) => needNames[need]))} />
      <Row
        label="Accessibility"
        value={listOf(
          activity.accessibility.map((feature: AccessibilityFeature) => accessibilityNames[feature]),
        )}
      />
      <Row
        label="Ages"
        value={
          activity.ageRange.to
            ? `${activity.ageRange.from} to ${activity.ageRange.to}`
            : `${activity.ageRange.from} and over`
        }
      />
      <Row label="Places per session" value={String(activity.placesPerSession)} />
      <Row label="What to bring" value={activity.whatToBring} />
      <Row
        label="Contact"
        value={[activity.contact.name, activity.contact.email, activity.contact.phone]
          .filter(Boolean)
          .join(', ')}
      />
    </dl>
    {hub ? (
      <p class="govuk-body">
        Part of{' '}
        <a class="govuk-link" href={`/catalogue/activities/${hub.activityId}`}>
          {hub.title}
        </a>
        , a hub run by {hub.providerName}.
      </p>
    ) : null}
    <h2 class="govuk-heading-l">Next sessions</h2>
    {sessions.length ? (
      <Table
        caption="Next sessions and places left"
        captionClass="govuk-visually-hidden"
        headings={['When', 'Until', { text: 'Places left', numeric: true }]}
      >
        {sessions.map((session) => (
          <tr class="govuk-table__row">
            <td class="govuk-table__cell">{formatUkDateTime(session.startsAt)}</td>
            <td class="govuk-table__cell">{session.ends}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              {placesLeft(session) === 0 ? 'Full' : placesLeft(session)}
            </td>
          </tr>
        ))}
      </Table>
    ) : (
      <p class="govuk-body">There are no sessions coming up.</p>
    )}
    {sessions.length ? (
      <a
        href={`/checkout/book/${activity.id}`}
        draggable="false"
        class="govuk-button"
        data-module="govuk-button"
      >
        Book a place
      </a>
    ) : null}
    {spokes.length ? (
      <>
        <h2 class="govuk-heading-l">Activities linked to this hub</h2>
        <ul class="govuk-list govuk-list--bullet">
          {spokes.map((spoke) => (
            <li>
              <a class="govuk-link" href={`/catalogue/activities/${spoke.activityId}`}>
                {spoke.title}
              </a>
              , {spoke.town}
            </li>
          ))}
        </ul>
      </>
    ) : null}
  </Layout>
);
