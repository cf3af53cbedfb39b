import { z } from 'zod';
import { needNames, needsSupported } from '../../../shared/domain/needs';
import type { FrameworkSnapshot, MicroProviderRules } from './framework';
import { organisationDetailsSchema } from './organisation';
import type { SectionId } from './section-names';

export { type SectionId, sectionIds, sectionTitles } from './section-names';

/*
 * The rules of each section. Each is saved on its own; each has a schema for a completed
 * section, and a lighter one (any subset of its fields, each checked) for a section saved to
 * come back to later.
 */

export { needNames, needsSupported };

export const priceUnits = ['session', 'hour', 'day'] as const;

/** What a section's rules depend on: the framework answered, the provider's size, today's date. */
export interface SectionContext {
  framework: FrameworkSnapshot;
  microProvider: boolean;
  /** YYYY-MM-DD */
  today: string;
}

export function rulesFor(context: SectionContext): MicroProviderRules {
  return context.microProvider ? context.framework.microProviderRules : context.framework.standardRules;
}

const isoDate = (what: string) => z.iso.date({ error: `Enter ${what} as a real date, like 2026-03-27` });

const pastDate = (what: string, today: string) =>
  isoDate(what).refine((value) => value <= today, `${capitalise(what)} must be today or in the past`);

const futureDate = (what: string, today: string) =>
  isoDate(what).refine((value) => value > today, `${capitalise(what)} must be in the future`);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function countWords(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}

