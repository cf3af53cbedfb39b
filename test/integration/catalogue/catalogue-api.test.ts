import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { suspendMembership } from '../../../functions/applications/domain/membership';
import { createMembershipRepository } from '../../../functions/applications/repositories/memberships';
import { activityInputSchema } from '../../../functions/catalogue/domain/activity';
import {
  createActivityRepository,
  nextFeedPosition,
} from '../../../functions/catalogue/repositories/activities';
import { createListingRepository } from '../../../functions/catalogue/repositories/listings';
import {
  createSessionRepository,
  sessionPlacesWrite,
} from '../../../functions/catalogue/repositories/sessions';
import {
  catalogueServiceOn,
  catalogueStores,
} from '../../../functions/catalogue/services/catalogue-on-table';
import { postcodeItem } from '../../../shared/postcodes/offline-lookup';
import { createOutboxRepository } from '../../../shared/table/outbox';
import { addDays } from '../../../shared/time/london-time';
import { ukToday } from '../../../shared/time/uk-dates';
import { publishThroughApi } from '../../support/catalogue';
import { catalogueAppWithDemoData } from '../../support/local-app';

let harness: Awaited<ReturnType<typeof catalogueAppWithDemoData>>;
const farm = 'dorset-provider-member';
const today = ukToday(new Date());

