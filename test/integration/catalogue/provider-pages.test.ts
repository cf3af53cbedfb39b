import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ukToday } from '../../../shared/time/uk-dates';
import { catalogueAppWithDemoData } from '../../support/local-app';

let harness: Awaited<ReturnType<typeof catalogueAppWithDemoData>>;
const farm = 'dorset-provider-member';
const pages = '/catalogue/provider/activities';
const [year, month, day] = ukToday(new Date()).split('-');

/** The activity form as a provider fills it in: Tuesday mornings and Thursday evenings, row 2 left empty. */
const form = (overrides: Record<string, string> = {}): Record<string, string> => ({
  title: 'Kitchen garden mornings',
  description: 'Grow vegetables and herbs with a small friendly group; tea and cake at the end.',
  lotId: 'spokes',
  activityType: 'community-gardening',
  setting: 'spoke',
  hubId: '',
  'venue.name': 'Purbeck Community Farm',
  'venue.addressLine1': 'Corfe Road',
  'venue.addressLine2': '',
  'venue.town': 'Wareham',
  'venue.postcode': 'bh20 4aa',
  'schedule.slots.0.day': 'tuesday',
  'schedule.slots.0.starts': '10:00',
  'schedule.slots.0.ends': '12:30',
  'schedule.slots.1.day': '',
  'schedule.slots.1.starts': '',
  'schedule.slots.1.ends': '',
  'schedule.slots.2.day': 'thursday',
  'schedule.slots.2.starts': '18:00',
  'schedule.slots.2.ends': '20:00',
  'schedule.startsOn-day': String(Number(day)),
  'schedule.startsOn-month': String(Number(month)),
  'schedule.startsOn-year': year ?? '',
  'schedule.endsOn-day': '',
  'schedule.endsOn-month': '',
  'schedule.endsOn-year': '',
  'schedule.exceptions': `25/12/${Number(year) + 1}`,
  placesPerSession: '8',
  'price.amountPence': '18.50',
  'price.per': 'session',
  funding: 'direct-payment',
  needs: 'autism',
  accessibility: 'step-free-access',
  'ageRange.from': '18',
  'ageRange.to': '',
  whatToBring: 'Outdoor clothes',
  'contact.name': 'Jess Parker',
  'contact.email': 'jess@purbeckfarm.example',
  'contact.phone': '01929 480000',
  ...overrides,
});

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const rowOf = (html: string, title: string) =>
  new RegExp(
    `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${title}</th>[\\s\\S]*?</tr>`,
  ).exec(html)?.[0] ?? '';
const summaryOf = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';

beforeAll(async () => {
  harness = await catalogueAppWithDemoData({ demoCatalogue: true });
});

