import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { SignedInUser } from '../../../shared/domain/users';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { type FieldError, problems } from '../../../shared/http/problem';
import { PostcodeLookupUnavailableError } from '../../../shared/postcodes/lookup';
import type { CouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
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
import type { Framework } from '../../applications/domain/framework';
import type { Membership } from '../../applications/domain/membership';
import type { FrameworkRepository } from '../../applications/repositories/frameworks';
import type { MembershipRepository } from '../../applications/repositories/memberships';
import type { ProviderRepository } from '../../applications/repositories/providers';
import {
  type Activity,
  type ActivityInput,
  ActivityRuleError,
  activityInputSchema,
} from '../domain/activity';
import { sessionIdPattern, whyNotCancellable } from '../domain/sessions';
import {
  type ActivityChoices,
  ActivityFormPage,
  ActivitySessionsPage,
  activitiesPath,
  activityFields,
  CancelSessionPage,
  cancelFields,
  defaultSlotRows,
  MyActivitiesPage,
  maxSlotRows,
  NotMemberPage,
} from '../pages/provider-pages';
import { type ActivityRepository, ActivityVersionConflictError } from '../repositories/activities';
import type { ListingRepository } from '../repositories/listings';
import { type SessionRepository, SessionsChangedError } from '../repositories/sessions';
import { type CatalogueService, SessionsWithBookingsError } from '../services/catalogue-service';
import { asCatalogueProblem, loadOwnActivity } from './activity-access';

export interface ProviderActivityPagesDependencies {
  activities: ActivityRepository;
  sessions: SessionRepository;
  listings: Pick<ListingRepository, 'hubsOf'>;
  memberships: Pick<MembershipRepository, 'listForProvider'>;
  providers: Pick<ProviderRepository, 'findByOwner'>;
  /** For the names of the membership's lots. */
  frameworks: Pick<FrameworkRepository, 'get'>;
  service: CatalogueService;
  councils: Pick<CouncilRepository, 'get'>;
  now: () => Date;
}

const notices: Record<string, string> = {
  created: 'Your activity is saved as a draft. Publish it when you are ready for people to find it.',
  saved: 'Your changes are saved.',
  published: 'Your activity is published: people can find and book it.',
  withdrawn: 'Your activity is withdrawn: nobody can find it now.',
  cancelled: 'The session is cancelled. People who booked are refunded.',
};

/** The first notice named in the query (`?saved=1`), for the success banner. */
const noticeOf = (c: Context<AppEnv>): string | undefined =>
  Object.entries(notices).find(([name]) => c.req.query(name) !== undefined)?.[1];

/** Dates with no sessions are written day/month/year on the form and kept as YYYY-MM-DD. */
const ukDatePattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const isoFromUkDate = (text: string) => {
  const match = ukDatePattern.exec(text);
  return match ? `${match[3]}-${match[2]?.padStart(2, '0')}-${match[1]?.padStart(2, '0')}` : text;
};
const ukDateText = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return `${Number(day)}/${Number(month)}/${year}`;
};
/** 9:30 and 9.30 are read as 09:30; anything else goes on for the schema to name. */
const clockTime = (text: unknown) => {
  const match = typeof text === 'string' ? /^(\d{1,2})[:.](\d{2})$/.exec(text) : null;
  return match ? `${match[1]?.padStart(2, '0')}:${match[2]}` : text;
};

/** How many day-and-time rows a posted form had: at least the usual 7, at most what the schema allows. */
const slotRowsIn = (values: FormValues) => {
  const rows = Object.keys(values)
    .map((name) => /^schedule\.slots\.(\d+)\./.exec(name)?.[1])
    .filter((row): row is string => row !== undefined)
    .map(Number);
  return Math.min(Math.max(defaultSlotRows, ...rows.map((row) => row + 1)), maxSlotRows);
};

type Slot = Record<string, unknown>;

/**
 * A posted activity form as the schema's input: filled-in day rows become schedule slots (empty
 * ones dropped), and each issue is pointed at the field on the page that caused it.
 */
