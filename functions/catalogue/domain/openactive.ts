import { type Need, needNames } from '../../../shared/domain/needs';
import { minutesOf, type Weekday, weekdays } from '../../../shared/time/london-time';
import {
  type Activity,
  type ActivityType,
  accessibilityNames,
  activityTypeNames,
  activityTypes,
  type FeedEntry,
} from './activity';
import { placesLeft, type Session } from './sessions';

/**
 * The catalogue's physical activities as OpenActive open data: activities as SessionSeries and
 * their dated sessions as ScheduledSessions (Modelling Opportunity Data 2.0), each wrapped as an
 * RPDE feed item. Other day opportunities are in the feeds only as deletions (see
 * `openActiveActivityConcepts`). Pure mapping; the routes fetch the records and supply the origin
 * the URLs are built from.
 *
 * Only facts owned by the record an item comes from go into it: a ScheduledSession refers to its
 * SessionSeries by `superEvent` instead of copying the activity's name, venue or price, because
 * a change to the activity moves the activity's feed position, not its sessions', and a copied
 * value would go stale (and override the series) in consumers' copies.
 */

export const openActiveLicence = 'https://creativecommons.org/licenses/by/4.0/';
export const openActiveContext = ['https://openactive.io/', 'https://openactive.io/ns-beta'];
export const openActiveActivityListId = 'https://openactive.io/activity-list';
const accessibilitySupportListId = 'https://openactive.io/accessibility-support';

export const openActivePaths = {
  dataset: '/openactive',
  datasetDocument: '/openactive/dataset.jsonld',
  activityList: '/openactive/activity-list',
  sessionSeries: '/openactive/feeds/session-series',
  scheduledSessions: '/openactive/feeds/scheduled-sessions',
} as const;

/**
 * Which activities are in the OpenActive feeds, and how their type is told.
 *
 * OpenActive is open data about opportunities to be physically active, and its data model asks
 * every SessionSeries for an `activity` from the official OpenActive activity list (the
 * validator fails any other concept, under `use_official_activity_list`). Only three of our
 * types have a concept there that means what the type means: walking, swimming and gardening.
 * Only they are published in the feeds, with the list's concept (id and label as the list
 * publishes them). Sport has none: the list names particular sports (Boccia, Walking Basketball...)
 * and an activity of ours says only "sport", so any one of them would be a guess. The rest of a
 * day-opportunities catalogue (travel training, employment preparation, carers' respite...) has
 * no concept there either; tagging travel training as "Walking" to get it in would mislead the
 * apps that read the feeds. Those activities are in the feeds only as deletions (so a consumer
 * who had one, say before its type changed, removes it) and reach directory systems through the
 * Open Referral UK API, with every type in our own concept scheme.
 */
export const openActiveActivityConcepts: Partial<Record<ActivityType, { id: string; prefLabel: string }>> = {
  walking: { id: `${openActiveActivityListId}#95092977-5a20-4d6e-b312-8fddabe71544`, prefLabel: 'Walking' },
  swimming: { id: `${openActiveActivityListId}#2750229d-b725-4171-9276-376be913957c`, prefLabel: 'Swimming' },
  'community-gardening': {
    id: `${openActiveActivityListId}#5b880e93-4a16-4c37-86ac-ba2ffba68358`,
    prefLabel: 'Gardening',
  },
};

/** The kinds of activity in the feeds, for sentences: "walking, swimming and gardening". */
export const openActiveFeedKinds = (() => {
  const labels = Object.values(openActiveActivityConcepts).map((concept) => concept.prefLabel.toLowerCase());
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : (labels[0] ?? '');
})();

/** Whether activities of this type are published in the OpenActive feeds (as physical activities). */
export function isInOpenActiveFeeds(type: ActivityType): boolean {
  return openActiveActivityConcepts[type] !== undefined;
}

