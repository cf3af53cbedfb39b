import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../../functions/catalogue/domain/activity';
import { geohash } from '../../../../functions/catalogue/domain/geo';
import { listingOf, timeOfDayOf } from '../../../../functions/catalogue/domain/listing';
import { activity, session, venue } from './fixtures';

const now = new Date('2026-06-01T12:00:00Z');

const future = [
  session({ id: 's2', startsAt: '2026-06-09T09:00:00.000Z', booked: 12 }),
  session({ id: 's1', startsAt: '2026-06-02T09:00:00.000Z', booked: 3 }),
  session({ id: 's3', startsAt: '2026-06-16T09:00:00.000Z' }),
];

const withSlots = (slots: Schedule['slots']) =>
  activity({ schedule: { slots, startsOn: '2026-01-06', exceptions: [] } });

describe('listingOf: when there is no listing', () => {
  it('has none for a draft or a withdrawn activity', () => {
    expect(listingOf(activity({ status: 'draft' }), future, true, now)).toBeUndefined();
    expect(listingOf(activity({ status: 'withdrawn' }), future, true, now)).toBeUndefined();
  });

  it("has none when the provider's membership is not active", () => {
    expect(listingOf(activity(), future, false, now)).toBeUndefined();
  });

  it('has none without a scheduled session still to start', () => {
    expect(listingOf(activity(), [], true, now)).toBeUndefined();
    const past = session({ startsAt: '2026-05-26T09:00:00.000Z' });
    const startingNow = session({ startsAt: now.toISOString() });
    const cancelled = session({ status: 'cancelled', cancelledBy: 'provider' });
    expect(listingOf(activity(), [past, startingNow, cancelled], true, now)).toBeUndefined();
  });
});

describe('listingOf: a bookable activity', () => {
  it('copies what search shows from the activity and its venue', () => {
    const result = listingOf(activity(), future, true, now);
    expect(result).toMatchObject({
      activityId: 'act1',
      councilId: 'dorset',
      providerId: 'prov1',
      providerName: 'Kingston Maurward Farm',
      title: 'Gardening at Kingston Maurward',
      summary: 'Growing vegetables and flowers in the walled garden.',
      activityType: 'community-gardening',
      setting: 'spoke',
      lotId: 'spokes',
      venueName: venue.name,
      town: 'Dorchester',
      postcode: 'DT2 8PY',
      district: 'DT2',
      latitude: venue.latitude,
      longitude: venue.longitude,
      needs: ['learning-disability'],
      accessibility: ['step-free-access'],
      funding: ['direct-payment'],
      pricePence: 2550,
      pricePer: 'session',
      ageFrom: 18,
    });
    expect(result).not.toHaveProperty('hubId');
    expect(result).not.toHaveProperty('ageTo');
  });

  it('includes the hub and the oldest age when the activity has them', () => {
    const result = listingOf(
      activity({ hubId: '01jq6z8k9m2n3p4q5r6s7t8v9w', ageRange: { from: 18, to: 65 } }),
      future,
      true,
      now,
    );
    expect(result).toMatchObject({ hubId: '01jq6z8k9m2n3p4q5r6s7t8v9w', ageFrom: 18, ageTo: 65 });
  });

  it('sets the geohash of the venue, at full 9-character precision', () => {
    const result = listingOf(activity(), future, true, now);
    expect(result?.geohash).toBe(geohash(venue));
    expect(result?.geohash).toHaveLength(9);
    expect(result?.geohash.startsWith('gcn')).toBe(true);
  });

  it('takes the earliest future scheduled session as the next, ignoring past and cancelled ones', () => {
    const sessions = [
      ...future,
      session({ id: 'past', startsAt: '2026-05-26T09:00:00.000Z' }),
      session({
        id: 'off',
        startsAt: '2026-06-01T18:00:00.000Z',
        status: 'cancelled',
        cancelledBy: 'provider',
      }),
    ];
    expect(listingOf(activity(), sessions, true, now)?.nextSessionAt).toBe('2026-06-02T09:00:00.000Z');
  });

  it('has places while any future session has one', () => {
    expect(listingOf(activity(), future, true, now)?.hasPlaces).toBe(true);
  });

  it('has no places when every future session is full, whatever past or cancelled sessions hold', () => {
    const sessions = [
      session({ id: 'a', startsAt: '2026-06-02T09:00:00.000Z', booked: 12 }),
      session({ id: 'b', startsAt: '2026-06-09T09:00:00.000Z', places: 8, booked: 8 }),
      session({ id: 'past', startsAt: '2026-05-26T09:00:00.000Z', booked: 0 }),
      session({
        id: 'off',
        startsAt: '2026-06-16T09:00:00.000Z',
        status: 'cancelled',
        cancelledBy: 'schedule',
      }),
    ];
    expect(listingOf(activity(), sessions, true, now)?.hasPlaces).toBe(false);
  });

  it('lists each day once, in schedule order', () => {
    const result = listingOf(
      withSlots([
        { day: 'tuesday', starts: '10:00', ends: '12:00' },
        { day: 'saturday', starts: '10:00', ends: '12:00' },
        { day: 'tuesday', starts: '18:00', ends: '20:00' },
      ]),
      future,
      true,
      now,
    );
    expect(result?.days).toEqual(['tuesday', 'saturday']);
  });

  it('lists each time of day once across all the slots', () => {
    const result = listingOf(
      withSlots([
        { day: 'monday', starts: '10:00', ends: '12:00' },
        { day: 'wednesday', starts: '09:00', ends: '11:00' },
        { day: 'sunday', starts: '19:00', ends: '21:00' },
      ]),
      future,
      true,
      now,
    );
    expect(result?.timesOfDay).toEqual(['daytime', 'weekend', 'evening']);
  });
});

