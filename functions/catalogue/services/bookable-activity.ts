import { ukToday } from '../../../shared/time/uk-dates';
import type { Activity } from '../domain/activity';
import type { Listing } from '../domain/listing';
import type { Session } from '../domain/sessions';
import type { ActivityRepository } from '../repositories/activities';
import type { ListingRepository } from '../repositories/listings';
import type { SessionRepository } from '../repositories/sessions';

export interface BookableActivity {
  activity: Activity;
  /** The next sessions still to start, at most twelve. */
  sessions: Session[];
  hub?: Listing | undefined;
  /** For a hub: its spokes that can be found, A to Z. */
  spokes: Listing[];
}

/**
 * What the public sees of one activity, for the page and the API alike. Only what search can find
 * can be seen: a draft, a withdrawn activity or a suspended member's has no listing, so none here.
 */
export async function findBookableActivity(
  deps: {
    activities: Pick<ActivityRepository, 'get' | 'spokesOf'>;
    listings: Pick<ListingRepository, 'get' | 'getMany'>;
    sessions: Pick<SessionRepository, 'listForActivity'>;
  },
  id: string,
  now: Date,
): Promise<BookableActivity | undefined> {
  const [activity, listing] = await Promise.all([deps.activities.get(id), deps.listings.get(id)]);
  if (!activity || !listing) return undefined;
  const [upcoming, hub, spokes] = await Promise.all([
    deps.sessions.listForActivity(id, ukToday(now), 40),
    activity.hubId ? deps.listings.get(activity.hubId) : undefined,
    activity.setting === 'hub' ? deps.activities.spokesOf(id).then((ids) => deps.listings.getMany(ids)) : [],
  ]);
  return {
    activity,
    sessions: upcoming
      .filter((session) => session.status === 'scheduled' && session.startsAt > now.toISOString())
      .slice(0, 12),
    hub,
    spokes: spokes.sort((a, b) => a.title.localeCompare(b.title)),
  };
}