/**
 * Our own SKOS concept scheme of day opportunity types, published at `/openactive/activity-list`:
 * every type, each with its definition. Every SessionSeries carries its type from this scheme in
 * `category`, beside the OpenActive list's concept in `activity`.
 */
export const dayOpportunityDefinitions: Record<ActivityType, string> = {
  walking: 'Walking together for health and company: gentle walks, walking groups and outings on foot.',
  swimming:
    'Swimming and time in the water: lessons, quiet swims and aqua exercise, with support in the pool.',
  'community-gardening':
    'Growing flowers, fruit and vegetables in a shared garden or allotment, and looking after green spaces.',
  sport: 'Playing sport and keeping fit: exercise classes, adapted and walking sports, alone or in a team.',
  'community-farm':
    'Working on a community or care farm: looking after animals, growing food and caring for the land, with support.',
  'employment-preparation':
    'Building the skills and confidence for paid or voluntary work: work tasters, placements, CVs and interviews.',
  'travel-training':
    'Learning to travel independently and safely: planning journeys, using buses and trains, and staying safe on the way.',
  volunteering:
    'Giving time to a community project or organisation, with the support a person needs to take part.',
  'arts-and-crafts':
    'Making things: painting, drawing, pottery, textiles and other crafts, alone or in a group.',
  cooking: 'Planning, shopping for and cooking meals, and keeping safe in the kitchen.',
  music: 'Making and enjoying music: singing, playing instruments and music groups.',
  'social-club': 'Meeting other people for company and shared interests: clubs, cafés, games and outings.',
  'specialist-day-service':
    'A building-based day service for people with complex needs, with personal care and specialist support.',
  'carers-respite':
    'Day support that gives an unpaid carer a break while the person they care for takes part in activities.',
};

/** The needs the OpenActive accessibility support list has a concept for; the rest are described in words. */
const accessibilitySupportConcepts: Partial<Record<Need, { uuid: string; prefLabel: string }[]>> = {
  'learning-disability': [{ uuid: '67902468-fd49-4238-8650-20a22d7f0e40', prefLabel: 'Learning impairment' }],
  'physical-disability': [{ uuid: 'dd026873-6713-4ea1-af5a-08901f651d98', prefLabel: 'Physical impairment' }],
  'sensory-impairment': [
    { uuid: '1393f2dc-3fcc-4be9-a99f-f1e51f5ad277', prefLabel: 'Visual impairment' },
    { uuid: '2bfb7228-5969-4927-8435-38b5005a8771', prefLabel: 'Hearing impairment' },
  ],
  'mental-health': [{ uuid: '40b9b11f-bdd3-4aeb-8984-2ecf74a14c7a', prefLabel: 'Mental health issues' }],
};

export const activityListUrl = (origin: string) => `${origin}${openActivePaths.activityList}`;
export const sessionSeriesId = (origin: string, activityId: string) =>
  `${origin}/catalogue/activities/${activityId}`;
export const scheduledSessionId = (origin: string, sessionId: string) =>
  `${origin}/openactive/scheduled-sessions/${sessionId}`;
const organizerId = (origin: string, providerId: string) => `${origin}/openactive/organisers/${providerId}`;

export interface ConceptNode {
  '@type': 'Concept';
  '@id': string;
  prefLabel: string;
  inScheme: string;
}

/**
 * An activity type's concept in the OpenActive activity list, as an item's `activity` holds it.
 * Only the types in the OpenActive feeds have one.
 */
export function activityConcept(type: ActivityType): ConceptNode {
  const concept = openActiveActivityConcepts[type];
  if (!concept) throw new Error(`The ${type} activity type is not in the OpenActive feeds`);
  return {
    '@type': 'Concept',
    '@id': concept.id,
    prefLabel: concept.prefLabel,
    inScheme: openActiveActivityListId,
  };
}

