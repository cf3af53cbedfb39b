import type { Activity, ActivityInput, Venue } from '../../../../functions/catalogue/domain/activity';
import { geohash } from '../../../../functions/catalogue/domain/geo';
import type { Listing } from '../../../../functions/catalogue/domain/listing';
import type { Session } from '../../../../functions/catalogue/domain/sessions';

/** A complete, valid activity form as a provider would send it (before parsing). */
export function validInput() {
  return {
    title: 'Gardening at Kingston Maurward',
    description: 'Growing vegetables and flowers in the walled garden, with tea and cake afterwards.',
    lotId: 'spokes',
    activityType: 'community-gardening',
    setting: 'spoke',
    hubId: '01jq6z8k9m2n3p4q5r6s7t8v9w',
    venue: {
      name: 'Kingston Maurward walled garden',
      addressLine1: 'Kingston Maurward',
      town: 'Dorchester',
      postcode: 'DT2 8PY',
    },
    schedule: {
      slots: [
        { day: 'tuesday', starts: '10:00', ends: '12:00' },
        { day: 'thursday', starts: '18:30', ends: '20:30' },
      ],
      startsOn: '2026-04-01',
      endsOn: '2026-12-31',
      exceptions: ['2026-12-24'],
    },
    placesPerSession: 12,
    price: { amountPence: 2550, per: 'session' },
    funding: ['direct-payment', 'self-funded'],
    needs: ['learning-disability', 'autism'],
    accessibility: ['step-free-access', 'accessible-toilet'],
    ageRange: { from: 18, to: 65 },
    whatToBring: 'Wellies and a waterproof',
    contact: { name: 'Jess Parker', email: 'jess@example.org', phone: '01305 221000' },
  } as Record<string, unknown> & {
    schedule: Record<string, unknown>;
    price: Record<string, unknown>;
    contact: Record<string, unknown>;
  };
}

export const dorchester = { latitude: 50.7154, longitude: -2.4367 };

export const venue: Venue = {
  name: 'Kingston Maurward walled garden',
  addressLine1: 'Kingston Maurward',
  town: 'Dorchester',
  postcode: 'DT2 8PY',
  district: 'DT2',
  ...dorchester,
};

export const owner = {
  id: 'act1',
  councilId: 'dorset',
  providerId: 'prov1',
  providerName: 'Kingston Maurward Farm',
  membershipId: 'mem1',
};

export function activity(overrides: Partial<Activity> = {}): Activity {
  const input: Omit<ActivityInput, 'venue'> = {
    title: 'Gardening at Kingston Maurward',
    description: 'Growing vegetables and flowers in the walled garden.',
    lotId: 'spokes',
    activityType: 'community-gardening',
    setting: 'spoke',
    schedule: {
      slots: [{ day: 'tuesday', starts: '10:00', ends: '12:00' }],
      startsOn: '2026-01-06',
      exceptions: [],
    },
    placesPerSession: 12,
    price: { amountPence: 2550, per: 'session' },
    funding: ['direct-payment'],
    needs: ['learning-disability'],
    accessibility: ['step-free-access'],
    ageRange: { from: 18 },
    contact: { name: 'Jess Parker', email: 'jess@example.org' },
  };
  return {
    ...input,
    ...owner,
    venue,
    status: 'published',
    publishedAt: '2026-01-01T09:00:00.000Z',
    createdAt: '2026-01-01T09:00:00.000Z',
    updatedAt: '2026-01-01T09:00:00.000Z',
    version: 2,
    ...overrides,
  };
}

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 'act1-202606021000',
    activityId: 'act1',
    councilId: 'dorset',
    providerId: 'prov1',
    date: '2026-06-02',
    starts: '10:00',
    ends: '12:00',
    startsAt: '2026-06-02T09:00:00.000Z',
    endsAt: '2026-06-02T11:00:00.000Z',
    places: 12,
    booked: 0,
    status: 'scheduled',
    createdAt: '2026-01-01T09:00:00.000Z',
    updatedAt: '2026-01-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** A listing at a point; every field filled, so filters can be tested one at a time. */
export function listing(overrides: Partial<Listing> = {}): Listing {
  const point = {
    latitude: overrides.latitude ?? dorchester.latitude,
    longitude: overrides.longitude ?? dorchester.longitude,
  };
  return {
    activityId: 'act1',
    councilId: 'dorset',
    providerId: 'prov1',
    providerName: 'Kingston Maurward Farm',
    title: 'Gardening',
    summary: 'Growing vegetables.',
    activityType: 'community-gardening',
    setting: 'spoke',
    lotId: 'spokes',
    venueName: 'Walled garden',
    town: 'Dorchester',
    postcode: 'DT2 8PY',
    district: 'DT2',
    ...point,
    geohash: geohash(point),
    days: ['tuesday', 'saturday'],
    timesOfDay: ['daytime', 'weekend'],
    needs: ['learning-disability', 'autism'],
    accessibility: ['step-free-access', 'accessible-toilet'],
    funding: ['direct-payment', 'self-funded'],
    pricePence: 1250,
    pricePer: 'session',
    ageFrom: 18,
    nextSessionAt: '2026-06-02T09:00:00.000Z',
    hasPlaces: true,
    weeklyPlaces: 20,
    eveningPlaces: 0,
    weekendPlaces: 10,
    ...overrides,
  };
}

/** A small seeded PRNG (mulberry32): the same numbers every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
