import { ulid } from 'ulid';
import type { SignedInUser } from '../../../shared/domain/users';
import type { PostcodeLookup } from '../../../shared/postcodes/lookup';
import { parsePostcode, postcodeMessages } from '../../../shared/postcodes/postcode';
import { addDays } from '../../../shared/time/london-time';
import { formatUkDateTime, ukToday } from '../../../shared/time/uk-dates';
import type { Membership } from '../../applications/domain/membership';
import type { MembershipRepository } from '../../applications/repositories/memberships';
import type { ProviderRepository } from '../../applications/repositories/providers';
import {
  type Activity,
  type ActivityInput,
  ActivityRuleError,
  changeActivityStatus,
  checkPublishingRight,
  createActivity,
  type FeedEntry,
  reviseActivity,
  type Venue,
} from '../domain/activity';
import { listingOf } from '../domain/listing';
import { isInOpenActiveFeeds } from '../domain/openactive';
import { cancelSession, planSessions, type Session, type SessionPlan } from '../domain/sessions';
import {
  type ActivityRepository,
  ActivityVersionConflictError,
  nextFeedPosition,
} from '../repositories/activities';
import type { ListingRepository } from '../repositories/listings';
import { type SessionRepository, SessionsChangedError } from '../repositories/sessions';

export interface CatalogueServiceDependencies {
  activities: ActivityRepository;
  sessions: SessionRepository;
  listings: ListingRepository;
  memberships: Pick<MembershipRepository, 'get' | 'listForProvider'>;
  providers: Pick<ProviderRepository, 'findByOwner'>;
  postcodes: PostcodeLookup;
  now: () => Date;
}

/** Bookings stand in the way of a change; the provider must cancel those sessions first. */
export class SessionsWithBookingsError extends Error {
  constructor(readonly blocked: SessionPlan['blocked']) {
    super(
      `These sessions have bookings, so this change would drop them, overfill them or change their times: ${blocked
        .map(({ session, reason }) => `${formatUkDateTime(session.startsAt)} (${reason})`)
        .join('; ')}. Cancel those sessions first (people are refunded), then make the change.`,
    );
    this.name = 'SessionsWithBookingsError';
  }
}

/**
 * Publishing and keeping the catalogue true: each change to an activity is followed by `refresh`,
 * which makes its sessions, its search listing and its open data feed entries match it.
 */
