import { expect } from 'vitest';
import type { catalogueAppWithDemoData } from './local-app';

type Call = Awaited<ReturnType<typeof catalogueAppWithDemoData>>['call'];

/** Creates an activity through the providers' API and publishes it, as a provider would; fails the test if either step fails. */
export async function publishThroughApi<
  T = { id: string; version: number; providerId: string; status: string },
>(call: Call, userId: string, body: unknown): Promise<T> {
  const created = await call(userId, 'POST', '/api/catalogue/provider/activities', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await call(
    userId,
    'POST',
    `/api/catalogue/provider/activities/${created.body.id}/publish`,
    {
      version: created.body.version,
    },
  );
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return published.body as T;
}

/**
 * One sign-in of every kind the catalogue tests try a route as: Dorset's roles, with the owner
 * of the activities the tests publish (the farm), and another council's provider and admin.
 */
export const everyRole = {
  'signed out': null,
  person: 'dorset-person-dp',
  representative: 'dorset-representative',
  owner: 'dorset-provider-member',
  'another member provider': 'dorset-provider-arts',
  "another council's provider": 'bcp-provider-member',
  commissioner: 'dorset-commissioner',
  admin: 'dorset-admin',
  "another council's admin": 'bcp-admin',
} as const;
