import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp as createCatalogueApp } from '../../../functions/catalogue/app';
import { type PostcodeLookup, PostcodeLookupUnavailableError } from '../../../shared/postcodes/lookup';
import { createOfflinePostcodeLookup, postcodeItem } from '../../../shared/postcodes/offline-lookup';
import { ukToday } from '../../../shared/time/uk-dates';
import { harness as harnessFor, seededDependencies } from '../../support/local-app';

type Harness = ReturnType<typeof harnessFor>;
let harness: Harness;
/** The same table seen through another postcode lookup, as the catalogue in AWS would see it. */
let withLookup: (postcodes: PostcodeLookup) => Harness;

beforeAll(async () => {
  const { table, issuer, deps } = await seededDependencies();
  const appWith = (postcodes?: PostcodeLookup) =>
    harnessFor(
      createCatalogueApp({ ...deps, feedDelayMs: 0, ...(postcodes ? { postcodes } : {}) }),
      table,
      issuer,
    );
  harness = appWith();
  withLookup = appWith;
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

describe('district centres on the coverage page', () => {
  const offline = () => createOfflinePostcodeLookup(harness.table);
  beforeAll(async () => {
    // Dorset's districts include Gillingham (SP8), which the offline table of demo districts lacks.
    await harness.table.client.send(
      new UpdateCommand({
        TableName: harness.table.name,
        Key: { PK: 'COUNCIL#dorset', SK: 'COUNCIL' },
        UpdateExpression: 'SET postcodeDistricts = list_append(postcodeDistricts, :more)',
        ExpressionAttributeValues: { ':more': ['SP8'] },
      }),
    );
  });

  it('says which districts have no known centre, rather than leaving them out', async () => {
    const html = await (await harness.browse('dorset-commissioner', '/catalogue/coverage')).text();
    expect(html).toContain('We do not know where the centre of SP8 is');
    expect(html).toMatch(/SP8\s*<strong class="govuk-tag govuk-tag--grey[^"]*">Centre unknown<\/strong>/);
    const csv = await (await harness.browse('dorset-commissioner', '/catalogue/coverage.csv')).text();
    expect(csv.split('\r\n').find((line) => line.startsWith('SP8,'))).toMatch(/,centre unknown$/);
  });

  it('places every district the lookup knows, whichever council it is in', async () => {
    const sp8 = { district: 'SP8', latitude: 51.03706, longitude: -2.27412 };
    const nationwide: PostcodeLookup = {
      find: (postcode) => offline().find(postcode),
      findDistrictCentre: async (district) =>
        district === 'SP8' ? sp8 : offline().findDistrictCentre(district),
    };
    const html = await (
      await withLookup(nationwide).browse('dorset-commissioner', '/catalogue/coverage')
    ).text();
    expect(html).not.toContain('We do not know where the centre');
    expect(html).not.toContain('Centre unknown');
    // Drawn on the map, and far enough from every Dorset activity to be a gap.
    expect(html).toMatch(/<text[^>]*>SP8<\/text>/);
    expect(html).toMatch(/SP8\s*<strong class="govuk-tag govuk-tag--red[^"]*">Gap<\/strong>/);
  });

  it('still shows the figures when the lookup is not answering, and says so', async () => {
    let asked = 0;
    const down: PostcodeLookup = {
      find: async () => {
        throw new PostcodeLookupUnavailableError('postcode lookup (test) answered HTTP 503');
      },
      findDistrictCentre: async () => {
        asked += 1;
        throw new PostcodeLookupUnavailableError('postcode lookup (test) answered HTTP 503');
      },
    };
    const response = await withLookup(down).browse('dorset-commissioner', '/catalogue/coverage');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('The postcode lookup is not answering, so DT1, DT2,');
    expect(html).toContain('Try again in a few minutes.');
    expect(html).not.toContain('Gap</strong>');
    expect(html).toMatch(/BH20\s*<strong[^>]*>Centre unknown<\/strong>\s*<\/th>\s*<td[^>]*>\d+<\/td>/);
    // One round of asks at most: each may wait for its timeout, and the page must not wait for all.
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThanOrEqual(8);
  });
});
