import { z } from 'zod';
import { needsSupported } from '../../../shared/domain/needs';
import { fundingRoutes } from '../../../shared/domain/users';
import { minutesOf, weekdays } from '../../../shared/time/london-time';

/**
 * A day opportunity a framework member offers: what it is, where, when (a weekly schedule that
 * becomes dated sessions), for whom, at what price, and how it can be paid for. Plain data and
 * rules; no storage or HTTP here.
 */
export const activityTypes = [
  'community-gardening',
  'community-farm',
  'employment-preparation',
  'walking',
  'swimming',
  'travel-training',
  'volunteering',
  'arts-and-crafts',
  'cooking',
  'music',
  'sport',
  'social-club',
  'specialist-day-service',
  'carers-respite',
] as const;
export type ActivityType = (typeof activityTypes)[number];

export const activityTypeNames: Record<ActivityType, string> = {
  'community-gardening': 'Community gardening',
  'community-farm': 'Community farm',
  'employment-preparation': 'Employment preparation',
  walking: 'Walking',
  swimming: 'Swimming',
  'travel-training': 'Travel training',
  volunteering: 'Volunteering',
  'arts-and-crafts': 'Arts and crafts',
  cooking: 'Cooking',
  music: 'Music',
  sport: 'Sport',
  'social-club': 'Social club',
  'specialist-day-service': 'Specialist day service',
  'carers-respite': "Carers' respite",
};

export const accessibilityFeatures = [
  'step-free-access',
  'accessible-toilet',
  'changing-places-toilet',
  'hoist',
  'personal-care',
  'one-to-one-support',
  'quiet-sensory-friendly',
  'transport',
] as const;
export type AccessibilityFeature = (typeof accessibilityFeatures)[number];

export const accessibilityNames: Record<AccessibilityFeature, string> = {
  'step-free-access': 'Step-free access',
  'accessible-toilet': 'Accessible toilet',
  'changing-places-toilet': 'Changing Places toilet',
  hoist: 'Hoist',
  'personal-care': 'Personal care available',
  'one-to-one-support': '1:1 support available',
  'quiet-sensory-friendly': 'Quiet or sensory-friendly',
  transport: 'Transport available',
};

/** Hubs are building-based; spokes are out in the community and may name the hub they belong to. */
export const settings = ['hub', 'spoke'] as const;
export type Setting = (typeof settings)[number];

export const priceUnits = ['session', 'hour'] as const;

/** Activity ids: lower-case ULIDs. Anything else in an address or a field is not one of ours. */
export const activityIdPattern = /^[0-9a-z]{26}$/;

export const activityStatuses = ['draft', 'published', 'withdrawn'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

const time = (what: string) =>
  z
    .string({ error: `Enter the ${what} time, like 10:00 or 18:30` })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter the ${what} time as hours and minutes, like 10:00 or 18:30`);
const date = (what: string) => z.iso.date({ error: `Enter the ${what} as a real date` });
const text = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`);
const optionalText = (what: string, max: number) =>
  z.string().trim().max(max, `The ${what} must be ${max} characters or fewer`).optional();
const choices = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .array(z.enum(values, { error: `Choose ${what} from the list` }))
    .refine((chosen) => new Set(chosen).size === chosen.length, `Choose each of the ${what} once`);

export const scheduleSchema = z
  .strictObject({
    slots: z
      .array(
        z
          .strictObject({
            day: z.enum(weekdays, { error: 'Choose the day of the week' }),
            starts: time('start'),
            ends: time('end'),
          })
          .refine((slot) => minutesOf(slot.ends) > minutesOf(slot.starts), {
            message: 'The end time must be after the start time',
            path: ['ends'],
          }),
        { error: 'Add at least one day and time' },
      )
      .min(1, 'Add at least one day and time')
      .max(14, 'Add at most 14 days and times'),
    startsOn: date('start date'),
    endsOn: date('end date').optional(),
    exceptions: z.array(date('date with no session')).max(100).default([]),
  })
  .superRefine((schedule, context) => {
    if (schedule.endsOn && schedule.endsOn < schedule.startsOn)
      context.addIssue({
        code: 'custom',
        path: ['endsOn'],
        message: 'The end date must be the same as or after the start date',
      });
    const seen = new Set<string>();
    schedule.slots.forEach((slot, index) => {
      const key = `${slot.day}@${slot.starts}`;
      if (seen.has(key))
        context.addIssue({
          code: 'custom',
          path: ['slots', index, 'starts'],
          message: 'This day and start time is already in the schedule',
        });
      seen.add(key);
    });
  });