describe('timeOfDayOf', () => {
  it('calls a weekday 10:00 daytime', () => {
    expect(timeOfDayOf({ day: 'tuesday', starts: '10:00' })).toEqual(['daytime']);
  });

  it('calls a weekday 18:00 evening, and evenings start at 17:00', () => {
    expect(timeOfDayOf({ day: 'wednesday', starts: '18:00' })).toEqual(['evening']);
    expect(timeOfDayOf({ day: 'friday', starts: '17:00' })).toEqual(['evening']);
    expect(timeOfDayOf({ day: 'friday', starts: '16:59' })).toEqual(['daytime']);
  });

  it('calls Saturday 10:00 weekend', () => {
    expect(timeOfDayOf({ day: 'saturday', starts: '10:00' })).toEqual(['weekend']);
  });

  it('calls Sunday 19:00 both weekend and evening', () => {
    expect(timeOfDayOf({ day: 'sunday', starts: '19:00' })).toEqual(['weekend', 'evening']);
  });
});

describe('listing summary', () => {
  const words = (count: number) =>
    Array.from({ length: count }, (_, i) => `word${String(i).padStart(2, '0')}`).join(' ');

  it('keeps a description of 200 characters or fewer as it is', () => {
    const exactly200 = 'x'.repeat(200);
    expect(listingOf(activity({ description: exactly200 }), future, true, now)?.summary).toBe(exactly200);
  });

  it('shortens a longer description to at most 200 characters, ending at a whole word with an ellipsis', () => {
    const description = words(60); // 60 words of 6 characters, 419 characters.
    expect(description.length).toBeGreaterThan(200);
    const summary = listingOf(activity({ description }), future, true, now)?.summary ?? '';
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(summary.endsWith('...')).toBe(true);
    const kept = summary.slice(0, -3);
    expect(description.startsWith(kept)).toBe(true);
    expect(description[kept.length]).toBe(' ');
    expect(kept.length).toBeGreaterThan(150);
  });

  it('cuts a description with no spaces at 197 characters plus an ellipsis', () => {
    const description = 'y'.repeat(250);
    expect(listingOf(activity({ description }), future, true, now)?.summary).toBe(`${'y'.repeat(197)}...`);
  });
});
