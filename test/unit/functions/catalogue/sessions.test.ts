import { describe, expect, it } from 'vitest';
import type { Activity, Schedule } from '../../../../functions/catalogue/domain/activity';
import {
  cancelSession,
  occurrencesBetween,
  placesLeft,
  planSessions,
  type Session,
  type SessionPlan,
  SessionRuleError,
  sessionIdOf,
  sessionWindowDays,
} from '../../../../functions/catalogue/domain/sessions';
import { addDays, weekdayOf } from '../../../../shared/time/london-time';
import { session } from './fixtures';

type Planned = Pick<Activity, 'id' | 'councilId' | 'providerId' | 'schedule' | 'placesPerSession'>;

const tuesday = { day: 'tuesday', starts: '10:00', ends: '12:00' } as const;
const thursdayEvening = { day: 'thursday', starts: '18:30', ends: '20:30' } as const;

function schedule(overrides: Partial<Schedule> = {}): Schedule {
  return { slots: [tuesday], startsOn: '2026-03-01', exceptions: [], ...overrides };
}

function planned(overrides: Partial<Planned> = {}): Planned {
  return {
    id: 'act1',
    councilId: 'dorset',
    providerId: 'prov1',
    schedule: schedule(),
    placesPerSession: 12,
    ...overrides,
  };
}

