import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStartText } from '../../../functions/checkout/domain/ledger';
import type { Person } from '../../../functions/checkout/domain/people';
import { exampleWalkInput } from '../../../scripts/local/demo-checkout';
import type { SignedInUser } from '../../../shared/domain/users';
import { type CheckoutWorld, checkoutWorld, errorSummaryOf } from '../../support/checkout-world';

let world: CheckoutWorld;
let activity: Awaited<ReturnType<CheckoutWorld['publishActivity']>>;
/** Sessions at least two days away, so the 24-hour cancellation notice never gets in the way. */
let later: string[] = [];

const user = (id: string, role: SignedInUser['role'], name: string, councilId = 'dorset'): SignedInUser => ({
  id,
  role,
  name,
  councilId,
});
const maya = user('pages-maya', 'person', 'Maya Isaacs');
const owen = user('pages-owen', 'person', 'Owen Dale');
const lena = user('pages-lena', 'representative', 'Lena Dale');
const unlinked = user('pages-rep-unlinked', 'representative', 'Pat Nobody');
const ruth = user('pages-ruth', 'person', 'Ruth Bay', 'bcp');
const farm = 'dorset-provider-member';
const commissioner = 'dorset-commissioner';

let mayaRecord: Person;
let owenRecord: Person;
let ruthRecord: Person;

const html = async (response: Response) => ({ status: response.status, page: await response.text() });
const bookingIdFrom = (location: string | null) =>
  /^\/checkout\/bookings\/([0-9a-z]{26})$/.exec(location ?? '')?.[1];

beforeAll(async () => {
  world = await checkoutWorld({ payouts: 'none' });
  mayaRecord = await world.addPerson({ name: 'Maya Isaacs', userId: maya.id, isfPence: 6_000 });
  owenRecord = await world.addPerson({
    name: 'Owen Dale',
    userId: owen.id,
    directPaymentPence: 10_000,
    selfFunded: true,
  });
  ruthRecord = await world.addPerson({
    name: 'Ruth Bay',
    userId: ruth.id,
    councilId: 'bcp',
    directPaymentPence: 10_000,
  });
  await world.linkRepresentative(owenRecord, lena);
  await world.linkRepresentative(mayaRecord, lena, 'nominated-person');
  activity = await world.publishActivity();
  await world.enableCardPayments(activity.providerId);
  const soon = Date.now() + 2 * 86_400_000;
  later = activity.sessions.filter((session) => Date.parse(session.startsAt) > soon).map((s) => s.id);
  expect(later.length).toBeGreaterThan(4);
});

afterAll(async () => {
  await world?.close();
});