export type Schedule = z.infer<typeof scheduleSchema>;

/** What a provider sends to create or change an activity; owner, status and ids come from the server. */
export const activityInputSchema = z
  .strictObject({
    title: text('title', 120),
    description: text('description', 2000),
    lotId: z
      .string({ error: 'Choose the lot this activity is offered under' })
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Choose the lot this activity is offered under'),
    activityType: z.enum(activityTypes, { error: 'Choose the type of activity' }),
    setting: z.enum(settings, { error: 'Choose whether this is a hub or a spoke' }),
    hubId: z.string().regex(activityIdPattern, 'Choose a hub from the list').optional(),
    venue: z.strictObject({
      name: text('venue name', 120),
      addressLine1: text('first line of the address', 120),
      addressLine2: optionalText('second line of the address', 120),
      town: text('town', 60),
      postcode: text('postcode', 10),
    }),
    schedule: scheduleSchema,
    placesPerSession: z
      .number({ error: 'Enter the number of places as a whole number, like 12' })
      .int('Enter the number of places as a whole number, like 12')
      .min(1, 'There must be at least 1 place')
      .max(500, 'There can be at most 500 places'),
    price: z.strictObject({
      amountPence: z
        .number({ error: 'Enter the price in pounds and pence, like 25.50' })
        .int('Enter the price in pounds and pence, like 25.50')
        .min(0, 'The price cannot be negative')
        .max(100_000, 'The price must be £1,000 or less'),
      per: z.enum(priceUnits, { error: 'Choose whether the price is per session or per hour' }),
    }),
    funding: choices(fundingRoutes, 'ways to pay').min(1, 'Choose at least one way people can pay'),
    needs: choices(needsSupported, 'needs').default([]),
    accessibility: choices(accessibilityFeatures, 'features').default([]),
    ageRange: z
      .strictObject({
        from: z
          .number({ error: 'Enter the youngest age as a whole number' })
          .int()
          .min(16, 'The youngest age must be 16 or over')
          .max(120),
        to: z.number({ error: 'Enter the oldest age as a whole number' }).int().min(16).max(120).optional(),
      })
      .refine((range) => range.to === undefined || range.to >= range.from, {
        message: 'The oldest age must be the same as or more than the youngest',
        path: ['to'],
      }),
    whatToBring: optionalText('what to bring', 500),
    contact: z.strictObject({
      name: text('contact name', 120),
      email: z.email({ error: 'Enter an email address in the correct format, like name@example.com' }),
      phone: z
        .string()
        .trim()
        .regex(/^[0-9 +()-]{7,20}$/, 'Enter a telephone number, like 01305 221000')
        .optional(),
    }),
  })
  .superRefine((input, context) => {
    if (input.setting === 'hub' && input.hubId)
      context.addIssue({ code: 'custom', path: ['hubId'], message: 'Only a spoke can belong to a hub' });
    const { startsOn, endsOn } = input.schedule;
    input.schedule.exceptions.forEach((exception, index) => {
      if (exception < startsOn || (endsOn && exception > endsOn))
        context.addIssue({
          code: 'custom',
          path: ['schedule', 'exceptions', index],
          message: 'A date with no session must be between the start and end dates',
        });
    });
  });
export type ActivityInput = z.infer<typeof activityInputSchema>;

export interface Venue {
  name: string;
  addressLine1: string;
  addressLine2?: string | undefined;
  town: string;
  /** As the provider wrote it, normalised: `DT1 1AA`. */
  postcode: string;
  /** The postcode district, for coverage: `DT1`. */
  district: string;
  latitude: number;
  longitude: number;
}

