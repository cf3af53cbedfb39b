import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetPeriodOn, type Person } from '../../../functions/checkout/domain/people';
import { writeTogether } from '../../../functions/checkout/services/transactions';
import { addDays } from '../../../shared/time/london-time';
import { ukToday } from '../../../shared/time/uk-dates';
import { type CheckoutWorld, checkoutWorld, people, tableContents } from '../../support/checkout-world';

/**
 * Who sees what in the checkout's JSON API: a person sees only their own bookings and ledger; a
 * representative only their people's; a provider only the bookings on its own sessions; staff
 * only their own council's. Someone else's record is not "forbidden" but absent (404), so ids
 * cannot be probed; the wrong kind of user gets 403; nobody signed in gets 401. Every refusal is
 * problem+json and none shows a stack trace.
 */
let world: CheckoutWorld;
let sessionIds: string[];
/** Tom's booking, made by Helen and paid by card (confirmed); Grace's ISF booking; Derek's unpaid hold. */
let tomBooking: string;
let graceBooking: string;
let derekHold: string;
const nobody = '00000000000000000000000000';
const noSession = `${nobody}-202701011000`;

const stackTrace = /\bat\s+[\w.<>$]+\s+\(|\bat\s+(file:|\/)|node_modules|\.tsx?:\d+|\w*Error:\s|"stack"/;

interface Answer {
  status: number;
  contentType: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON came back
  body: any;
}

/**
 * A request to the checkout app as a demo user (or nobody). Every answer is checked for a stack
 * trace, and every error answer for being problem+json with its status.
 */
async function send(
  userId: string | null,
  method: string,
  path: string,
  body?: unknown,
  authorization?: string,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (userId) headers.authorization = `Bearer ${await world.tokenFor(userId)}`;
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await world.checkoutApp.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  expect(text, `${method} ${path} shows a stack trace`).not.toMatch(stackTrace);
  const parsed = contentType.includes('json') && text ? JSON.parse(text) : text;
  if (response.status >= 400) {
    expect(contentType, `${method} ${path}`).toContain('application/problem+json');
    expect(parsed.status).toBe(response.status);
  }
  return { status: response.status, contentType, text, body: parsed };
}

const bookingRequest = (personId: string, overrides: Record<string, unknown> = {}) => ({
  personId,
  sessionIds: [sessionIds[3]],
  places: 1,
  route:
    personId === people.grace
      ? 'individual-service-fund'
      : personId === people.derek
        ? 'self-funded'
        : 'direct-payment',
  ...overrides,
});

const today = () => ukToday(new Date());
const spendPath = () => `/api/checkout/spend.csv?from=${addDays(today(), -1)}&to=${addDays(today(), 1)}`;

/** Tom as the commissioner's form would send him back: his details and the version being changed. */
async function tomAsInput() {
  const tom = (await world.checkout.stores.people.get('dorset', people.tom)) as Person;
  return {
    version: tom.version,
    reference: tom.reference,
    name: tom.name,
    contactPreference: tom.contactPreference,
    email: tom.email,
    homeDistrict: tom.homeDistrict,
    directPayment: tom.directPayment,
    selfFunded: tom.selfFunded,
    userId: tom.userId,
  };
}

beforeAll(async () => {
  world = await checkoutWorld();
  const walk = await world.publishActivity({ title: 'Authorisation walk' });
  sessionIds = walk.sessionIds;
  expect(sessionIds.length).toBeGreaterThanOrEqual(5);

  const tom = await world.call('dorset-representative', 'POST', '/api/checkout/bookings', {
    personId: people.tom,
    sessionIds: [sessionIds[0]],
    places: 1,
    route: 'direct-payment',
  });
  expect(tom.status, JSON.stringify(tom.body)).toBe(201);
  tomBooking = tom.body.id;
  const payment = await world.call(
    'dorset-representative',
    'POST',
    `/api/checkout/bookings/${tomBooking}/payment`,
  );
  expect(payment.status).toBe(200);
  const checkoutId = (await world.checkout.stores.bookings.get(tomBooking))?.card
    ?.checkoutSessionId as string;
  expect((await world.emulator.pay(checkoutId, '5105 1051 0510 5100')).outcome).toBe('paid');
  expect((await world.checkout.stores.bookings.get(tomBooking))?.status).toBe('confirmed');

  const grace = await world.call('dorset-person-isf', 'POST', '/api/checkout/bookings', {
    personId: people.grace,
    sessionIds: [sessionIds[1]],
    places: 1,
    route: 'individual-service-fund',
  });
  expect(grace.status, JSON.stringify(grace.body)).toBe(201);
  graceBooking = grace.body.id;

  const derek = await world.call('dorset-person-self', 'POST', '/api/checkout/bookings', {
    personId: people.derek,
    sessionIds: [sessionIds[2]],
    places: 1,
    route: 'self-funded',
  });
  expect(derek.status, JSON.stringify(derek.body)).toBe(201);
  derekHold = derek.body.id;

  // BCP has no activity in this world: Ruby's spend goes straight into BCP's ledger.
  const ruby = (await world.checkout.stores.people.get('bcp', people.ruby)) as Person;
  const period = budgetPeriodOn(ruby.directPayment as NonNullable<Person['directPayment']>, today());
  const entry = world.checkout.bookings.ledgerEntry(
    ruby,
    'direct-payment',
    period as NonNullable<typeof period>,
    'spend',
    1_200,
    new Date(),
    {
      booking: {
        id: '0000000000000000000000bcp1',
        activityTitle: 'Harbour swim',
        sessionIds: [],
        providerId: '01M6B5CJM2MCF8YJRDHTPS0ZY6',
        providerName: 'Poole Harbour Swim Club',
      },
      paymentReference: 'pi_bcp_harbour_swim',
    },
  );
  await writeTogether(world.table, [world.checkout.stores.budgets.entryWrite(entry)]);
  await world.emulator.idle();
}, 120_000);
afterAll(() => world?.close());

/** Every route of routes/booking-api.ts, with ids and bodies that would work for the right user. */
const routes = () => [
  { name: 'list people', method: 'GET', path: '/api/checkout/people', wrong: ['dorset-provider-member'] },
  {
    name: 'add a person',
    method: 'POST',
    path: '/api/checkout/people',
    body: {},
    wrong: ['dorset-person-dp', 'dorset-representative', 'dorset-provider-member'],
  },
  {
    name: 'change a person',
    method: 'PUT',
    path: `/api/checkout/people/${people.tom}`,
    body: { version: 1 },
    wrong: ['dorset-person-dp', 'dorset-representative', 'dorset-provider-member'],
  },
  {
    name: 'add a representative',
    method: 'POST',
    path: `/api/checkout/people/${people.tom}/representatives`,
    body: {},
    wrong: ['dorset-person-dp', 'dorset-representative', 'dorset-provider-member'],
  },
  {
    name: 'take a representative away',
    method: 'DELETE',
    path: `/api/checkout/people/${people.tom}/representatives/dorset-representative`,
    wrong: ['dorset-person-dp', 'dorset-representative', 'dorset-provider-member'],
  },
  {
    name: "a person's statement",
    method: 'GET',
    path: `/api/checkout/people/${people.tom}/statement`,
    wrong: ['dorset-provider-member'],
  },
  {
    name: 'book',
    method: 'POST',
    path: '/api/checkout/bookings',
    body: {},
    wrong: ['dorset-commissioner', 'dorset-admin', 'dorset-provider-member'],
  },
  {
    name: 'a booking',
    method: 'GET',
    path: `/api/checkout/bookings/${tomBooking}`,
    wrong: ['dorset-provider-member'],
  },
  {
    name: 'start paying',
    method: 'POST',
    path: `/api/checkout/bookings/${derekHold}/payment`,
    wrong: ['dorset-commissioner', 'dorset-admin', 'dorset-provider-member'],
  },
  {
    name: 'cancel',
    method: 'POST',
    path: `/api/checkout/bookings/${tomBooking}/cancel`,
    wrong: ['dorset-commissioner', 'dorset-admin', 'dorset-provider-member'],
  },
  {
    name: 'a register',
    method: 'GET',
    path: `/api/checkout/sessions/${sessionIds[0]}/register`,
    wrong: ['dorset-person-dp', 'dorset-representative', 'dorset-commissioner'],
  },
  {
    name: 'mark attendance',
    method: 'POST',
    path: `/api/checkout/sessions/${sessionIds[0]}/attendance`,
    body: {},
    wrong: ['dorset-person-dp', 'dorset-representative', 'dorset-commissioner'],
  },
  {
    name: 'payouts onboarding',
    method: 'POST',
    path: '/api/checkout/payouts/onboarding',
    wrong: ['dorset-person-dp', 'dorset-representative', 'dorset-commissioner'],
  },
  {
    name: 'spend CSV',
    method: 'GET',
    path: spendPath(),
    wrong: ['dorset-person-dp', 'dorset-representative', 'dorset-provider-member'],
  },
];

describe('every checkout API route', () => {
  it('refuses nobody signed in, and a bad bearer token, with 401', async () => {
    for (const route of routes()) {
      const signedOut = await send(null, route.method, route.path, route.body);
      expect(signedOut.status, `${route.name} signed out`).toBe(401);
      expect(signedOut.body.type).toBe('urn:ofm:problem:sign-in-required');
      const forged = await send(null, route.method, route.path, route.body, 'Bearer not.a.token');
      expect(forged.status, `${route.name} with a bad token`).toBe(401);
    }
  });

  it('refuses the wrong kind of user with 403', async () => {
    for (const route of routes())
      for (const userId of route.wrong) {
        const refused = await send(userId, route.method, route.path, route.body);
        expect(refused.status, `${route.name} as ${userId}`).toBe(403);
        expect(refused.body.type).toBe('urn:ofm:problem:forbidden');
      }
  });
});

describe('a person sees only their own bookings and ledger', () => {
  it('Tom sees himself, his statement and his booking', async () => {
    const listed = await send('dorset-person-dp', 'GET', '/api/checkout/people');
    expect(listed.body.people.map((person: Person) => person.id)).toEqual([people.tom]);
    const statement = await send('dorset-person-dp', 'GET', `/api/checkout/people/${people.tom}/statement`);
    expect(statement.status).toBe(200);
    expect(statement.body.ledger.length).toBeGreaterThan(0);
    expect(statement.body.ledger.every((entry: { personId: string }) => entry.personId === people.tom)).toBe(
      true,
    );
    expect(statement.body.bookings.map((booking: { id: string }) => booking.id)).toEqual([tomBooking]);
    expect((await send('dorset-person-dp', 'GET', `/api/checkout/bookings/${tomBooking}`)).status).toBe(200);
  });

  it("gives Tom 404 for everyone else's statement and bookings, whatever he tries", async () => {
    for (const personId of [people.grace, people.derek, people.ruby])
      expect(
        (await send('dorset-person-dp', 'GET', `/api/checkout/people/${personId}/statement`)).status,
      ).toBe(404);
    for (const bookingId of [graceBooking, derekHold]) {
      expect((await send('dorset-person-dp', 'GET', `/api/checkout/bookings/${bookingId}`)).status).toBe(404);
      expect(
        (await send('dorset-person-dp', 'POST', `/api/checkout/bookings/${bookingId}/cancel`)).status,
      ).toBe(404);
    }
    expect(
      (await send('dorset-person-dp', 'POST', `/api/checkout/bookings/${derekHold}/payment`)).status,
    ).toBe(404);
    expect((await world.checkout.stores.bookings.get(graceBooking))?.status).toBe('confirmed');
    expect((await world.checkout.stores.bookings.get(derekHold))?.status).toBe('held');
  });

  it('does not let Tom book for Grace (404), and writes nothing', async () => {
    const before = await tableContents(world.table);
    expect(before.length).toBeGreaterThan(20);
    const refused = await send(
      'dorset-person-dp',
      'POST',
      '/api/checkout/bookings',
      bookingRequest(people.grace, { route: 'individual-service-fund' }),
    );
    expect(refused.status).toBe(404);
    expect(refused.body.type).toBe('urn:ofm:problem:not-found');
    expect(await tableContents(world.table)).toEqual(before);
  });

  it('gives Grace and Derek 404 for Tom', async () => {
    for (const userId of ['dorset-person-isf', 'dorset-person-self']) {
      expect((await send(userId, 'GET', `/api/checkout/people/${people.tom}/statement`)).status).toBe(404);
      expect((await send(userId, 'GET', `/api/checkout/bookings/${tomBooking}`)).status).toBe(404);
      expect((await send(userId, 'POST', `/api/checkout/bookings/${tomBooking}/cancel`)).status).toBe(404);
    }
    expect((await world.checkout.stores.bookings.get(tomBooking))?.status).toBe('confirmed');
  });
});

describe("a representative sees only their people's", () => {
  it('Helen sees and books for Tom', async () => {
    const listed = await send('dorset-representative', 'GET', '/api/checkout/people');
    expect(listed.body.people.map((person: Person) => person.id)).toEqual([people.tom]);
    expect(
      (await send('dorset-representative', 'GET', `/api/checkout/people/${people.tom}/statement`)).status,
    ).toBe(200);
    expect((await send('dorset-representative', 'GET', `/api/checkout/bookings/${tomBooking}`)).status).toBe(
      200,
    );
    const booked = await send(
      'dorset-representative',
      'POST',
      '/api/checkout/bookings',
      bookingRequest(people.tom),
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body).toMatchObject({ personId: people.tom, status: 'held' });
    const cancelled = await send(
      'dorset-representative',
      'POST',
      `/api/checkout/bookings/${booked.body.id}/cancel`,
    );
    expect(cancelled.status).toBe(200);
  });

  it('gives Helen 404 for Grace: her statement, her booking, and booking for her', async () => {
    const before = await tableContents(world.table);
    expect(
      (await send('dorset-representative', 'GET', `/api/checkout/people/${people.grace}/statement`)).status,
    ).toBe(404);
    expect(
      (await send('dorset-representative', 'GET', `/api/checkout/bookings/${graceBooking}`)).status,
    ).toBe(404);
    expect(
      (await send('dorset-representative', 'POST', `/api/checkout/bookings/${graceBooking}/cancel`)).status,
    ).toBe(404);
    expect(
      (await send('dorset-representative', 'POST', `/api/checkout/bookings/${derekHold}/payment`)).status,
    ).toBe(404);
    const refused = await send(
      'dorset-representative',
      'POST',
      '/api/checkout/bookings',
      bookingRequest(people.grace, { route: 'individual-service-fund' }),
    );
    expect(refused.status).toBe(404);
    expect(await tableContents(world.table)).toEqual(before);
  });
});

describe('a provider sees only bookings on its own sessions', () => {
  it("the farm sees its session's register, with Tom's paid booking and not Derek's unpaid hold", async () => {
    const register = await send(
      'dorset-provider-member',
      'GET',
      `/api/checkout/sessions/${sessionIds[0]}/register`,
    );
    expect(register.status).toBe(200);
    expect(register.body.bookings.map((booking: { id: string }) => booking.id)).toEqual([tomBooking]);
    const unpaid = await send(
      'dorset-provider-member',
      'GET',
      `/api/checkout/sessions/${sessionIds[2]}/register`,
    );
    expect(unpaid.body.bookings).toEqual([]);
    // The farm may mark attendance; only the session has not started yet.
    const early = await send(
      'dorset-provider-member',
      'POST',
      `/api/checkout/sessions/${sessionIds[0]}/attendance`,
      {
        bookingId: tomBooking,
        attendance: 'attended',
      },
    );
    expect(early.status).toBe(409);
  });

  it("gives other providers 404 for the farm's session", async () => {
    for (const userId of ['dorset-provider-hub', 'dorset-provider-applicant', 'bcp-provider-member']) {
      expect(
        (await send(userId, 'GET', `/api/checkout/sessions/${sessionIds[0]}/register`)).status,
        userId,
      ).toBe(404);
      const marked = await send(userId, 'POST', `/api/checkout/sessions/${sessionIds[0]}/attendance`, {
        bookingId: tomBooking,
        attendance: 'did-not-attend',
      });
      expect(marked.status, userId).toBe(404);
    }
    const tom = await world.checkout.stores.bookings.get(tomBooking);
    expect(tom?.lines[0]?.attendance).toBeUndefined();
  });

  it('gives a provider no way to a person or a booking', async () => {
    for (const path of [
      '/api/checkout/people',
      `/api/checkout/people/${people.tom}/statement`,
      `/api/checkout/bookings/${tomBooking}`,
    ])
      expect((await send('dorset-provider-member', 'GET', path)).status, path).toBe(403);
  });
});

describe('other councils see nothing', () => {
  it('gives bcp-commissioner 404 for Dorset people and bookings, and lists only BCP people', async () => {
    const listed = await send('bcp-commissioner', 'GET', '/api/checkout/people');
    expect(listed.body.people.map((person: Person) => person.id)).toEqual([people.ruby]);
    expect(
      (await send('bcp-commissioner', 'GET', `/api/checkout/people/${people.tom}/statement`)).status,
    ).toBe(404);
    for (const bookingId of [tomBooking, graceBooking, derekHold])
      expect((await send('bcp-commissioner', 'GET', `/api/checkout/bookings/${bookingId}`)).status).toBe(404);
  });

  it('does not let bcp-commissioner change a Dorset person or add their representative (404), and writes nothing', async () => {
    const before = await tableContents(world.table);
    const changed = await send('bcp-commissioner', 'PUT', `/api/checkout/people/${people.tom}`, {
      ...(await tomAsInput()),
      name: 'Not Tom',
    });
    expect(changed.status).toBe(404);
    const linked = await send(
      'bcp-commissioner',
      'POST',
      `/api/checkout/people/${people.tom}/representatives`,
      {
        userId: 'dorset-representative',
        type: 'carer',
      },
    );
    expect(linked.status).toBe(404);
    const unlinked = await send(
      'bcp-commissioner',
      'DELETE',
      `/api/checkout/people/${people.tom}/representatives/dorset-representative`,
    );
    expect(unlinked.status).toBe(404);
    expect(await tableContents(world.table)).toEqual(before);
    expect(
      (await send('dorset-representative', 'GET', `/api/checkout/people/${people.tom}/statement`)).status,
    ).toBe(200);
  });

  it('gives a BCP person 404 for Dorset people and bookings', async () => {
    expect((await send('bcp-person-dp', 'GET', `/api/checkout/bookings/${tomBooking}`)).status).toBe(404);
    expect((await send('bcp-person-dp', 'GET', `/api/checkout/people/${people.tom}/statement`)).status).toBe(
      404,
    );
    expect(
      (await send('bcp-person-dp', 'POST', '/api/checkout/bookings', bookingRequest(people.tom))).status,
    ).toBe(404);
  });

  it('Dorset staff see every Dorset person and booking, and no BCP person', async () => {
    const listed = await send('dorset-commissioner', 'GET', '/api/checkout/people');
    const ids = listed.body.people.map((person: Person) => person.id);
    expect(ids).toEqual(expect.arrayContaining([people.tom, people.grace, people.derek]));
    expect(ids).not.toContain(people.ruby);
    expect((await send('dorset-commissioner', 'GET', `/api/checkout/bookings/${tomBooking}`)).status).toBe(
      200,
    );
    expect(
      (await send('dorset-commissioner', 'GET', `/api/checkout/people/${people.ruby}/statement`)).status,
    ).toBe(404);
  });

  it("holds only the council's own entries in each spend CSV", async () => {
    const dorset = await send('dorset-commissioner', 'GET', spendPath());
    expect(dorset.status).toBe(200);
    expect(dorset.contentType).toContain('text/csv');
    const dorsetRows = dorset.text.trim().split('\r\n').slice(1);
    expect(dorsetRows.length).toBeGreaterThanOrEqual(2);
    expect(dorset.text).toContain('DC-104233');
    expect(dorset.text).toContain('DC-118902');
    expect(dorset.text).not.toContain('BCP-');
    expect(dorset.text).not.toContain('Harbour swim');

    const bcp = await send('bcp-commissioner', 'GET', spendPath());
    expect(bcp.status).toBe(200);
    const bcpRows = bcp.text.trim().split('\r\n').slice(1);
    expect(bcpRows).toHaveLength(1);
    expect(bcpRows[0]).toContain('BCP-55120');
    expect(bcp.text).not.toContain('DC-');
    expect(bcp.text).not.toContain('Authorisation walk');
  });
});

describe('taking a representative away', () => {
  const carer = { id: 'auth-carer', name: 'Kit Carer', role: 'representative' as const, councilId: 'dorset' };

  it('is for the council’s commissioners: the representative then gets 404 for the person', async () => {
    const tom = (await world.checkout.stores.people.get('dorset', people.tom)) as Person;
    await world.linkRepresentative(tom, carer);
    expect((await world.call(carer, 'GET', `/api/checkout/people/${people.tom}/statement`)).status).toBe(200);
    const path = `/api/checkout/people/${people.tom}/representatives/${carer.id}`;

    const removed = await send('dorset-commissioner', 'DELETE', path);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({
      personId: people.tom,
      userId: carer.id,
      removedBy: { id: 'dorset-commissioner', role: 'commissioner' },
    });
    expect((await world.call(carer, 'GET', `/api/checkout/people/${people.tom}/statement`)).status).toBe(404);
    expect(
      (await world.call(carer, 'POST', '/api/checkout/bookings', bookingRequest(people.tom))).status,
    ).toBe(404);
    // Helen, linked by the same commissioner, still acts for Tom.
    expect(
      (await send('dorset-representative', 'GET', `/api/checkout/people/${people.tom}/statement`)).status,
    ).toBe(200);
  });

  it('answers 404 for a link that is not there and 400 for a sign-in id that cannot be one, writing nothing', async () => {
    const before = await tableContents(world.table);
    const gone = await send(
      'dorset-commissioner',
      'DELETE',
      `/api/checkout/people/${people.tom}/representatives/${carer.id}`,
    );
    expect(gone.status).toBe(404);
    expect(gone.body.type).toBe('urn:ofm:problem:not-found');
    const nobodysPerson = await send(
      'dorset-commissioner',
      'DELETE',
      `/api/checkout/people/${nobody}/representatives/dorset-representative`,
    );
    expect(nobodysPerson.status).toBe(404);
    const bad = await send(
      'dorset-commissioner',
      'DELETE',
      `/api/checkout/people/${people.tom}/representatives/${encodeURIComponent('-not an id')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    expect(await tableContents(world.table)).toEqual(before);
  });

  it('taken away by two commissioners at once, is taken once: one 200, the other 404, one record', async () => {
    const tom = (await world.checkout.stores.people.get('dorset', people.tom)) as Person;
    const twice = { ...carer, id: 'auth-carer-twice' };
    await world.linkRepresentative(tom, twice);
    const path = `/api/checkout/people/${people.tom}/representatives/${twice.id}`;
    const answers = await Promise.all([
      send('dorset-commissioner', 'DELETE', path),
      send('dorset-admin', 'DELETE', path),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 404]);
    const records = await world.checkout.stores.people.representativeRemovals('dorset', people.tom);
    expect(records.filter((record) => record.userId === twice.id)).toHaveLength(1);
  });
});

describe('fields nobody may set', () => {
  const extras: Record<string, unknown>[] = [
    { status: 'confirmed' },
    { totalPence: 0 },
    { id: '0000000000000000000000evil' },
    { councilId: 'bcp' },
    { card: { checkoutSessionId: 'cs_test_forged', paymentIntentId: 'pi_forged' } },
    { bookedBy: { id: 'dorset-commissioner', name: 'Amara Okafor', role: 'commissioner' } },
    { refunds: [{ amountPence: 1_500 }] },
  ];
  for (const extra of extras) {
    const field = Object.keys(extra)[0] as string;
    it(`refuses a booking request carrying ${field} with 400 naming it, and writes nothing`, async () => {
      const before = await tableContents(world.table);
      const refused = await send(
        'dorset-representative',
        'POST',
        '/api/checkout/bookings',
        bookingRequest(people.tom, extra),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.type).toBe('urn:ofm:problem:invalid-input');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field })]);
      expect(await tableContents(world.table)).toEqual(before);
    });
  }

  it('names every extra field at once', async () => {
    const refused = await send(
      'dorset-representative',
      'POST',
      '/api/checkout/bookings',
      bookingRequest(people.tom, { status: 'confirmed', totalPence: 0 }),
    );
    expect(refused.status).toBe(400);
    const named = refused.body.errors.map((error: { field: string }) => error.field).join(', ');
    expect(named).toContain('status');
    expect(named).toContain('totalPence');
  });

  it('refuses a person change carrying councilId or id, and a representative link carrying who approved it', async () => {
    const before = await tableContents(world.table);
    for (const extra of [
      { councilId: 'bcp' },
      { id: people.grace },
      { createdAt: '2020-01-01T00:00:00.000Z' },
    ]) {
      const changed = await send('dorset-commissioner', 'PUT', `/api/checkout/people/${people.tom}`, {
        ...(await tomAsInput()),
        ...extra,
      });
      expect(changed.status).toBe(400);
      expect(changed.body.errors).toEqual([expect.objectContaining({ field: Object.keys(extra)[0] })]);
    }
    const linked = await send(
      'dorset-commissioner',
      'POST',
      `/api/checkout/people/${people.tom}/representatives`,
      {
        userId: 'dorset-representative',
        type: 'carer',
        approvedBy: { id: 'dorset-admin', name: 'Ian Whitcombe', role: 'admin' },
      },
    );
    expect(linked.status).toBe(400);
    expect(linked.body.errors).toEqual([expect.objectContaining({ field: 'approvedBy' })]);
    const marked = await send(
      'dorset-provider-member',
      'POST',
      `/api/checkout/sessions/${sessionIds[0]}/attendance`,
      {
        bookingId: tomBooking,
        attendance: 'attended',
        lines: [],
      },
    );
    expect(marked.status).toBe(400);
    expect(await tableContents(world.table)).toEqual(before);
  });
});

describe('bad ids in paths', () => {
  const malformed = ['not-an-id', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', `${nobody}0`, '%3Cscript%3E', "1' OR '1'='1"];

  it('answers 400 for ids that cannot be ids, and 404 for ids of nothing', async () => {
    for (const id of malformed) {
      const path = encodeURI(id).replaceAll("'", '%27');
      for (const [userId, method, route] of [
        ['dorset-person-dp', 'GET', `/api/checkout/bookings/${path}`],
        ['dorset-person-dp', 'POST', `/api/checkout/bookings/${path}/cancel`],
        ['dorset-person-dp', 'POST', `/api/checkout/bookings/${path}/payment`],
        ['dorset-person-dp', 'GET', `/api/checkout/people/${path}/statement`],
        ['dorset-provider-member', 'GET', `/api/checkout/sessions/${path}/register`],
      ] as const) {
        const answer = await send(userId, method, route);
        expect([400, 404], `${method} ${route}`).toContain(answer.status);
        if (answer.status === 400) expect(answer.body.type).toBe('urn:ofm:problem:invalid-input');
      }
    }
    const plain = await send('dorset-person-dp', 'GET', '/api/checkout/bookings/not-an-id');
    expect(plain.status).toBe(400);
    expect(plain.body.errors).toEqual([expect.objectContaining({ field: 'bookingId' })]);

    for (const [userId, method, route] of [
      ['dorset-person-dp', 'GET', `/api/checkout/bookings/${nobody}`],
      ['dorset-person-dp', 'POST', `/api/checkout/bookings/${nobody}/cancel`],
      ['dorset-person-dp', 'POST', `/api/checkout/bookings/${nobody}/payment`],
      ['dorset-person-dp', 'GET', `/api/checkout/people/${nobody}/statement`],
      ['dorset-commissioner', 'GET', `/api/checkout/people/${nobody}/statement`],
      ['dorset-provider-member', 'GET', `/api/checkout/sessions/${noSession}/register`],
    ] as const) {
      const answer = await send(userId, method, route);
      expect(answer.status, `${method} ${route}`).toBe(404);
      expect(answer.body.type).toBe('urn:ofm:problem:not-found');
    }
  });

  it('answers 400 for a spend CSV without proper dates', async () => {
    for (const query of [
      '',
      '?from=yesterday&to=today',
      '?from=2026-02-01&to=2026-01-01',
      '?from=2026-01-01&to=2026-01-31&extra=1',
    ])
      expect(
        (await send('dorset-commissioner', 'GET', `/api/checkout/spend.csv${query}`)).status,
        query,
      ).toBe(400);
  });

  it('answers 400 for a body that is not JSON, without a stack trace', async () => {
    const response = await world.checkoutApp.request('/api/checkout/bookings', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await world.tokenFor('dorset-representative')}`,
        'content-type': 'application/json',
      },
      body: '{"personId": ',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(text).not.toMatch(stackTrace);
  });
});