describe('the booking form', () => {
  it('is where the public activity page sends people to book', async () => {
    const response = await world.catalogueApp.request(`/catalogue/activities/${activity.id}`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(
      new RegExp(`<a href="/checkout/book/${activity.id}"[^>]*class="govuk-button"[^>]*>Book a place</a>`),
    );
  });

  it('asks a person only which sessions, how many places and how to pay, with their budget left', async () => {
    const { status, page } = await html(await world.browse(maya, `/checkout/book/${activity.id}`));
    expect(status).toBe(200);
    expect(page).toContain('<h1 class="govuk-heading-l">Book Riverside walk</h1>');
    expect(page).toContain('£15.00 a session for each place');
    // A person books for themselves: no question about who.
    expect(page).toContain(`<input type="hidden" name="personId" value="${mayaRecord.id}"/>`);
    expect(page).not.toContain('Who is the booking for?');
    for (const id of activity.sessionIds.slice(0, 5))
      expect(page).toContain(`name="sessionIds" type="checkbox" value="${id}"`);
    expect(page).toMatch(/<label class="govuk-label govuk-label--s" for="places">How many places\?<\/label>/);
    expect(page).toContain('name="places" type="text" inputmode="numeric" value="1"');
    // Maya has an individual service fund only, so that is the one way offered, already chosen.
    expect(page).toMatch(/name="route" type="radio" value="individual-service-fund" checked/);
    expect(page).not.toContain('value="direct-payment"');
    expect(page).toContain('You have £60.00 left until');
    expect(page).toContain('action="/checkout/book/');
    expect(page).toMatch(/name="csrfToken" value="[A-Za-z0-9_-]{43}"/);
  });

  it('asks a representative who the booking is for, and offers every way their people pay', async () => {
    const { status, page } = await html(await world.browse(lena, `/checkout/book/${activity.id}`));
    expect(status).toBe(200);
    expect(page).toContain('Who is the booking for?');
    expect(page).toContain(`name="personId" type="radio" value="${mayaRecord.id}"`);
    expect(page).toContain(`name="personId" type="radio" value="${owenRecord.id}"`);
    for (const route of ['direct-payment', 'individual-service-fund', 'self-funded'])
      expect(page).toContain(`name="route" type="radio" value="${route}"`);
    expect(page).toContain('Owen Dale has £100.00 left until');
    expect(page).toContain('Maya Isaacs has £60.00 left until');
  });

  it('names a missing session in the error summary, keeps what was entered and books nothing', async () => {
    const { status, page } = await html(
      await world.submit(maya, `/checkout/book/${activity.id}`, {
        personId: mayaRecord.id,
        places: '2',
        route: 'individual-service-fund',
      }),
    );
    expect(status).toBe(400);
    expect(page).toContain('<title>Error: Book Riverside walk');
    expect(errorSummaryOf(page)).toContain('<a href="#sessionIds">Choose at least one session</a>');
    expect(page).toContain('id="sessionIds-error"');
    expect(page).toContain('name="places" type="text" inputmode="numeric" value="2"');
    expect(page).toMatch(/value="individual-service-fund" checked/);
  });

  it('refuses 0 places beside the places question, keeping the sessions chosen', async () => {
    const chosen = later.slice(0, 2);
    const { status, page } = await html(
      await world.submit(maya, `/checkout/book/${activity.id}`, {
        personId: mayaRecord.id,
        sessionIds: chosen,
        places: '0',
        route: 'individual-service-fund',
      }),
    );
    expect(status).toBe(400);
    expect(errorSummaryOf(page)).toContain('<a href="#places">Book at least 1 place</a>');
    for (const id of chosen) expect(page).toContain(`value="${id}" checked`);
  });

  it('refuses a way of paying the person does not have, beside the question', async () => {
    const { status, page } = await html(
      await world.submit(maya, `/checkout/book/${activity.id}`, {
        personId: mayaRecord.id,
        sessionIds: later.slice(0, 1),
        places: '1',
        route: 'direct-payment',
      }),
    );
    expect(status).toBe(422);
    expect(errorSummaryOf(page)).toContain('<a href="#route">Maya Isaacs cannot pay this way.</a>');
  });

  it('changed nothing for those refusals: no booking, no places taken', async () => {
    expect(await world.checkout.stores.bookings.listForPerson('dorset', mayaRecord.id)).toEqual([]);
    const sessions = await world.checkout.stores.sessions.getMany(later.slice(0, 2));
    expect(sessions.map((session) => session.booked)).toEqual([0, 0]);
  });

  it('has no form for an activity that is not listed, or an id that is not one', async () => {
    const draft = await world.call(
      farm,
      'POST',
      '/api/catalogue/provider/activities',
      exampleWalkInput({ title: 'Not published yet' }),
    );
    expect(draft.status).toBe(201);
    expect((await world.browse(maya, `/checkout/book/${draft.body.id}`)).status).toBe(404);
    expect((await world.browse(maya, '/checkout/book/not-an-id')).status).toBe(404);
    expect((await world.browse(maya, `/checkout/book/${'0'.repeat(26)}`)).status).toBe(404);
  });
});

describe('an individual service fund booking', () => {
  let bookingId = '';

  it('is confirmed at once and goes to the booking page', async () => {
    const response = await world.submit(maya, `/checkout/book/${activity.id}`, {
      personId: mayaRecord.id,
      sessionIds: later.slice(0, 2),
      places: '1',
      route: 'individual-service-fund',
    });
    expect(response.status).toBe(303);
    bookingId = bookingIdFrom(response.headers.get('location')) ?? '';
    expect(bookingId).not.toBe('');

    const { status, page } = await html(await world.browse(maya, `/checkout/bookings/${bookingId}`));
    expect(status).toBe(200);
    expect(page).toContain('<h1 class="govuk-panel__title">Booking confirmed</h1>');
    expect(page).toContain('Individual service fund');
    expect(page).toContain('£30.00');
    expect(page).toContain('govuk-tag--green">Confirmed</strong>');
    expect(page).toContain(`href="/checkout/bookings/${bookingId}/cancel"`);
    expect(page).not.toContain('Continue to payment');
  });

  it('shows on Your bookings with the budget reduced', async () => {
    const { status, page } = await html(await world.browse(maya, '/checkout'));
    expect(status).toBe(200);
    expect(page).toContain('<h1 class="govuk-heading-l">Your bookings</h1>');
    expect(page).toMatch(/£30\.00<\/span> of £60\.00 for /);
    expect(page).toContain(`href="/checkout/bookings/${bookingId}">Riverside walk</a>`);
    expect(page).toContain('Confirmed</strong>');
    expect(page).toContain(`href="/checkout/people/${mayaRecord.id}/statement"`);
  });

  it('shows the allocation and the spend, with references and a running balance, on the statement', async () => {
    const { status, page } = await html(
      await world.browse(maya, `/checkout/people/${mayaRecord.id}/statement`),
    );
    expect(status).toBe(200);
    expect(page).toContain('<h1 class="govuk-heading-l">Your statement</h1>');
    expect(page).toMatch(
      /Budget for the period<\/dt><dd class="govuk-summary-list__value">£60\.00 every 4 weeks/,
    );
    expect(page).toMatch(/Spent<\/dt><dd class="govuk-summary-list__value">£30\.00/);
    expect(page).toMatch(/Left to spend<\/dt><dd class="govuk-summary-list__value"><span[^>]*>£30\.00/);
    const ledger =
      /<table class="govuk-table"><caption[^>]*>Individual service fund: money in and out[\s\S]*?<\/table>/.exec(
        page,
      )?.[0];
    expect(ledger).toBeDefined();
    // The allocation in, then the booking out, leaving £30: in that order, with the balance after each.
    const rows = [...(ledger ?? '').matchAll(/<tr class="govuk-table__row"><td[\s\S]*?<\/tr>/g)].map(
      ([row]) => row.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\|[^|]+ at [^|]+\|Budget for the period: [^|]+\|£60\.00\|£60\.00\|$/);
    // Each booking entry says which sessions it paid for, in words, and who runs them.
    const [first = '', second = ''] = later;
    expect(rows[1]).toBe(
      `|${rows[1]?.split('|')[1]}|Booking paid: |Riverside walk|${sessionStartText(first)}|${sessionStartText(second)}|Purbeck Community Farm CIC|£30.00|ISF-${bookingId.toUpperCase()}|£30.00|`,
    );
    expect(sessionStartText(first)).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} \d{1,2}(:\d{2})?(am|pm)$/);
    expect(ledger).toContain('>Sessions</th>');
    expect(ledger).toContain('>Provider</th>');
    expect(ledger).toContain(`href="/checkout/bookings/${bookingId}">Riverside walk</a>`);
  });

  it('lets the representative see it, and council staff read it without acting', async () => {
    expect((await world.browse(lena, `/checkout/bookings/${bookingId}`)).status).toBe(200);
    const staff = await html(await world.browse(commissioner, `/checkout/bookings/${bookingId}`));
    expect(staff.status).toBe(200);
    expect(staff.page).toContain('Booking confirmed');
    expect(staff.page).not.toContain('/cancel"');
    const statement = await html(
      await world.browse(commissioner, `/checkout/people/${mayaRecord.id}/statement`),
    );
    expect(statement.status).toBe(200);
    expect(statement.page).toContain('Maya Isaacs, council reference');
  });

  it('cancels after a confirmation page, giving the money back to the fund', async () => {
    const confirm = await html(await world.browse(maya, `/checkout/bookings/${bookingId}/cancel`));
    expect(confirm.status).toBe(200);
    expect(confirm.page).toContain('Are you sure you want to cancel this booking?');
    expect(confirm.page).toContain('£30.00 goes back to Maya Isaacs’s individual service fund.');
    expect(confirm.page).toContain('up to 24 hours before the first session');

    const done = await world.submit(maya, `/checkout/bookings/${bookingId}/cancel`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/checkout/bookings/${bookingId}?cancelled=1`);
    const after = await html(await world.browse(maya, `/checkout/bookings/${bookingId}?cancelled=1`));
    expect(after.page).toContain('govuk-notification-banner--success');
    expect(after.page).toContain('The booking is cancelled.');
    expect(after.page).toContain('Cancelled</strong>');
    expect(after.page).not.toContain('Booking confirmed');

    const statement = await (await world.browse(maya, `/checkout/people/${mayaRecord.id}/statement`)).text();
    expect(statement).toMatch(/Left to spend<\/dt><dd class="govuk-summary-list__value"><span[^>]*>£60\.00/);
    expect(statement).toContain('Refund: <a class="govuk-link"');
    const sessions = await world.checkout.stores.sessions.getMany(later.slice(0, 2));
    expect(sessions.map((session) => session.booked)).toEqual([0, 0]);
  });
});

describe('a card booking with a direct payment', () => {
  let bookingId = '';
  let checkoutUrl = '';

  it('holds the places and sends the person to the card payment page', async () => {
    const response = await world.submit(owen, `/checkout/book/${activity.id}`, {
      personId: owenRecord.id,
      sessionIds: later.slice(2, 4),
      places: '1',
      route: 'direct-payment',
    });
    expect(response.status).toBe(303);
    checkoutUrl = response.headers.get('location') ?? '';
    expect(checkoutUrl.startsWith(`${world.emulator.url}/checkout/`)).toBe(true);
    const [booking] = await world.checkout.stores.bookings.listForPerson('dorset', owenRecord.id);
    expect(booking?.status).toBe('held');
    bookingId = booking?.id ?? '';
    expect(booking?.card?.checkoutSessionId).toBeDefined();
  });

  it('offers to carry on paying, never confirming from the return address alone', async () => {
    const held = await html(await world.browse(owen, `/checkout/bookings/${bookingId}`));
    expect(held.page).toContain('Waiting for payment</strong>');
    expect(held.page).toContain(`action="/checkout/bookings/${bookingId}/pay"`);
    expect(held.page).toContain('Continue to payment');

    const back = await html(await world.browse(owen, `/checkout/bookings/${bookingId}?paid=1`));
    expect(back.page).toContain(
      'We have not had confirmation of your payment yet. Refresh this page in a moment.',
    );
    expect(back.page).not.toContain('Booking confirmed');

    const again = await world.submit(owen, `/checkout/bookings/${bookingId}/pay`);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(checkoutUrl);
  });

  it('is confirmed by the payment webhook, showing the prepaid card it was paid with', async () => {
    const booking = await world.checkout.stores.bookings.get(bookingId);
    const paid = await world.emulator.pay(booking?.card?.checkoutSessionId ?? '', '5105105105105100');
    expect(paid.outcome).toBe('paid');
    await world.emulator.idle();

    const { page } = await html(await world.browse(owen, `/checkout/bookings/${bookingId}?paid=1`));
    expect(page).toContain('Booking confirmed');
    expect(page).toContain('Direct payment, by card');
    expect(page).toContain('Prepaid card ending 5100 (Mastercard)');
    expect(page).not.toContain('We have not had confirmation');

    const mine = await (await world.browse(lena, '/checkout')).text();
    expect(mine).toMatch(/£70\.00<\/span> of £100\.00 for /);
  });
});

describe('who can see what', () => {
  it('sends someone who is not signed in to sign in', async () => {
    for (const path of [
      '/checkout',
      `/checkout/book/${activity.id}`,
      `/checkout/people/${mayaRecord.id}/statement`,
    ]) {
      const response = await world.browse(null, path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);
    }
  });

  it('refuses providers', async () => {
    expect((await world.browse(farm, '/checkout')).status).toBe(403);
    expect((await world.browse(farm, `/checkout/book/${activity.id}`)).status).toBe(403);
    expect((await world.browse(farm, `/checkout/people/${mayaRecord.id}/statement`)).status).toBe(403);
  });

  it('tells a representative linked to nobody what to do', async () => {
    const { status, page } = await html(await world.browse(unlinked, '/checkout'));
    expect(status).toBe(200);
    expect(page).toContain('Your account is not linked to anyone you book for yet.');
  });

  it('hides other people and their bookings, in the council and outside it', async () => {
    const [mayas] = await world.checkout.stores.bookings.listForPerson('dorset', mayaRecord.id);
    const bookingId = mayas?.id ?? '';
    for (const someone of [unlinked, owen, ruth]) {
      expect((await world.browse(someone, `/checkout/people/${mayaRecord.id}/statement`)).status).toBe(404);
      expect((await world.browse(someone, `/checkout/bookings/${bookingId}`)).status).toBe(404);
      expect((await world.browse(someone, `/checkout/bookings/${bookingId}/cancel`)).status).toBe(404);
    }
    expect((await world.browse(commissioner, `/checkout/people/${ruthRecord.id}/statement`)).status).toBe(
      404,
    );
    expect((await world.browse(maya, '/checkout/bookings/NOT-A-BOOKING')).status).toBe(404);
  });

  it('does not let anyone book for a person they do not act for', async () => {
    const response = await world.submit(unlinked, `/checkout/book/${activity.id}`, {
      personId: mayaRecord.id,
      sessionIds: later.slice(4, 5),
      places: '1',
      route: 'individual-service-fund',
    });
    expect(response.status).toBe(404);
    expect((await world.browse(ruth, `/checkout/book/${activity.id}`)).status).toBe(403);
  });
});

describe('rules the booking service keeps', () => {
  it('refuses a booking that costs more than is left of the budget, beside how to pay', async () => {
    const { status, page } = await html(
      await world.submit(maya, `/checkout/book/${activity.id}`, {
        personId: mayaRecord.id,
        sessionIds: later.slice(5, 6),
        places: '5',
        route: 'individual-service-fund',
      }),
    );
    expect(status).toBe(422);
    expect(errorSummaryOf(page)).toContain(
      '<a href="#route">This booking costs more than is left in Maya Isaacs’s budget for this period.</a>',
    );
    expect(page).toContain('name="places" type="text" inputmode="numeric" value="5"');
  });

  it('says when a session has filled up since the form was shown, and stops offering it', async () => {
    const [full = ''] = later.slice(6, 7);
    const everyPlace = await world.submit(owen, `/checkout/book/${activity.id}`, {
      personId: owenRecord.id,
      sessionIds: [full],
      places: '10',
      route: 'self-funded',
    });
    expect(everyPlace.status).toBe(303);

    const { status, page } = await html(
      await world.submit(lena, `/checkout/book/${activity.id}`, {
        personId: mayaRecord.id,
        sessionIds: [full],
        places: '1',
        route: 'individual-service-fund',
      }),
    );
    expect(status).toBe(409);
    expect(errorSummaryOf(page)).toMatch(/<a href="#sessionIds">Not enough places left on [^<]+<\/a>/);
    expect(page).not.toContain(`value="${full}"`);
  });

  it('offers a session again once the hold that filled it has run out, before anything tidies it', async () => {
    const [filled = ''] = later.slice(7, 8);
    const everyPlace = await world.submit(owen, `/checkout/book/${activity.id}`, {
      personId: owenRecord.id,
      sessionIds: [filled],
      places: '10',
      route: 'self-funded',
    });
    expect(everyPlace.status).toBe(303);
    const offered = (page: string) =>
      new RegExp(
        `value="${filled}"[^>]*>[\\s\\S]*?-item-hint"[^>]*>£15\\.00 a place\\. (\\d+) places? left\\.`,
      ).exec(page)?.[1];
    expect(offered(await (await world.browse(maya, `/checkout/book/${activity.id}`)).text())).toBeUndefined();

    world.clock.advance(31 * 60_000);
    try {
      const page = await (await world.browse(maya, `/checkout/book/${activity.id}`)).text();
      expect(offered(page)).toBe('10');
      // Only read: the hold is still there, counted in the session, until a booking or the sweep lets it go.
      expect((await world.checkout.stores.sessions.get(filled))?.booked).toBe(10);
      const [held] = await world.checkout.stores.bookings.listForPerson('dorset', owenRecord.id);
      expect(held?.status).toBe('held');

      const taken = await world.submit(maya, `/checkout/book/${activity.id}`, {
        personId: mayaRecord.id,
        sessionIds: [filled],
        places: '1',
        route: 'individual-service-fund',
      });
      expect(taken.status).toBe(303);
      expect((await world.checkout.stores.sessions.get(filled))?.booked).toBe(1);
    } finally {
      world.clock.advance(-31 * 60_000);
    }
  });
});