export interface Activity extends Omit<ActivityInput, 'venue'> {
  id: string;
  councilId: string;
  providerId: string;
  providerName: string;
  /** The membership that lets the provider publish; its status decides whether the activity is listed. */
  membershipId: string;
  venue: Venue;
  status: ActivityStatus;
  publishedAt?: string;
  /** In the open data feeds once first published; withdrawn or suspended ones stay as deletions. */
  feed?: FeedEntry;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * An item's place in an RPDE open data feed: its state and when that last changed (milliseconds,
 * the feed's integer `modified`). Deleted items stay in the feed as tombstones.
 */
export interface FeedEntry {
  state: 'updated' | 'deleted';
  modified: number;
}

/** A change the activity's rules do not allow; nothing was changed. */
export class ActivityRuleError extends Error {
  constructor(
    readonly kind: 'illegal-transition' | 'not-member' | 'invalid',
    message: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ActivityRuleError';
  }
}

/** Publishing needs an active membership that includes the activity's lot. */
export interface PublishingRight {
  membershipId: string;
  status: 'active' | 'suspended' | 'ended';
  lotIds: string[];
}

export function checkPublishingRight(
  input: Pick<ActivityInput, 'lotId'>,
  right: PublishingRight | undefined,
) {
  if (!right || right.status === 'ended')
    throw new ActivityRuleError('not-member', 'Only framework members can publish activities.');
  if (right.status === 'suspended')
    throw new ActivityRuleError(
      'not-member',
      'Your membership is suspended until your documents are renewed, so you cannot publish activities.',
    );
  if (!right.lotIds.includes(input.lotId))
    throw new ActivityRuleError('invalid', 'Choose a lot your membership covers.', [
      { field: 'lotId', message: 'Choose a lot your membership covers' },
    ]);
}

export function createActivity(
  input: ActivityInput,
  venue: Venue,
  owner: { id: string; councilId: string; providerId: string; providerName: string; membershipId: string },
  today: string,
  now: Date,
): Activity {
  if (input.schedule.startsOn < today)
    throw new ActivityRuleError('invalid', 'Sessions cannot start in the past.', [
      { field: 'schedule.startsOn', message: 'The start date must be today or in the future' },
    ]);
  const at = now.toISOString();
  return { ...input, ...owner, venue, status: 'draft', createdAt: at, updatedAt: at, version: 1 };
}

export function reviseActivity(
  activity: Activity,
  input: ActivityInput,
  venue: Venue,
  today: string,
  now: Date,
) {
  // A schedule that already started may keep its start date; a new one cannot begin in the past.
  if (input.schedule.startsOn < today && input.schedule.startsOn !== activity.schedule.startsOn)
    throw new ActivityRuleError('invalid', 'Sessions cannot start in the past.', [
      { field: 'schedule.startsOn', message: 'The start date must be today or in the future' },
    ]);
  // Optional answers left blank are gone, not kept from before: take them only from the input.
  const { hubId: _hub, whatToBring: _bring, ...kept } = activity;
  return {
    ...kept,
    ...input,
    venue,
    updatedAt: now.toISOString(),
    version: activity.version + 1,
  } satisfies Activity;
}

const transitions: Record<'publish' | 'withdraw', ActivityStatus[]> = {
  publish: ['draft', 'withdrawn'],
  withdraw: ['draft', 'published'],
};

export function changeActivityStatus(
  activity: Activity,
  action: 'publish' | 'withdraw',
  now: Date,
): Activity {
  if (!transitions[action].includes(activity.status))
    throw new ActivityRuleError(
      'illegal-transition',
      action === 'publish' ? 'This activity is already published.' : 'This activity is already withdrawn.',
    );
  const at = now.toISOString();
  return {
    ...activity,
    status: action === 'publish' ? 'published' : 'withdrawn',
    ...(action === 'publish' ? { publishedAt: at } : {}),
    updatedAt: at,
    version: activity.version + 1,
  };
}