/** An activity type as a Concept of our day opportunity scheme, as an item's `category` holds it. */
export function dayOpportunityConcept(type: ActivityType, origin: string): ConceptNode {
  return {
    '@type': 'Concept',
    '@id': `${activityListUrl(origin)}#${type}`,
    prefLabel: activityTypeNames[type],
    inScheme: activityListUrl(origin),
  };
}

/**
 * Our concept scheme of every kind of day opportunity in the catalogue, as JSON-LD in the style of
 * the OpenActive activity list (`id`, `type`, `concept`), so tools that read that list read this
 * one too.
 */
export function activityListDocument(origin: string) {
  const id = activityListUrl(origin);
  return {
    '@context': 'https://openactive.io/',
    type: 'ConceptScheme',
    id,
    url: id,
    title: 'Day opportunities activity list',
    description: `The kinds of day opportunity for adults who draw on care and support in this catalogue. The OpenActive feeds carry the kinds the OpenActive activity list has a concept for (${openActiveFeedKinds}), each tagged with this list in category and with the OpenActive activity list in activity; every kind is in the Open Referral UK directory API.`,
    license: openActiveLicence,
    concept: activityTypes.map((type) => ({
      type: 'Concept',
      id: `${id}#${type}`,
      identifier: type,
      prefLabel: activityTypeNames[type],
      definition: dayOpportunityDefinitions[type],
      inScheme: id,
      topConceptOf: id,
    })),
  };
}

const dayUrl = (day: Weekday) => `https://schema.org/${day.charAt(0).toUpperCase()}${day.slice(1)}`;

/** Whole minutes as an ISO 8601 duration: 150 is `PT2H30M`. */
export function isoDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours ? `${hours}H` : ''}${rest || !hours ? `${rest}M` : ''}`;
}

/** A London wall time as ISO 8601 with its offset that day: `2026-06-02T10:00:00+01:00`. */
export function londonDateTime(date: string, time: string, utc: string): string {
  const offset = Math.round((Date.parse(`${date}T${time}:00Z`) - Date.parse(utc)) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${date}T${time}:00${sign}${hours}:${minutes}`;
}

/** The weekly schedule as PartialSchedules: one for each start and end time, with the days it runs. */
export function eventSchedule(schedule: Activity['schedule']) {
  const byTimes = new Map<string, { starts: string; ends: string; days: Set<Weekday> }>();
  for (const slot of schedule.slots) {
    const key = `${slot.starts}-${slot.ends}`;
    const group = byTimes.get(key) ?? { starts: slot.starts, ends: slot.ends, days: new Set<Weekday>() };
    group.days.add(slot.day);
    byTimes.set(key, group);
  }
  return [...byTimes.values()]
    .sort((a, b) => a.starts.localeCompare(b.starts) || a.ends.localeCompare(b.ends))
    .map((group) => ({
      '@type': 'PartialSchedule',
      repeatFrequency: 'P1W',
      byDay: weekdays.filter((day) => group.days.has(day)).map(dayUrl),
      startTime: group.starts,
      endTime: group.ends,
      duration: isoDuration(minutesOf(group.ends) - minutesOf(group.starts)),
      scheduleTimezone: 'Europe/London',
      startDate: schedule.startsOn,
      ...(schedule.endsOn ? { endDate: schedule.endsOn } : {}),
      ...(schedule.exceptions.length ? { exceptDate: [...schedule.exceptions].sort() } : {}),
    }));
}

function accessibilityOf(activity: Pick<Activity, 'needs' | 'accessibility'>) {
  const support = activity.needs.flatMap((need) =>
    (accessibilitySupportConcepts[need] ?? []).map(({ uuid, prefLabel }) => ({
      '@type': 'Concept' as const,
      '@id': `${accessibilitySupportListId}#${uuid}`,
      prefLabel,
      inScheme: accessibilitySupportListId,
    })),
  );
  // The names as the catalogue shows them ("Changing Places toilet" keeps its capitals).
  const sentences = [
    activity.needs.length ? `Support for: ${activity.needs.map((need) => needNames[need]).join(', ')}.` : '',
    activity.accessibility.length
      ? `Available: ${activity.accessibility.map((feature) => accessibilityNames[feature]).join(', ')}.`
      : '',
  ].filter(Boolean);
  return {
    ...(support.length ? { accessibilitySupport: support } : {}),
    ...(sentences.length ? { accessibilityInformation: sentences.join(' ') } : {}),
  };
}