function activityFromForm(fields: FormField[], values: FormValues) {
  const answers = answersFromForm(fields, values) as Record<string, unknown> & {
    schedule?: { slots?: (Slot | undefined)[]; exceptions?: string[] };
  };
  const schedule = answers.schedule ?? {};
  // Which form row each slot came from, so an error lands on the row the provider filled in.
  const rows: number[] = [];
  const slots: Slot[] = [];
  (schedule.slots ?? []).forEach((slot, row) => {
    if (!slot) return;
    rows.push(row);
    slots.push({ ...slot, starts: clockTime(slot.starts), ends: clockTime(slot.ends) });
  });
  const written = schedule.exceptions ?? [];
  const input = {
    ...answers,
    venue: answers.venue ?? {},
    schedule: { ...schedule, slots, exceptions: written.map(isoFromUkDate) },
    price: answers.price ?? {},
    funding: answers.funding ?? [],
    ageRange: answers.ageRange ?? {},
    contact: answers.contact ?? {},
  };
  const parsed = activityInputSchema.safeParse(input);
  if (parsed.success) return { ok: true as const, input: parsed.data };
  const errors = parsed.error.issues.map((issue): FieldError => {
    const path = issue.path.map(String);
    if (path[0] === 'schedule' && path[1] === 'slots' && path[2] !== undefined)
      return {
        field: ['schedule', 'slots', String(rows[Number(path[2])] ?? 0), ...path.slice(3)].join('.'),
        message: issue.message,
      };
    if (path[0] === 'schedule' && path[1] === 'exceptions' && path[2] !== undefined)
      return {
        field: 'schedule.exceptions',
        message: `${written[Number(path[2])] ?? ''}: ${issue.message}`,
      };
    // A bad item of a checkbox answer (`funding.1`) belongs to the checkboxes.
    const parent = path.slice(0, -1).join('.');
    const item = /^\d+$/.test(path.at(-1) ?? '') && fields.some((candidate) => candidate.path === parent);
    return { field: item ? parent : path.join('.'), message: issue.message };
  });
  return { ok: false as const, errors: inPageOrder(fields, errorsForFields(fields, errors)) };
}

/** A saved activity as form values, dates with no sessions written as people write them. */
function formFromActivity(fields: FormField[], activity: Activity): FormValues {
  const values = formFromAnswers(fields, activity as unknown as Record<string, unknown>);
  values['schedule.exceptions'] = activity.schedule.exceptions.map(ukDateText).join(', ');
  if (!activity.hubId) values.hubId = '';
  return values;
}

const cancelSchema = z.object({
  reason: z
    .string({ error: 'Enter why you are cancelling the session' })
    .trim()
    .min(1, 'Enter why you are cancelling the session')
    .max(500, 'The reason must be 500 characters or fewer'),
});

/** Refusals the provider can act on, shown on the form with what they wrote; anything else as a problem. */
type Refusal = { status: 403; reason: string } | { status: 409 | 422 | 503; errors: FieldError[] };

async function attempt<T>(
  work: () => Promise<T>,
  fields: FormField[],
  blockedField: (error: SessionsWithBookingsError) => string,
): Promise<{ ok: true; value: T } | { ok: false; refusal: Refusal }> {
  const first = fields[0]?.path ?? 'title';
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof ActivityRuleError && error.kind === 'not-member')
      return { ok: false, refusal: { status: 403, reason: error.message } };
    if (error instanceof ActivityRuleError && error.kind === 'invalid') {
      const errors = error.errors.length
        ? errorsForFields(fields, error.errors)
        : [{ field: first, message: error.message }];
      return { ok: false, refusal: { status: 422, errors } };
    }
    if (error instanceof PostcodeLookupUnavailableError)
      return {
        ok: false,
        refusal: {
          status: 503,
          errors: [
            {
              field: 'venue.postcode',
              message:
                'We cannot check postcodes right now, so nothing was saved. Try again in a few minutes.',
            },
          ],
        },
      };
    if (error instanceof SessionsWithBookingsError)
      return {
        ok: false,
        refusal: { status: 409, errors: [{ field: blockedField(error), message: error.message }] },
      };
    if (error instanceof ActivityVersionConflictError || error instanceof SessionsChangedError)
      return {
        ok: false,
        refusal: {
          status: 409,
          errors: [
            {
              field: first,
              message:
                'Someone else changed this activity while you were working on it. Check your changes and save again.',
            },
          ],
        },
      };
    // Anything else (a session already started, an illegal transition...) as the API would say it.
    return asCatalogueProblem(() => Promise.reject(error));
  }
}

