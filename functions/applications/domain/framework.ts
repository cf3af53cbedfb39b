import { z } from 'zod';
import type { Role } from '../../../shared/domain/users';
import { type ComplianceKind, complianceKinds } from './membership';

/**
 * A council's framework for day opportunities: the approved list providers apply to join.
 * Plain data and rules; no storage or HTTP here.
 */
export interface Lot {
  id: string;
  name: string;
  description: string;
}

/** Pass/fail: a commissioner marks each one when evaluating. */
export interface SelectionCriterion {
  id: string;
  text: string;
}

/** Scored 0 to 5 by a commissioner; the weighted total is computed, never typed in. */
export interface QualityQuestion {
  id: string;
  text: string;
  /** Relative weight, a whole number; the score is out of 5 times the sum of the weights. */
  weight: number;
  wordLimit: number;
}

/**
 * Rolling admission: apply at any time (the council papers' "open framework"; a Dynamic Market
 * under the Procurement Act 2023). Windows: apply only while a window is open (a Procurement Act
 * open framework, at most 8 years).
 */
export type AdmissionMode =
  | { kind: 'rolling' }
  | { kind: 'windows'; windows: { opens: string; closes: string }[] };

/** What a micro-provider (8 or fewer workers) must give: proportionate, set per framework. */
export interface MicroProviderRules {
  professionalIndemnityRequired: boolean;
  referencesRequired: number;
  publicLiabilityMinimumPence: number;
}

export interface Framework {
  id: string;
  councilId: string;
  name: string;
  description: string;
  lots: Lot[];
  selectionCriteria: SelectionCriterion[];
  qualityQuestions: QualityQuestion[];
  /** Percentage of the maximum weighted score needed to pass, 0 to 100. */
  passMarkPercent: number;
  term: { starts: string; ends: string };
  admission: AdmissionMode;
  standardRules: MicroProviderRules;
  microProviderRules: MicroProviderRules;
  /**
   * The configured rule for renewals: documents of these kinds are accepted as soon as a member
   * sends them (with an audit entry naming the rule); any other kind waits for a commissioner.
   */
  autoAcceptRenewals: ComplianceKind[];
  /** Increases on every edit; applications keep the version they answered. */
  version: number;
}

/** The parts of a framework an application answers, frozen when the application starts. */
export type FrameworkSnapshot = Pick<
  Framework,
  | 'id'
  | 'name'
  | 'version'
  | 'lots'
  | 'selectionCriteria'
  | 'qualityQuestions'
  | 'passMarkPercent'
  | 'standardRules'
  | 'microProviderRules'
>;

export function snapshotOf(framework: Framework): FrameworkSnapshot {
  const {
    id,
    name,
    version,
    lots,
    selectionCriteria,
    qualityQuestions,
    passMarkPercent,
    standardRules,
    microProviderRules,
  } = framework;
  return structuredClone({
    id,
    name,
    version,
    lots,
    selectionCriteria,
    qualityQuestions,
    passMarkPercent,
    standardRules,
    microProviderRules,
  });
}

/** Whether a provider may start or submit an application to this framework on this date (YYYY-MM-DD). */
export function isOpenForApplications(framework: Framework, onDate: string): boolean {
  if (onDate < framework.term.starts || onDate > framework.term.ends) return false;
  if (framework.admission.kind === 'rolling') return true;
  return framework.admission.windows.some((window) => window.opens <= onDate && onDate <= window.closes);
}

