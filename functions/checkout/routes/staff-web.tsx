import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { SignedInUser } from '../../../shared/domain/users';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { type FieldError, fieldErrorsFrom, ProblemError, problems } from '../../../shared/http/problem';
import { publicOrigin } from '../../../shared/http/public-origin';
import { createCouncilRepository } from '../../../shared/table/councils';
import { createOutboxRepository } from '../../../shared/table/outbox';
import { addDays, londonTimeToUtc } from '../../../shared/time/london-time';
import { ukToday } from '../../../shared/time/uk-dates';
import { csvDownloadHeaders } from '../../../shared/web/csv';
import {
  answersFromForm,
  errorsForFields,
  type FormField,
  type FormValues,
  formFromAnswers,
  inPageOrder,
  type Option,
} from '../../../shared/web/form-fields';
import { pageChrome } from '../../../shared/web/page-chrome';
import { readForm, summaryErrors } from '../../../shared/web/read-form';
import { createMembershipRepository } from '../../applications/repositories/memberships';
import { adjustmentInputSchema } from '../domain/ledger';
import {
  budgetOf,
  budgetRoutes,
  type Person,
  personInputSchema,
  representativeLinkInputSchema,
  userIdPattern,
} from '../domain/people';
import { budgetRouteNames, spendCsv, spendTotals } from '../domain/spend';
import {
  AdjustmentPage,
  adjustmentFields,
  attendanceFieldId,
  IsfStatementPage,
  isfStatementCsv,
  PayoutsPage,
  PeopleListPage,
  type PersonChoices,
  PersonFormPage,
  peoplePath,
  personFields,
  RegisterPage,
  type RepresentativesSection,
  representativeFields,
  SpendPage,
  spendFields,
} from '../pages/staff-pages';
import type { Checkout } from '../services/checkout-on-table';
import { asCheckoutProblem } from './checkout-problems';
import { markAttendance, registerFor } from './register';

type Page = Context<AppEnv>;

const notices: Record<string, string> = {
  added: 'The person is added. You can add their representatives below.',
  saved: 'Your changes are saved.',
  representative: 'The representative is added.',
  removed: 'The representative is taken away. They can no longer book or see bookings for this person.',
  adjusted: 'The adjustment is added to the ledger.',
  marked: 'Attendance is saved.',
};

/** The first notice named in the query (`?saved=1`), for the success banner. */
const noticeOf = (c: Page): string | undefined =>
  Object.entries(notices).find(([name]) => c.req.query(name) !== undefined)?.[1];

const budgetNames: Record<string, string> = {
  directPayment: 'Direct payment',
  individualServiceFund: 'Individual service fund',
};

/** As the schema says it when every field is right but none of the ways to pay is filled in. */
const noWayToPay =
  'Choose at least one way this person pays: direct payment, individual service fund or own money';

/** A posted person form as the schema's input, or the errors against the fields on the page. */
function personFromForm(fields: FormField[], values: FormValues) {
  const answers = answersFromForm(fields, values);
  const parsed = personInputSchema.safeParse(answers);
  if (parsed.success) return { ok: true as const, input: parsed.data };
  const errors = parsed.error.issues.map((issue): FieldError => {
    const path = issue.path.map(String);
    // Both budgets ask the same questions: say which one is wrong.
    const budget = path.length > 1 ? budgetNames[path[0] ?? ''] : undefined;
    return { field: path.join('.'), message: budget ? `${budget}: ${issue.message}` : issue.message };
  });
  // The schema checks the fields together only once each is right; a form says everything at once.
  if (
    !answers.directPayment &&
    !answers.individualServiceFund &&
    !answers.selfFunded &&
    !errors.some((error) => error.field === 'directPayment')
  )
    errors.push({ field: 'directPayment', message: noWayToPay });
  return { ok: false as const, errors: inPageOrder(fields, errorsForFields(fields, errors)) };
}

