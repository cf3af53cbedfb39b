import { createHash } from 'node:crypto';
import type { Council } from '../../../shared/domain/councils';
import { type Need, needNames, needsSupported } from '../../../shared/domain/needs';
import { type FundingRoute, fundingRouteNames, fundingRoutes } from '../../../shared/domain/users';
import { addDays, type Weekday, weekdayOf, weekdays } from '../../../shared/time/london-time';
import { formatUkDate } from '../../../shared/time/uk-dates';
import {
  type AccessibilityFeature,
  type Activity,
  type ActivityType,
  accessibilityFeatures,
  accessibilityNames,
  activityTypeNames,
  activityTypes,
} from './activity';
import type { Listing } from './listing';
import { distancesMiles, type SearchQuery } from './search';

/**
 * Our catalogue as an Open Referral UK directory: the UK profile of HSDS 3.0
 * (https://open-referral-uk-profile.readthedocs.io). Each bookable activity is a service, run by
 * an organization (the provider), delivered at one location (the venue) through one
 * service_at_location, on weekly schedules, at a cost, described by terms from our own
 * vocabularies (activity types, needs, accessibility and support, ways to pay). Plain data and
 * rules: no storage or HTTP here.
 *
 * Ids. The profile says every id has `format: uuid` (8-4-4-4-12 hex); ours are ULIDs. Two kinds:
 *
 * - Services and service_at_locations are looked up by id (`/services/{id}`), so their ids must
 *   lead back to the activity with no index and no scan. They carry the ULID itself, losslessly,
 *   in an RFC 9562 version 8 ("custom") UUID: a ULID is 128 bits, a UUIDv8 has 122 free bits, and
 *   the top 6 bits of every ULID made before the year 2109 are zero (its first 48 bits are a
 *   millisecond timestamp, below 2^42 until then). So the low 122 bits go into the UUID's free
 *   bits in order, and reading them back gives the activity id. The result is a well-formed
 *   UUID of a real version and variant, not just the right shape, and sorts by creation time. A
 *   service_at_location id is the same payload XORed with a fixed mask, so it differs from its
 *   service's id and still reverses.
 * - Everything else (organizations, locations, schedules, terms...) is never looked up by id, so
 *   it gets a name-based UUID version 5 (SHA-1) from a fixed namespace: stable across requests
 *   and deployments, and distinct per kind.
 */

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a UUID string as the profile's `format: uuid` means it: 8-4-4-4-12 lower-case hex. */
export const isUuid = (value: string) => uuidPattern.test(value);

const formatUuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/** RFC 9562 name-based UUID, version 5: SHA-1 of the namespace's bytes then the name's UTF-8. */
export function uuidV5(namespace: string, name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(bytes.toString('hex'));
}

/** Our namespace for name-based ids; fixed forever, or every id in the directory changes. */
const namespace = '7d3f4a52-9c1e-4b8a-a0e6-3f2d5c8b91e4';

export type UuidKind =
  | 'organization'
  | 'location'
  | 'address'
  | 'accessibility'
  | 'schedule'
  | 'cost_option'
  | 'contact'
  | 'phone'
  | 'attribute'
  | 'taxonomy'
  | 'taxonomy_term';

/** The stable UUID of a thing of this kind with this key (an id, or a vocabulary code). */
export const uuidFor = (kind: UuidKind, key: string) => uuidV5(namespace, `${kind}:${key}`);

const crockford = '0123456789abcdefghjkmnpqrstvwxyz';
const bits = (count: number) => (1n << BigInt(count)) - 1n;
const payloadBits = 122;
/** Distinguishes a service_at_location's id from its service's; any fixed non-zero 122 bits would do. */
const serviceAtLocationMask =
  BigInt(`0x${createHash('sha1').update('ofm:open-referral:service_at_location').digest('hex')}`) &
  bits(payloadBits);

/** A ULID's 128 bits, or undefined when it is not a lower-case ULID that fits in 122 bits. */
function ulidValue(ulid: string): bigint | undefined {
  // The first 8 of the 130 bits 26 characters spell must be zero: '0' then '0' to '3'.
  if (!/^0[0-3][0-9a-hjkmnp-tv-z]{24}$/.test(ulid)) return undefined;
  let value = 0n;
  for (const char of ulid) value = (value << 5n) | BigInt(crockford.indexOf(char));
  return value;
}

function ulidOf(value: bigint): string {
  let text = '';
  for (let i = 0; i < 26; i += 1) {
    text = (crockford[Number(value & 31n)] ?? '0') + text;
    value >>= 5n;
  }
  return text;
}