/** The sessions as stored after a plan is carried out. */
function apply(existing: Session[], plan: SessionPlan): Session[] {
  const byId = new Map(existing.map((item) => [item.id, item]));
  for (const item of [...plan.update, ...plan.create]) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

// Tuesday 24 March 2026, 08:00 GMT: before the spring clock change.
const today = '2026-03-24';
const now = new Date('2026-03-24T08:00:00Z');
const at = now.toISOString();

describe('occurrencesBetween', () => {
  const week = schedule({
    startsOn: '2026-01-01',
    slots: [
      { day: 'tuesday', starts: '18:00', ends: '20:00' },
      { day: 'sunday', starts: '14:00', ends: '16:00' },
      tuesday,
      { day: 'saturday', starts: '09:00', ends: '11:00' },
      thursdayEvening,
    ],
  });

  it('gives every slot on its chosen days, evenings and weekends included, sorted by date then time', () => {
    // Monday 1 June to Sunday 14 June 2026.
    expect(occurrencesBetween(week, '2026-06-01', '2026-06-14')).toEqual([
      { date: '2026-06-02', starts: '10:00', ends: '12:00' },
      { date: '2026-06-02', starts: '18:00', ends: '20:00' },
      { date: '2026-06-04', starts: '18:30', ends: '20:30' },
      { date: '2026-06-06', starts: '09:00', ends: '11:00' },
      { date: '2026-06-07', starts: '14:00', ends: '16:00' },
      { date: '2026-06-09', starts: '10:00', ends: '12:00' },
      { date: '2026-06-09', starts: '18:00', ends: '20:00' },
      { date: '2026-06-11', starts: '18:30', ends: '20:30' },
      { date: '2026-06-13', starts: '09:00', ends: '11:00' },
      { date: '2026-06-14', starts: '14:00', ends: '16:00' },
    ]);
  });

  it('puts each occurrence on the weekday its slot names', () => {
    for (const occurrence of occurrencesBetween(week, '2026-03-01', '2026-11-30')) {
      const slot = week.slots.find((s) => s.starts === occurrence.starts && s.ends === occurrence.ends);
      expect(weekdayOf(occurrence.date)).toBe(slot?.day);
    }
  });

  it('includes both ends of the range', () => {
    const dates = occurrencesBetween(schedule(), '2026-06-02', '2026-06-09').map((o) => o.date);
    expect(dates).toEqual(['2026-06-02', '2026-06-09']);
  });

  it("clips to the schedule's start and end dates", () => {
    const clipped = schedule({ startsOn: '2026-06-03', endsOn: '2026-06-16' });
    expect(occurrencesBetween(clipped, '2026-05-01', '2026-07-31').map((o) => o.date)).toEqual([
      '2026-06-09',
      '2026-06-16',
    ]);
  });

  it('includes sessions on the start date and end date themselves', () => {
    const clipped = schedule({ startsOn: '2026-06-02', endsOn: '2026-06-09' });
    expect(occurrencesBetween(clipped, '2026-05-01', '2026-07-31').map((o) => o.date)).toEqual([
      '2026-06-02',
      '2026-06-09',
    ]);
  });

  it('skips exception dates, and only those', () => {
    const withHoliday = schedule({ exceptions: ['2026-06-09', '2026-06-10'] });
    expect(occurrencesBetween(withHoliday, '2026-06-01', '2026-06-21').map((o) => o.date)).toEqual([
      '2026-06-02',
      '2026-06-16',
    ]);
  });

  it('gives nothing when the range ends before the schedule starts or after it ends', () => {
    expect(occurrencesBetween(schedule({ startsOn: '2026-07-01' }), '2026-06-01', '2026-06-30')).toEqual([]);
    expect(occurrencesBetween(schedule({ endsOn: '2026-05-31' }), '2026-06-01', '2026-06-30')).toEqual([]);
    expect(occurrencesBetween(schedule(), '2026-06-30', '2026-06-01')).toEqual([]);
  });
});

describe('sessionIdOf', () => {
  it('joins the activity id, the date and the start time without separators', () => {
    expect(sessionIdOf('act1', { date: '2026-03-24', starts: '10:00' })).toBe('act1-202603241000');
  });
});

describe('placesLeft', () => {
  it('is places less booked, never below zero', () => {
    expect(placesLeft({ places: 12, booked: 5 })).toBe(7);
    expect(placesLeft({ places: 12, booked: 12 })).toBe(0);
    expect(placesLeft({ places: 8, booked: 10 })).toBe(0);
  });
});

describe('planSessions for a new schedule', () => {
  it('creates a session for each Tuesday from today to the end of the 13-week window', () => {
    const plan = planSessions(planned(), [], today, now);
    expect(sessionWindowDays).toBe(91);
    expect(plan.update).toEqual([]);
    expect(plan.blocked).toEqual([]);
    expect(plan.create.map((s) => s.date)).toEqual([
      '2026-03-24',
      '2026-03-31',
      '2026-04-07',
      '2026-04-14',
      '2026-04-21',
      '2026-04-28',
      '2026-05-05',
      '2026-05-12',
      '2026-05-19',
      '2026-05-26',
      '2026-06-02',
      '2026-06-09',
      '2026-06-16',
      '2026-06-23',
    ]);
  });

  it('fills in every field of a new session, with its id from sessionIdOf', () => {
    const [first] = planSessions(planned(), [], today, now).create;
    expect(first).toEqual({
      id: 'act1-202603241000',
      activityId: 'act1',
      councilId: 'dorset',
      providerId: 'prov1',
      date: '2026-03-24',
      starts: '10:00',
      ends: '12:00',
      startsAt: '2026-03-24T10:00:00.000Z',
      endsAt: '2026-03-24T12:00:00.000Z',
      places: 12,
      booked: 0,
      status: 'scheduled',
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    for (const created of planSessions(planned(), [], today, now).create)
      expect(created.id).toBe(sessionIdOf('act1', created));
  });

  it('moves a Tuesday 10:00 session from 10:00Z in winter to 09:00Z in summer (29 March 2026)', () => {
    const byDate = new Map(planSessions(planned(), [], today, now).create.map((s) => [s.date, s]));
    expect(byDate.get('2026-03-24')).toMatchObject({
      startsAt: '2026-03-24T10:00:00.000Z',
      endsAt: '2026-03-24T12:00:00.000Z',
    });
    expect(byDate.get('2026-03-31')).toMatchObject({
      startsAt: '2026-03-31T09:00:00.000Z',
      endsAt: '2026-03-31T11:00:00.000Z',
    });
    expect(byDate.get('2026-06-23')).toMatchObject({ starts: '10:00', startsAt: '2026-06-23T09:00:00.000Z' });
  });

  it('moves a Tuesday 10:00 session from 09:00Z in summer to 10:00Z in winter (25 October 2026)', () => {
    const plan = planSessions(planned(), [], '2026-10-20', new Date('2026-10-20T07:00:00Z'));
    const byDate = new Map(plan.create.map((s) => [s.date, s]));
    expect(byDate.get('2026-10-20')).toMatchObject({
      startsAt: '2026-10-20T09:00:00.000Z',
      endsAt: '2026-10-20T11:00:00.000Z',
    });
    expect(byDate.get('2026-10-27')).toMatchObject({
      startsAt: '2026-10-27T10:00:00.000Z',
      endsAt: '2026-10-27T12:00:00.000Z',
    });
  });

  it('makes a session for every day of the window when every day has a slot, and none beyond it', () => {
    const everyDay = schedule({
      slots: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => ({
        day: day as Schedule['slots'][number]['day'],
        starts: '10:00',
        ends: '11:00',
      })),
    });
    const dates = planSessions(planned({ schedule: everyDay }), [], today, now).create.map((s) => s.date);
    expect(dates).toHaveLength(sessionWindowDays + 1);
    expect(dates[0]).toBe(today);
    expect(dates.at(-1)).toBe(addDays(today, sessionWindowDays));
    expect(new Set(dates).size).toBe(dates.length);
  });

  it("does not create today's session once its start time has come", () => {
    const started = planSessions(planned(), [], today, new Date('2026-03-24T10:00:00Z'));
    expect(started.create[0]?.date).toBe('2026-03-31');
    const notYet = planSessions(planned(), [], today, new Date('2026-03-24T09:59:59Z'));
    expect(notYet.create[0]?.date).toBe('2026-03-24');
  });

  it('creates nothing before the schedule starts or after it ends', () => {
    const plan = planSessions(
      planned({ schedule: schedule({ startsOn: '2026-04-10', endsOn: '2026-04-30' }) }),
      [],
      today,
      now,
    );
    expect(plan.create.map((s) => s.date)).toEqual(['2026-04-14', '2026-04-21', '2026-04-28']);
  });
});

describe('planSessions run again', () => {
  it('creates and changes nothing when the same plan runs twice', () => {
    const first = planSessions(planned(), [], today, now);
    const stored = apply([], first);
    expect(planSessions(planned(), stored, today, now)).toEqual({ create: [], update: [], blocked: [] });
  });

  it('a week later adds only the one new session at the end of the window', () => {
    const stored = apply([], planSessions(planned(), [], today, now));
    const later = planSessions(planned(), stored, '2026-03-31', new Date('2026-03-31T08:00:00Z'));
    expect(later.update).toEqual([]);
    expect(later.blocked).toEqual([]);
    expect(later.create.map((s) => s.id)).toEqual(['act1-202606301000']);
  });
});

describe('planSessions when a schedule is edited', () => {
  const both = planned({ schedule: schedule({ slots: [tuesday, thursdayEvening] }) });
  const tuesdaysOnly = planned({ schedule: schedule({ slots: [tuesday] }) });
  const stored = () => apply([], planSessions(both, [], today, now));
  const isThursday = (s: Session) => s.starts === '18:30';

  it('cancels a dropped session without bookings, marking it cancelled by the schedule', () => {
    const sessions = stored();
    const thursdays = sessions.filter(isThursday);
    const plan = planSessions(tuesdaysOnly, sessions, today, now);
    expect(plan.create).toEqual([]);
    expect(plan.blocked).toEqual([]);
    expect(plan.update.map((s) => s.id)).toEqual(thursdays.map((s) => s.id));
    for (const [index, update] of plan.update.entries()) {
      expect(update).toEqual({
        ...thursdays[index],
        status: 'cancelled',
        cancelledBy: 'schedule',
        updatedAt: at,
        version: 2,
      });
    }
  });

  it('blocks a dropped session that has bookings, and leaves it unchanged', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202604021830' ? { ...s, booked: 3 } : s));
    const booked = sessions.find((s) => s.id === 'act1-202604021830') as Session;
    const plan = planSessions(tuesdaysOnly, sessions, today, now);
    expect(plan.blocked).toEqual([
      { session: booked, reason: 'has bookings and is no longer in the schedule' },
    ]);
    expect(plan.blocked[0]?.session).toEqual({ ...booked });
    expect(plan.update.map((s) => s.id)).not.toContain('act1-202604021830');
    expect(plan.update).toHaveLength(sessions.filter(isThursday).length - 1);
  });

  it('blocks reducing places below what a session already has booked', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202604141000' ? { ...s, booked: 10 } : s));
    const plan = planSessions({ ...both, placesPerSession: 8 }, sessions, today, now);
    expect(plan.blocked).toEqual([
      { session: sessions.find((s) => s.id === 'act1-202604141000'), reason: 'has 10 places booked' },
    ]);
    expect(plan.update.map((s) => s.id)).not.toContain('act1-202604141000');
    expect(plan.update).toHaveLength(sessions.length - 1);
    expect(plan.update.every((s) => s.places === 8)).toBe(true);
  });

  it('allows reducing places to exactly what is booked', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202604141000' ? { ...s, booked: 8 } : s));
    const plan = planSessions({ ...both, placesPerSession: 8 }, sessions, today, now);
    expect(plan.blocked).toEqual([]);
    expect(plan.update.find((s) => s.id === 'act1-202604141000')).toMatchObject({ places: 8, booked: 8 });
  });

  it('updates the places of every future session, keeping bookings and times', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202604141000' ? { ...s, booked: 4 } : s));
    const plan = planSessions({ ...both, placesPerSession: 20 }, sessions, today, now);
    expect(plan.create).toEqual([]);
    expect(plan.blocked).toEqual([]);
    expect(plan.update).toHaveLength(sessions.length);
    for (const update of plan.update) {
      const before = sessions.find((s) => s.id === update.id) as Session;
      expect(update).toEqual({ ...before, places: 20, updatedAt: at, version: before.version + 1 });
    }
  });

  it('updates the end time and its UTC instant, on both sides of the clock change', () => {
    const longer = planned({
      schedule: schedule({ slots: [{ ...tuesday, ends: '12:30' }, thursdayEvening] }),
    });
    const plan = planSessions(longer, stored(), today, now);
    const byId = new Map(plan.update.map((s) => [s.id, s]));
    expect(plan.update.every((s) => s.starts === '10:00')).toBe(true);
    expect(byId.get('act1-202603241000')).toMatchObject({
      ends: '12:30',
      endsAt: '2026-03-24T12:30:00.000Z',
    });
    expect(byId.get('act1-202603311000')).toMatchObject({
      ends: '12:30',
      endsAt: '2026-03-31T11:30:00.000Z',
    });
  });

  it('blocks a new end time for a session that has bookings, naming both times, and leaves it unchanged', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202604141000' ? { ...s, booked: 2 } : s));
    const booked = sessions.find((s) => s.id === 'act1-202604141000') as Session;
    const longer = planned({
      schedule: schedule({ slots: [{ ...tuesday, ends: '12:30' }, thursdayEvening] }),
    });
    const plan = planSessions(longer, sessions, today, now);
    expect(plan.blocked).toEqual([
      { session: booked, reason: 'has bookings and would end at 12:30 instead of 12:00' },
    ]);
    expect(plan.update.map((s) => s.id)).not.toContain('act1-202604141000');
    // The other Tuesdays, with no bookings, would move; the refusal is the caller's to make.
    const tuesdays = sessions.filter((s) => s.starts === '10:00');
    expect(plan.update.map((s) => s.id)).toEqual(
      tuesdays.filter((s) => s.id !== 'act1-202604141000').map((s) => s.id),
    );
  });

  it('blocks an earlier end time for a booked session too, even with places to spare', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202604021830' ? { ...s, booked: 1 } : s));
    const shorter = planned({
      schedule: schedule({ slots: [tuesday, { ...thursdayEvening, ends: '19:30' }] }),
      placesPerSession: 20,
    });
    const plan = planSessions(shorter, sessions, today, now);
    expect(plan.blocked.map(({ session, reason }) => [session.id, reason])).toEqual([
      ['act1-202604021830', 'has bookings and would end at 19:30 instead of 20:30'],
    ]);
  });

  it('blocks a new start time for a booked session as a drop (the session at the new time is another one)', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202604141000' ? { ...s, booked: 1 } : s));
    const later = planned({
      schedule: schedule({ slots: [{ ...tuesday, starts: '10:30' }, thursdayEvening] }),
    });
    const plan = planSessions(later, sessions, today, now);
    expect(plan.blocked.map(({ session, reason }) => [session.id, reason])).toEqual([
      ['act1-202604141000', 'has bookings and is no longer in the schedule'],
    ]);
  });

  it('still gives a booked session more places when its times stay the same', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202604141000' ? { ...s, booked: 3 } : s));
    const plan = planSessions({ ...both, placesPerSession: 15 }, sessions, today, now);
    expect(plan.blocked).toEqual([]);
    expect(plan.update.find((s) => s.id === 'act1-202604141000')).toMatchObject({
      places: 15,
      booked: 3,
      ends: '12:00',
    });
  });

  it('does not touch sessions that have already started, even when the schedule drops them', () => {
    const sessions = stored().map((s) => (s.id === 'act1-202603241000' ? { ...s, booked: 2 } : s));
    const during = new Date('2026-03-24T10:30:00Z');
    const plan = planSessions(
      planned({ schedule: schedule({ slots: [thursdayEvening] }), placesPerSession: 1 }),
      sessions,
      today,
      during,
    );
    const touched = [...plan.update, ...plan.create, ...plan.blocked.map((b) => b.session)].map((s) => s.id);
    expect(touched).not.toContain('act1-202603241000');
    expect(plan.update.filter((s) => s.starts === '10:00').every((s) => s.status === 'cancelled')).toBe(true);
  });

  it('leaves a session the schedule already cancelled alone while the schedule still lacks it', () => {
    const dropped = apply(stored(), planSessions(tuesdaysOnly, stored(), today, now));
    expect(planSessions(tuesdaysOnly, dropped, today, now)).toEqual({ create: [], update: [], blocked: [] });
  });

  it('reinstates sessions the schedule cancelled when the slot comes back, but not one the provider cancelled', () => {
    let sessions = stored();
    const providerCancelled = 'act1-202604091830';
    sessions = sessions.map((s) =>
      s.id === providerCancelled ? cancelSession(s, 'Staff training', new Date('2026-03-23T12:00:00Z')) : s,
    );

    const drop = planSessions(tuesdaysOnly, sessions, today, now);
    expect(drop.update.map((s) => s.id)).not.toContain(providerCancelled);
    sessions = apply(sessions, drop);
    expect(sessions.filter(isThursday).every((s) => s.status === 'cancelled')).toBe(true);

    const readd = planSessions(both, sessions, today, now);
    expect(readd.create).toEqual([]);
    expect(readd.blocked).toEqual([]);
    const thursdays = sessions.filter((s) => isThursday(s) && s.id !== providerCancelled);
    expect(readd.update.map((s) => s.id)).toEqual(thursdays.map((s) => s.id));
    for (const update of readd.update) {
      expect(update.status).toBe('scheduled');
      expect(update).not.toHaveProperty('cancelledBy');
      expect(update).not.toHaveProperty('cancelledReason');
      expect(update.version).toBe(3);
    }

    const after = apply(sessions, readd);
    expect(after.find((s) => s.id === providerCancelled)).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'provider',
      cancelledReason: 'Staff training',
    });
    expect(planSessions(both, after, today, now)).toEqual({ create: [], update: [], blocked: [] });
  });

  it('creates sessions for a newly added slot alongside the existing ones', () => {
    const sessions = apply([], planSessions(tuesdaysOnly, [], today, now));
    const plan = planSessions(both, sessions, today, now);
    expect(plan.update).toEqual([]);
    expect(plan.create.length).toBeGreaterThan(0);
    expect(plan.create.every((s) => s.starts === '18:30' && weekdayOf(s.date) === 'thursday')).toBe(true);
    expect(plan.create[0]).toMatchObject({ id: 'act1-202603261830', startsAt: '2026-03-26T18:30:00.000Z' });
  });
});

