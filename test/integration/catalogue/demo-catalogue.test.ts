import { beforeAll, describe, expect, it } from 'vitest';
import { createProviderRepository } from '../../../functions/applications/repositories/providers';
import { type Activity, activityTypes } from '../../../functions/catalogue/domain/activity';
import { distanceMiles } from '../../../functions/catalogue/domain/geo';
import type { Listing } from '../../../functions/catalogue/domain/listing';
import { createActivityRepository } from '../../../functions/catalogue/repositories/activities';
import {
  type CouncilPosition,
  createListingRepository,
} from '../../../functions/catalogue/repositories/listings';
import { demoActivities } from '../../../scripts/local/demo-catalogue';
import { demoCouncils, demoUsers } from '../../../scripts/local/demo-data';
import { seedDemoData } from '../../../scripts/local/seed';
import { findDistrict } from '../../../shared/postcodes/district-centroids';
import type { Table } from '../../../shared/table/client';
import { createTestTable } from '../../support/test-table';

/** The demo catalogue as `npm start` seeds it: members, venues and published activities in both councils. */
let table: Table;
let seeded: { added: number; alreadyThere: number };
let listings: Listing[];
let activities: Activity[];

/** Every listing of a council, A to Z, page by page until the index is exhausted. */
async function allListings(councilId: string): Promise<Listing[]> {
  const repository = createListingRepository(table);
  const found: Listing[] = [];
  let after: CouncilPosition | undefined;
  do {
    const page = await repository.pageByCouncil(councilId, after, 10);
    found.push(...page.listings);
    after = page.next;
  } while (after);
  return found;
}

/** Every activity of every demo provider user. */
async function allDemoActivities(): Promise<Activity[]> {
  const providers = createProviderRepository(table);
  const repository = createActivityRepository(table);
  const found: Activity[] = [];
  for (const user of demoUsers.filter((candidate) => candidate.role === 'provider')) {
    const organisation = await providers.findByOwner(user.councilId, user.id);
    if (organisation) found.push(...(await repository.listForProvider(user.councilId, organisation.id)));
  }
  return found;
}

beforeAll(async () => {
  table = await createTestTable();
  seeded = await seedDemoData(table);
  listings = (await Promise.all(demoCouncils.map((council) => allListings(council.id)))).flat();
  activities = await allDemoActivities();
}, 120_000);

describe('the demo catalogue', () => {
  it('publishes every demo activity, at least 30 across both councils, each one searchable', async () => {
    const published = activities.filter((activity) => activity.status === 'published');
    expect(published).toHaveLength(demoActivities.length);
    expect(published.length).toBeGreaterThanOrEqual(30);
    expect(listings.map((listing) => listing.activityId).sort()).toEqual(
      published.map((activity) => activity.id).sort(),
    );
    const perCouncil = (councilId: string) =>
      listings.filter((listing) => listing.councilId === councilId).length;
    expect(perCouncil('dorset')).toBeGreaterThanOrEqual(15);
    expect(perCouncil('bcp')).toBeGreaterThanOrEqual(12);
  });

  it('has at least four hubs, each with spokes in the same council that name it', async () => {
    const repository = createActivityRepository(table);
    const hubs = listings.filter((listing) => listing.setting === 'hub');
    expect(hubs.length).toBeGreaterThanOrEqual(4);
    for (const hub of hubs) {
      const spokeIds = await repository.spokesOf(hub.activityId);
      expect(spokeIds.length, hub.title).toBeGreaterThanOrEqual(2);
      for (const spoke of await repository.getMany(spokeIds)) {
        expect(spoke).toMatchObject({
          hubId: hub.activityId,
          setting: 'spoke',
          councilId: hub.councilId,
          status: 'published',
        });
      }
    }
    expect(new Set(hubs.map((hub) => hub.councilId))).toEqual(new Set(['dorset', 'bcp']));
    expect(hubs.map((hub) => hub.activityType)).toEqual(
      expect.arrayContaining(['specialist-day-service', 'carers-respite']),
    );
  });

  it('covers every activity type, evenings and weekends, prices from free up, and full accessibility', () => {
    expect(new Set(listings.map((listing) => listing.activityType))).toEqual(new Set(activityTypes));
    for (const council of demoCouncils) {
      const theirs = listings.filter((listing) => listing.councilId === council.id);
      expect(theirs.some((listing) => listing.timesOfDay.includes('evening'))).toBe(true);
      expect(theirs.some((listing) => listing.timesOfDay.includes('weekend'))).toBe(true);
    }
    const prices = listings.map((listing) => listing.pricePence);
    expect(Math.min(...prices)).toBe(0);
    expect(Math.max(...prices)).toBeLessThanOrEqual(4500);
    expect(listings.some((listing) => listing.pricePer === 'hour')).toBe(true);
    expect(
      listings.some(
        (listing) =>
          listing.accessibility.includes('changing-places-toilet') && listing.accessibility.includes('hoist'),
      ),
    ).toBe(true);
    const withSchedule = activities.map((activity) => activity.schedule);
    expect(withSchedule.some((schedule) => schedule.endsOn)).toBe(true);
    expect(withSchedule.some((schedule) => schedule.exceptions.length > 0)).toBe(true);
  });

  it('places venues at their own postcodes, each within 3 miles of its district centre', () => {
    for (const listing of listings) {
      const centre = findDistrict(listing.district);
      if (!centre) throw new Error(`no centroid for ${listing.district}`);
      expect(distanceMiles(listing, centre), listing.postcode).toBeLessThanOrEqual(3);
      // Imported postcodes, not the district centre every venue in a district would otherwise share.
      expect([listing.latitude, listing.longitude], listing.postcode).not.toEqual([
        centre.latitude,
        centre.longitude,
      ]);
    }
    const places = new Set(listings.map((listing) => `${listing.latitude},${listing.longitude}`));
    expect(places.size).toBeGreaterThanOrEqual(25);
  });

  it('adds nothing when seeded again', async () => {
    expect(seeded.alreadyThere).toBe(0);
    expect(await seedDemoData(table)).toEqual({ added: 0, alreadyThere: seeded.added });
    expect(await allDemoActivities()).toHaveLength(activities.length);
    expect((await Promise.all(demoCouncils.map((council) => allListings(council.id)))).flat()).toHaveLength(
      listings.length,
    );
  });
});
