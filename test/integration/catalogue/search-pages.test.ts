import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { postcodeItem } from '../../../shared/postcodes/offline-lookup';
import { ukToday } from '../../../shared/time/uk-dates';
import { catalogueAppWithDemoData } from '../../support/local-app';

let harness: Awaited<ReturnType<typeof catalogueAppWithDemoData>>;
let activityId: string;

/** A page as someone who is not signed in sees it. */
const page = async (path: string) => {
  const response = await harness.app.request(path, { headers: { accept: 'text/html' } });
  return { status: response.status, html: await response.text() };
};

beforeAll(async () => {
  harness = await catalogueAppWithDemoData();
  await harness.table.client.send(
    new PutCommand({
      TableName: harness.table.name,
      Item: postcodeItem({ postcode: 'DT1 1XJ', outward: 'DT1', latitude: 50.7131, longitude: -2.4386 }),
    }),
  );
  const created = await harness.call('dorset-provider-member', 'POST', '/api/catalogue/provider/activities', {
    title: 'Saturday walking football',
    description: 'A gentle game of walking football for adults of any fitness, followed by a cuppa.',
    lotId: 'spokes',
    activityType: 'sport',
    setting: 'spoke',
    venue: {
      name: 'Weymouth Avenue pitches',
      addressLine1: 'Weymouth Avenue',
      town: 'Dorchester',
      postcode: 'DT1 1XJ',
    },
    schedule: {
      slots: [{ day: 'saturday', starts: '10:30', ends: '12:00' }],
      startsOn: ukToday(new Date()),
      exceptions: [],
    },
    placesPerSession: 14,
    price: { amountPence: 500, per: 'session' },
    funding: ['direct-payment', 'individual-service-fund', 'self-funded'],
    needs: ['learning-disability'],
    accessibility: ['step-free-access'],
    ageRange: { from: 18 },
    whatToBring: 'Trainers and a water bottle',
    contact: { name: 'Sam Lee', email: 'sam@example.org' },
  });
  activityId = created.body.id;
  await harness.call(
    'dorset-provider-member',
    'POST',
    `/api/catalogue/provider/activities/${activityId}/publish`,
    {
      version: 1,
    },
  );
});

describe('the public search page', () => {
  it('offers the search and filters to anyone, before any search', async () => {
    const { status, html } = await page('/catalogue');
    expect(status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-xl">Find day activities</h1>');
    expect(html).toContain('name="postcode"');
    expect(html).toContain('Changing Places toilet');
  });

  it('lists activities near a postcode with their distance, and keeps the filters chosen', async () => {
    const { status, html } = await page('/catalogue?postcode=DT1+1XJ&distance=5&time=weekend');
    expect(status).toBe(200);
    expect(html).toContain(`href="/catalogue/activities/${activityId}"`);
    expect(html).toContain('(0.0 miles away)');
    expect(html).toContain('Nearest first, within 5 miles of DT1 1XJ');
    expect(html).toMatch(/value="weekend"\s+checked/);
    const filteredOut = await page('/catalogue?postcode=DT1+1XJ&distance=5&time=evening');
    expect(filteredOut.html).not.toContain(`/catalogue/activities/${activityId}`);
  });

  it('shows what is wrong with a search in the error summary, keeping what was typed', async () => {
    const { status, html } = await page('/catalogue?postcode=Q1+1AA');
    expect(status).toBe(422);
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('Enter a real postcode, like DT1 1AA');
    expect(html).toContain('value="Q1 1AA"');
    const badDistance = await page('/catalogue?postcode=DT1&distance=7');
    expect(badDistance.status).toBe(400);
    expect(badDistance.html).toContain('Choose a distance from the list');
  });

  it('searches anywhere in a council, A to Z', async () => {
    const { status, html } = await page('/catalogue?council=dorset');
    expect(status).toBe(200);
    expect(html).toContain('A to Z, anywhere in Dorset Council');
    expect(html).toContain('Saturday walking football');
  });
});

describe('the activity page', () => {
  it('gives what a person needs to decide, and the next sessions with places left', async () => {
    const { status, html } = await page(`/catalogue/activities/${activityId}`);
    expect(status).toBe(200);
    expect(html).toContain('Saturday walking football');
    expect(html).toContain('Trainers and a water bottle');
    expect(html).toContain('£5 per session');
    expect(html).toContain('Individual service fund');
    expect(html).toMatch(/<td class="govuk-table__cell govuk-table__cell--numeric">14<\/td>/);
  });

  it('does not exist for drafts, withdrawn activities or made-up ids', async () => {
    expect((await page('/catalogue/activities/01aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await page('/catalogue/activities/not-an-id')).status).toBe(404);
  });
});