/** 122 bits into a UUIDv8: 48 bits, version 8, 12 bits, variant 0b10, 62 bits. */
function uuidV8(payload: bigint): string {
  const value =
    ((payload >> 74n) << 80n) |
    (8n << 76n) |
    (((payload >> 62n) & bits(12)) << 64n) |
    (2n << 62n) |
    (payload & bits(62));
  return formatUuid(value.toString(16).padStart(32, '0'));
}

function payloadOfUuidV8(uuid: string): bigint | undefined {
  if (!isUuid(uuid)) return undefined;
  const value = BigInt(`0x${uuid.replaceAll('-', '')}`);
  if (((value >> 76n) & 15n) !== 8n || ((value >> 62n) & 3n) !== 2n) return undefined;
  return ((value >> 80n) << 74n) | (((value >> 64n) & bits(12)) << 62n) | (value & bits(62));
}

function payloadOfActivity(activityId: string): bigint {
  const value = ulidValue(activityId);
  if (value === undefined) throw new Error(`Activity id ${activityId} is not a ULID that fits a UUID`);
  return value;
}

/** The service id of an activity: its ULID, losslessly, as a UUIDv8. */
export const serviceIdOf = (activityId: string) => uuidV8(payloadOfActivity(activityId));

/** The activity a service id names, or undefined when it cannot be one of ours. */
export function activityIdOfService(serviceId: string): string | undefined {
  const payload = payloadOfUuidV8(serviceId);
  return payload === undefined ? undefined : ulidOf(payload);
}

export const serviceAtLocationIdOf = (activityId: string) =>
  uuidV8(payloadOfActivity(activityId) ^ serviceAtLocationMask);

export function activityIdOfServiceAtLocation(id: string): string | undefined {
  const payload = payloadOfUuidV8(id);
  return payload === undefined ? undefined : ulidOf(payload ^ serviceAtLocationMask);
}

/**
 * The profile wants empty fields left out, not sent as null, "" or []. Applied to everything we
 * send, so a missing optional value can never leak through as an empty one.
 */
export function withoutEmpty<T>(value: T): Present<T> {
  if (Array.isArray(value)) {
    return value.map(withoutEmpty).filter((item) => !isEmpty(item)) as Present<T>;
  }
  if (value !== null && typeof value === 'object') {
    const kept = Object.entries(value)
      .map(([key, item]) => [key, withoutEmpty(item)] as const)
      .filter(([, item]) => !isEmpty(item));
    return Object.fromEntries(kept) as Present<T>;
  }
  return value as Present<T>;
}

/** A value as `withoutEmpty` leaves it: a field that may be undefined becomes one that may be absent. */
export type Present<T> = T extends readonly (infer Item)[]
  ? Present<Item>[]
  : T extends object
    ? { [K in keyof T as undefined extends T[K] ? never : K]: Present<T[K]> } & {
        [K in keyof T as undefined extends T[K] ? K : never]?: Present<Exclude<T[K], undefined>>;
      }
    : T;

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Vocabularies: our own, published as taxonomies so directories can read what the terms mean.

export const vocabularies = ['activity-types', 'needs', 'accessibility', 'ways-to-pay'] as const;
export type Vocabulary = (typeof vocabularies)[number];

const vocabularyDetails: Record<
  Vocabulary,
  { name: string; description: string; linkType: string; terms: Record<string, string> }
> = {
  'activity-types': {
    name: 'Day opportunity activity types',
    description: 'What kind of day opportunity an activity is.',
    linkType: 'activity_type',
    terms: Object.fromEntries(activityTypes.map((code) => [code, activityTypeNames[code]])),
  },
  needs: {
    name: 'Needs supported',
    description: 'The needs an activity is run to support.',
    linkType: 'needs_supported',
    terms: Object.fromEntries(needsSupported.map((code) => [code, needNames[code]])),
  },
  accessibility: {
    name: 'Accessibility and support',
    description: 'Access features of the venue and support offered during the activity.',
    linkType: 'accessibility',
    terms: Object.fromEntries(accessibilityFeatures.map((code) => [code, accessibilityNames[code]])),
  },
  'ways-to-pay': {
    name: 'Ways to pay',
    description:
      'How a place can be paid for: a direct payment from the council, an individual service fund, or your own money.',
    linkType: 'ways_to_pay',
    terms: Object.fromEntries(fundingRoutes.map((code) => [code, fundingRouteNames[code]])),
  },
};