const wordLimited = (what: string, limit: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .refine((text) => countWords(text) <= limit, `${capitalise(what)} must be ${limit} words or fewer`);

const mustBeYes = (message: string) => z.literal(true, { error: message });

const insurancePolicy = (what: string, minimumPence: number, today: string) =>
  z.strictObject(
    {
      insurer: z
        .string({ error: `Enter the ${what} insurer` })
        .trim()
        .min(1, `Enter the ${what} insurer`)
        .max(100),
      coverPence: z
        .number({ error: `Enter the ${what} cover in pounds` })
        .int()
        .min(
          minimumPence,
          `${capitalise(what)} cover must be at least £${(minimumPence / 100).toLocaleString('en-GB')}`,
        ),
      expiresOn: futureDate(`the ${what} expiry date`, today),
    },
    { error: `Enter your ${what} insurance` },
  );

/** £5 million: the legal minimum for employer's liability, and the usual public liability cover. */
const fiveMillionPence = 500_000_000;

function sectionSchemaFor(section: SectionId, context: SectionContext) {
  const rules = rulesFor(context);
  const lotIds = context.framework.lots.map((lot) => lot.id);
  switch (section) {
    case 'organisation':
      return organisationDetailsSchema;
    case 'lots':
      return z.strictObject({
        lotIds: z
          .array(
            z.string().refine((id) => lotIds.includes(id), 'Select lots from this framework only'),
            {
              error: 'Select at least one lot',
            },
          )
          .min(1, 'Select at least one lot'),
      });
    case 'areas':
      return z.strictObject({
        postcodeDistricts: z
          .array(
            z
              .string()
              .trim()
              .toUpperCase()
              .regex(
                /^[A-Z]{1,2}\d[A-Z\d]?$/,
                'Enter postcode districts like DT1 or BH15, separated by commas',
              ),
            { error: 'Enter at least one postcode district' },
          )
          .min(1, 'Enter at least one postcode district')
          .max(200),
      });
    case 'offer':
      return z.strictObject({
        summary: wordLimited('what you offer', 250),
        needsSupported: z
          .array(z.enum(needsSupported), { error: 'Select at least one kind of need you support' })
          .min(1, 'Select at least one kind of need you support'),
        regulatedActivity: z.boolean({
          error: 'Select yes if you provide personal care or another CQC-regulated activity',
        }),
      });
    case 'prices':
      return z.strictObject({
        prices: z
          .array(
            z.strictObject({
              description: z
                .string({ error: 'Enter what the price is for' })
                .trim()
                .min(1, 'Enter what the price is for')
                .max(120),
              amountPence: z
                .number({ error: 'Enter the price in pounds' })
                .int()
                .min(1, 'Enter a price of at least 1p')
                .max(10_000_00),
              per: z.enum(priceUnits, { error: 'Select whether the price is per session, hour or day' }),
            }),
            { error: 'Enter at least one price' },
          )
          .min(1, 'Enter at least one price')
          .max(20),
      });
    case 'safeguarding':
      return z.strictObject({
        policyInPlace: mustBeYes('You must have a safeguarding policy to join the framework'),
        policyReviewedOn: pastDate('the date the policy was last reviewed', context.today),
        leadName: z
          .string({ error: 'Enter the name of your safeguarding lead' })
          .trim()
          .min(1, 'Enter the name of your safeguarding lead')
          .max(100),
        leadTrainingOn: pastDate("the date of the lead's last safeguarding training", context.today),
      });
    case 'insurance':
      return z.strictObject({
        employsStaff: z.boolean({ error: 'Select yes if you employ staff' }),
        publicLiability: insurancePolicy(
          'public liability',
          rules.publicLiabilityMinimumPence,
          context.today,
        ),
        employersLiability: insurancePolicy(
          "employer's liability",
          fiveMillionPence,
          context.today,
        ).optional(),
        professionalIndemnity: insurancePolicy('professional indemnity', 1, context.today).optional(),
      });
    case 'dbs':
      return z.strictObject({
        enhancedWithBarredList: mustBeYes(
          'Everyone working with adults must have an enhanced DBS check with the adults barred list',
        ),
        policyInPlace: mustBeYes('You must have a policy for DBS checks and rechecks'),
        workersChecked: z
          .number({ error: 'Enter how many workers have a current check' })
          .int()
          .min(0)
          .max(100_000),
      });
    case 'cqc':
      return z.strictObject({
        registrationId: z
          .string({ error: 'Enter your CQC provider ID' })
          .trim()
          .regex(/^1-\d{9,11}$/, 'Enter a CQC provider ID like 1-101234567'),
      });
    case 'references':
      return z.strictObject({
        referees: z
          .array(
            z.strictObject({
              name: z
                .string({ error: "Enter the referee's name" })
                .trim()
                .min(1, "Enter the referee's name")
                .max(100),
              organisation: z
                .string({ error: "Enter the referee's organisation" })
                .trim()
                .min(1, "Enter the referee's organisation")
                .max(160),
              email: z.email({ error: "Enter the referee's email address, like name@example.org" }),
              relationship: z
                .string({ error: 'Enter how the referee knows your work' })
                .trim()
                .min(1, 'Enter how the referee knows your work')
                .max(200),
            }),
            { error: 'Enter your referees' },
          )
          .min(
            rules.referencesRequired,
            `Enter at least ${rules.referencesRequired} referee${rules.referencesRequired === 1 ? '' : 's'}`,
          )
          .max(5),
      });
    case 'quality':
      return z.strictObject({
        answers: z.strictObject(
          Object.fromEntries(
            context.framework.qualityQuestions.map((question, index) => [
              question.id,
              wordLimited(`your answer to question ${index + 1}`, question.wordLimit),
            ]),
          ),
          { error: 'Answer the quality questions' },
        ),
      });
    case 'declarations':
      return z.strictObject({
        accurate: mustBeYes('Confirm that the information you have given is accurate'),
        conflictsDeclared: mustBeYes('Confirm that you have declared any conflicts of interest'),
        termsAccepted: mustBeYes("Confirm that you accept the framework's terms"),
      });
  }
}

/** Rules across a completed section's fields, which depend on the provider (insurance). */
function completionIssues(
  section: SectionId,
  answers: Record<string, unknown>,
  context: SectionContext,
): { path: string; message: string }[] {
  if (section !== 'insurance') return [];
  const issues: { path: string; message: string }[] = [];
  if (answers.employsStaff === true && !answers.employersLiability) {
    issues.push({
      path: 'employersLiability',
      message: "Enter your employer's liability insurance: it is required by law if you employ staff",
    });
  }
  if (rulesFor(context).professionalIndemnityRequired && !answers.professionalIndemnity) {
    issues.push({ path: 'professionalIndemnity', message: 'Enter your professional indemnity insurance' });
  }
  return issues;
}

export interface SectionFieldError {
  field: string;
  message: string;
}

export type SectionValidation =
  | { ok: true; answers: Record<string, unknown> }
  | { ok: false; errors: SectionFieldError[] };

/**
 * Checks a section's answers. A section marked complete must satisfy every rule; one saved to
 * come back to later may leave fields out, but what it gives must be valid.
 */
export function validateSection(
  section: SectionId,
  input: unknown,
  context: SectionContext,
  complete: boolean,
): SectionValidation {
  const full = sectionSchemaFor(section, context);
  const schema = complete ? full : (full as z.ZodObject).partial();
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        field: issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || section,
        message:
          issue.code === 'unrecognized_keys'
            ? 'Remove this field: it is not part of this section'
            : issue.message,
      })),
    };
  }
  const answers = parsed.data as Record<string, unknown>;
  const issues = complete ? completionIssues(section, answers, context) : [];
  if (issues.length)
    return { ok: false, errors: issues.map((issue) => ({ field: issue.path, message: issue.message })) };
  return { ok: true, answers };
}
