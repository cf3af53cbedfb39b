import { describe, expect, it } from 'vitest';
import {
  type Activity,
  type ActivityInput,
  ActivityRuleError,
  activityInputSchema,
  changeActivityStatus,
  checkPublishingRight,
  createActivity,
  type PublishingRight,
  reviseActivity,
} from '../../../../functions/catalogue/domain/activity';
import { activity, owner, validInput, venue } from './fixtures';

/** Each issue as `path: message`, the path joined with dots as a form would name the field. */
function issuesOf(input: unknown) {
  const result = activityInputSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function parsed(change: (input: ReturnType<typeof validInput>) => void = () => {}): ActivityInput {
  const input = validInput();
  change(input);
  return activityInputSchema.parse(input);
}

function caught(run: () => unknown): ActivityRuleError {
  try {
    run();
  } catch (error) {
    if (error instanceof ActivityRuleError) return error;
    throw error;
  }
  throw new Error('expected an ActivityRuleError');
}

describe('activityInputSchema', () => {
  it('parses a valid full input unchanged', () => {
    const input = validInput();
    expect(activityInputSchema.parse(input)).toEqual(input);
  });

  it('fills in defaults and trims text', () => {
    const input = validInput();
    input.title = '  Gardening  ';
    delete input.needs;
    delete input.accessibility;
    delete input.hubId;
    delete input.whatToBring;
    input.schedule = { ...input.schedule, exceptions: undefined };
    const result = activityInputSchema.parse(input);
    expect(result.title).toBe('Gardening');
    expect(result.needs).toEqual([]);
    expect(result.accessibility).toEqual([]);
    expect(result.schedule.exceptions).toEqual([]);
  });

  it('refuses an end time that is not after the start time, naming the slot end', () => {
    const input = validInput();
    input.schedule.slots = [{ day: 'tuesday', starts: '10:00', ends: '09:30' }];
    expect(issuesOf(input)).toEqual([
      { path: 'schedule.slots.0.ends', message: 'The end time must be after the start time' },
    ]);
    input.schedule.slots = [{ day: 'tuesday', starts: '10:00', ends: '10:00' }];
    expect(issuesOf(input)).toEqual([
      { path: 'schedule.slots.0.ends', message: 'The end time must be after the start time' },
    ]);
  });

  it('refuses a time that is not HH:MM', () => {
    const input = validInput();
    input.schedule.slots = [{ day: 'tuesday', starts: '24:00', ends: '25:00' }];
    const issues = issuesOf(input);
    expect(issues).toContainEqual({
      path: 'schedule.slots.0.starts',
      message: 'Enter the start time as hours and minutes, like 10:00 or 18:30',
    });
    expect(issues).toContainEqual({
      path: 'schedule.slots.0.ends',
      message: 'Enter the end time as hours and minutes, like 10:00 or 18:30',
    });
  });

  it('refuses an end date before the start date', () => {
    const input = validInput();
    input.schedule.endsOn = '2026-03-31';
    input.schedule.exceptions = [];
    expect(issuesOf(input)).toEqual([
      { path: 'schedule.endsOn', message: 'The end date must be the same as or after the start date' },
    ]);
  });

  it('accepts an end date the same as the start date', () => {
    const input = validInput();
    input.schedule.endsOn = '2026-04-01';
    input.schedule.exceptions = [];
    expect(issuesOf(input)).toEqual([]);
  });

  it('refuses the same day and start time twice, naming the second one', () => {
    const input = validInput();
    input.schedule.slots = [
      { day: 'tuesday', starts: '10:00', ends: '12:00' },
      { day: 'wednesday', starts: '10:00', ends: '12:00' },
      { day: 'tuesday', starts: '10:00', ends: '11:00' },
    ];
    expect(issuesOf(input)).toEqual([
      { path: 'schedule.slots.2.starts', message: 'This day and start time is already in the schedule' },
    ]);
  });

  it('refuses a schedule with no slots', () => {
    const input = validInput();
    input.schedule.slots = [];
    expect(issuesOf(input)).toEqual([{ path: 'schedule.slots', message: 'Add at least one day and time' }]);
  });

  it('refuses an exception date outside the start and end dates, naming which one', () => {
    const input = validInput();
    input.schedule.exceptions = ['2026-05-05', '2026-03-31', '2027-01-01'];
    expect(issuesOf(input)).toEqual([
      {
        path: 'schedule.exceptions.1',
        message: 'A date with no session must be between the start and end dates',
      },
      {
        path: 'schedule.exceptions.2',
        message: 'A date with no session must be between the start and end dates',
      },
    ]);
  });

  it('accepts an exception date far ahead when the schedule has no end date', () => {
    const input = validInput();
    delete input.schedule.endsOn;
    input.schedule.exceptions = ['2030-01-01'];
    expect(issuesOf(input)).toEqual([]);
  });

  it('refuses a date that is not a real date', () => {
    const input = validInput();
    input.schedule.startsOn = '2026-02-30';
    expect(issuesOf(input)).toContainEqual({
      path: 'schedule.startsOn',
      message: 'Enter the start date as a real date',
    });
  });

  it('refuses a negative price, and pence that are not whole', () => {
    const input = validInput();
    input.price = { amountPence: -1, per: 'session' };
    expect(issuesOf(input)).toEqual([{ path: 'price.amountPence', message: 'The price cannot be negative' }]);
    input.price = { amountPence: 12.5, per: 'session' };
    expect(issuesOf(input)).toEqual([
      { path: 'price.amountPence', message: 'Enter the price in pounds and pence, like 25.50' },
    ]);
  });

  it('accepts a free activity', () => {
    const input = validInput();
    input.price = { amountPence: 0, per: 'hour' };
    expect(issuesOf(input)).toEqual([]);
  });

  it('refuses zero places', () => {
    const input = validInput();
    input.placesPerSession = 0;
    expect(issuesOf(input)).toEqual([
      { path: 'placesPerSession', message: 'There must be at least 1 place' },
    ]);
  });

  it('refuses a hub that names a hub', () => {
    const input = validInput();
    input.setting = 'hub';
    expect(issuesOf(input)).toEqual([{ path: 'hubId', message: 'Only a spoke can belong to a hub' }]);
    delete input.hubId;
    expect(issuesOf(input)).toEqual([]);
  });

  it('refuses a badly formed email address', () => {
    const input = validInput();
    input.contact = { ...input.contact, email: 'jess.example.org' };
    expect(issuesOf(input)).toEqual([
      {
        path: 'contact.email',
        message: 'Enter an email address in the correct format, like name@example.com',
      },
    ]);
  });

  it('refuses unknown keys at the top level and inside nested objects', () => {
    const top = validInput();
    top.status = 'published';
    const topIssues = activityInputSchema.safeParse(top).error?.issues ?? [];
    expect(topIssues).toHaveLength(1);
    expect(topIssues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['status'], path: [] });

    const nested = validInput();
    nested.price = { ...nested.price, vat: 20 };
    const nestedIssues = activityInputSchema.safeParse(nested).error?.issues ?? [];
    expect(nestedIssues).toHaveLength(1);
    expect(nestedIssues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['vat'], path: ['price'] });
  });

  it('refuses a missing title and an empty list of ways to pay', () => {
    const input = validInput();
    input.title = '   ';
    input.funding = [];
    expect(issuesOf(input)).toEqual([
      { path: 'title', message: 'Enter the title' },
      { path: 'funding', message: 'Choose at least one way people can pay' },
    ]);
  });

  it('refuses the same need chosen twice', () => {
    const input = validInput();
    input.needs = ['autism', 'autism'];
    expect(issuesOf(input)).toEqual([{ path: 'needs', message: 'Choose each of the needs once' }]);
  });
});