export interface OrTaxonomyTerm {
  id: string;
  taxonomy: string;
  taxonomy_id: string;
  term: string;
}

export interface OrTaxonomy {
  id: string;
  name: string;
  description: string;
  version: string;
  taxonomy_terms: OrTaxonomyTerm[];
}

const taxonomyId = (vocabulary: Vocabulary) => uuidFor('taxonomy', vocabulary);
export const taxonomyTermId = (vocabulary: Vocabulary, code: string) =>
  uuidFor('taxonomy_term', `${vocabulary}:${code}`);

function termOf(vocabulary: Vocabulary, code: string): OrTaxonomyTerm {
  const details = vocabularyDetails[vocabulary];
  return {
    id: taxonomyTermId(vocabulary, code),
    taxonomy: details.name,
    taxonomy_id: taxonomyId(vocabulary),
    term: details.terms[code] ?? code,
  };
}

/** Every taxonomy we use, each with its terms, in a fixed order. */
export const taxonomies: OrTaxonomy[] = vocabularies.map((vocabulary) => ({
  id: taxonomyId(vocabulary),
  name: vocabularyDetails[vocabulary].name,
  description: vocabularyDetails[vocabulary].description,
  version: '1',
  taxonomy_terms: Object.keys(vocabularyDetails[vocabulary].terms).map((code) => termOf(vocabulary, code)),
}));

/** Every term of every taxonomy, taxonomy by taxonomy. */
export const taxonomyTerms: OrTaxonomyTerm[] = taxonomies.flatMap((taxonomy) => taxonomy.taxonomy_terms);

// ---------------------------------------------------------------------------------------------
// Filters: the profile's list parameters, read against what a listing holds.

/** A term of one of our vocabularies, by its code. */
export interface TermRef {
  vocabulary: Vocabulary;
  code: string;
}

const termsById = new Map<string, TermRef>(
  vocabularies.flatMap((vocabulary) =>
    Object.keys(vocabularyDetails[vocabulary].terms).map(
      (code) => [taxonomyTermId(vocabulary, code), { vocabulary, code }] as const,
    ),
  ),
);
const vocabulariesById = new Map(vocabularies.map((vocabulary) => [taxonomyId(vocabulary), vocabulary]));

/**
 * The codes of each vocabulary a listing has. A listing copies these four fields from its
 * activity, and a service's attributes are made from the same four, so a filter on a term finds
 * exactly the services that carry it.
 */
const codesOf: Record<Vocabulary, (listing: Listing) => readonly string[]> = {
  'activity-types': (listing) => [listing.activityType],
  needs: (listing) => listing.needs,
  accessibility: (listing) => listing.accessibility,
  'ways-to-pay': (listing) => listing.funding,
};

/** A list request's filters, as the profile's parameters mean them. Every one given must hold. */
export interface DirectoryFilter {
  /** `taxonomy_term_id`: terms the service has, every one. */
  terms: TermRef[];
  /** `taxonomy_id`: vocabularies the service has at least one term of, every one. */
  taxonomies: Vocabulary[];
  /** `search`: words that each appear in the name, the provider's name or the start of the description. */
  words: string[];
  /** `minimum_age`: "services with a minimum age of at least" this. */
  minimumAge?: number;
  /** `maximum_age`: services with a maximum age, "equal to or below" this. */
  maximumAge?: number;
  /** `day`: services that run on this day. */
  day?: Weekday;
}

/** The filter parameters as the query string gives them (repeated ones as lists). */
export interface DirectoryFilterInput {
  taxonomy_term_id?: string | string[] | undefined;
  taxonomy_id?: string | string[] | undefined;
  search?: string | undefined;
  minimum_age?: number | undefined;
  maximum_age?: number | undefined;
  day?: string | undefined;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Repeated, comma-separated or both: `a&x=b,c` is three values. An empty one (`x=`, `x=a,,b`) is
 * kept as "" so it is refused: left out, it would quietly widen the list to every service.
 */
const listOf = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim().toLowerCase());

/** Days as schedules give them (`MO`, RFC 5545) or by name (`monday`). */
function weekdayOfParameter(value: string): Weekday | undefined {
  const lower = value.trim().toLowerCase();
  return weekdays.find((day) => day === lower || byDay[day].toLowerCase() === lower);
}

const maxSearchWords = 10;