/**
 * An activity as an OpenActive SessionSeries; only for a type in the OpenActive feeds (see
 * `openActiveActivityConcepts`). `region` is the council's area (the address's `addressRegion`);
 * the venue's town stands in without it.
 */
export function sessionSeriesItem(activity: Activity, origin: string, region?: string) {
  const { venue, price, ageRange, schedule } = activity;
  const id = sessionSeriesId(origin, activity.id);
  const pounds = price.amountPence / 100;
  return {
    '@context': openActiveContext,
    '@type': 'SessionSeries',
    '@id': id,
    identifier: activity.id,
    name: activity.title,
    description: activity.description,
    url: id,
    activity: [activityConcept(activity.activityType)],
    category: [dayOpportunityConcept(activity.activityType, origin)],
    organizer: {
      '@type': 'Organization',
      '@id': organizerId(origin, activity.providerId),
      name: activity.providerName,
    },
    location: {
      '@type': 'Place',
      name: venue.name,
      address: {
        '@type': 'PostalAddress',
        streetAddress: [venue.addressLine1, venue.addressLine2].filter(Boolean).join(', '),
        addressLocality: venue.town,
        addressRegion: region ?? venue.town,
        postalCode: venue.postcode,
        addressCountry: 'GB',
      },
      geo: { '@type': 'GeoCoordinates', latitude: venue.latitude, longitude: venue.longitude },
    },
    offers: [
      {
        '@type': 'Offer',
        name: price.per === 'session' ? 'Per session' : 'Per hour',
        price: pounds,
        priceCurrency: 'GBP',
      },
    ],
    ...(pounds === 0 ? { isAccessibleForFree: true } : {}),
    ageRange: {
      '@type': 'QuantitativeValue',
      minValue: ageRange.from,
      ...(ageRange.to !== undefined ? { maxValue: ageRange.to } : {}),
    },
    // Nothing in an activity restricts who may come by gender.
    genderRestriction: 'https://openactive.io/NoRestriction',
    ...accessibilityOf(activity),
    ...(activity.whatToBring ? { attendeeInstructions: `What to bring: ${activity.whatToBring}` } : {}),
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    eventSchedule: eventSchedule(schedule),
  };
}

