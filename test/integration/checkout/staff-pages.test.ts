import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStartText } from '../../../functions/checkout/domain/ledger';
import type { Person } from '../../../functions/checkout/domain/people';
import { PersonSignInTakenError } from '../../../functions/checkout/repositories/people';
import { demoPeople } from '../../../scripts/local/demo-checkout';
import { createUserRepository } from '../../../shared/table/users';
import { formatUkDate, ukToday } from '../../../shared/time/uk-dates';
import {
  type CheckoutWorld,
  checkoutWorld,
  errorSummaryOf as summaryOf,
  tableContents,
} from '../../support/checkout-world';

let world: CheckoutWorld;
const commissioner = 'dorset-commissioner';
const farm = 'dorset-provider-member';
const people = '/checkout/people';
const tom = demoPeople[0] as (typeof demoPeople)[number];
const grace = demoPeople[1] as (typeof demoPeople)[number];
const ruby = demoPeople[3] as (typeof demoPeople)[number];

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

/** The person form as a commissioner fills it in: a direct payment, an ISF held by the farm, own money too. */
const personForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  name: 'Ada Lovelace',
  reference: 'dc-200001',
  homeDistrict: 'dt2',
  contactPreference: 'email',
  email: 'ada@example.org',
  phone: '',
  'directPayment.amountPence': '480.00',
  'directPayment.periodWeeks': '4',
  'directPayment.startsOn-day': '2',
  'directPayment.startsOn-month': '11',
  'directPayment.startsOn-year': '2026',
  'individualServiceFund.holderProviderId': '01M6B5CJM0SYGPX2PE4B9F2GN3',
  'individualServiceFund.amountPence': '£250',
  'individualServiceFund.periodWeeks': '2',
  'individualServiceFund.startsOn-day': '9',
  'individualServiceFund.startsOn-month': '11',
  'individualServiceFund.startsOn-year': '2026',
  selfFunded: 'yes',
  userId: '',
  ...overrides,
});

/** A sign-in of a person using services that no person record has yet (the demo's all have one). */
const adaSignIn = 'dorset-person-ada';
const adaNewSignIn = 'dorset-person-ada-2';

beforeAll(async () => {
  world = await checkoutWorld({ payouts: 'none', locateVenue: true });
  const users = createUserRepository(world.table);
  for (const [id, email] of [
    [adaSignIn, 'ada@example.org'],
    [adaNewSignIn, 'ada.king@example.org'],
  ] as const)
    expect(await users.add({ id, councilId: 'dorset', role: 'person', name: 'Ada Lovelace', email })).toBe(
      true,
    );
});

afterAll(async () => {
  await world?.close();
});