/** The filters asked for, or what is wrong with them, field by field. */
export function directoryFilterOf(
  input: DirectoryFilterInput,
): { ok: true; filter: DirectoryFilter } | { ok: false; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const terms = listOf(input.taxonomy_term_id).flatMap((id) => {
    const term = termsById.get(id);
    if (!term)
      errors.push({
        field: 'taxonomy_term_id',
        message: id
          ? `There is no taxonomy term with the id ${id}: the terms are at /openreferral/taxonomy_terms`
          : 'Enter a taxonomy term id, or leave taxonomy_term_id out: the terms are at /openreferral/taxonomy_terms',
      });
    return term ? [term] : [];
  });
  const taxonomyIds = listOf(input.taxonomy_id).flatMap((id) => {
    const vocabulary = vocabulariesById.get(id);
    if (!vocabulary)
      errors.push({
        field: 'taxonomy_id',
        message: id
          ? `There is no taxonomy with the id ${id}: the taxonomies are at /openreferral/taxonomies`
          : 'Enter a taxonomy id, or leave taxonomy_id out: the taxonomies are at /openreferral/taxonomies',
      });
    return vocabulary ? [vocabulary] : [];
  });
  const words = (input.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length > maxSearchWords)
    errors.push({ field: 'search', message: `Search for ${maxSearchWords} words or fewer` });
  const day = input.day === undefined ? undefined : weekdayOfParameter(input.day);
  if (input.day !== undefined && !day)
    errors.push({
      field: 'day',
      message: 'Enter a day as MO, TU, WE, TH, FR, SA or SU, or by name, like monday',
    });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    filter: {
      terms,
      taxonomies: [...new Set(taxonomyIds)],
      words,
      ...(input.minimum_age !== undefined ? { minimumAge: input.minimum_age } : {}),
      ...(input.maximum_age !== undefined ? { maximumAge: input.maximum_age } : {}),
      ...(day ? { day } : {}),
    },
  };
}

/** Whether a filter asks for anything at all. */
export const isFiltering = (filter: DirectoryFilter) =>
  filter.terms.length > 0 ||
  filter.taxonomies.length > 0 ||
  filter.words.length > 0 ||
  filter.minimumAge !== undefined ||
  filter.maximumAge !== undefined ||
  filter.day !== undefined;

/** Whether the service a listing stands for passes every filter asked for. */
export function listingMatches(listing: Listing, filter: DirectoryFilter): boolean {
  const text = `${listing.title} ${listing.providerName} ${listing.summary}`.toLowerCase();
  return (
    filter.terms.every(({ vocabulary, code }) => codesOf[vocabulary](listing).includes(code)) &&
    filter.taxonomies.every((vocabulary) => codesOf[vocabulary](listing).length > 0) &&
    filter.words.every((word) => text.includes(word)) &&
    (filter.minimumAge === undefined || listing.ageFrom >= filter.minimumAge) &&
    (filter.maximumAge === undefined ||
      (listing.ageTo !== undefined && listing.ageTo <= filter.maximumAge)) &&
    (filter.day === undefined || listing.days.includes(filter.day))
  );
}

/**
 * The part of a filter the catalogue's search near a postcode applies as it reads: one activity
 * type, needs and accessibility (all of them), one way to pay and one day; `listingMatches`
 * applies the rest to what it finds. Undefined when nothing can match: no service has two types.
 */
export function nearbySearchFiltersOf(
  filter: DirectoryFilter,
): Pick<SearchQuery, 'type' | 'needs' | 'access' | 'funding' | 'day'> | undefined {
  const codes = (vocabulary: Vocabulary) => [
    ...new Set(filter.terms.filter((term) => term.vocabulary === vocabulary).map((term) => term.code)),
  ];
  const types = codes('activity-types') as ActivityType[];
  if (types.length > 1) return undefined;
  const [funding] = codes('ways-to-pay') as FundingRoute[];
  return {
    type: types,
    needs: codes('needs') as Need[],
    access: codes('accessibility') as AccessibilityFeature[],
    ...(funding ? { funding } : {}),
    day: filter.day ? [filter.day] : [],
  };
}

export const metresPerMile = 1609.344;
/** The furthest the catalogue's search reaches from a postcode, in whole metres. */
export const maxProximityMetres = Math.floor(Math.max(...distancesMiles) * metresPerMile);

/**
 * The search distance (miles) to ask for, given a `proximity` in metres: search reaches 2, 5, 10
 * or 20 miles, so the smallest that covers it; what lies between is cut off by distance after.
 * Without a proximity, as far as search reaches.
 */