/**
 * The provider's pages for publishing: their activities, the activity form (draft, edit, publish,
 * withdraw), each activity's sessions with places left, and cancelling a session with a reason.
 * The rules are the catalogue service's, as for the JSON API; these pages only read forms and
 * show refusals beside the fields they are about.
 */
export function addProviderActivityPages(app: Hono<AppEnv>, deps: ProviderActivityPagesDependencies) {
  const { activities, sessions, listings, memberships, providers, frameworks, service, councils, now } = deps;

  /** The provider's organisation and memberships: only an active one lets them add and publish. */
  const standingOf = async (user: SignedInUser) => {
    const organisation = await providers.findByOwner(user.councilId, user.id);
    const all = organisation ? await memberships.listForProvider(user.councilId, organisation.id) : [];
    const current = all.filter((membership) => membership.status !== 'ended');
    return {
      organisation,
      current,
      active: current.some((membership) => membership.status === 'active'),
      suspended: current.some((membership) => membership.status === 'suspended'),
    };
  };

  const lotsOf = async (councilId: string, current: Membership[], keep?: string): Promise<Option[]> => {
    const named = new Map<string, Framework | undefined>();
    for (const membership of current)
      if (!named.has(membership.frameworkId))
        named.set(membership.frameworkId, await frameworks.get(councilId, membership.frameworkId));
    const lots = new Map<string, Option>();
    for (const membership of current)
      for (const lotId of membership.lotIds) {
        const lot = named.get(membership.frameworkId)?.lots.find((candidate) => candidate.id === lotId);
        lots.set(lotId, { value: lotId, label: lot?.name ?? lotId });
      }
    if (keep && !lots.has(keep)) lots.set(keep, { value: keep, label: keep });
    return [...lots.values()];
  };

  /** Published hubs in the council (those with a listing), and the activity's own hub whatever its state. */
  const hubsOf = async (councilId: string, activity?: Activity): Promise<Option[]> => {
    const hubs: Option[] = (await listings.hubsOf(councilId))
      .filter((hub) => hub.activityId !== activity?.id)
      .map((hub) => ({ value: hub.activityId, label: `${hub.title}, ${hub.town}` }));
    if (activity?.hubId && !hubs.some((hub) => hub.value === activity.hubId)) {
      const hub = await activities.get(activity.hubId);
      hubs.push({
        value: activity.hubId,
        label: hub ? `${hub.title}, ${hub.venue.town}` : 'The hub you chose',
      });
    }
    return hubs;
  };

  const choicesFor = async (
    user: SignedInUser,
    current: Membership[],
    slotRows: number,
    activity?: Activity,
  ): Promise<ActivityChoices> => ({
    lots: await lotsOf(user.councilId, current, activity?.lotId),
    hubs: await hubsOf(user.councilId, activity),
    slotRows,
  });

  const notMember = async (c: Context<AppEnv>, reason: string) =>
    c.html(
      <NotMemberPage
        chrome={await pageChrome(c, councils, 'You cannot publish activities yet')}
        reason={reason}
      />,
      403,
    );

  const standingReason = (standing: Awaited<ReturnType<typeof standingOf>>) =>
    !standing.organisation
      ? 'Sign up your organisation and apply to join the framework first.'
      : standing.suspended
        ? 'Your membership is suspended until your documents are renewed, so you cannot publish activities.'
        : 'Apply to join the framework; you can publish activities once the council approves your application.';

  const renderForm = async (
    c: Context<AppEnv>,
    page: { choices: ActivityChoices; values: FormValues; activity?: Activity; version?: number },
    errors?: FieldError[],
    status: 200 | 400 | 409 | 422 | 503 = errors?.length ? 400 : 200,
  ) => {
    const { activity } = page;
    const chrome = await pageChrome(c, councils, activity ? `Edit ${activity.title}` : 'Add an activity');
    return c.html(
      <ActivityFormPage
        chrome={{ ...chrome, errors: errors?.length ? summaryErrors(errors) : undefined }}
        action={activity ? `${activitiesPath}/${activity.id}/edit` : `${activitiesPath}/new`}
        choices={page.choices}
        values={page.values}
        errors={errors}
        activity={activity}
        version={page.version ?? activity?.version}
        notice={errors?.length ? undefined : noticeOf(c)}
      />,
      status,
    );
  };

  const ownActivity = (c: Context<AppEnv>, user: SignedInUser) =>
    loadOwnActivity(user, c.req.param('activityId') ?? '', { activities, providers });

  /** The edit page for an activity as saved, e.g. with a refusal of publish or withdraw. */
  const renderSaved = async (
    c: Context<AppEnv>,
    user: SignedInUser,
    activity: Activity,
    errors?: FieldError[],
    status?: 409 | 422 | 503,
  ) => {
    const standing = await standingOf(user);
    const choices = await choicesFor(user, standing.current, activity.schedule.slots.length, activity);
    return renderForm(
      c,
      { choices, values: formFromActivity(activityFields(choices), activity), activity },
      errors,
      status,
    );
  };

  app.get(activitiesPath, async (c) => {
    const user = requireUser(c, 'provider');
    const standing = await standingOf(user);
    const mine = standing.organisation
      ? await activities.listForProvider(user.councilId, standing.organisation.id)
      : [];
    if (!standing.active && !mine.length) return notMember(c, standingReason(standing));
    const at = now();
    const rows = await Promise.all(
      mine.map(async (activity) => ({
        activity,
        // Sessions of an activity that is not published stay, hidden, for when it is published again.
        next:
          activity.status === 'published'
            ? (await sessions.listForActivity(activity.id, ukToday(at), 40)).find(
                (session) => session.status === 'scheduled' && session.startsAt > at.toISOString(),
              )
            : undefined,
      })),
    );
    return c.html(
      <MyActivitiesPage
        chrome={await pageChrome(c, councils, 'My activities')}
        rows={rows}
        canPublish={standing.active}
        warning={
          standing.active
            ? undefined
            : `${standingReason(standing)} Your published activities are hidden from search.`
        }
      />,
    );
  });

  app.get(`${activitiesPath}/new`, async (c) => {
    const user = requireUser(c, 'provider');
    const standing = await standingOf(user);
    if (!standing.active) return notMember(c, standingReason(standing));
    const choices = await choicesFor(user, standing.current, defaultSlotRows);
    const only = choices.lots.length === 1 ? choices.lots[0]?.value : undefined;
    return renderForm(c, {
      choices,
      values: { 'price.per': 'session', hubId: '', ...(only ? { lotId: only } : {}) },
    });
  });

  app.post(`${activitiesPath}/new`, async (c) => {
    const user = requireUser(c, 'provider');
    const standing = await standingOf(user);
    if (!standing.active) return notMember(c, standingReason(standing));
    const values = await readForm(c);
    const choices = await choicesFor(user, standing.current, slotRowsIn(values));
    const fields = activityFields(choices);
    const read = activityFromForm(fields, values);
    if (!read.ok) return renderForm(c, { choices, values }, read.errors);
    const saved = await attempt(() => service.create(user, read.input), fields, blockedFieldFor(read.input));
    if (!saved.ok) {
      if (saved.refusal.status === 403) return notMember(c, saved.refusal.reason);
      return renderForm(c, { choices, values }, saved.refusal.errors, saved.refusal.status);
    }
    return c.redirect(`${activitiesPath}/${saved.value.id}/edit?created=1`, 303);
  });

  app.get(`${activitiesPath}/:activityId/edit`, async (c) => {
    const user = requireUser(c, 'provider');
    return renderSaved(c, user, await ownActivity(c, user));
  });

  app.post(`${activitiesPath}/:activityId/edit`, async (c) => {
    const user = requireUser(c, 'provider');
    const activity = await ownActivity(c, user);
    const values = await readForm(c);
    const standing = await standingOf(user);
    const choices = await choicesFor(user, standing.current, slotRowsIn(values), activity);
    const fields = activityFields(choices);
    const page = { choices, values, activity };
    if (String(values.version) !== String(activity.version))
      return renderForm(
        c,
        page,
        [
          {
            field: fields[0]?.path ?? 'title',
            message:
              'This activity changed since you opened it (it may have been published or withdrawn). Check your changes below and save again.',
          },
        ],
        409,
      );
    const read = activityFromForm(fields, values);
    if (!read.ok) return renderForm(c, page, read.errors);
    const saved = await attempt(
      () => service.update(activity, read.input),
      fields,
      blockedFieldFor(read.input),
    );
    if (!saved.ok) {
      if (saved.refusal.status === 403) return notMember(c, saved.refusal.reason);
      return renderForm(c, page, saved.refusal.errors, saved.refusal.status);
    }
    return c.redirect(`${activitiesPath}/${activity.id}/edit?saved=1`, 303);
  });

  for (const action of ['publish', 'withdraw'] as const) {
    app.post(`${activitiesPath}/:activityId/${action}`, async (c) => {
      const user = requireUser(c, 'provider');
      const activity = await ownActivity(c, user);
      const form = await readForm(c);
      if (String(form.version) !== String(activity.version))
        return renderSaved(
          c,
          user,
          activity,
          [
            {
              field: action,
              message: 'This activity changed since you opened it. Check it below, then try again.',
            },
          ],
          409,
        );
      const fields = activityFields({ lots: [], hubs: [], slotRows: activity.schedule.slots.length });
      const done = await attempt(
        () => (action === 'publish' ? service.publish(activity) : service.withdraw(activity)),
        fields,
        () => action,
      );
      if (!done.ok) {
        if (done.refusal.status === 403) return notMember(c, done.refusal.reason);
        return renderSaved(c, user, activity, done.refusal.errors, done.refusal.status);
      }
      return c.redirect(
        `${activitiesPath}/${activity.id}/edit?${action === 'publish' ? 'published' : 'withdrawn'}=1`,
        303,
      );
    });
  }

  app.get(`${activitiesPath}/:activityId/sessions`, async (c) => {
    const user = requireUser(c, 'provider');
    const activity = await ownActivity(c, user);
    const at = now();
    return c.html(
      <ActivitySessionsPage
        chrome={await pageChrome(c, councils, `Sessions: ${activity.title}`)}
        activity={activity}
        sessions={await sessions.listForActivity(activity.id, ukToday(at))}
        now={at.toISOString()}
        notice={noticeOf(c)}
      />,
    );
  });

  /** The provider's own session, still to come and not cancelled. */
  const ownSession = async (c: Context<AppEnv>, user: SignedInUser) => {
    const sessionId = c.req.param('sessionId') ?? '';
    if (!sessionIdPattern.test(sessionId))
      throw problems.notFound('There is no session of yours at this address.');
    const activity = await loadOwnActivity(user, sessionId.slice(0, 26), { activities, providers });
    const session = await sessions.get(sessionId);
    if (!session || session.activityId !== activity.id)
      throw problems.notFound('There is no session of yours at this address.');
    const refusal = whyNotCancellable(session, now());
    if (refusal) throw problems.conflict(refusal);
    return { activity, session };
  };

  const renderCancel = async (
    c: Context<AppEnv>,
    { activity, session }: { activity: Activity; session: Awaited<ReturnType<typeof ownSession>>['session'] },
    values: FormValues = {},
    errors?: FieldError[],
  ) => {
    const chrome = await pageChrome(c, councils, 'Cancel a session');
    return c.html(
      <CancelSessionPage
        chrome={{ ...chrome, errors: errors?.length ? summaryErrors(errors) : undefined }}
        activity={activity}
        session={session}
        values={values}
        errors={errors}
      />,
      errors?.length ? 400 : 200,
    );
  };

  app.get('/catalogue/provider/sessions/:sessionId/cancel', async (c) => {
    const user = requireUser(c, 'provider');
    return renderCancel(c, await ownSession(c, user));
  });

  app.post('/catalogue/provider/sessions/:sessionId/cancel', async (c) => {
    const user = requireUser(c, 'provider');
    const own = await ownSession(c, user);
    const values = await readForm(c);
    const parsed = cancelSchema.safeParse(answersFromForm(cancelFields, values));
    if (!parsed.success)
      return renderCancel(
        c,
        own,
        values,
        parsed.error.issues.map((issue) => ({ field: 'reason', message: issue.message })),
      );
    await asCatalogueProblem(() => service.cancelSession(own.activity, own.session, parsed.data.reason));
    return c.redirect(`${activitiesPath}/${own.activity.id}/sessions?cancelled=1`, 303);
  });
}

/** A change blocked by bookings: about places when it would overfill a session, otherwise the days and times. */
const blockedFieldFor = (input: ActivityInput) => (error: SessionsWithBookingsError) =>
  error.blocked.some(({ session }) => session.booked > input.placesPerSession)
    ? 'placesPerSession'
    : 'schedule.slots.0.day';