describe('a framework member publishes through the pages', () => {
  let activityId = '';

  it('starts without this activity, and the form offers their lot', async () => {
    const list = await harness.browse(farm, pages);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('<h1 class="govuk-heading-l">My activities</h1>');
    expect(html).not.toContain('Kitchen garden');
    expect(html).toContain(`href="${pages}/new"`);

    const blank = await harness.browse(farm, `${pages}/new`);
    expect(blank.status).toBe(200);
    const page = await blank.text();
    expect(page).toContain('Community activities (spokes)');
    expect(page).toContain('Employment and skills');
    // Published hubs in the council are offered to spokes; none is chosen to start with.
    expect(page).toContain('Colliton Day Centre, Dorchester');
    expect(page).toMatch(/id="hubId" name="hubId" type="radio" value="" checked/);
    // The price is per session unless they say otherwise.
    expect(page).toMatch(/name="price.per" type="radio" value="session" checked/);
    expect(page).toContain('For example, 10:00 or 18:30');
  });

  it('names bad fields in the error summary and beside them, keeping everything written', async () => {
    const bad = await harness.submit(
      farm,
      `${pages}/new`,
      form({
        placesPerSession: 'lots',
        'schedule.slots.2.ends': '17:00',
        'schedule.exceptions': '30/2/2027',
      }),
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('<title>Error: Add an activity');
    const summary = summaryOf(html);
    expect(summary).toContain(
      '<a href="#placesPerSession">Enter the number of places as a whole number, like 12</a>',
    );
    // The error lands on the row the provider filled in (the third), not the second slot.
    expect(summary).toContain(
      '<a href="#schedule-slots-2-ends">The end time must be after the start time</a>',
    );
    expect(summary).toContain('30/2/2027: Enter the date with no session as a real date');
    // In page order: the times come before the places.
    expect(summary.indexOf('schedule-slots-2-ends')).toBeLessThan(summary.indexOf('placesPerSession'));
    expect(html).toContain('id="placesPerSession-error"');
    expect(html).toContain('value="Kitchen garden mornings"');
    expect(html).toContain('Grow vegetables and herbs with a small friendly group; tea and cake at the end.');
    expect(html).toContain('value="lots"');
    expect(html).toContain('value="30/2/2027"');
    expect(html).toMatch(/name="funding" type="checkbox" value="direct-payment" checked/);
    expect(html).toMatch(/<option value="thursday" selected/);
    expect(html).toContain('value="18.50"');

    // Nothing was saved.
    expect(await (await harness.browse(farm, pages)).text()).not.toContain('Kitchen garden');
  });

  it('saves a draft, shows it, and publishes it', async () => {
    const created = await harness.submit(farm, `${pages}/new`, form({ 'schedule.slots.0.starts': '9.30' }));
    expect(created.status).toBe(303);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/catalogue\/provider\/activities\/[0-9a-z]{26}\/edit\?created=1$/);
    activityId = location.split('/')[4] ?? '';

    const draft = await (await harness.browse(farm, location)).text();
    expect(draft).toContain('govuk-notification-banner--success');
    expect(draft).toContain('Your activity is saved as a draft.');
    expect(draft).toContain('Draft</strong>');
    expect(draft).toContain('value="09:30"');
    expect(draft).toContain(`value="25/12/${Number(year) + 1}"`);
    expect(draft).toContain('value="18.50"');
    expect(draft).toContain(`action="${pages}/${activityId}/publish"`);
    expect(versionIn(draft)).toBe('1');

    const stale = await harness.submit(farm, `${pages}/${activityId}/publish`, { version: '7' });
    expect(stale.status).toBe(409);
    expect(summaryOf(await stale.text())).toContain('This activity changed since you opened it');

    const published = await harness.submit(farm, `${pages}/${activityId}/publish`, { version: '1' });
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe(`${pages}/${activityId}/edit?published=1`);
    const after = await (await harness.browse(farm, `${pages}/${activityId}/edit?published=1`)).text();
    expect(after).toContain('Your activity is published');
    expect(after).toContain('Published</strong>');
    expect(after).toContain(`action="${pages}/${activityId}/withdraw"`);
  });

  it('lists it in My activities with its next session and places left', async () => {
    const row = rowOf(await (await harness.browse(farm, pages)).text(), 'Kitchen garden mornings');
    expect(row).toContain('Published</strong>');
    // The next session is a Tuesday morning or a Thursday evening, with all 8 places free.
    expect(row).toMatch(
      / at (9:30am|6:00pm)<\/td><td class="govuk-table__cell govuk-table__cell--numeric">8<\/td>/,
    );
    expect(row).toContain(`href="${pages}/${activityId}/sessions"`);
    expect(row).toContain(`href="${pages}/${activityId}/edit"`);
  });

  it('shows the sessions, and cancels one only with a reason', async () => {
    const sessions = await (await harness.browse(farm, `${pages}/${activityId}/sessions`)).text();
    expect(sessions).toContain('Sessions from today');
    const links = [...sessions.matchAll(/href="(\/catalogue\/provider\/sessions\/([0-9a-z-]+)\/cancel)"/g)];
    expect(links.length).toBeGreaterThan(20);
    const [, cancelPath = '', sessionId = ''] = links[0] ?? [];

    const confirm = await harness.browse(farm, cancelPath);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Why are you cancelling this session?');

    const noReason = await harness.submit(farm, cancelPath, { reason: '  ' });
    expect(noReason.status).toBe(400);
    const refused = await noReason.text();
    expect(summaryOf(refused)).toContain('<a href="#reason">Enter why you are cancelling the session</a>');
    expect(refused).toContain('id="reason-error"');

    const done = await harness.submit(farm, cancelPath, { reason: 'The polytunnel is being repaired.' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${pages}/${activityId}/sessions?cancelled=1`);
    const after = await (await harness.browse(farm, `${pages}/${activityId}/sessions?cancelled=1`)).text();
    expect(after).toContain('The session is cancelled.');
    expect(after).toContain('The polytunnel is being repaired.');
    expect(after).not.toContain(`/catalogue/provider/sessions/${sessionId}/cancel`);
    // A cancelled session cannot be cancelled again.
    expect((await harness.browse(farm, cancelPath)).status).toBe(409);
  });

  it('edits it, refusing a schedule change that would drop a booked session and keeping the form', async () => {
    const page = await (await harness.browse(farm, `${pages}/${activityId}/edit`)).text();
    const version = versionIn(page);
    const renamed = await harness.submit(
      farm,
      `${pages}/${activityId}/edit`,
      form({ version, title: 'Kitchen garden days', 'schedule.slots.0.starts': '09:30' }),
    );
    expect(renamed.status).toBe(303);
    expect(renamed.headers.get('location')).toBe(`${pages}/${activityId}/edit?saved=1`);
    const saved = await (await harness.browse(farm, `${pages}/${activityId}/edit?saved=1`)).text();
    expect(saved).toContain('Your changes are saved.');
    expect(saved).toContain('<h1 class="govuk-heading-l">Kitchen garden days</h1>');

    // Someone books the next Tuesday session that is still on.
    const sessions = await (await harness.browse(farm, `${pages}/${activityId}/sessions`)).text();
    const tuesday = [...sessions.matchAll(/sessions\/([0-9a-z]{26}-(\d{8})0930)\/cancel/g)][0]?.[1] ?? '';
    expect(tuesday).not.toBe('');
    await harness.table.client.send(
      new UpdateCommand({
        TableName: harness.table.name,
        Key: { PK: `ACTIVITY#${activityId}`, SK: `SESSION#${tuesday.slice(27)}` },
        UpdateExpression: 'SET booked = :two, version = version + :one',
        ExpressionAttributeValues: { ':two': 2, ':one': 1 },
      }),
    );

    const current = versionIn(saved);
    const blocked = await harness.submit(
      farm,
      `${pages}/${activityId}/edit`,
      form({
        version: current,
        title: 'Kitchen garden evenings',
        'schedule.slots.0.day': '',
        'schedule.slots.0.starts': '',
        'schedule.slots.0.ends': '',
      }),
    );
    expect(blocked.status).toBe(409);
    const html = await blocked.text();
    expect(summaryOf(html)).toContain('These sessions have bookings');
    expect(summaryOf(html)).toContain('href="#schedule-slots-0-day"');
    expect(html).toContain('value="Kitchen garden evenings"');
    expect((await harness.browse(farm, `${pages}/${activityId}/sessions`)).status).toBe(200);

    // Fewer places than are booked is refused too, pointing at the places.
    const overfull = await harness.submit(
      farm,
      `${pages}/${activityId}/edit`,
      form({ version: current, 'schedule.slots.0.starts': '09:30', placesPerSession: '1' }),
    );
    expect(overfull.status).toBe(409);
    expect(summaryOf(await overfull.text())).toContain('href="#placesPerSession"');

    // An unknown venue postcode is the service's refusal, shown beside the postcode.
    const postcode = await harness.submit(
      farm,
      `${pages}/${activityId}/edit`,
      form({ version: current, 'schedule.slots.0.starts': '09:30', 'venue.postcode': 'DT1' }),
    );
    expect(postcode.status).toBe(422);
    expect(summaryOf(await postcode.text())).toContain('href="#venue-postcode"');
  });

  it('will not withdraw while a session has bookings, then withdraws once it is cancelled', async () => {
    const page = await (await harness.browse(farm, `${pages}/${activityId}/edit`)).text();
    const refused = await harness.submit(farm, `${pages}/${activityId}/withdraw`, {
      version: versionIn(page),
    });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(summaryOf(html)).toContain('<a href="#withdraw">These sessions have bookings');

    const sessions = await (await harness.browse(farm, `${pages}/${activityId}/sessions`)).text();
    const booked =
      /<td class="govuk-table__cell govuk-table__cell--numeric">8<\/td><td class="govuk-table__cell govuk-table__cell--numeric">6<\/td>[\s\S]*?href="(\/catalogue\/provider\/sessions\/[0-9a-z-]+\/cancel)"/.exec(
        sessions,
      )?.[1];
    expect(booked).toBeDefined();
    expect(
      (await harness.submit(farm, booked ?? '', { reason: 'Closed for the harvest festival.' })).status,
    ).toBe(303);

    const again = await (await harness.browse(farm, `${pages}/${activityId}/edit`)).text();
    const withdrawn = await harness.submit(farm, `${pages}/${activityId}/withdraw`, {
      version: versionIn(again),
    });
    expect(withdrawn.status).toBe(303);
    const after = await (await harness.browse(farm, `${pages}/${activityId}/edit?withdrawn=1`)).text();
    expect(after).toContain('Your activity is withdrawn');
    expect(after).toContain('Withdrawn</strong>');
    expect(after).toContain(`action="${pages}/${activityId}/publish"`);
    const list = await (await harness.browse(farm, pages)).text();
    expect(rowOf(list, 'Kitchen garden days')).toContain('Withdrawn</strong>');
    expect(rowOf(list, 'Kitchen garden days')).toContain('Not published');
  });
});