/** Refusals a form can show beside its fields (409 and 422 from `asCheckoutProblem`); anything else goes on. */
async function refusedOnForm<T>(
  work: () => Promise<T>,
  fallbackField: string,
  fieldFor: (field: string) => string = (field) => field,
): Promise<{ ok: true; value: T } | { ok: false; status: 409 | 422; errors: FieldError[] }> {
  try {
    return { ok: true, value: await asCheckoutProblem(work) };
  } catch (error) {
    if (!(error instanceof ProblemError) || (error.status !== 409 && error.status !== 422)) throw error;
    const errors = error.errors?.length
      ? error.errors.map((fieldError) => ({ ...fieldError, field: fieldFor(fieldError.field) }))
      : [{ field: fallbackField, message: error.detail ?? error.title }];
    return { ok: false, status: error.status, errors };
  }
}

// Dates -----------------------------------------------------------------------------------------

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (value: string) =>
  isoDatePattern.test(value) &&
  !Number.isNaN(Date.parse(`${value}T12:00:00Z`)) &&
  new Date(`${value}T12:00:00Z`).toISOString().slice(0, 10) === value;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
const nextMonth = (month: string) => {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  return mm === 12 ? `${year + 1}-01` : `${year}-${String(mm + 1).padStart(2, '0')}`;
};
const previousMonth = (month: string) => {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  return mm === 1 ? `${year - 1}-12` : `${year}-${String(mm - 1).padStart(2, '0')}`;
};
const monthsBetween = (first: string, last: string) => {
  const months: string[] = [];
  for (let month = first; month <= last && months.length < 100; month = nextMonth(month)) months.push(month);
  return months;
};
/** The instant a London calendar date begins, as stored (UTC). */
const startOfDay = (date: string) => londonTimeToUtc(date, '00:00').toISOString();

const dateText = z.string().max(10).optional();
const spendQuerySchema = z.strictObject({
  from: dateText,
  to: dateText,
  'from-day': dateText,
  'from-month': dateText,
  'from-year': dateText,
  'to-day': dateText,
  'to-month': dateText,
  'to-year': dateText,
});

/** The council ledger can be read for at most 24 months a request. */
const mostMonths = 24;

/**
 * The spend report's dates, from `from`/`to` (YYYY-MM-DD, as links carry them) or the GOV.UK date
 * inputs' parts; by default the last 3 whole months and this month up to today.
 */
function spendRange(query: Record<string, string>, today: string) {
  const values: FormValues = {};
  const errors: FieldError[] = [];
  const dates: Record<'from' | 'to', string> = { from: '', to: '' };
  const defaults = {
    from: `${previousMonth(previousMonth(previousMonth(today.slice(0, 7))))}-01`,
    to: today,
  };
  for (const name of ['from', 'to'] as const) {
    const parts = (['day', 'month', 'year'] as const).map((part) => (query[`${name}-${part}`] ?? '').trim());
    const [day, month, year] = parts as [string, string, string];
    const typed = parts.some(Boolean);
    const text = typed
      ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
      : (query[name] ?? defaults[name]).trim();
    dates[name] = text;
    if (typed)
      Object.assign(values, { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });
    else if (isRealDate(text)) {
      const [y, m, d] = text.split('-');
      Object.assign(values, {
        [`${name}-day`]: String(Number(d)),
        [`${name}-month`]: String(Number(m)),
        [`${name}-year`]: y ?? '',
      });
    } else values[`${name}-day`] = '';
    if (!isRealDate(text))
      errors.push({
        field: name,
        message: `Enter the ${name === 'from' ? 'first' : 'last'} date as a real date, like ${name === 'from' ? '1 8 2026' : '24 11 2026'}`,
      });
  }
  if (!errors.length) {
    if (dates.to < dates.from)
      errors.push({ field: 'to', message: 'The last date must be the same as or after the first date' });
    else {
      const fromIso = startOfDay(dates.from);
      const toIso = startOfDay(addDays(dates.to, 1));
      if (monthsBetween(fromIso.slice(0, 7), toIso.slice(0, 7)).length > mostMonths)
        errors.push({ field: 'to', message: 'Choose dates less than 2 years apart' });
      else return { ok: true as const, values, from: dates.from, to: dates.to, fromIso, toIso };
    }
  }
  return { ok: false as const, values, errors };
}

const isfQuerySchema = z.strictObject({
  month: z.string().regex(monthPattern, 'Choose a month from the list').optional(),
});