export function searchMilesFor(metres: number | undefined): number {
  const widest = Math.max(...distancesMiles);
  if (metres === undefined) return widest;
  return distancesMiles.find((miles) => miles * metresPerMile >= metres) ?? widest;
}

/**
 * How far a list is complete, in tenths of a mile, when the search read everything within
 * `miles`: rounded down, so it never claims more than was searched.
 */
export const milesSearched = (miles: number) => Math.max(0, Math.floor(miles * 10 + 1e-9) / 10);

/**
 * The same when everything nearer than `miles` is listed but one that far may not be (the last
 * page shown ends there, and the next result can be as near): the tenth of a mile below it.
 */
export const milesNearerThan = (miles: number) => Math.max(0, (Math.ceil(miles * 10 - 1e-9) - 1) / 10);

// ---------------------------------------------------------------------------------------------
// Services.

/** What a service needs beyond its activity: where links point, whose area it is, what today is. */
export interface DirectoryContext {
  /** The public origin, like https://marketplace.example.gov.uk; links are absolute. */
  origin: string;
  council: Pick<Council, 'id' | 'name' | 'area'>;
  /** London date, YYYY-MM-DD: dates with no session before it are not worth mentioning. */
  today: string;
}

const byDay: Record<Weekday, string> = {
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
  sunday: 'SU',
};

const dayNames: Record<Weekday, string> = {
  monday: 'Mondays',
  tuesday: 'Tuesdays',
  wednesday: 'Wednesdays',
  thursday: 'Thursdays',
  friday: 'Fridays',
  saturday: 'Saturdays',
  sunday: 'Sundays',
};

/** Features of the building itself, which the profile records on the location. */
const venueFeatures: readonly AccessibilityFeature[] = [
  'step-free-access',
  'accessible-toilet',
  'changing-places-toilet',
  'hoist',
];

export const activityUrl = (origin: string, activityId: string) =>
  `${origin}/catalogue/activities/${activityId}`;

/** The first date on or after `from` that falls on `day`. */
function firstOn(from: string, day: Weekday): string {
  let date = from;
  while (weekdayOf(date) !== day) date = addDays(date, 1);
  return date;
}

function schedulesOf(activity: Activity, context: DirectoryContext) {
  const { schedule } = activity;
  return schedule.slots.map((slot) => {
    const closed = schedule.exceptions
      .filter((date) => date >= context.today && weekdayOf(date) === slot.day)
      .sort();
    return {
      id: uuidFor('schedule', `${activity.id}:${slot.day}@${slot.starts}`),
      valid_from: schedule.startsOn,
      valid_to: schedule.endsOn,
      dtstart: firstOn(schedule.startsOn, slot.day),
      freq: 'WEEKLY',
      interval: 1,
      byday: byDay[slot.day],
      // Wall-clock times in the UK: the offset from UTC changes with British Summer Time.
      opens_at: `${slot.starts}:00`,
      closes_at: `${slot.ends}:00`,
      description: `${dayNames[slot.day]}, ${slot.starts} to ${slot.ends} (UK time)`,
      schedule_link: activityUrl(context.origin, activity.id),
      attending_type: 'In person',
      notes: closed.length ? `No session on ${closed.map(formatUkDate).join(', ')}.` : undefined,
    };
  });
}

function attributesOf(activity: Activity) {
  const linked: [Vocabulary, string][] = [
    ['activity-types', activity.activityType],
    ...activity.needs.map((need) => ['needs', need] as [Vocabulary, string]),
    ...activity.accessibility.map((feature) => ['accessibility', feature] as [Vocabulary, string]),
    ...activity.funding.map((route) => ['ways-to-pay', route] as [Vocabulary, string]),
  ];
  return linked.map(([vocabulary, code]) => {
    const term = termOf(vocabulary, code);
    return {
      id: uuidFor('attribute', `${activity.id}:${vocabulary}:${code}`),
      taxonomy_term_id: term.id,
      link_type: vocabularyDetails[vocabulary].linkType,
      taxonomy_term: term,
    };
  });
}

function organizationOf(activity: Activity, context: DirectoryContext) {
  return {
    id: uuidFor('organization', activity.providerId),
    name: activity.providerName,
    description: `${activity.providerName} runs day opportunities on ${context.council.name}'s approved list of providers.`,
  };
}