/** A complete activity as a provider would send it: a weekly Tuesday morning and Thursday evening. */
const gardening = (overrides: Record<string, unknown> = {}) => ({
  title: 'Kitchen garden mornings',
  description: 'Grow vegetables and herbs with a small friendly group; tea and cake at the end.',
  lotId: 'spokes',
  activityType: 'community-gardening',
  setting: 'spoke',
  venue: {
    name: 'Purbeck Community Farm',
    addressLine1: 'Corfe Road',
    town: 'Wareham',
    postcode: 'bh20 4aa',
  },
  schedule: {
    slots: [
      { day: 'tuesday', starts: '10:00', ends: '12:30' },
      { day: 'thursday', starts: '18:00', ends: '20:00' },
    ],
    startsOn: today,
    exceptions: [],
  },
  placesPerSession: 8,
  price: { amountPence: 1800, per: 'session' },
  funding: ['direct-payment', 'self-funded'],
  needs: ['learning-disability', 'autism'],
  accessibility: ['step-free-access', 'accessible-toilet'],
  ageRange: { from: 18 },
  contact: { name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
  ...overrides,
});

beforeAll(async () => {
  harness = await catalogueAppWithDemoData();
  // A real postcode location for the venue, as the import command would store it.
  await harness.table.client.send(
    new PutCommand({
      TableName: harness.table.name,
      Item: postcodeItem({ postcode: 'BH20 4AA', outward: 'BH20', latitude: 50.6862, longitude: -2.1121 }),
    }),
  );
});

async function published(overrides: Record<string, unknown> = {}) {
  return publishThroughApi(harness.call, farm, gardening(overrides));
}

describe('publishing an activity', () => {
  it('lets a framework member create a draft, placed by its postcode, that nobody else can find yet', async () => {
    const created = await harness.call(farm, 'POST', '/api/catalogue/provider/activities', gardening());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      version: 1,
      venue: { postcode: 'BH20 4AA', district: 'BH20', latitude: 50.6862, longitude: -2.1121 },
      providerName: 'Purbeck Community Farm CIC',
    });
    expect((await harness.call(null, 'GET', `/api/catalogue/activities/${created.body.id}`)).status).toBe(
      404,
    );
  });

  it('names each bad field, refuses fields the server sets, and saves nothing', async () => {
    const before = (await harness.call(farm, 'GET', '/api/catalogue/provider/activities')).body.activities
      .length;
    const bad = await harness.call(
      farm,
      'POST',
      '/api/catalogue/provider/activities',
      gardening({
        status: 'published',
        placesPerSession: 0,
        price: { amountPence: -5, per: 'session' },
        schedule: {
          slots: [{ day: 'monday', starts: '14:00', ends: '13:00' }],
          startsOn: today,
          exceptions: [],
        },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'status', message: 'Remove this field: it is not part of this request' },
        { field: 'placesPerSession', message: 'There must be at least 1 place' },
        { field: 'price.amountPence', message: 'The price cannot be negative' },
        { field: 'schedule.slots.0.ends', message: 'The end time must be after the start time' },
      ]),
    );
    const past = await harness.call(
      farm,
      'POST',
      '/api/catalogue/provider/activities',
      gardening({ schedule: { ...gardening().schedule, startsOn: '2020-01-07' } }),
    );
    expect(past.status).toBe(422);
    expect(past.body.errors).toEqual([
      { field: 'schedule.startsOn', message: 'The start date must be today or in the future' },
    ]);
    const unknown = await harness.call(
      farm,
      'POST',
      '/api/catalogue/provider/activities',
      gardening({ venue: { ...gardening().venue, postcode: 'ZZ9 9ZZ' } }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('venue.postcode');
    const wrongLot = await harness.call(
      farm,
      'POST',
      '/api/catalogue/provider/activities',
      gardening({ lotId: 'no-such-lot' }),
    );
    expect(wrongLot.status).toBe(422);
    expect(
      (await harness.call(farm, 'GET', '/api/catalogue/provider/activities')).body.activities,
    ).toHaveLength(before);
  });

  it('is for framework members only: others are refused, and signed-out callers must sign in', async () => {
    await harness.call('extra-catalogue-outsider', 'POST', '/api/applications/providers', {});
    expect(
      (
        await harness.call(
          'extra-catalogue-outsider',
          'POST',
          '/api/catalogue/provider/activities',
          gardening(),
        )
      ).status,
    ).toBe(403);
    expect(
      (await harness.call('dorset-person-dp', 'POST', '/api/catalogue/provider/activities', gardening()))
        .status,
    ).toBe(403);
    expect((await harness.call(null, 'GET', '/api/catalogue/provider/activities')).status).toBe(401);
  });

  it('makes sessions for the weeks ahead in UK time and lists the activity for search', async () => {
    const activity = await published();
    expect(activity.status).toBe('published');
    const sessions = (
      await harness.call(farm, 'GET', `/api/catalogue/provider/activities/${activity.id}/sessions`)
    ).body.sessions;
    // Two a week for 13 weeks, give or take today's.
    expect(sessions.length).toBeGreaterThanOrEqual(24);
    expect(
      sessions.every((s: { places: number; placesLeft: number }) => s.places === 8 && s.placesLeft === 8),
    ).toBe(true);
    const evening = sessions.find((s: { starts: string }) => s.starts === '18:00');
    expect(new Date(evening.startsAt).toLocaleTimeString('en-GB', { timeZone: 'Europe/London' })).toBe(
      '18:00:00',
    );

    const page = await harness.call(null, 'GET', `/api/catalogue/activities/${activity.id}`);
    expect(page.status).toBe(200);
    expect(page.body.sessions.length).toBeGreaterThan(0);
    expect(page.body.activity.title).toBe('Kitchen garden mornings');
  });

  it('shows anyone what a person needs to choose an activity, and nothing of who holds it on the framework', async () => {
    const activity = await published({ title: 'Herb garden afternoons', whatToBring: 'Gloves' });
    const page = await harness.call(null, 'GET', `/api/catalogue/activities/${activity.id}`);
    expect(page.status).toBe(200);
    expect(Object.keys(page.body.activity).sort()).toEqual(
      [
        'id',
        'title',
        'description',
        'providerName',
        'activityType',
        'setting',
        'venue',
        'schedule',
        'placesPerSession',
        'price',
        'funding',
        'needs',
        'accessibility',
        'ageRange',
        'whatToBring',
        'contact',
      ].sort(),
    );
    expect(page.body.activity.venue).toEqual({
      name: 'Purbeck Community Farm',
      addressLine1: 'Corfe Road',
      town: 'Wareham',
      postcode: 'BH20 4AA',
      latitude: 50.6862,
      longitude: -2.1121,
    });
    expect(page.body.activity).toMatchObject({
      providerName: 'Purbeck Community Farm CIC',
      schedule: gardening().schedule,
      price: { amountPence: 1800, per: 'session' },
      contact: { name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
    });
    // The owner still sees the whole record, with the version an edit must name.
    const own = await harness.call(farm, 'GET', `/api/catalogue/provider/activities/${activity.id}`);
    expect(own.body).toMatchObject({
      id: activity.id,
      version: activity.version,
      providerId: activity.providerId,
      status: 'published',
    });
    expect(own.body.membershipId).toEqual(expect.any(String));
    expect(own.body).not.toHaveProperty('feed');
  });

  it('keeps other providers out of an activity: for them it does not exist', async () => {
    const activity = await published({ title: 'Pond dipping' });
    expect(
      (await harness.call('bcp-provider-member', 'GET', `/api/catalogue/provider/activities/${activity.id}`))
        .status,
    ).toBe(404);
    expect(
      (
        await harness.call(
          'dorset-provider-applicant',
          'PUT',
          `/api/catalogue/provider/activities/${activity.id}`,
          {
            ...gardening(),
            version: activity.version,
          },
        )
      ).status,
    ).toBe(404);
  });
});

describe('finding activities', () => {
  it('finds them near a postcode, nearest first, and applies the filters', async () => {
    const activity = await published({ title: 'Evening veg club' });
    const near = await harness.call(null, 'GET', '/api/catalogue/search?postcode=BH20%204AA&distance=5');
    expect(near.status).toBe(200);
    const found = near.body.results.find((r: { activityId: string }) => r.activityId === activity.id);
    expect(found).toMatchObject({ title: 'Evening veg club', miles: 0 });
    // What a person needs to choose, not the record's workings.
    for (const internal of ['providerId', 'councilId', 'lotId', 'geohash', 'weeklyPlaces', 'eveningPlaces'])
      expect(found).not.toHaveProperty(internal);
    const miles = near.body.results.map((r: { miles: number }) => r.miles);
    expect(miles).toEqual([...miles].sort((a, b) => a - b));
    expect(miles.every((m: number) => m <= 5)).toBe(true);

    const ids = async (query: string) =>
      (
        await harness.call(null, 'GET', `/api/catalogue/search?postcode=BH20+4AA&distance=5&${query}`)
      ).body.results.map((r: { activityId: string }) => r.activityId);
    expect(await ids('time=evening')).toContain(activity.id);
    expect(await ids('type=swimming')).not.toContain(activity.id);
    expect(await ids('needs=autism&needs=learning-disability')).toContain(activity.id);
    expect(await ids('needs=dementia')).not.toContain(activity.id);
    expect(await ids('access=hoist')).not.toContain(activity.id);
    expect(await ids('funding=individual-service-fund')).not.toContain(activity.id);
    expect(await ids('maxPrice=17.99')).not.toContain(activity.id);
    expect(await ids('maxPrice=18')).toContain(activity.id);
    expect(await ids('day=tuesday')).toContain(activity.id);
    expect(await ids('day=monday')).not.toContain(activity.id);
  });

  it('finds them anywhere in a council, A to Z, page by page', async () => {
    const all: string[] = [];
    let after: string | undefined;
    do {
      const page = await harness.call(
        null,
        'GET',
        `/api/catalogue/search?council=dorset${after ? `&after=${after}` : ''}`,
      );
      expect(page.status).toBe(200);
      all.push(...page.body.results.map((r: { title: string }) => r.title));
      after = page.body.after;
    } while (after);
    expect(all).toContain('Evening veg club');
    expect(all).toEqual([...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it('explains a bad search', async () => {
    const malformed = await harness.call(null, 'GET', '/api/catalogue/search?postcode=Q1%201AA');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([
      { field: 'postcode', message: 'Enter a real postcode, like DT1 1AA' },
    ]);
    const distance = await harness.call(null, 'GET', '/api/catalogue/search?postcode=DT1&distance=3');
    expect(distance.status).toBe(400);
    expect(distance.body.errors[0].field).toBe('distance');
    const tooLong = await harness.call(null, 'GET', '/api/catalogue/search?postcode=not-a-postcode');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('postcode');
    const nothing = await harness.call(null, 'GET', '/api/catalogue/search');
    expect(nothing.status).toBe(422);
    const broken = await harness.call(null, 'GET', '/api/catalogue/search?council=dorset&after=bm90LWpzb24');
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0].field).toBe('after');
  });
});

describe('changing what is published', () => {
  it('refuses a schedule change that would drop booked sessions, and accepts it once they are cancelled', async () => {
    const activity = await published({ title: 'Booked gardening' });
    const sessions = createSessionRepository(harness.table);
    const [first] = (await sessions.listForActivity(activity.id)).filter((s) => s.starts === '10:00');
    if (!first) throw new Error('no Tuesday session');
    // Someone has booked two places (the checkout issue will do this in its own transaction).
    await harness.table.client.send(
      new UpdateCommand({
        TableName: harness.table.name,
        Key: { PK: `ACTIVITY#${activity.id}`, SK: `SESSION#${first.id.slice(27)}` },
        UpdateExpression: 'SET booked = :two, version = version + :one',
        ExpressionAttributeValues: { ':two': 2, ':one': 1 },
      }),
    );
    const current = (await harness.call(farm, 'GET', `/api/catalogue/provider/activities/${activity.id}`))
      .body;
    const onlyEvenings = {
      ...gardening({ title: 'Booked gardening' }),
      schedule: {
        slots: [{ day: 'thursday', starts: '18:00', ends: '20:00' }],
        startsOn: today,
        exceptions: [],
      },
      version: current.version,
    };
    const refused = await harness.call(
      farm,
      'PUT',
      `/api/catalogue/provider/activities/${activity.id}`,
      onlyEvenings,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('These sessions have bookings');
    expect((await sessions.get(first.id))?.status).toBe('scheduled');

    const cancelled = await harness.call(
      farm,
      'POST',
      `/api/catalogue/provider/sessions/${first.id}/cancel`,
      {
        reason: 'Flooded field',
      },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = (await harness.call(farm, 'GET', `/api/catalogue/provider/activities/${activity.id}`)).body;
    const feedBefore = (await createActivityRepository(harness.table).get(activity.id))?.feed?.modified ?? 0;
    const accepted = await harness.call(farm, 'PUT', `/api/catalogue/provider/activities/${activity.id}`, {
      ...onlyEvenings,
      version: again.version,
    });
    expect(accepted.status).toBe(200);
    const left = (await sessions.listForActivity(activity.id)).filter((s) => s.status === 'scheduled');
    expect(left.every((s) => s.starts === '18:00')).toBe(true);
    // The open data feeds see the change: the activity and the dropped sessions move to the end.
    const edited = await createActivityRepository(harness.table).get(activity.id);
    expect(edited?.feed?.modified).toBeGreaterThan(feedBefore);
    const dropped = (await sessions.listForActivity(activity.id)).filter((s) => s.starts === '10:00');
    expect(dropped.every((s) => s.feed?.state === 'deleted')).toBe(true);
  });

  it('refuses a new end time for sessions with bookings, naming them, and changes nothing', async () => {
    const activity = await published({ title: 'Booked evenings' });
    const sessions = createSessionRepository(harness.table);
    const evening = (await sessions.listForActivity(activity.id, today)).find(
      (s) => s.starts === '18:00' && s.startsAt > new Date().toISOString(),
    );
    if (!evening) throw new Error('no Thursday evening session');
    await harness.table.client.send(
      new UpdateCommand({
        TableName: harness.table.name,
        Key: { PK: `ACTIVITY#${activity.id}`, SK: `SESSION#${evening.id.slice(27)}` },
        UpdateExpression: 'SET booked = :one, version = version + :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const before = await sessions.listForActivity(activity.id);
    const later = {
      ...gardening({ title: 'Booked evenings' }),
      schedule: {
        slots: [
          { day: 'tuesday', starts: '10:00', ends: '12:30' },
          { day: 'thursday', starts: '18:00', ends: '21:00' },
        ],
        startsOn: today,
        exceptions: [],
      },
      version: activity.version,
    };
    const refused = await harness.call(
      farm,
      'PUT',
      `/api/catalogue/provider/activities/${activity.id}`,
      later,
    );
    expect(refused.status).toBe(409);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toContain('These sessions have bookings');
    expect(refused.body.detail).toContain('would end at 21:00 instead of 20:00');
    expect(await sessions.listForActivity(activity.id)).toEqual(before);
    expect(
      (await harness.call(farm, 'GET', `/api/catalogue/provider/activities/${activity.id}`)).body,
    ).toMatchObject({ version: activity.version, schedule: gardening().schedule });
  });

  it('takes a withdrawn activity out of search and marks it deleted in the feed', async () => {
    const activity = await published({ title: 'Short-lived club' });
    const withdrawn = await harness.call(
      farm,
      'POST',
      `/api/catalogue/provider/activities/${activity.id}/withdraw`,
      {
        version: activity.version,
      },
    );
    expect(withdrawn.status).toBe(200);
    expect((await harness.call(null, 'GET', `/api/catalogue/activities/${activity.id}`)).status).toBe(404);
    expect(await createListingRepository(harness.table).get(activity.id)).toBeUndefined();
    expect((await createActivityRepository(harness.table).get(activity.id))?.feed?.state).toBe('deleted');
    const again = await harness.call(
      farm,
      'POST',
      `/api/catalogue/provider/activities/${activity.id}/withdraw`,
      {
        version: withdrawn.body.version,
      },
    );
    expect(again.status).toBe(409);
  });

  it("hides a suspended member's activities until the membership is active again", async () => {
    const activity = await published({ title: 'Suspension test' });
    const memberships = createMembershipRepository(harness.table, createOutboxRepository(harness.table));
    const membership = (await memberships.listByCouncil('dorset')).find(
      (m) => m.providerId === activity.providerId,
    );
    if (!membership) throw new Error('no membership');
    const suspended = suspendMembership(membership, new Date());
    await memberships.save(suspended, {
      at: new Date().toISOString(),
      actor: { id: 'system', name: 'Test', role: 'admin' },
      action: 'suspended',
      detail: 'Suspended for the test',
    });
    const service = catalogueServiceFor();
    await service.refreshProvider('dorset', activity.providerId);
    expect((await harness.call(null, 'GET', `/api/catalogue/activities/${activity.id}`)).status).toBe(404);
    const sessions = await createSessionRepository(harness.table).listForActivity(activity.id);
    expect(sessions.every((s) => s.feed?.state === 'deleted')).toBe(true);
    expect((await harness.call(farm, 'POST', '/api/catalogue/provider/activities', gardening())).status).toBe(
      403,
    );

    await memberships.save(
      { ...suspended, status: 'active', version: suspended.version + 1 },
      {
        at: new Date().toISOString(),
        actor: { id: 'system', name: 'Test', role: 'admin' },
        action: 'reinstated',
        detail: 'Back',
      },
    );
    await service.refreshProvider('dorset', activity.providerId);
    expect((await harness.call(null, 'GET', `/api/catalogue/activities/${activity.id}`)).status).toBe(200);
  });
});

describe('keeping listings and sessions true to the activity', () => {
  it('writes nothing from a stale copy of an activity, and keeps the council hub list with the listings', async () => {
    const hub = await published({ title: 'Farm day centre', setting: 'hub' });
    const listings = createListingRepository(harness.table);
    expect((await listings.hubsOf('dorset')).map((h) => h.activityId)).toContain(hub.id);

    const service = catalogueServiceFor();
    const stale = await createActivityRepository(harness.table).get(hub.id);
    if (!stale) throw new Error('no hub');
    await harness.call(farm, 'POST', `/api/catalogue/provider/activities/${hub.id}/withdraw`, {
      version: stale.version,
    });
    // A refresh that read the activity before the withdrawal must not bring its listing back.
    await expect(service.refresh(stale)).rejects.toThrow(/changed/);
    expect(await listings.get(hub.id)).toBeUndefined();
    expect((await listings.hubsOf('dorset')).map((h) => h.activityId)).not.toContain(hub.id);
  });
});

describe('the open data feed position of a change of places', () => {
  it('only goes up, and never falls behind the real clock', () => {
    const before = Date.now();
    const positions = Array.from({ length: 50 }, () => nextFeedPosition());
    expect(positions[0]).toBeGreaterThanOrEqual(before);
    for (let i = 1; i < positions.length; i++)
      expect(positions[i]).toBeGreaterThan(positions[i - 1] as number);
  });

  it('lands after every position already written, even from a run whose clock was fixed an hour ago', async () => {
    const runStarted = new Date(Date.now() - 60 * 60_000);
    const activity = await published({ title: 'Feed order walk' });
    const sessions = createSessionRepository(harness.table);
    const written = await sessions.listForActivity(activity.id);
    const stored = await createActivityRepository(harness.table).get(activity.id);
    // The last position the catalogue wrote: a consumer who polled just now has read up to here.
    const last = [
      { modified: stored?.feed?.modified ?? 0, id: activity.id },
      ...written.map((s) => ({ modified: s.feed?.modified ?? 0, id: s.id })),
    ].reduce((a, b) => (a.modified > b.modified || (a.modified === b.modified && a.id > b.id) ? a : b));
    const target = written.find((s) => s.status === 'scheduled' && s.startsAt > new Date().toISOString());
    if (!target) throw new Error('no session ahead');

    await harness.table.client.send(
      new TransactWriteCommand({
        TransactItems: [sessionPlacesWrite(harness.table.name, target, 2, runStarted)],
      }),
    );

    const booked = await sessions.get(target.id);
    expect(booked).toMatchObject({ booked: 2, updatedAt: runStarted.toISOString() });
    expect(booked?.feed?.modified).toBeGreaterThan(last.modified);
    expect((await sessions.feedAfter(last, 500)).map((s) => s.id)).toContain(target.id);
  });

  it('still refuses to take places on a session that started before the run began', async () => {
    const activity = await published({ title: 'Started walk' });
    const sessions = createSessionRepository(harness.table);
    const [next] = (await sessions.listForActivity(activity.id, today)).filter(
      (s) => s.startsAt > new Date().toISOString(),
    );
    if (!next) throw new Error('no session ahead');
    const afterItStarted = new Date(new Date(next.startsAt).getTime() + 60_000);
    await expect(
      harness.table.client.send(
        new TransactWriteCommand({
          TransactItems: [sessionPlacesWrite(harness.table.name, next, 1, afterItStarted)],
        }),
      ),
    ).rejects.toThrow(/cancel/i);
    expect((await sessions.get(next.id))?.booked).toBe(0);
  });
});

describe('what a change reads', () => {
  it('reads sessions from a week back at most, however old the activity, for edits and withdrawals', async () => {
    const activity = await published({ title: 'Long-running club' });
    // A booked session from last year: no schedule check needs it.
    await harness.table.client.send(
      new PutCommand({
        TableName: harness.table.name,
        Item: {
          PK: `ACTIVITY#${activity.id}`,
          SK: 'SESSION#202512021000',
          entity: 'Session',
          id: `${activity.id}-202512021000`,
          activityId: activity.id,
          councilId: 'dorset',
          providerId: activity.providerId,
          date: '2025-12-02',
          starts: '10:00',
          ends: '12:30',
          startsAt: '2025-12-02T10:00:00.000Z',
          endsAt: '2025-12-02T12:30:00.000Z',
          places: 8,
          booked: 3,
          status: 'scheduled',
          createdAt: '2025-11-01T00:00:00.000Z',
          updatedAt: '2025-11-01T00:00:00.000Z',
          version: 1,
        },
      }),
    );
    const stores = catalogueStores(harness.table);
    const readFrom: (string | undefined)[] = [];
    const listForActivity = stores.sessions.listForActivity;
    stores.sessions.listForActivity = (id, fromDate, limit) => {
      readFrom.push(fromDate);
      return listForActivity(id, fromDate, limit);
    };
    const service = catalogueServiceOn(harness.table, { now: () => new Date(), stores });
    const current = await stores.activities.get(activity.id);
    if (!current) throw new Error('no activity');
    const input = activityInputSchema.parse(gardening({ title: 'Long-running club', placesPerSession: 10 }));
    const edited = await service.update(current, input);
    await service.withdraw(edited);
    expect(readFrom.length).toBeGreaterThanOrEqual(2);
    const weekBack = addDays(today, -7);
    expect(readFrom.every((from) => from !== undefined && from >= weekBack)).toBe(true);
  });
});

function catalogueServiceFor() {
  return catalogueServiceOn(harness.table, { now: () => new Date() });
}