/**
 * Pages for council staff and providers: the council's people, their budgets and representatives;
 * spend of council money; the ISF holder's statement; a session's register; payouts. The rules are
 * the checkout's services, as for the JSON API; these pages read forms and show refusals beside
 * the fields they are about.
 */
export function addStaffPages(app: OpenAPIHono<AppEnv>, checkout: Checkout) {
  const { people, payouts, stores, now } = checkout;
  const councils = createCouncilRepository(checkout.table);
  const memberships = createMembershipRepository(checkout.table, createOutboxRepository(checkout.table));

  // People ---------------------------------------------------------------------------------------

  /** The council's provider organisations (those with a membership), and a person's current holder whatever its state. */
  const choicesFor = async (user: SignedInUser, person?: Person): Promise<PersonChoices> => {
    const [members, users] = await Promise.all([
      memberships.listByCouncil(user.councilId),
      stores.users.listByCouncil(user.councilId),
    ]);
    const holders = new Map<string, Option>();
    for (const membership of members)
      if (membership.status !== 'ended' && !holders.has(membership.providerId))
        holders.set(membership.providerId, { value: membership.providerId, label: membership.providerName });
    const isf = person?.individualServiceFund;
    if (isf && !holders.has(isf.holderProviderId))
      holders.set(isf.holderProviderId, { value: isf.holderProviderId, label: isf.holderName });
    const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label);
    return {
      holders: [...holders.values()].sort(byLabel),
      personUsers: users
        .filter((candidate) => candidate.role === 'person')
        .map((candidate) => ({ value: candidate.id, label: `${candidate.name} (${candidate.email})` }))
        .sort(byLabel),
    };
  };

  /** The commissioner's own council's person; anyone else's does not exist for them. */
  const personOf = (c: Page, user: SignedInUser) =>
    asCheckoutProblem(() => checkout.bookings.personFor(user, c.req.param('personId') ?? '', 'see'));

  const representativesFor = async (
    person: Person,
    values: FormValues = {},
    errors?: FieldError[],
  ): Promise<RepresentativesSection> => {
    const [links, removals, users] = await Promise.all([
      stores.people.representativesOf(person.councilId, person.id),
      stores.people.representativeRemovals(person.councilId, person.id),
      stores.users.listByCouncil(person.councilId),
    ]);
    const linked = new Set(links.map((link) => link.userId));
    const choices = users
      .filter((candidate) => candidate.role === 'representative' && !linked.has(candidate.id))
      .map((candidate) => ({ value: candidate.id, label: `${candidate.name} (${candidate.email})` }))
      .sort((a, b) => a.label.localeCompare(b.label));
    return { links, removals, choices, values, errors };
  };

  const renderPerson = async (
    c: Page,
    page: { choices: PersonChoices; values: FormValues; person?: Person; version?: number },
    errors?: FieldError[],
    status: 200 | 400 | 409 | 422 = errors?.length ? 400 : 200,
    representatives?: { values: FormValues; errors: FieldError[] },
  ) => {
    const { person } = page;
    const chrome = await pageChrome(c, councils, person ? person.name : 'Add a person');
    const shown = [...(errors ?? []), ...(representatives?.errors ?? [])];
    return c.html(
      <PersonFormPage
        chrome={{ ...chrome, errors: shown.length ? summaryErrors(shown) : undefined }}
        choices={page.choices}
        values={page.values}
        errors={errors}
        person={person}
        version={page.version ?? person?.version}
        representatives={
          person
            ? await representativesFor(person, representatives?.values, representatives?.errors)
            : undefined
        }
        notice={shown.length ? undefined : noticeOf(c)}
      />,
      status,
    );
  };

  const savedValues = (fields: FormField[], person: Person) =>
    formFromAnswers(fields, person as unknown as Record<string, unknown>);

  app.get(peoplePath, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    return c.html(
      <PeopleListPage
        chrome={await pageChrome(c, councils, 'People')}
        people={await stores.people.listByCouncil(user.councilId)}
      />,
    );
  });

  app.get(`${peoplePath}/new`, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    return renderPerson(c, { choices: await choicesFor(user), values: {} });
  });

  app.post(`${peoplePath}/new`, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const values = await readForm(c);
    const choices = await choicesFor(user);
    const fields = personFields(choices);
    const read = personFromForm(fields, values);
    if (!read.ok) return renderPerson(c, { choices, values }, read.errors);
    const saved = await refusedOnForm(() => people.create(user, read.input), 'reference');
    if (!saved.ok)
      return renderPerson(
        c,
        { choices, values },
        inPageOrder(fields, errorsForFields(fields, saved.errors)),
        saved.status,
      );
    return c.redirect(`${peoplePath}/${saved.value.id}?added=1`, 303);
  });

  app.get(`${peoplePath}/:personId`, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const person = await personOf(c, user);
    const choices = await choicesFor(user, person);
    return renderPerson(c, { choices, values: savedValues(personFields(choices), person), person });
  });

  app.post(`${peoplePath}/:personId`, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const person = await personOf(c, user);
    const values = await readForm(c);
    const choices = await choicesFor(user, person);
    const fields = personFields(choices);
    const page = { choices, values, person };
    if (String(values.version ?? '') !== String(person.version))
      return renderPerson(
        c,
        page,
        [
          {
            field: fields[0]?.path ?? 'name',
            message: `Someone else changed ${person.name}’s details since you opened them. Check your changes below and save again.`,
          },
        ],
        409,
      );
    const read = personFromForm(fields, values);
    if (!read.ok) return renderPerson(c, page, read.errors);
    const saved = await refusedOnForm(() => people.update(person, read.input), fields[0]?.path ?? 'name');
    if (!saved.ok)
      return renderPerson(c, page, inPageOrder(fields, errorsForFields(fields, saved.errors)), saved.status);
    return c.redirect(`${peoplePath}/${person.id}?saved=1`, 303);
  });

  app.post(`${peoplePath}/:personId/representatives`, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const person = await personOf(c, user);
    const values = await readForm(c);
    const repFields = representativeFields([]);
    const answers = answersFromForm(repFields, values) as { representative?: Record<string, unknown> };
    const asField = (field: string) => `representative.${field}`;
    const showRefusal = async (errors: FieldError[], status: 400 | 409 | 422) => {
      const choices = await choicesFor(user, person);
      return renderPerson(
        c,
        { choices, values: savedValues(personFields(choices), person), person },
        undefined,
        status,
        { values, errors: inPageOrder(repFields, errors) },
      );
    };
    const parsed = representativeLinkInputSchema.safeParse(answers.representative ?? {});
    if (!parsed.success)
      return showRefusal(
        fieldErrorsFrom(parsed.error).map((error) => ({ ...error, field: asField(error.field) })),
        400,
      );
    const added = await refusedOnForm(
      () => people.addRepresentative(user, person, parsed.data),
      asField('userId'),
      asField,
    );
    if (!added.ok) return showRefusal(added.errors, added.status);
    return c.redirect(`${peoplePath}/${person.id}?representative=1#representatives`, 303);
  });

  app.post(`${peoplePath}/:personId/representatives/:userId/remove`, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const person = await personOf(c, user);
    const userId = c.req.param('userId') ?? '';
    if (!userIdPattern.test(userId))
      throw problems.invalidInput([{ field: 'userId', message: 'Not a valid userId' }]);
    try {
      await asCheckoutProblem(() => people.removeRepresentative(user, person, userId));
    } catch (error) {
      // Taken away already (another tab, another commissioner): say so on the person's page.
      if (!(error instanceof ProblemError) || error.status !== 404) throw error;
      const choices = await choicesFor(user, person);
      return renderPerson(
        c,
        { choices, values: savedValues(personFields(choices), person), person },
        [{ field: 'representatives', message: `${error.detail ?? error.title} Nothing was changed.` }],
        409,
      );
    }
    return c.redirect(`${peoplePath}/${person.id}?removed=1#representatives`, 303);
  });

  // Budget adjustments -----------------------------------------------------------------------------

  const adjustmentFieldsFor = (person: Person) =>
    adjustmentFields(
      budgetRoutes
        .filter((route) => budgetOf(person, route))
        .map((route) => ({ value: route, label: budgetRouteNames[route] })),
    );
  const renderAdjustment = async (
    c: Page,
    person: Person,
    values: FormValues,
    errors?: FieldError[],
    status: 200 | 400 | 409 | 422 = errors?.length ? 400 : 200,
  ) => {
    const fields = adjustmentFieldsFor(person);
    const chrome = await pageChrome(c, councils, `Adjust ${person.name}’s budget`);
    return c.html(
      <AdjustmentPage
        chrome={{ ...chrome, errors: errors?.length ? summaryErrors(errors) : undefined }}
        person={person}
        fields={fields}
        values={values}
        errors={errors}
      />,
      status,
    );
  };

  app.get(`${peoplePath}/:personId/adjustments`, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    return renderAdjustment(c, await personOf(c, user), {});
  });

  app.post(`${peoplePath}/:personId/adjustments`, async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const person = await personOf(c, user);
    const values = await readForm(c);
    const fields = adjustmentFieldsFor(person);
    const answers = answersFromForm(fields, values) as Record<string, unknown>;
    const direction = answers.direction;
    const errors: FieldError[] = [];
    if (direction !== 'add' && direction !== 'take')
      errors.push({ field: 'direction', message: 'Choose whether to add money or take it away' });
    const amount = answers.amountPence;
    const parsed = adjustmentInputSchema.safeParse({
      route: answers.route,
      amountPence: typeof amount === 'number' && direction === 'take' ? -amount : amount,
      note: answers.note,
    });
    if (!parsed.success)
      errors.push(
        ...fieldErrorsFrom(parsed.error).map((error) =>
          error.field === 'amountPence' && typeof amount !== 'number'
            ? { field: 'amountPence', message: 'Enter the amount in pounds and pence, like 25.00' }
            : error,
        ),
      );
    if (errors.length || !parsed.success)
      return renderAdjustment(c, person, values, inPageOrder(fields, errors));
    const made = await refusedOnForm(
      () => checkout.bookings.adjustBudget(user, person.id, parsed.data),
      'route',
    );
    if (!made.ok) return renderAdjustment(c, person, values, made.errors, made.status);
    return c.redirect(`${peoplePath}/${person.id}?adjusted=1`, 303);
  });

  // Spend ----------------------------------------------------------------------------------------

  const spendQuery = (c: Page) => {
    const query = spendQuerySchema.safeParse(c.req.query());
    if (!query.success) throw problems.invalidInput(fieldErrorsFrom(query.error, 'query'));
    return spendRange(query.data as Record<string, string>, ukToday(now()));
  };

  app.get('/checkout/spend', async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const range = spendQuery(c);
    const chrome = await pageChrome(c, councils, 'Spend');
    if (!range.ok)
      return c.html(
        <SpendPage
          chrome={{ ...chrome, errors: summaryErrors(range.errors) }}
          values={range.values}
          errors={errorsForFields(spendFields, range.errors)}
        />,
        400,
      );
    const totals = spendTotals(
      await stores.budgets.councilLedger(user.councilId, range.fromIso, range.toIso),
    );
    const months = [
      ...new Set([...monthsBetween(range.from.slice(0, 7), range.to.slice(0, 7)), ...totals.months]),
    ].sort();
    return c.html(
      <SpendPage
        chrome={chrome}
        values={range.values}
        report={{ from: range.from, to: range.to, months, totals }}
      />,
    );
  });

  app.get('/checkout/spend.csv', async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const range = spendQuery(c);
    if (!range.ok) throw problems.invalidInput(range.errors);
    const entries = await stores.budgets.councilLedger(user.councilId, range.fromIso, range.toIso);
    return c.body(spendCsv(entries), 200, csvDownloadHeaders(`spend-${range.from}-to-${range.to}.csv`));
  });

  // ISF statement --------------------------------------------------------------------------------

  const isfStatement = async (c: Page) => {
    const user = requireUser(c, 'provider');
    const query = isfQuerySchema.safeParse(c.req.query());
    if (!query.success) throw problems.invalidInput(fieldErrorsFrom(query.error, 'query'));
    const organisation = await stores.providers.findByOwner(user.councilId, user.id);
    if (!organisation) throw problems.forbidden('Only a provider organisation has an ISF statement.');
    const thisMonth = ukToday(now()).slice(0, 7);
    const month = query.data.month ?? thisMonth;
    const entries = await stores.budgets.isfLedger(
      user.councilId,
      organisation.id,
      startOfDay(`${month}-01`),
      startOfDay(`${nextMonth(month)}-01`),
    );
    return { organisation, month, thisMonth, entries };
  };

  app.get('/checkout/isf-statement', async (c) => {
    const { organisation, month, thisMonth, entries } = await isfStatement(c);
    let first = thisMonth;
    for (let count = 1; count < mostMonths; count++) first = previousMonth(first);
    const months = [...new Set([...monthsBetween(first, thisMonth), month])].sort().reverse();
    return c.html(
      <IsfStatementPage
        chrome={await pageChrome(c, councils, 'Individual service fund statement')}
        organisationName={organisation.details.legalName}
        month={month}
        months={months}
        entries={entries}
      />,
    );
  });

  app.get('/checkout/isf-statement.csv', async (c) => {
    const { month, entries } = await isfStatement(c);
    return c.body(isfStatementCsv(entries), 200, csvDownloadHeaders(`isf-statement-${month}.csv`));
  });

  // Register -------------------------------------------------------------------------------------

  const renderRegister = async (
    c: Page,
    user: SignedInUser,
    refusal?: { bookingId: string; message: string; status: 400 | 409 },
  ) => {
    const register = await registerFor(checkout, user, c.req.param('sessionId') ?? '');
    const chrome = await pageChrome(c, councils, `Register: ${register.activityTitle}`);
    const errors = refusal ? [{ field: attendanceFieldId(refusal.bookingId), message: refusal.message }] : [];
    return c.html(
      <RegisterPage
        chrome={{ ...chrome, errors: errors.length ? errors : undefined }}
        activityTitle={register.activityTitle}
        session={register.session}
        bookings={register.bookings}
        started={register.session.startsAt <= now().toISOString()}
        notice={refusal ? undefined : noticeOf(c)}
        refusal={refusal}
      />,
      refusal?.status ?? 200,
    );
  };

  app.get('/checkout/sessions/:sessionId/register', async (c) => {
    const user = requireUser(c, 'provider');
    return renderRegister(c, user);
  });

  app.post('/checkout/sessions/:sessionId/register', async (c) => {
    const user = requireUser(c, 'provider');
    const sessionId = c.req.param('sessionId') ?? '';
    const values = await readForm(c);
    const bookingId = typeof values.bookingId === 'string' ? values.bookingId : '';
    const attendance = typeof values.attendance === 'string' ? values.attendance : undefined;
    try {
      await markAttendance(checkout, user, sessionId, { bookingId, ...(attendance ? { attendance } : {}) });
    } catch (error) {
      if (!(error instanceof ProblemError) || (error.status !== 400 && error.status !== 409)) throw error;
      const register = await registerFor(checkout, user, sessionId);
      if (!register.bookings.some((booking) => booking.id === bookingId)) throw error;
      return renderRegister(c, user, {
        bookingId,
        message: error.errors?.[0]?.message ?? error.detail ?? error.title,
        status: error.status,
      });
    }
    return c.redirect(`/checkout/sessions/${sessionId}/register?marked=1`, 303);
  });

  // Payouts --------------------------------------------------------------------------------------

  app.get('/checkout/payouts', async (c) => {
    const user = requireUser(c, 'provider');
    const account = await asCheckoutProblem(() => payouts.status(user));
    return c.html(
      <PayoutsPage chrome={await pageChrome(c, councils, 'Card payments and payouts')} account={account} />,
    );
  });

  app.post('/checkout/payouts', async (c) => {
    const user = requireUser(c, 'provider');
    const back = `${publicOrigin(c)}/checkout/payouts`;
    const url = await asCheckoutProblem(() =>
      payouts.onboardingLink(user, { returnUrl: back, refreshUrl: back }),
    );
    return c.redirect(url, 303);
  });
}