/** A dated session as an OpenActive ScheduledSession of its activity's SessionSeries. */
export function scheduledSessionItem(session: Session, origin: string) {
  return {
    '@context': openActiveContext,
    '@type': 'ScheduledSession',
    '@id': scheduledSessionId(origin, session.id),
    identifier: session.id,
    superEvent: sessionSeriesId(origin, session.activityId),
    url: sessionSeriesId(origin, session.activityId),
    startDate: londonDateTime(session.date, session.starts, session.startsAt),
    endDate: londonDateTime(session.date, session.ends, session.endsAt),
    duration: isoDuration(Math.round((Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000)),
    eventStatus:
      session.status === 'cancelled'
        ? 'https://schema.org/EventCancelled'
        : 'https://schema.org/EventScheduled',
    maximumAttendeeCapacity: session.places,
    remainingAttendeeCapacity: placesLeft(session),
  };
}

export type RpdeKind = 'SessionSeries' | 'ScheduledSession';

/** An RPDE item: the data while it is listed, a tombstone (no data) once it is not. */
export type RpdeItem<Data> =
  | { state: 'updated'; kind: RpdeKind; id: string; modified: number; data: Data }
  | { state: 'deleted'; kind: RpdeKind; id: string; modified: number };

function rpdeItem<Data>(kind: RpdeKind, id: string, feed: FeedEntry, data: () => Data): RpdeItem<Data> {
  return feed.state === 'updated'
    ? { state: 'updated', kind, id, modified: feed.modified, data: data() }
    : { state: 'deleted', kind, id, modified: feed.modified };
}

/**
 * An activity's place in the session-series feed; it must have been published (have a feed entry).
 * An activity whose type is not in the OpenActive feeds is a deletion whatever its stored state,
 * so a state written a moment before `refresh` settles it never yields an item without an
 * official `activity`.
 */
export function sessionSeriesRpdeItem(activity: Activity, origin: string, region?: string) {
  if (!activity.feed) throw new Error(`Activity ${activity.id} is not in the open data feed`);
  const feed: FeedEntry = isInOpenActiveFeeds(activity.activityType)
    ? activity.feed
    : { state: 'deleted', modified: activity.feed.modified };
  return rpdeItem('SessionSeries', activity.id, feed, () => sessionSeriesItem(activity, origin, region));
}

export function scheduledSessionRpdeItem(session: Session, origin: string) {
  if (!session.feed) throw new Error(`Session ${session.id} is not in the open data feed`);
  return rpdeItem('ScheduledSession', session.id, session.feed, () => scheduledSessionItem(session, origin));
}

/** A feed position: the `modified` and `id` of the last item a consumer has. */
export interface RpdePosition {
  modified: number;
  id: string;
}

/**
 * An RPDE page ("Modified Timestamp and ID" ordering). `next` carries the last item's position;
 * an empty page (the last page) points at itself, so a consumer polls the same URL until
 * something changes.
 */
export function rpdePage<Data>(feedUrl: string, after: RpdePosition | undefined, items: RpdeItem<Data>[]) {
  const last = items.at(-1);
  const position = last ? { modified: last.modified, id: last.id } : after;
  const next = position
    ? `${feedUrl}?${new URLSearchParams({ afterTimestamp: String(position.modified), afterId: position.id })}`
    : feedUrl;
  return { next, items, license: openActiveLicence };
}

/** The dataset (schema.org Dataset with OpenActive's distribution of feeds), for the dataset page's JSON-LD. */
export function datasetDocument(origin: string, publisherName: string) {
  const feed = (kind: RpdeKind, path: string) => ({
    '@type': 'DataDownload',
    name: kind,
    additionalType: `https://openactive.io/${kind}`,
    encodingFormat: 'application/vnd.openactive.rpde+json; version=1',
    contentUrl: `${origin}${path}`,
  });
  return {
    '@context': ['https://schema.org/', 'https://openactive.io/'],
    '@type': 'Dataset',
    '@id': `${origin}${openActivePaths.dataset}`,
    url: `${origin}${openActivePaths.dataset}`,
    name: `${publisherName} day opportunities`,
    description: `The ${openActiveFeedKinds} activities among the day opportunities for adults who draw on care and support offered by providers on council frameworks: each activity (a SessionSeries) and its dated sessions (ScheduledSessions), as OpenActive open data. Every day opportunity, including sport, travel training, employment preparation and carers' respite, is in the Open Referral UK directory API at ${origin}/openreferral/services.`,
    keywords: [
      'day opportunities',
      'adult social care',
      'physical activity',
      'activities',
      'sessions',
      'OpenActive',
    ],
    license: openActiveLicence,
    inLanguage: ['en-GB'],
    schemaVersion: 'https://openactive.io/modelling-opportunity-data/2.0/',
    documentation: 'https://developer.openactive.io/',
    publisher: { '@type': 'Organization', name: publisherName, url: origin },
    distribution: [
      feed('SessionSeries', openActivePaths.sessionSeries),
      feed('ScheduledSession', openActivePaths.scheduledSessions),
    ],
  };
}
