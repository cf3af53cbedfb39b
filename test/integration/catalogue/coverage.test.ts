import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { postcodeItem } from '../../../shared/postcodes/offline-lookup';
import { ukToday } from '../../../shared/time/uk-dates';
import { catalogueAppWithDemoData } from '../../support/local-app';

let harness: Awaited<ReturnType<typeof catalogueAppWithDemoData>>;

beforeAll(async () => {
  harness = await catalogueAppWithDemoData();
  await harness.table.client.send(
    new PutCommand({
      TableName: harness.table.name,
      Item: postcodeItem({ postcode: 'BH20 4AA', outward: 'BH20', latitude: 50.6862, longitude: -2.1121 }),
    }),
  );
  const created = await harness.call('dorset-provider-member', 'POST', '/api/catalogue/provider/activities', {
    title: 'Coverage test evenings',
    description: 'An evening social club.',
    lotId: 'spokes',
    activityType: 'social-club',
    setting: 'spoke',
    venue: { name: 'Village hall', addressLine1: 'Church Street', town: 'Wareham', postcode: 'BH20 4AA' },
    schedule: {
      slots: [
        { day: 'wednesday', starts: '18:30', ends: '20:30' },
        { day: 'saturday', starts: '10:00', ends: '12:00' },
      ],
      startsOn: ukToday(new Date()),
      exceptions: [],
    },
    placesPerSession: 10,
    price: { amountPence: 0, per: 'session' },
    funding: ['self-funded'],
    ageRange: { from: 18 },
    contact: { name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
  });
  await harness.call(
    'dorset-provider-member',
    'POST',
    `/api/catalogue/provider/activities/${created.body.id}/publish`,
    {
      version: 1,
    },
  );
});

describe('the coverage page', () => {
  it("shows a commissioner their council's districts, places a week by lot, and the gaps", async () => {
    const response = await harness.browse('dorset-commissioner', '/catalogue/coverage?distance=2');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1 class="govuk-heading-xl">Coverage</h1>');
    expect(html).toContain('<svg');
    expect(html).toContain('Weekly places by postcode district');
    // The Wareham club: 10 places on a Wednesday evening and 10 on a Saturday.
    expect(html).toMatch(/BH20<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">\d+<\/td>/);
    expect(html).toContain('DT7');
    expect(html).toContain('Gap');
    expect(html).not.toContain('>BH1<');
  });

  it('downloads the same figures as CSV', async () => {
    const response = await harness.browse('dorset-commissioner', '/catalogue/coverage.csv?distance=5');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('coverage-within-5-miles.csv');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^district,activities,weekly places,/);
    const bh20 = lines.find((line) => line.startsWith('BH20,'));
    expect(bh20).toBeDefined();
    expect(Number(bh20?.split(',')[2])).toBeGreaterThanOrEqual(20);
  });

  it('is for council staff only, and only their own council', async () => {
    expect((await harness.browse('dorset-provider-member', '/catalogue/coverage')).status).toBe(403);
    expect((await harness.browse('dorset-person-dp', '/catalogue/coverage.csv')).status).toBe(403);
    const bcp = await (await harness.browse('bcp-commissioner', '/catalogue/coverage')).text();
    expect(bcp).not.toContain('BH20');
    expect(bcp).toContain('BH23');
    expect((await harness.browse('dorset-commissioner', '/catalogue/coverage?distance=3')).status).toBe(400);
  });
});