export function createCatalogueService(deps: CatalogueServiceDependencies) {
  const { activities, sessions, listings, memberships, providers, postcodes, now } = deps;

  const resolveVenue = async (venue: ActivityInput['venue']): Promise<Venue> => {
    const parsed = parsePostcode(venue.postcode);
    const field = 'venue.postcode';
    if (!parsed.ok || parsed.kind !== 'full')
      throw new ActivityRuleError('invalid', 'Enter the venue’s full postcode.', [
        { field, message: parsed.ok ? 'Enter the full postcode, like DT1 1AA' : parsed.message },
      ]);
    const location = await postcodes.find(parsed.postcode);
    if (!location)
      throw new ActivityRuleError('invalid', 'We could not find the venue’s postcode.', [
        { field, message: postcodeMessages.unknown },
      ]);
    return {
      ...venue,
      postcode: parsed.postcode,
      district: location.district,
      latitude: location.latitude,
      longitude: location.longitude,
    };
  };

  /** The venue as placed before, when its postcode has not changed: no lookup for every edit. */
  const venueFor = async (venue: ActivityInput['venue'], before: Venue): Promise<Venue> => {
    const parsed = parsePostcode(venue.postcode);
    if (parsed.ok && parsed.postcode === before.postcode) {
      const { district, latitude, longitude } = before;
      return { ...venue, postcode: before.postcode, district, latitude, longitude };
    }
    return resolveVenue(venue);
  };

  /**
   * A spoke may name any published hub in its council, whoever runs it: in the hub-and-spoke model
   * a community spoke is often run by a different organisation from the hub it belongs to.
   */
  const checkHub = async (input: ActivityInput, councilId: string, self?: string) => {
    if (input.setting !== 'spoke' || !input.hubId) return;
    const hub = input.hubId === self ? undefined : await activities.get(input.hubId);
    if (!hub || hub.councilId !== councilId || hub.setting !== 'hub' || hub.status !== 'published')
      throw new ActivityRuleError('invalid', 'Choose a published hub in your council.', [
        { field: 'hubId', message: 'Choose a hub from the list' },
      ]);
  };

  const organisationOf = async (user: SignedInUser) => {
    const organisation = await providers.findByOwner(user.councilId, user.id);
    if (!organisation)
      throw new ActivityRuleError('not-member', 'Sign up your organisation and join the framework first.');
    return organisation;
  };

  /** The membership that lets the provider offer this lot: an active one if there is one. */
  const membershipFor = async (councilId: string, providerId: string, lotId: string) => {
    const all = await memberships.listForProvider(councilId, providerId);
    const covering = all.filter((membership) => membership.lotIds.includes(lotId));
    return (
      covering.find((membership) => membership.status === 'active') ??
      covering.find((membership) => membership.status === 'suspended') ??
      all.find((membership) => membership.status !== 'ended')
    );
  };

  const rightOf = (membership: Membership | undefined) =>
    membership && { membershipId: membership.id, status: membership.status, lotIds: membership.lotIds };

  /** Sessions for the window ahead, refusing a change that would drop, overfill or re-time booked ones. */
  const applySchedule = async (activity: Activity, existing: Session[]) => {
    const at = now();
    const plan = planSessions(
      activity.status === 'published'
        ? activity
        : // Not published: no session should remain ahead.
          { ...activity, schedule: { ...activity.schedule, slots: [], exceptions: [] } },
      existing,
      ukToday(at),
      at,
    );
    if (plan.blocked.length) throw new SessionsWithBookingsError(plan.blocked);
    return plan;
  };

  /**
   * The sessions a schedule check needs: a plan only changes sessions still to start, and makes
   * them from today on, so older ones never matter, however long the activity has run.
   */
  const sessionsFromToday = (activityId: string) => sessions.listForActivity(activityId, ukToday(now()));

  /**
   * Makes everything that follows from an activity match it: sessions for the window ahead (while
   * it is listed), each session's and the activity's state in the open data feeds, and its search
   * listing. A suspension hides sessions rather than cancel them, so bookings stand; a withdrawal
   * is refused while sessions have bookings, and hides the rest the same way. The OpenActive feeds
   * carry only physical activities (`isInOpenActiveFeeds`): any other listed activity is searchable
   * like the rest, but it and its sessions are deletions in the feeds.
   */
  const refresh = async (activity: Activity): Promise<Activity> => {
    const at = now();
    const membership = await memberships.get(activity.councilId, activity.membershipId);
    const active = membership?.status === 'active';
    const listed = activity.status === 'published' && active;
    const inFeeds = listed && isInOpenActiveFeeds(activity.activityType);
    // A week back is enough: older sessions were marked over in the feed by earlier runs.
    const existing = await sessions.listForActivity(activity.id, addDays(ukToday(at), -7));
    const plan = listed ? await applySchedule(activity, existing) : { create: [], update: [], blocked: [] };

    const changed = new Map(plan.update.map((session) => [session.id, session]));
    // A session is live in the feed while it is scheduled, its activity listed (and in the OpenActive
    // feeds), and not yet over; any change to what the feed shows of it (state, places, times)
    // moves it to the feed's end.
    const feedState = (session: Session): 'updated' | 'deleted' =>
      inFeeds && session.status === 'scheduled' && session.endsAt > at.toISOString() ? 'updated' : 'deleted';
    for (const session of existing) {
      const latest = changed.get(session.id) ?? session;
      const state = feedState(latest);
      if (latest.feed?.state === state && !changed.has(session.id)) continue;
      const bumped = latest === session ? { updatedAt: at.toISOString(), version: session.version + 1 } : {};
      changed.set(session.id, { ...latest, ...bumped, feed: { state, modified: nextFeedPosition() } });
    }
    const created = plan.create.map(
      (session): Session => ({
        ...session,
        feed: { state: feedState(session), modified: nextFeedPosition() },
      }),
    );
    // Both writes hold only while the activity is still the version they were made from.
    const guard = { activityId: activity.id, version: activity.version };
    await sessions.write(created, [...changed.values()], guard);

    const current = [...existing.map((session) => changed.get(session.id) ?? session), ...created];
    await listings.reconcile(activity.id, listingOf(activity, current, active, at), guard);

    const state: FeedEntry['state'] = inFeeds ? 'updated' : 'deleted';
    if (!activity.feed || activity.feed.state === state) return activity;
    const next: Activity = {
      ...activity,
      feed: { state, modified: nextFeedPosition() },
      updatedAt: at.toISOString(),
      version: activity.version + 1,
    };
    await activities.save(next);
    return next;
  };

  /**
   * `refresh`, tried again from a fresh read when a booking or another change landed while it was
   * planning; the change that came before it (an edit, a publish) is saved either way, and the
   * daily run catches up anything still left.
   */
  const refreshLatest = async (first: Activity): Promise<Activity> => {
    let activity = first;
    for (let attempt = 1; ; attempt++) {
      try {
        return await refresh(activity);
      } catch (error) {
        const retry =
          attempt < 3 &&
          (error instanceof SessionsChangedError || error instanceof ActivityVersionConflictError);
        const fresh = retry ? await activities.get(activity.id) : undefined;
        if (!fresh) throw error;
        activity = fresh;
      }
    }
  };

  return {
    resolveVenue,
    refresh,

    async create(user: SignedInUser, input: ActivityInput): Promise<Activity> {
      const organisation = await organisationOf(user);
      const membership = await membershipFor(user.councilId, organisation.id, input.lotId);
      checkPublishingRight(input, rightOf(membership));
      await checkHub(input, user.councilId);
      const at = now();
      const activity = createActivity(
        input,
        await resolveVenue(input.venue),
        {
          id: ulid().toLowerCase(),
          councilId: user.councilId,
          providerId: organisation.id,
          providerName: organisation.details.legalName,
          membershipId: membership?.id ?? '',
        },
        ukToday(at),
        at,
      );
      await activities.create(activity);
      await activities.linkSpoke(activity);
      return activity;
    },

    async update(activity: Activity, input: ActivityInput): Promise<Activity> {
      const membership = await membershipFor(activity.councilId, activity.providerId, input.lotId);
      checkPublishingRight(input, rightOf(membership));
      await checkHub(input, activity.councilId, activity.id);
      const at = now();
      const revised = {
        ...reviseActivity(activity, input, await venueFor(input.venue, activity.venue), ukToday(at), at),
        membershipId: membership?.id ?? activity.membershipId,
      };
      // Check the new schedule against bookings before anything is saved.
      if (revised.status === 'published') await applySchedule(revised, await sessionsFromToday(activity.id));
      // What the feed shows has changed, so the activity moves to the feed's end; `refresh` then
      // settles its state (a new type can take it into or out of the OpenActive feeds).
      if (revised.feed) revised.feed = { state: revised.feed.state, modified: nextFeedPosition() };
      await activities.save(revised);
      await activities.linkSpoke(revised, activity.hubId);
      return refreshLatest(revised);
    },

    async publish(activity: Activity): Promise<Activity> {
      const membership = await memberships.get(activity.councilId, activity.membershipId);
      checkPublishingRight(activity, rightOf(membership));
      // Published, it has a place in the feeds: live for a physical activity, a deletion otherwise.
      const published: Activity = {
        ...changeActivityStatus(activity, 'publish', now()),
        feed: {
          state: isInOpenActiveFeeds(activity.activityType) ? 'updated' : 'deleted',
          modified: nextFeedPosition(),
        },
      };
      await activities.save(published);
      return refreshLatest(published);
    },

    async withdraw(activity: Activity): Promise<Activity> {
      const withdrawn = changeActivityStatus(activity, 'withdraw', now());
      await applySchedule(withdrawn, await sessionsFromToday(activity.id));
      const saved = withdrawn.feed
        ? { ...withdrawn, feed: { state: 'deleted' as const, modified: nextFeedPosition() } }
        : withdrawn;
      await activities.save(saved);
      return refreshLatest(saved);
    },

    async cancelSession(activity: Activity, session: Session, reason: string): Promise<Session> {
      const cancelled = cancelSession(session, reason, now());
      // Its bookings are refunded by the checkout's regular run, from a note written with the cancellation.
      await sessions.cancelByProvider(cancelled);
      await refreshLatest(activity);
      return cancelled;
    },

    /**
     * Every published activity of a provider made to match their membership now (after suspension
     * or reinstatement, and daily). One activity's trouble does not stop the others: a booking
     * landing mid-plan is tried again from fresh sessions, anything else is counted and left for
     * the next run.
     */
    async refreshProvider(
      councilId: string,
      providerId: string,
    ): Promise<{ refreshed: number; failed: number }> {
      const result = { refreshed: 0, failed: 0 };
      for (const activity of await activities.listForProvider(councilId, providerId)) {
        if (!activity.feed) continue;
        try {
          await refreshLatest(activity);
          result.refreshed += 1;
        } catch {
          // Counted for the job's log; the next run tries again.
          result.failed += 1;
        }
      }
      return result;
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
