import type { Need } from '../../../shared/domain/needs';
import type { FundingRoute } from '../../../shared/domain/users';
import { minutesOf, type Weekday } from '../../../shared/time/london-time';
import type { AccessibilityFeature, Activity, ActivityType, Setting } from './activity';
import { geohash } from './geo';
import { placesLeft, type Session } from './sessions';

/**
 * What search shows and filters on for one activity: a copy of the parts that matter, kept only
 * while the activity can be booked (published, its provider's membership active, sessions ahead).
 * Search reads listings, never activities, so an activity that stops being bookable simply has no
 * listing.
 */
export interface Listing {
  activityId: string;
  councilId: string;
  providerId: string;
  providerName: string;
  title: string;
  summary: string;
  activityType: ActivityType;
  setting: Setting;
  hubId?: string | undefined;
  lotId: string;
  venueName: string;
  town: string;
  postcode: string;
  district: string;
  latitude: number;
  longitude: number;
  geohash: string;
  days: Weekday[];
  timesOfDay: TimeOfDay[];
  needs: Need[];
  accessibility: AccessibilityFeature[];
  funding: FundingRoute[];
  pricePence: number;
  pricePer: 'session' | 'hour';
  ageFrom: number;
  ageTo?: number | undefined;
  nextSessionAt: string;
  hasPlaces: boolean;
  /** Places offered in a usual week, and how many of them are in the evening or at the weekend: for coverage. */
  weeklyPlaces: number;
  eveningPlaces: number;
  weekendPlaces: number;
}

export const timesOfDay = ['daytime', 'evening', 'weekend'] as const;
export type TimeOfDay = (typeof timesOfDay)[number];

export const timeOfDayNames: Record<TimeOfDay, string> = {
  daytime: 'Weekday daytime',
  evening: 'Evening (from 5pm)',
  weekend: 'Weekend',
};

/** Evenings start at 5pm; Saturday and Sunday are the weekend whatever the time. */
export function timeOfDayOf(slot: { day: Weekday; starts: string }): TimeOfDay[] {
  const weekend = slot.day === 'saturday' || slot.day === 'sunday';
  const evening = minutesOf(slot.starts) >= 17 * 60;
  return [
    ...(weekend ? (['weekend'] as const) : []),
    ...(evening ? (['evening'] as const) : []),
    ...(!weekend && !evening ? (['daytime'] as const) : []),
  ];
}

function weeklyPlacesOf(activity: Activity) {
  const places = (when?: TimeOfDay) =>
    activity.schedule.slots.filter((slot) => !when || timeOfDayOf(slot).includes(when)).length *
    activity.placesPerSession;
  return { weeklyPlaces: places(), eveningPlaces: places('evening'), weekendPlaces: places('weekend') };
}

const summaryOf = (description: string) =>
  description.length <= 200 ? description : `${description.slice(0, 197).replace(/\s+\S*$/, '')}...`;

/**
 * The listing an activity should have now, or undefined when it should not be found: not
 * published, its membership not active, or no session ahead.
 */
export function listingOf(
  activity: Activity,
  sessions: Session[],
  membershipActive: boolean,
  now: Date,
): Listing | undefined {
  if (activity.status !== 'published' || !membershipActive) return undefined;
  const at = now.toISOString();
  const ahead = sessions
    .filter((session) => session.status === 'scheduled' && session.startsAt > at)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const next = ahead[0];
  if (!next) return undefined;
  const { venue } = activity;
  return {
    activityId: activity.id,
    councilId: activity.councilId,
    providerId: activity.providerId,
    providerName: activity.providerName,
    title: activity.title,
    summary: summaryOf(activity.description),
    activityType: activity.activityType,
    setting: activity.setting,
    ...(activity.hubId ? { hubId: activity.hubId } : {}),
    lotId: activity.lotId,
    venueName: venue.name,
    town: venue.town,
    postcode: venue.postcode,
    district: venue.district,
    latitude: venue.latitude,
    longitude: venue.longitude,
    geohash: geohash(venue),
    days: [...new Set(activity.schedule.slots.map((slot) => slot.day))],
    timesOfDay: [...new Set(activity.schedule.slots.flatMap(timeOfDayOf))],
    needs: activity.needs,
    accessibility: activity.accessibility,
    funding: activity.funding,
    pricePence: activity.price.amountPence,
    pricePer: activity.price.per,
    ageFrom: activity.ageRange.from,
    ...(activity.ageRange.to !== undefined ? { ageTo: activity.ageRange.to } : {}),
    nextSessionAt: next.startsAt,
    hasPlaces: ahead.some((session) => placesLeft(session) > 0),
    ...weeklyPlacesOf(activity),
  };
}