describe('commissioners keep their council’s people', () => {
  let personId = '';

  it('lists the council’s people, and only theirs', async () => {
    const response = await world.browse(commissioner, people);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1 class="govuk-heading-l">People</h1>');
    expect(html).toContain(`href="${people}/new"`);
    expect(html).toContain('Tom Ellery');
    expect(html).toContain(tom.reference);
    expect(html).toContain('Grace Mbeki');
    expect(html).toContain('Individual service fund');
    expect(html).not.toContain('Ruby Chen');
  });

  it('sends people who are not signed in to sign in, and refuses other roles', async () => {
    const anonymous = await world.browse(null, people);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/sign-in?returnTo=%2Fcheckout%2Fpeople');
    expect((await world.browse(farm, people)).status).toBe(403);
    expect((await world.browse('dorset-person-dp', `${people}/new`)).status).toBe(403);
    expect((await world.submit(farm, `${people}/new`, personForm())).status).toBe(403);
  });

  it('offers the council’s provider organisations to hold a fund, and people’s own sign-ins', async () => {
    const response = await world.browse(commissioner, `${people}/new`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1 class="govuk-heading-l">Add a person</h1>');
    expect(html).toMatch(/<option value="01M6B5CJM0SYGPX2PE4B9F2GN3">Purbeck Community Farm/);
    expect(html).toContain('<option value="dorset-person-dp">Tom Ellery (tom.ellery@example.org)</option>');
    // Representatives and staff are not people using services.
    expect(html).not.toContain('value="dorset-representative"');
    expect(html).toContain(
      '<label class="govuk-label govuk-label--s" for="reference">Council reference</label>',
    );
    expect(html).toContain('name="csrfToken"');
  });

  it('names each wrong field, keeps what was written, and saves nothing', async () => {
    const response = await world.submit(
      commissioner,
      `${people}/new`,
      personForm({
        reference: '',
        homeDistrict: 'Dorchester',
        'directPayment.amountPence': '',
        'directPayment.periodWeeks': '',
        'directPayment.startsOn-day': '',
        'directPayment.startsOn-month': '',
        'directPayment.startsOn-year': '',
        'individualServiceFund.holderProviderId': '',
        'individualServiceFund.amountPence': '',
        'individualServiceFund.periodWeeks': '',
        'individualServiceFund.startsOn-day': '',
        'individualServiceFund.startsOn-month': '',
        'individualServiceFund.startsOn-year': '',
        selfFunded: '',
      }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<title>Error: Add a person');
    const summary = summaryOf(html);
    expect(summary).toContain('<a href="#reference">Enter the council reference</a>');
    expect(summary).toContain(
      '<a href="#homeDistrict">Enter the postcode district they live in, like DT1</a>',
    );
    expect(summary).toContain(
      '<a href="#directPayment-amountPence">Choose at least one way this person pays: direct payment, individual service fund or own money</a>',
    );
    // In page order.
    expect(summary.indexOf('#reference')).toBeLessThan(summary.indexOf('#homeDistrict'));
    expect(html).toContain('id="reference-error"');
    expect(html).toContain('value="Ada Lovelace"');
    expect(html).toContain('value="Dorchester"');
    expect((await world.checkout.stores.people.listByCouncil('dorset')).map((p) => p.name)).not.toContain(
      'Ada Lovelace',
    );
  });

  it('says which budget is wrong', async () => {
    const response = await world.submit(
      commissioner,
      `${people}/new`,
      personForm({ 'individualServiceFund.periodWeeks': '', 'individualServiceFund.startsOn-month': '13' }),
    );
    expect(response.status).toBe(400);
    const summary = summaryOf(await response.text());
    expect(summary).toContain(
      '<a href="#individualServiceFund-periodWeeks">Individual service fund: Enter how many weeks each budget period lasts</a>',
    );
    expect(summary).toContain(
      '<a href="#individualServiceFund-startsOn">Individual service fund: Enter the date the budget starts as a real date</a>',
    );
  });

  it('refuses a council reference someone else has, writing nothing', async () => {
    const before = await world.checkout.stores.people.listByCouncil('dorset');
    const response = await world.submit(
      commissioner,
      `${people}/new`,
      personForm({ reference: tom.reference.toLowerCase() }),
    );
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(summaryOf(html)).toContain(
      '<a href="#reference">Another person already has this council reference</a>',
    );
    expect(html).toContain('value="Ada Lovelace"');
    expect(await world.checkout.stores.people.listByCouncil('dorset')).toEqual(before);
  });

  it('adds a person with their budgets, then shows them', async () => {
    const response = await world.submit(commissioner, `${people}/new`, personForm({ userId: adaSignIn }));
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(/^\/checkout\/people\/[0-9a-z]{26}\?added=1$/);
    personId = location.split('/')[3]?.split('?')[0] ?? '';

    const saved = await world.checkout.stores.people.get('dorset', personId);
    expect(saved).toMatchObject({
      reference: 'DC-200001',
      name: 'Ada Lovelace',
      homeDistrict: 'DT2',
      contactPreference: 'email',
      email: 'ada@example.org',
      directPayment: { amountPence: 48_000, periodWeeks: 4, startsOn: '2026-11-02' },
      individualServiceFund: {
        amountPence: 25_000,
        periodWeeks: 2,
        startsOn: '2026-11-09',
        holderProviderId: '01M6B5CJM0SYGPX2PE4B9F2GN3',
      },
      selfFunded: true,
      userId: adaSignIn,
      version: 1,
    });
    expect(saved?.individualServiceFund?.holderName).toContain('Purbeck Community Farm');

    const page = await (await world.browse(commissioner, location)).text();
    expect(page).toContain('govuk-notification-banner--success');
    expect(page).toContain('<h1 class="govuk-heading-l">Ada Lovelace</h1>');
    expect(page).toContain('value="480"');
    expect(page).toContain('value="DC-200001"');
    expect(page).toMatch(/<option value="01M6B5CJM0SYGPX2PE4B9F2GN3" selected/);
    expect(page).toMatch(/name="selfFunded" type="checkbox" value="yes" checked/);
    expect(page).toContain(`href="${people}/${personId}/statement"`);
    expect(page).toContain('name="version" value="1"');

    const list = await (await world.browse(commissioner, people)).text();
    expect(list).toContain('Direct payment, Individual service fund, Own money (self-funded)');
  });

  it('saves changes, and refuses a change made from a stale page', async () => {
    const page = await (await world.browse(commissioner, `${people}/${personId}`)).text();
    const version = versionIn(page);
    const changed = await world.submit(
      commissioner,
      `${people}/${personId}`,
      personForm({ name: 'Ada King', version, userId: adaSignIn }),
    );
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe(`${people}/${personId}?saved=1`);
    expect((await world.checkout.stores.people.get('dorset', personId))?.name).toBe('Ada King');

    const stale = await world.submit(
      commissioner,
      `${people}/${personId}`,
      personForm({ name: 'Ada Byron', version, userId: adaSignIn }),
    );
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(summaryOf(html)).toContain('Someone else changed Ada King’s details since you opened them.');
    // What they wrote is kept, with the current version to save it over.
    expect(html).toContain('value="Ada Byron"');
    expect(html).toContain('name="version" value="2"');
    expect((await world.checkout.stores.people.get('dorset', personId))?.name).toBe('Ada King');
  });

  it('refuses a sign-in that is already another person’s, adding or changing, and writes nothing', async () => {
    const before = await tableContents(world.table);
    const added = await world.submit(
      commissioner,
      `${people}/new`,
      personForm({ reference: 'DC-200002', userId: 'dorset-person-self' }),
    );
    expect(added.status).toBe(409);
    expect(summaryOf(await added.text())).toContain(
      '<a href="#userId">Another person already has this sign-in</a>',
    );
    const version = versionIn(await (await world.browse(commissioner, `${people}/${personId}`)).text());
    const changed = await world.submit(
      commissioner,
      `${people}/${personId}`,
      personForm({ name: 'Ada King', version, userId: 'dorset-person-dp' }),
    );
    expect(changed.status).toBe(409);
    expect(summaryOf(await changed.text())).toContain(
      '<a href="#userId">Another person already has this sign-in</a>',
    );
    expect(await tableContents(world.table)).toEqual(before);
  });

  it('moves the sign-in’s claim with a change, letting the old sign-in go', async () => {
    const version = versionIn(await (await world.browse(commissioner, `${people}/${personId}`)).text());
    const moved = await world.submit(
      commissioner,
      `${people}/${personId}`,
      personForm({ name: 'Ada King', version, userId: adaNewSignIn }),
    );
    expect(moved.status).toBe(303);
    expect(await world.checkout.stores.people.signInHolder('dorset', adaNewSignIn)).toBe(personId);
    expect(await world.checkout.stores.people.signInHolder('dorset', adaSignIn)).toBeUndefined();

    // The old sign-in is free for someone else, and then no longer Ada's to take back.
    const other = await world.call(commissioner, 'POST', '/api/checkout/people', {
      reference: 'DC-200003',
      name: 'Ada Other',
      contactPreference: 'post',
      homeDistrict: 'DT1',
      selfFunded: true,
      userId: adaSignIn,
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const back = await world.call(commissioner, 'PUT', `/api/checkout/people/${personId}`, {
      ...(await world.checkout.stores.people.get('dorset', personId)),
      id: undefined,
      councilId: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      individualServiceFund: undefined,
      userId: adaSignIn,
    });
    expect(back.status).toBe(409);
    expect(back.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    expect((await world.checkout.stores.people.get('dorset', personId))?.userId).toBe(adaNewSignIn);
  });

  it('gives one sign-in to only one of several people added at the same moment', async () => {
    const shared = 'dorset-person-race';
    await createUserRepository(world.table).add({
      id: shared,
      councilId: 'dorset',
      role: 'person',
      name: 'Sam Race',
      email: 'sam@example.org',
    });
    const results = await Promise.all(
      ['DC-300001', 'DC-300002', 'DC-300003', 'DC-300004'].map((reference) =>
        world.call(commissioner, 'POST', '/api/checkout/people', {
          reference,
          name: `Sam ${reference}`,
          contactPreference: 'post',
          homeDistrict: 'DT1',
          selfFunded: true,
          userId: shared,
        }),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409, 409]);
    for (const refused of results.filter((result) => result.status === 409))
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    const everyone = await world.checkout.stores.people.listByCouncil('dorset');
    const holders = everyone.filter((person) => person.userId === shared);
    expect(holders).toHaveLength(1);

    // The claim decides on its own, without the service looking first.
    const winner = holders[0] as Person;
    await expect(
      world.checkout.stores.people.create({
        ...winner,
        id: '0000000000000000000000race',
        reference: 'DC-300009',
      }),
    ).rejects.toThrow(PersonSignInTakenError);
    expect(await world.checkout.stores.people.get('dorset', '0000000000000000000000race')).toBeUndefined();
  });

  it('does not show another council’s person, or a made-up one', async () => {
    expect((await world.browse(commissioner, `${people}/${ruby.id}`)).status).toBe(404);
    expect((await world.browse(commissioner, `${people}/not-a-person`)).status).toBe(404);
    expect((await world.browse('bcp-commissioner', `${people}/${personId}`)).status).toBe(404);
    expect(
      (await world.submit('bcp-commissioner', `${people}/${personId}`, personForm({ version: '2' }))).status,
    ).toBe(404);
  });

  it('adds a representative, saying who approved it', async () => {
    const page = await (await world.browse(commissioner, `${people}/${personId}`)).text();
    expect(page).toContain('Nobody represents Ada King yet.');
    expect(page).toContain('<option value="dorset-representative">Helen Ellery');
    // Only representatives are offered as representatives.
    const choices = /<select class="govuk-select" id="representative-userId"[\s\S]*?<\/select>/.exec(
      page,
    )?.[0];
    expect(choices).not.toContain('dorset-person-dp');

    const added = await world.submit(commissioner, `${people}/${personId}/representatives`, {
      'representative.userId': 'dorset-representative',
      'representative.type': 'nominated-person',
    });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`${people}/${personId}?representative=1#representatives`);

    const after = await (await world.browse(commissioner, `${people}/${personId}?representative=1`)).text();
    expect(after).toContain('The representative is added.');
    expect(after).toMatch(
      /Helen Ellery \(carer for Tom Ellery\)<\/th><td class="govuk-table__cell">Nominated person/,
    );
    expect(after).toContain('By Amara Okafor on ');
    // Already linked: no longer offered.
    expect(after).not.toContain('<option value="dorset-representative">');
    expect(await world.checkout.stores.people.representativesOf('dorset', personId)).toMatchObject([
      { userId: 'dorset-representative', type: 'nominated-person', approvedBy: { id: commissioner } },
    ]);
  });

  it('does not make a representative of someone who is not one, or without a type', async () => {
    const notRepresentative = await world.submit(commissioner, `${people}/${personId}/representatives`, {
      'representative.userId': 'dorset-person-dp',
      'representative.type': 'carer',
    });
    expect(notRepresentative.status).toBe(422);
    expect(summaryOf(await notRepresentative.text())).toContain(
      '<a href="#representative-userId">Choose the sign-in of a representative</a>',
    );

    const noType = await world.submit(commissioner, `${people}/${personId}/representatives`, {
      'representative.userId': 'dorset-representative',
    });
    expect(noType.status).toBe(400);
    expect(summaryOf(await noType.text())).toContain(
      '<a href="#representative-type">Choose what kind of representative they are</a>',
    );
    expect(await world.checkout.stores.people.representativesOf('dorset', personId)).toHaveLength(1);
  });

  it('takes a representative away, keeping who did it and when, after which they cannot act for the person', async () => {
    const page = await (await world.browse(commissioner, `${people}/${personId}`)).text();
    const action = `${people}/${personId}/representatives/dorset-representative/remove`;
    expect(page).toContain(`action="${action}"`);
    expect(page).toContain('Remove<span class="govuk-visually-hidden"> Helen Ellery');
    expect(
      (await world.call('dorset-representative', 'GET', `/api/checkout/people/${personId}/statement`)).status,
    ).toBe(200);

    // Only the council's own commissioners and admins.
    expect((await world.submit(farm, action)).status).toBe(403);
    expect((await world.submit('dorset-representative', action)).status).toBe(403);
    expect((await world.submit('bcp-commissioner', action)).status).toBe(404);
    expect(await world.checkout.stores.people.representativesOf('dorset', personId)).toHaveLength(1);

    const removed = await world.submit(commissioner, action);
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe(`${people}/${personId}?removed=1#representatives`);
    const after = await (await world.browse(commissioner, `${people}/${personId}?removed=1`)).text();
    expect(after).toContain('The representative is taken away.');
    expect(after).toContain(`Nobody represents Ada King yet.`);
    expect(after).toMatch(
      /Representatives taken away[\s\S]*Helen Ellery \(carer for Tom Ellery\)<\/th><td class="govuk-table__cell">Nominated person<\/td><td class="govuk-table__cell">By Amara Okafor on [^<]+<\/td><td class="govuk-table__cell">By Amara Okafor on /,
    );
    expect(await world.checkout.stores.people.representativesOf('dorset', personId)).toEqual([]);
    expect(await world.checkout.stores.people.representativeRemovals('dorset', personId)).toMatchObject([
      {
        userId: 'dorset-representative',
        type: 'nominated-person',
        approvedBy: { id: commissioner },
        removedBy: { id: commissioner, role: 'commissioner' },
      },
    ]);
    expect(
      (await world.call('dorset-representative', 'GET', `/api/checkout/people/${personId}/statement`)).status,
    ).toBe(404);
    // Helen still acts for Tom.
    expect(
      (await world.call('dorset-representative', 'GET', `/api/checkout/people/${tom.id}/statement`)).status,
    ).toBe(200);

    // From a page opened before: nothing to take away, said on the page, nothing written.
    const before = await tableContents(world.table);
    const again = await world.submit(commissioner, action);
    expect(again.status).toBe(409);
    expect(summaryOf(await again.text())).toContain(
      '<a href="#representatives">This sign-in does not represent Ada King. Nothing was changed.</a>',
    );
    const notAnId = await world.submit(
      commissioner,
      `${people}/${personId}/representatives/not%20an%20id/remove`,
    );
    expect(notAnId.status).toBe(400);
    expect(await tableContents(world.table)).toEqual(before);

    // They can be linked again.
    const relinked = await world.submit(commissioner, `${people}/${personId}/representatives`, {
      'representative.userId': 'dorset-representative',
      'representative.type': 'carer',
    });
    expect(relinked.status).toBe(303);
    expect(await world.checkout.stores.people.representativesOf('dorset', personId)).toHaveLength(1);
  });
});

describe('spend, the ISF statement and the register, from a real ISF booking', () => {
  let activity: Awaited<ReturnType<CheckoutWorld['publishActivity']>>;
  let session: { id: string; startsAt: string };
  const today = ukToday(new Date());

  beforeAll(async () => {
    activity = await world.publishActivity({ funding: ['individual-service-fund', 'self-funded'] }, farm);
    session = activity.sessions[0] as { id: string; startsAt: string };
    const booked = await world.call('dorset-person-isf', 'POST', '/api/checkout/bookings', {
      personId: grace.id,
      sessionIds: [session.id],
      places: 2,
      route: 'individual-service-fund',
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.status).toBe('confirmed');
  });

  it('shows spend per provider and month, as a chart and a table, with a CSV link', async () => {
    const response = await world.browse(commissioner, '/checkout/spend');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1 class="govuk-heading-l">Spend</h1>');
    expect(html).toMatch(
      /<svg[^>]*role="img"[^>]*aria-labelledby="spend-chart-title spend-chart-description"/,
    );
    expect(html).toContain('<title id="spend-chart-title">');
    // The ISF booking is spent the moment it is confirmed: this London month.
    const thisMonth = formatUkDate(today).replace(/^\d+ /, '');
    expect(html).toMatch(new RegExp(`<desc id="spend-chart-description">[^<]*${thisMonth}: £30.00`));
    expect(html).toMatch(/Purbeck Community Farm[^<]*<\/th>/);
    expect(html).toContain('£30.00');
    // By default: from the start of the month three months back, to today.
    const [year, month] = today.split('-').map(Number) as [number, number];
    const back = new Date(Date.UTC(year, month - 4, 1)).toISOString().slice(0, 10);
    expect(html).toContain(`href="/checkout/spend.csv?from=${back}&amp;to=${today}"`);
    expect(html).toContain('name="from-day"');
    expect(html).not.toContain('style=');
  });

  it('takes dates from the date inputs, and names bad ones', async () => {
    const [year, month, day] = today.split('-');
    const chosen = await world.browse(
      commissioner,
      `/checkout/spend?from-day=1&from-month=${month}&from-year=${year}&to-day=${day}&to-month=${month}&to-year=${year}`,
    );
    expect(chosen.status).toBe(200);
    expect(await chosen.text()).toContain('£30.00');

    const quiet = await world.browse(commissioner, '/checkout/spend?from=2025-01-01&to=2025-01-31');
    expect(await quiet.text()).toContain('Nothing was spent between these dates.');

    const bad = await world.browse(commissioner, '/checkout/spend?from=2026-02-30&to=2026-01-01');
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(summaryOf(badHtml)).toContain(
      '<a href="#from">Enter the first date as a real date, like 1 8 2026</a>',
    );

    const backwards = await world.browse(commissioner, '/checkout/spend?from=2026-11-01&to=2026-10-01');
    expect(backwards.status).toBe(400);
    expect(summaryOf(await backwards.text())).toContain(
      '<a href="#to">The last date must be the same as or after the first date</a>',
    );

    const tooLong = await world.browse(commissioner, '/checkout/spend?from=2020-01-01&to=2026-10-01');
    expect(tooLong.status).toBe(400);
    expect(await world.browse(commissioner, '/checkout/spend?colour=red').then((r) => r.status)).toBe(400);
    expect((await world.browse(farm, '/checkout/spend')).status).toBe(403);
  });

  it('downloads the spend as CSV', async () => {
    const monthStart = `${today.slice(0, 8)}01`;
    const response = await world.browse(commissioner, `/checkout/spend.csv?from=${monthStart}&to=${today}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="spend-${monthStart}-to-${today}.csv"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Date,Person reference,Provider,Activity,Sessions,Amount (GBP),Funding route,Entry,Payment reference,Session ids',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${grace.reference},Purbeck Community Farm`);
    // Sessions as people read them; their ids last, for matching up with other records.
    expect(lines[1]).toContain(
      `Riverside walk,${sessionStartText(session.id)},30.00,Individual service fund,spend,ISF-`,
    );
    expect(sessionStartText(session.id)).toMatch(/^\d{1,2} [A-Z][a-z]+ 20\d\d \d{1,2}(:\d\d)?(am|pm)$/);
    expect(lines[1]?.endsWith(`,${session.id}`)).toBe(true);

    expect((await world.browse(commissioner, '/checkout/spend.csv?from=nonsense')).status).toBe(400);
    expect((await world.browse(farm, '/checkout/spend.csv')).status).toBe(403);
    // Another council sees none of it.
    const bcp = await world.browse('bcp-commissioner', `/checkout/spend.csv?from=${monthStart}&to=${today}`);
    expect((await bcp.text()).trim().split('\r\n')).toHaveLength(1);
  });

  it('shows the organisation holding the ISF its statement for the month', async () => {
    const response = await world.browse(farm, '/checkout/isf-statement');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Individual service fund statement');
    expect(html).toContain(grace.reference);
    expect(html).toContain('Riverside walk');
    expect(html).toContain('-£30.00');
    expect(html).toContain('£600.00');
    expect(html).toMatch(/ISF-[0-9A-Z]{26}/);
    expect(html).toContain(`<option value="${today.slice(0, 7)}" selected="">`);
    expect(html).toContain(`href="/checkout/isf-statement.csv?month=${today.slice(0, 7)}"`);

    const empty = await (await world.browse(farm, '/checkout/isf-statement?month=2025-01')).text();
    expect(empty).toContain('There are no entries in January 2025.');

    const csv = await world.browse(farm, `/checkout/isf-statement.csv?month=${today.slice(0, 7)}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const text = await csv.text();
    expect(text).toContain(`${grace.reference},Booking paid,Riverside walk,Purbeck Community Farm`);
    expect(text).toContain(`,${sessionStartText(session.id)},-30.00,ISF-`);
    expect(text.split('\r\n')[0]).toBe(
      'Date,Person reference,Entry,Activity,Provider,Sessions,Amount (GBP),Reference,Session ids',
    );

    expect((await world.browse(farm, '/checkout/isf-statement?month=2026-13')).status).toBe(400);
    expect((await world.browse(commissioner, '/checkout/isf-statement')).status).toBe(403);
    // Another organisation holds none of these funds.
    const other = await (await world.browse('dorset-provider-applicant', '/checkout/isf-statement')).text();
    expect(other).not.toContain(grace.reference);
  });

  it('links each session to its register from the provider’s sessions page', async () => {
    const page = await world.browseCatalogue(farm, `/catalogue/provider/activities/${activity.id}/sessions`);
    expect(await page.text()).toContain(`href="/checkout/sessions/${session.id}/register"`);
  });

  it('shows the register, and keeps other providers out', async () => {
    const response = await world.browse(farm, `/checkout/sessions/${session.id}/register`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<span class="govuk-caption-l">Riverside walk</span>');
    expect(html).toContain('Grace Mbeki');
    expect(html).toContain('10:00 to 12:00');
    expect(html).toContain('Not marked');
    expect(html).toContain('You can mark attendance once the session starts');
    expect(html).not.toContain('name="attendance"');

    expect(
      (await world.browse('dorset-provider-applicant', `/checkout/sessions/${session.id}/register`)).status,
    ).toBe(404);
    expect(
      (await world.browse('bcp-provider-member', `/checkout/sessions/${session.id}/register`)).status,
    ).toBe(404);
    expect((await world.browse(farm, '/checkout/sessions/not-a-session/register')).status).toBe(404);
    expect((await world.browse(commissioner, `/checkout/sessions/${session.id}/register`)).status).toBe(403);
  });

  it('marks attendance once the session has started, not before', async () => {
    const booking = (await world.checkout.stores.bookings.listForSession(session.id))[0];
    const path = `/checkout/sessions/${session.id}/register`;
    const early = await world.submit(farm, path, { bookingId: booking?.id ?? '', attendance: 'attended' });
    expect(early.status).toBe(409);
    expect(summaryOf(await early.text())).toContain('Attendance can be marked once the session has started');

    world.clock.now = new Date(Date.parse(session.startsAt) + 30 * 60_000);
    try {
      const open = await (await world.browse(farm, path)).text();
      expect(open).toContain('Did Grace Mbeki attend?');
      expect(open).toContain(`id="attendance-${booking?.id}"`);

      const unchosen = await world.submit(farm, path, { bookingId: booking?.id ?? '' });
      expect(unchosen.status).toBe(400);
      expect(summaryOf(await unchosen.text())).toContain(
        `<a href="#attendance-${booking?.id}">Choose attended or did not attend</a>`,
      );

      const marked = await world.submit(farm, path, { bookingId: booking?.id ?? '', attendance: 'attended' });
      expect(marked.status).toBe(303);
      expect(marked.headers.get('location')).toBe(`${path}?marked=1`);
      const after = await (await world.browse(farm, `${path}?marked=1`)).text();
      expect(after).toContain('Attendance is saved.');
      expect(after).toContain('govuk-tag--green">Attended</strong>');
      const saved = await world.checkout.stores.bookings.get(booking?.id ?? '');
      expect(saved?.lines.find((line) => line.sessionId === session.id)?.attendance).toBe('attended');

      // Another provider cannot mark it.
      const other = await world.submit('dorset-provider-applicant', path, {
        bookingId: booking?.id ?? '',
        attendance: 'did-not-attend',
      });
      expect(other.status).toBe(404);
    } finally {
      world.clock.now = undefined;
    }
  });
});

describe('providers set up payouts with Stripe', () => {
  it('says payouts are not set up, sends the provider to Stripe, then shows what Stripe says', async () => {
    const first = await world.browse(farm, '/checkout/payouts');
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('Not set up');
    expect(html).toContain('Set up payouts with Stripe');

    const started = await world.submit(farm, '/checkout/payouts', {});
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toMatch(new RegExp(`^${world.emulator.url}/onboarding/`));

    const waiting = await (await world.browse(farm, '/checkout/payouts')).text();
    expect(waiting).toContain('Stripe needs more details');
    expect(waiting).toContain('Continue setting up with Stripe');

    const account = await world.checkout.stores.stripeRecords.payouts('dorset', '01M6B5CJM0SYGPX2PE4B9F2GN3');
    expect(account?.stripeAccountId).toMatch(/^acct_/);
    await world.emulator.completeOnboarding(account?.stripeAccountId ?? '');
    await world.emulator.idle();

    const ready = await (await world.browse(farm, '/checkout/payouts')).text();
    expect(ready).toContain('Ready to take card payments');
    expect(ready).not.toContain('action="/checkout/payouts"');
  });

  it('is only for provider organisations', async () => {
    expect((await world.browse(commissioner, '/checkout/payouts')).status).toBe(403);
    expect((await world.browse('dorset-provider-new', '/checkout/payouts')).status).toBe(403);
    expect((await world.submit('dorset-person-dp', '/checkout/payouts', {})).status).toBe(403);
  });
});

describe('a commissioner adjusts a budget', () => {
  const path = `${people}/${tom.id}/adjustments`;

  it('offers the person’s budgets, names each wrong field and writes nothing', async () => {
    const form = await (await world.browse(commissioner, path)).text();
    expect(form).toContain('Direct payment');
    expect(form).not.toContain('value="individual-service-fund"');
    const refused = await world.submit(commissioner, path, {
      route: 'direct-payment',
      amountPence: 'lots',
      note: '',
    });
    expect(refused.status).toBe(400);
    const summary = summaryOf(await refused.text());
    expect(summary).toContain('Choose whether to add money or take it away');
    expect(summary).toContain('Enter the amount in pounds and pence, like 25.00');
    expect(summary).toContain('Say why the budget is being adjusted');
    const ledger = await world.checkout.stores.budgets.ledgerOf('dorset', tom.id);
    expect(ledger.filter((entry) => entry.kind === 'adjustment')).toHaveLength(0);
    expect((await world.browse(farm, path)).status).toBe(403);
    expect((await world.browse('bcp-commissioner', path)).status).toBe(404);
  });

  it('takes money away with a reason, as a new ledger entry, and says so on the person’s page', async () => {
    const response = await world.submit(commissioner, path, {
      route: 'direct-payment',
      direction: 'take',
      amountPence: '12.50',
      note: 'Paid twice for the same day last period',
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location).toBe(`${people}/${tom.id}?adjusted=1`);
    expect(await (await world.browse(commissioner, location)).text()).toContain(
      'The adjustment is added to the ledger.',
    );
    const adjustments = (await world.checkout.stores.budgets.ledgerOf('dorset', tom.id)).filter(
      (entry) => entry.kind === 'adjustment',
    );
    expect(adjustments).toEqual([
      expect.objectContaining({
        amountPence: -1_250,
        note: 'Paid twice for the same day last period',
        recordedBy: expect.objectContaining({ id: commissioner }),
      }),
    ]);
  });
});