function locationOf(activity: Activity, context: DirectoryContext) {
  const { venue } = activity;
  return {
    id: uuidFor('location', activity.id),
    name: venue.name,
    latitude: venue.latitude,
    longitude: venue.longitude,
    addresses: [
      {
        id: uuidFor('address', activity.id),
        // The UK profile has no second address line: both lines go in the first.
        address_1: [venue.addressLine1, venue.addressLine2].filter(Boolean).join(', '),
        city: venue.town,
        state_province: context.council.area,
        postal_code: venue.postcode,
        country: 'GB',
        address_type: 'physical',
      },
    ],
    accessibility: activity.accessibility
      .filter((feature) => venueFeatures.includes(feature))
      .map((feature) => ({
        id: uuidFor('accessibility', `${activity.id}:${feature}`),
        description: accessibilityNames[feature],
      })),
  };
}

/** The one-to-one fields of a service, and who runs it. */
function serviceCoreOf(activity: Activity, context: DirectoryContext) {
  return {
    id: serviceIdOf(activity.id),
    name: activity.title,
    description: activity.description,
    url: activityUrl(context.origin, activity.id),
    email: activity.contact.email,
    // Only bookable activities are services at all, so every one we show is active.
    status: 'active' as const,
    minimum_age: activity.ageRange.from,
    maximum_age: activity.ageRange.to,
    last_modified: activity.updatedAt,
    organization: organizationOf(activity, context),
  };
}

/**
 * Who to ask about the activity. The UK profile keeps a contact's name and leaves its email and
 * phones out, and has nowhere else for a telephone number; the email is on the service too, as
 * the profile wants. HSDS 3.0 itself keeps both on the contact, and the profile lets a publisher
 * send more than it asks for, so they are here: a directory following the profile still finds
 * everything where it looks, and one reading plain HSDS finds the number to ring.
 */
function contactOf(activity: Activity) {
  const { name, email, phone } = activity.contact;
  return {
    id: uuidFor('contact', activity.id),
    name,
    email,
    phones: phone ? [{ id: uuidFor('phone', activity.id), number: phone }] : [],
  };
}

/** The rest of a service: when, how much, who to contact, and what it is. */
function serviceDetailsOf(activity: Activity, context: DirectoryContext) {
  return {
    schedules: schedulesOf(activity, context),
    cost_options: [
      {
        id: uuidFor('cost_option', activity.id),
        amount: activity.price.amountPence / 100,
        amount_description: activity.price.per === 'hour' ? 'per hour' : 'per session',
      },
    ],
    contacts: [contactOf(activity)],
    attributes: attributesOf(activity),
  };
}

/** A bookable activity as a fully nested service. Call it only for activities that have a listing. */
export function serviceOf(activity: Activity, context: DirectoryContext) {
  return withoutEmpty({
    ...serviceCoreOf(activity, context),
    service_at_locations: [
      { id: serviceAtLocationIdOf(activity.id), location: locationOf(activity, context) },
    ],
    ...serviceDetailsOf(activity, context),
  });
}

/** A bookable activity's one service_at_location, with its location and its service. */
export function serviceAtLocationOf(activity: Activity, context: DirectoryContext) {
  return withoutEmpty({
    id: serviceAtLocationIdOf(activity.id),
    location: locationOf(activity, context),
    service: { ...serviceCoreOf(activity, context), ...serviceDetailsOf(activity, context) },
  });
}

export type OrService = ReturnType<typeof serviceOf>;
export type OrServiceAtLocation = ReturnType<typeof serviceAtLocationOf>;

// ---------------------------------------------------------------------------------------------
// Pages.

/**
 * The profile's paginated list. Totals are optional in its Page schema; we give them when we know
 * them without reading everything (taxonomies) and leave them out when we would have to (services).
 * `searched_miles` is our addition (the profile allows fields beyond its own): on the last page of
 * a list near a postcode that ends before the proximity asked for, how far it is complete.
 */
export function pageOf<T>(
  contents: T[],
  position: { page: number; perPage: number; hasMore: boolean; total?: number; searchedMiles?: number },
) {
  const { page, perPage, hasMore, total, searchedMiles } = position;
  return {
    ...(total !== undefined ? { total_items: total, total_pages: Math.ceil(total / perPage) } : {}),
    ...(searchedMiles !== undefined ? { searched_miles: searchedMiles } : {}),
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: !hasMore,
    empty: contents.length === 0,
    contents,
  };
}

/** One page of a list we hold whole (the taxonomies), with its totals. */
export function pageOfAll<T>(all: T[], page: number, perPage: number) {
  const start = (page - 1) * perPage;
  return pageOf(all.slice(start, start + perPage), {
    page,
    perPage,
    hasMore: start + perPage < all.length,
    total: all.length,
  });
}
