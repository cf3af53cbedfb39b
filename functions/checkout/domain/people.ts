import { z } from 'zod';
import type { Actor, RepresentativeType } from '../../../shared/domain/users';
import { representativeTypes } from '../../../shared/domain/users';
import { addDays } from '../../../shared/time/london-time';

/**
 * People who draw on care and support, the budgets they book with, and the representatives who may
 * act for them. Pure rules: no storage, no HTTP.
 */

/** The budget routes: money the council accounts for. Self-funders pay with their own money and have no budget. */
export const budgetRoutes = ['direct-payment', 'individual-service-fund'] as const;
export type BudgetRoute = (typeof budgetRoutes)[number];

export const contactPreferences = ['email', 'phone', 'text', 'post'] as const;
export type ContactPreference = (typeof contactPreferences)[number];
export const contactPreferenceNames: Record<ContactPreference, string> = {
  email: 'Email',
  phone: 'Phone call',
  text: 'Text message',
  post: 'Letter',
};

export const representativeTypeNames: Record<RepresentativeType, string> = {
  carer: 'Carer',
  'nominated-person': 'Nominated person',
  'authorised-person': 'Authorised person',
};

const isoDate = (what: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${what} as a real date`)
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), `Enter the ${what} as a real date`);

/** A budget: an amount for each period of some weeks, from a start date (`£480 every 4 weeks from 2 November`). */
export const budgetSchema = z.strictObject({
  amountPence: z
    .number({ error: 'Enter the budget in pounds and pence, like 480.00' })
    .int('Enter the budget in pounds and pence, like 480.00')
    .min(1, 'The budget must be more than £0')
    .max(10_000_000, 'The budget must be £100,000 or less'),
  periodWeeks: z
    .number({ error: 'Enter how many weeks each budget period lasts' })
    .int('Enter the number of weeks as a whole number')
    .min(1, 'A budget period is at least 1 week')
    .max(52, 'A budget period is at most 52 weeks'),
  startsOn: isoDate('date the budget starts'),
});
export type Budget = z.infer<typeof budgetSchema>;

const name = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`);

/** The shape of a sign-in id (Cognito's `sub` or a demo user's id). */
export const userIdPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** What a commissioner enters for a person; ids, council and history come from the server. */
export const personInputSchema = z
  .strictObject({
    reference: z
      .string({ error: 'Enter the council reference' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9-]{2,19}$/, 'Enter the council reference, like DC-104233'),
    name: name('full name', 120),
    contactPreference: z.enum(contactPreferences, { error: 'Choose how they would like to be contacted' }),
    email: z
      .email({ error: 'Enter an email address in the correct format, like name@example.com' })
      .optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9 +()-]{7,20}$/, 'Enter a telephone number, like 01305 221000')
      .optional(),
    homeDistrict: z
      .string({ error: 'Enter the postcode district they live in, like DT1' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/, 'Enter the postcode district they live in, like DT1'),
    directPayment: budgetSchema.optional(),
    individualServiceFund: budgetSchema
      .extend({
        holderProviderId: z
          .string({ error: 'Choose the organisation that holds the individual service fund' })
          .regex(/^[0-9A-Za-z]{26}$/, 'Choose the organisation that holds the individual service fund'),
      })
      .optional(),
    selfFunded: z.boolean().default(false),
    /** The person's own sign-in, when they book for themselves. */
    userId: z.string().regex(userIdPattern, 'Enter the sign-in id').optional(),
  })
  .superRefine((input, context) => {
    if (!input.directPayment && !input.individualServiceFund && !input.selfFunded)
      context.addIssue({
        code: 'custom',
        path: ['directPayment'],
        message:
          'Choose at least one way this person pays: direct payment, individual service fund or own money',
      });
    if (input.contactPreference === 'email' && !input.email)
      context.addIssue({ code: 'custom', path: ['email'], message: 'Enter their email address' });
    if ((input.contactPreference === 'phone' || input.contactPreference === 'text') && !input.phone)
      context.addIssue({ code: 'custom', path: ['phone'], message: 'Enter their telephone number' });
  });
export type PersonInput = z.infer<typeof personInputSchema>;

export interface Person extends Omit<PersonInput, 'individualServiceFund'> {
  id: string;
  councilId: string;
  individualServiceFund?: (Budget & { holderProviderId: string; holderName: string }) | undefined;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** How a person can pay: what their record allows. */
export type PaymentRoute = BudgetRoute | 'self-funded';

export function paymentRoutesOf(
  person: Pick<PersonInput, 'directPayment' | 'individualServiceFund' | 'selfFunded'>,
) {
  const routes: PaymentRoute[] = [];
  if (person.directPayment) routes.push('direct-payment');
  if (person.individualServiceFund) routes.push('individual-service-fund');
  if (person.selfFunded) routes.push('self-funded');
  return routes;
}

export function budgetOf(person: Person, route: BudgetRoute): Budget | undefined {
  return route === 'direct-payment' ? person.directPayment : person.individualServiceFund;
}

/** One period of a budget: from `start` up to the day before `end` (London dates). */
export interface BudgetPeriod {
  start: string;
  end: string;
}

/** The period a London date falls in, or undefined before the budget starts. */
export function budgetPeriodOn(budget: Budget, date: string): BudgetPeriod | undefined {
  if (date < budget.startsOn) return undefined;
  const days = budget.periodWeeks * 7;
  const elapsed = Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${budget.startsOn}T00:00:00Z`)) / 86_400_000,
  );
  const start = addDays(budget.startsOn, Math.floor(elapsed / days) * days);
  return { start, end: addDays(start, days) };
}

/** A person's representative: who, on what basis, and who approved it. */
export interface RepresentativeLink {
  personId: string;
  councilId: string;
  userId: string;
  userName: string;
  type: RepresentativeType;
  approvedBy: Actor;
  approvedAt: string;
}

/** A link taken away: the link as it was, and who took it away and when. Kept for the record. */
export interface RepresentativeRemoval extends RepresentativeLink {
  removedBy: Actor;
  removedAt: string;
}

export const representativeLinkInputSchema = z.strictObject({
  userId: z.string({ error: 'Choose the representative' }).regex(userIdPattern, 'Choose the representative'),
  type: z.enum(representativeTypes, { error: 'Choose what kind of representative they are' }),
});
