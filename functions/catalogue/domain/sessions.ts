import { addDays, londonTimeToUtc, weekdayOf } from '../../../shared/time/london-time';
import type { Activity, FeedEntry, Schedule } from './activity';

/**
 * Dated sessions made from an activity's weekly schedule, for a rolling window ahead. Each has a
 * number of places and the places still free; bookings (the checkout) take places, cancelling
 * gives them back. A session's id comes from its activity, date and start time, so making the
 * same schedule twice makes the same sessions.
 */
export interface Session {
  id: string;
  activityId: string;
  councilId: string;
  providerId: string;
  /** London calendar date and wall times, as people read them. */
  date: string;
  starts: string;
  ends: string;
  /** The same moments in UTC, for ordering and for "has it started". */
  startsAt: string;
  endsAt: string;
  places: number;
  booked: number;
  status: 'scheduled' | 'cancelled';
  /** Who took it off: the provider (bookings are refunded), or a schedule change that dropped it. */
  cancelledBy?: 'provider' | 'schedule';
  cancelledReason?: string;
  feed?: FeedEntry;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const placesLeft = (session: Pick<Session, 'places' | 'booked'>) =>
  Math.max(0, session.places - session.booked);

/** Sessions are made at least this far ahead; the daily job moves the window on. */
export const sessionWindowDays = 7 * 13;

export interface Occurrence {
  date: string;
  starts: string;
  ends: string;
}

/** Session ids: the activity id, a hyphen, and the London start as YYYYMMDDHHMM. */
export const sessionIdPattern = /^[0-9a-z]{26}-\d{12}$/;

export const sessionIdOf = (activityId: string, occurrence: Pick<Occurrence, 'date' | 'starts'>) =>
  `${activityId}-${occurrence.date.replaceAll('-', '')}${occurrence.starts.replace(':', '')}`;

/** Every slot of the schedule on each date from `from` to `to` inclusive, skipping exception dates. */
export function occurrencesBetween(schedule: Schedule, from: string, to: string): Occurrence[] {
  const first = from > schedule.startsOn ? from : schedule.startsOn;
  const last = schedule.endsOn && schedule.endsOn < to ? schedule.endsOn : to;
  const skipped = new Set(schedule.exceptions);
  const occurrences: Occurrence[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (skipped.has(date)) continue;
    const day = weekdayOf(date);
    for (const slot of schedule.slots) {
      if (slot.day === day) occurrences.push({ date, starts: slot.starts, ends: slot.ends });
    }
  }
  return occurrences.sort((a, b) => `${a.date}${a.starts}`.localeCompare(`${b.date}${b.starts}`));
}

export interface SessionPlan {
  create: Session[];
  update: Session[];
  /** Sessions with bookings the change would drop, overfill or re-time: the change is refused while there are any. */
  blocked: { session: Session; reason: string }[];
}

/**
 * What a schedule (new, edited, or just a day older) means for the sessions from now to the end
 * of the window: sessions to make, sessions to change (places, end time, or taken off because the
 * schedule no longer has them), and sessions with bookings that the change would drop, overfill or
 * re-time. People booked a session for the times it had, so a booked session keeps them: the
 * provider cancels it (people are refunded) before its times can change.
 */
export function planSessions(
  activity: Pick<Activity, 'id' | 'councilId' | 'providerId' | 'schedule' | 'placesPerSession'>,
  existing: Session[],
  today: string,
  now: Date,
): SessionPlan {
  const at = now.toISOString();
  const future = existing.filter((session) => session.startsAt > at);
  const wanted = new Map(
    occurrencesBetween(activity.schedule, today, addDays(today, sessionWindowDays))
      .map((occurrence) => ({ occurrence, startsAt: londonTimeToUtc(occurrence.date, occurrence.starts) }))
      .filter(({ startsAt }) => startsAt.toISOString() > at)
      .map(({ occurrence, startsAt }) => [sessionIdOf(activity.id, occurrence), { occurrence, startsAt }]),
  );
  const plan: SessionPlan = { create: [], update: [], blocked: [] };
  const changed = (session: Session, change: Partial<Session>): Session => ({
    ...session,
    ...change,
    updatedAt: at,
    version: session.version + 1,
  });

  for (const session of future) {
    const keep = wanted.get(session.id);
    if (!keep) {
      if (session.status === 'cancelled') continue;
      if (session.booked > 0)
        plan.blocked.push({ session, reason: 'has bookings and is no longer in the schedule' });
      else plan.update.push(changed(session, { status: 'cancelled', cancelledBy: 'schedule' }));
      continue;
    }
    if (session.status === 'cancelled' && session.cancelledBy === 'provider') continue;
    if (session.booked > activity.placesPerSession) {
      plan.blocked.push({ session, reason: `has ${session.booked} places booked` });
      continue;
    }
    const retimed = session.ends !== keep.occurrence.ends;
    if (session.booked > 0 && retimed) {
      plan.blocked.push({
        session,
        reason: `has bookings and would end at ${keep.occurrence.ends} instead of ${session.ends}`,
      });
      continue;
    }
    const reinstated = session.status === 'cancelled';
    if (reinstated || session.places !== activity.placesPerSession || retimed) {
      const { cancelledBy: _by, cancelledReason: _reason, ...rest } = session;
      plan.update.push(
        changed(rest, {
          status: 'scheduled',
          places: activity.placesPerSession,
          ends: keep.occurrence.ends,
          endsAt: londonTimeToUtc(keep.occurrence.date, keep.occurrence.ends).toISOString(),
        }),
      );
    }
  }

  const known = new Set(existing.map((session) => session.id));
  for (const [id, { occurrence, startsAt }] of wanted) {
    if (known.has(id)) continue;
    plan.create.push({
      id,
      activityId: activity.id,
      councilId: activity.councilId,
      providerId: activity.providerId,
      ...occurrence,
      startsAt: startsAt.toISOString(),
      endsAt: londonTimeToUtc(occurrence.date, occurrence.ends).toISOString(),
      places: activity.placesPerSession,
      booked: 0,
      status: 'scheduled',
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
  }
  return plan;
}

/** A session that cannot be cancelled: already cancelled, or already started. */
export class SessionRuleError extends Error {
  override name = 'SessionRuleError';
}

/** Why a session cannot be cancelled now, or undefined when it can. */
export function whyNotCancellable(session: Session, now: Date): string | undefined {
  if (session.status === 'cancelled') return 'This session is already cancelled.';
  if (session.startsAt <= now.toISOString())
    return 'This session has already started, so it cannot be cancelled.';
  return undefined;
}

/** The provider cancels one session, saying why; the checkout refunds its bookings. */
export function cancelSession(session: Session, reason: string, now: Date): Session {
  const refusal = whyNotCancellable(session, now);
  if (refusal) throw new SessionRuleError(refusal);
  return {
    ...session,
    status: 'cancelled',
    cancelledBy: 'provider',
    cancelledReason: reason,
    updatedAt: now.toISOString(),
    version: session.version + 1,
  };
}