describe('cancelSession', () => {
  const before = new Date('2026-06-01T12:00:00Z');

  it('cancels a future session for the provider, recording why', () => {
    const original = session({ booked: 4 });
    const cancelled = cancelSession(original, 'Flooded garden', before);
    expect(cancelled).toEqual({
      ...original,
      status: 'cancelled',
      cancelledBy: 'provider',
      cancelledReason: 'Flooded garden',
      updatedAt: before.toISOString(),
      version: 2,
    });
    expect(original.status).toBe('scheduled');
  });

  it('refuses a session that is already cancelled', () => {
    const cancelled = session({ status: 'cancelled', cancelledBy: 'schedule' });
    expect(() => cancelSession(cancelled, 'again', before)).toThrow(SessionRuleError);
    expect(() => cancelSession(cancelled, 'again', before)).toThrow('This session is already cancelled.');
  });

  it('refuses a session that has already started, from its start instant on', () => {
    const target = session({ startsAt: '2026-06-02T09:00:00.000Z' });
    const atStart = new Date('2026-06-02T09:00:00Z');
    expect(() => cancelSession(target, 'late', atStart)).toThrow(SessionRuleError);
    expect(() => cancelSession(target, 'late', atStart)).toThrow(
      'This session has already started, so it cannot be cancelled.',
    );
    expect(() => cancelSession(target, 'late', new Date('2026-06-02T10:00:00Z'))).toThrow(SessionRuleError);
    expect(cancelSession(target, 'just in time', new Date('2026-06-02T08:59:59Z')).status).toBe('cancelled');
  });

  it('names its error SessionRuleError', () => {
    try {
      cancelSession(session({ status: 'cancelled' }), 'x', before);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SessionRuleError);
      expect((error as Error).name).toBe('SessionRuleError');
    }
  });
});