const slug = (what: string) =>
  z
    .string({ error: `Enter the ${what} id` })
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, `The ${what} id must be lower-case letters, digits and hyphens`);
const text = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`);
const isoDate = (what: string) => z.iso.date({ error: `Enter the ${what} as a date, like 2026-04-01` });
const rules = z.strictObject({
  professionalIndemnityRequired: z.boolean(),
  referencesRequired: z.number().int().min(0).max(5),
  publicLiabilityMinimumPence: z.number().int().min(0),
});

/** Procurement Act 2023: an open framework (admission in windows) lasts at most 8 years. */
export const openFrameworkMaxYears = 8;

const uniqueIds = (items: { id: string }[]) => new Set(items.map((item) => item.id)).size === items.length;

/** What a council admin sends to create or edit a framework; the id, council and version come from the server. */
export const frameworkInputSchema = z
  .strictObject({
    name: text('framework name', 160),
    description: text('description', 2000),
    lots: z
      .array(
        z.strictObject({
          id: slug('lot'),
          name: text('lot name', 120),
          description: text('lot description', 500),
        }),
      )
      .min(1, 'Add at least one lot')
      .refine(uniqueIds, 'Each lot needs its own id'),
    selectionCriteria: z
      .array(z.strictObject({ id: slug('criterion'), text: text('criterion', 500) }))
      .refine(uniqueIds, 'Each criterion needs its own id'),
    qualityQuestions: z
      .array(
        z.strictObject({
          id: slug('question'),
          text: text('question', 500),
          weight: z.number().int().min(1, 'Weights are whole numbers from 1').max(100),
          wordLimit: z.number().int().min(50).max(2000),
        }),
      )
      .refine(uniqueIds, 'Each question needs its own id'),
    passMarkPercent: z.number().min(0).max(100),
    term: z.strictObject({ starts: isoDate('start date'), ends: isoDate('end date') }),
    admission: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('rolling') }),
      z.strictObject({
        kind: z.literal('windows'),
        windows: z
          .array(
            z.strictObject({ opens: isoDate('window opening date'), closes: isoDate('window closing date') }),
          )
          .min(1),
      }),
    ]),
    standardRules: rules,
    microProviderRules: rules,
    autoAcceptRenewals: z
      .array(z.enum(complianceKinds, { error: 'Choose documents from the list' }))
      .refine((kinds) => new Set(kinds).size === kinds.length, 'Choose each document once')
      .default([]),
  })
  .superRefine((input, context) => {
    if (input.term.ends <= input.term.starts) {
      context.addIssue({
        code: 'custom',
        path: ['term', 'ends'],
        message: 'The end date must be after the start date',
      });
    }
    if (input.admission.kind === 'windows') {
      const limit = new Date(`${input.term.starts}T00:00:00Z`);
      limit.setUTCFullYear(limit.getUTCFullYear() + openFrameworkMaxYears);
      if (input.term.ends > limit.toISOString().slice(0, 10)) {
        context.addIssue({
          code: 'custom',
          path: ['term', 'ends'],
          message: `An open framework with application windows can last at most ${openFrameworkMaxYears} years`,
        });
      }
      input.admission.windows.forEach((window, index) => {
        if (window.closes < window.opens) {
          context.addIssue({
            code: 'custom',
            path: ['admission', 'windows', index, 'closes'],
            message: 'A window must close after it opens',
          });
        }
      });
    }
  });

export type FrameworkInput = z.infer<typeof frameworkInputSchema>;

/** One entry in a framework's append-only history: who changed it, when, and which parts. */
export interface FrameworkAuditEntry {
  frameworkId: string;
  councilId: string;
  version: number;
  at: string;
  actor: { id: string; name: string; role: Role };
  action: 'created' | 'edited';
  detail: string;
}

export interface FrameworkChange {
  framework: Framework;
  audit: FrameworkAuditEntry;
}

const partNames: Record<keyof FrameworkInput, string> = {
  name: 'name',
  description: 'description',
  lots: 'lots',
  selectionCriteria: 'pass or fail criteria',
  qualityQuestions: 'quality questions',
  passMarkPercent: 'pass mark',
  term: 'term',
  admission: 'admission',
  standardRules: 'requirements for providers',
  microProviderRules: 'requirements for micro-providers',
  autoAcceptRenewals: 'renewals accepted without review',
};

/** JSON with object keys sorted: a stored framework comes back with its keys in another order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, node: unknown) =>
    node && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => a.localeCompare(b)))
      : node,
  );

const listed = (parts: string[]) =>
  parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;

export function createFramework(
  input: FrameworkInput,
  ids: { id: string; councilId: string },
  actor: FrameworkAuditEntry['actor'],
  now: Date,
): FrameworkChange {
  const framework: Framework = { ...ids, ...input, version: 1 };
  return {
    framework,
    audit: {
      frameworkId: ids.id,
      councilId: ids.councilId,
      version: 1,
      at: now.toISOString(),
      actor,
      action: 'created',
      detail: `Created ${input.name}`,
    },
  };
}

/**
 * A framework edited: its version goes up and the history says which parts changed; applications
 * already started keep the version they answered.
 */
export function reviseFramework(
  framework: Framework,
  input: FrameworkInput,
  actor: FrameworkAuditEntry['actor'],
  now: Date,
): FrameworkChange {
  const changed = (Object.keys(partNames) as (keyof FrameworkInput)[]).filter(
    (part) => canonical(framework[part] ?? []) !== canonical(input[part]),
  );
  const revised = { ...framework, ...input, version: framework.version + 1 };
  return {
    framework: revised,
    audit: {
      frameworkId: framework.id,
      councilId: framework.councilId,
      version: revised.version,
      at: now.toISOString(),
      actor,
      action: 'edited',
      detail: changed.length
        ? `Changed the ${listed(changed.map((part) => partNames[part]))}`
        : 'Saved with no changes',
    },
  };
}