describe('createActivity', () => {
  const now = new Date('2026-03-24T09:00:00Z');

  it('refuses a start date in the past', () => {
    const input = parsed((i) => {
      i.schedule.startsOn = '2026-03-23';
    });
    const error = caught(() => createActivity(input, venue, owner, '2026-03-24', now));
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe('Sessions cannot start in the past.');
    expect(error.errors).toEqual([
      { field: 'schedule.startsOn', message: 'The start date must be today or in the future' },
    ]);
  });

  it('makes a draft owned by the provider, starting today or later', () => {
    const input = parsed((i) => {
      i.schedule.startsOn = '2026-03-24';
    });
    const created = createActivity(input, venue, owner, '2026-03-24', now);
    expect(created).toEqual({
      ...input,
      ...owner,
      venue,
      status: 'draft',
      createdAt: '2026-03-24T09:00:00.000Z',
      updatedAt: '2026-03-24T09:00:00.000Z',
      version: 1,
    });
  });
});

describe('reviseActivity', () => {
  const started = activity({
    schedule: {
      slots: [{ day: 'tuesday', starts: '10:00', ends: '12:00' }],
      startsOn: '2026-01-06',
      exceptions: [],
    },
  });
  const now = new Date('2026-03-24T09:00:00Z');
  const today = '2026-03-24';

  it('keeps a start date already in the past', () => {
    const input = parsed((i) => {
      i.schedule = { ...i.schedule, startsOn: '2026-01-06', exceptions: [] };
      i.title = 'Gardening (new title)';
    });
    const revised = reviseActivity(started, input, venue, today, now);
    expect(revised.schedule.startsOn).toBe('2026-01-06');
    expect(revised.title).toBe('Gardening (new title)');
    expect(revised.version).toBe(started.version + 1);
    expect(revised.updatedAt).toBe(now.toISOString());
    expect(revised).toMatchObject({
      id: started.id,
      status: started.status,
      createdAt: started.createdAt,
      providerId: 'prov1',
    });
  });

  it('refuses moving the start date to another date in the past', () => {
    const input = parsed((i) => {
      i.schedule = { ...i.schedule, startsOn: '2026-02-01', exceptions: [] };
    });
    const error = caught(() => reviseActivity(started, input, venue, today, now));
    expect(error.kind).toBe('invalid');
    expect(error.errors).toEqual([
      { field: 'schedule.startsOn', message: 'The start date must be today or in the future' },
    ]);
  });

  it('allows moving the start date to today or later', () => {
    const input = parsed((i) => {
      i.schedule = { ...i.schedule, startsOn: today, exceptions: [] };
    });
    expect(reviseActivity(started, input, venue, today, now).schedule.startsOn).toBe(today);
  });
});