describe('who can use the publishing pages', () => {
  it('refuses people who are not providers', async () => {
    for (const path of [pages, `${pages}/new`]) {
      const response = await harness.browse('dorset-person-dp', path);
      expect(response.status).toBe(403);
    }
    expect((await harness.submit('dorset-person-dp', `${pages}/new`, form())).status).toBe(403);
  });

  it('tells a provider without an active membership why they cannot publish', async () => {
    for (const path of [pages, `${pages}/new`]) {
      const response = await harness.browse('dorset-provider-applicant', path);
      expect(response.status).toBe(403);
      const html = await response.text();
      expect(html).toContain('You cannot publish activities yet');
      expect(html).toContain('href="/applications"');
    }
    expect((await harness.submit('dorset-provider-new', `${pages}/new`, form())).status).toBe(403);
  });

  it("does not show one provider another's activity", async () => {
    const theirs = await harness.call('bcp-provider-member', 'POST', '/api/catalogue/provider/activities', {
      title: 'Seafront walks',
      description: 'A gentle walk along the seafront with a stop for a hot drink.',
      lotId: 'spokes',
      activityType: 'walking',
      setting: 'spoke',
      venue: {
        name: 'Pier approach',
        addressLine1: 'Pier Approach',
        town: 'Bournemouth',
        postcode: 'BH2 5AA',
      },
      schedule: {
        slots: [{ day: 'friday', starts: '11:00', ends: '12:00' }],
        startsOn: ukToday(new Date()),
        exceptions: [],
      },
      placesPerSession: 10,
      price: { amountPence: 0, per: 'session' },
      funding: ['self-funded'],
      ageRange: { from: 18 },
      contact: { name: 'Nadia', email: 'nadia@bournemouthhubs.example' },
    });
    expect(theirs.status).toBe(201);
    const id = theirs.body.id as string;
    expect(
      (
        await harness.call(
          'bcp-provider-member',
          'POST',
          `/api/catalogue/provider/activities/${id}/publish`,
          { version: 1 },
        )
      ).status,
    ).toBe(200);
    for (const path of [`${pages}/${id}/edit`, `${pages}/${id}/sessions`])
      expect((await harness.browse(farm, path)).status).toBe(404);
    expect((await harness.submit(farm, `${pages}/${id}/publish`, { version: '2' })).status).toBe(404);
    expect((await harness.submit(farm, `${pages}/${id}/edit`, form({ version: '2' }))).status).toBe(404);
    const sessions = await harness.call(
      'bcp-provider-member',
      'GET',
      `/api/catalogue/provider/activities/${id}/sessions`,
    );
    const sessionId = sessions.body.sessions[0]?.id as string;
    expect((await harness.browse(farm, `/catalogue/provider/sessions/${sessionId}/cancel`)).status).toBe(404);
    expect(
      (await harness.submit(farm, `/catalogue/provider/sessions/${sessionId}/cancel`, { reason: 'Mine now' }))
        .status,
    ).toBe(404);
  });
});