describe('changeActivityStatus', () => {
  const now = new Date('2026-03-24T09:00:00Z');

  it('publishes a draft or a withdrawn activity, recording when', () => {
    for (const status of ['draft', 'withdrawn'] as const) {
      const before = activity({ status, publishedAt: undefined, version: 4 });
      const after = changeActivityStatus(before, 'publish', now);
      expect(after).toMatchObject({
        status: 'published',
        publishedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 5,
      });
    }
  });

  it('withdraws a draft or a published activity, keeping when it was published', () => {
    for (const status of ['draft', 'published'] as const) {
      const before = activity({ status, version: 4 });
      const after = changeActivityStatus(before, 'withdraw', now);
      expect(after).toMatchObject({ status: 'withdrawn', updatedAt: now.toISOString(), version: 5 });
      expect(after.publishedAt).toBe(before.publishedAt);
    }
  });

  it('refuses publishing what is already published', () => {
    const error = caught(() => changeActivityStatus(activity({ status: 'published' }), 'publish', now));
    expect(error.kind).toBe('illegal-transition');
    expect(error.message).toBe('This activity is already published.');
  });

  it('refuses withdrawing what is already withdrawn', () => {
    const error = caught(() => changeActivityStatus(activity({ status: 'withdrawn' }), 'withdraw', now));
    expect(error.kind).toBe('illegal-transition');
    expect(error.message).toBe('This activity is already withdrawn.');
  });

  it('does not change the activity it is given', () => {
    const before: Activity = activity({ status: 'draft' });
    changeActivityStatus(before, 'publish', now);
    expect(before.status).toBe('draft');
  });
});

describe('checkPublishingRight', () => {
  const right = (overrides: Partial<PublishingRight> = {}): PublishingRight => ({
    membershipId: 'mem1',
    status: 'active',
    lotIds: ['hubs', 'spokes'],
    ...overrides,
  });

  it('refuses a provider with no membership', () => {
    const error = caught(() => checkPublishingRight({ lotId: 'spokes' }, undefined));
    expect(error.kind).toBe('not-member');
    expect(error.message).toBe('Only framework members can publish activities.');
  });

  it('refuses a membership that has ended', () => {
    const error = caught(() => checkPublishingRight({ lotId: 'spokes' }, right({ status: 'ended' })));
    expect(error.kind).toBe('not-member');
    expect(error.message).toBe('Only framework members can publish activities.');
  });

  it('refuses a suspended membership, saying why', () => {
    const error = caught(() => checkPublishingRight({ lotId: 'spokes' }, right({ status: 'suspended' })));
    expect(error.kind).toBe('not-member');
    expect(error.message).toContain('suspended');
  });

  it('refuses a lot the membership does not cover, naming the lot field', () => {
    const error = caught(() => checkPublishingRight({ lotId: 'transport' }, right()));
    expect(error.kind).toBe('invalid');
    expect(error.errors).toEqual([{ field: 'lotId', message: 'Choose a lot your membership covers' }]);
  });

  it('allows an active membership covering the lot', () => {
    expect(() => checkPublishingRight({ lotId: 'spokes' }, right())).not.toThrow();
  });
});
