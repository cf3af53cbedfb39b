import type { Actor } from '../../../shared/domain/users';
import { ukToday } from '../../../shared/time/uk-dates';
import { type Evaluation, type EvaluationInput, reasonsNotToApprove, weightedScore } from './evaluation';
import type { EvidenceFile } from './evidence';
import { type Framework, type FrameworkSnapshot, snapshotOf } from './framework';
import { createMembership, type Membership } from './membership';
import { isMicroProvider, type OrganisationDetails } from './organisation';
import {
  type SectionContext,
  type SectionFieldError,
  type SectionId,
  sectionIds,
  sectionTitles,
  validateSection,
} from './sections';

/**
 * An application to join a framework, and the rules for how it moves:
 *
 *   draft ──submit──> submitted ──approve──> approved
 *                       │   ^  └──reject───> rejected
 *     request clarification  └──submit── clarification-requested
 *
 * Pure: every function takes the application and returns the next one, with the audit entry
 * that records the change. Storage and HTTP live elsewhere.
 */
export const applicationStatuses = [
  'draft',
  'submitted',
  'clarification-requested',
  'approved',
  'rejected',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const applicationStatusNames: Record<ApplicationStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  'clarification-requested': 'Clarification requested',
  approved: 'Approved',
  rejected: 'Rejected',
};

export type ApplicationAction = 'submit' | 'request-clarification' | 'approve' | 'reject';

const transitions: Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>> = {
  draft: { submit: 'submitted' },
  submitted: { 'request-clarification': 'clarification-requested', approve: 'approved', reject: 'rejected' },
  'clarification-requested': { submit: 'submitted' },
  approved: {},
  rejected: {},
};

/** Whether this application still holds the provider's one place in the queue for its framework. */
export function holdsFrameworkPlace(application: Pick<Application, 'status'>): boolean {
  return application.status !== 'rejected';
}

export function nextStatus(
  status: ApplicationStatus,
  action: ApplicationAction,
): ApplicationStatus | undefined {
  return transitions[status][action];
}

export type SectionStatus = 'not-started' | 'in-progress' | 'completed' | 'not-needed';

export interface SavedSection {
  status: 'in-progress' | 'completed';
  answers: Record<string, unknown>;
  savedAt: string;
}

export type { Actor };

export interface ClarificationRound {
  question: string;
  sections: SectionId[];
  askedBy: Actor;
  askedAt: string;
  answeredAt?: string;
}

export interface Application {
  id: string;
  councilId: string;
  providerId: string;
  providerName: string;
  /** The framework as it was when the application started: later edits do not rewrite it. */
  framework: FrameworkSnapshot;
  microProvider: boolean;
  status: ApplicationStatus;
  sections: Partial<Record<SectionId, SavedSection>>;
  clarifications: ClarificationRound[];
  evaluation?: Evaluation;
  decision?: Decision;
  evidence?: EvidenceFile[];
  submittedAt?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Decision {
  outcome: 'approved' | 'rejected';
  reasons: string;
  by: Actor;
  at: string;
}

export type AuditAction =
  | 'started'
  | 'section-saved'
  | 'submitted'
  | 'clarification-requested'
  | 'evaluated'
  | 'evidence-added'
  | 'approved'
  | 'rejected';

/** One line of the append-only audit trail: who, in what role, when, what, why. */
export interface AuditEntry {
  applicationId: string;
  councilId: string;
  at: string;
  actor: Actor;
  action: AuditAction;
  fromStatus?: ApplicationStatus;
  toStatus?: ApplicationStatus;
  detail: string;
}

export type ApplicationRuleKind =
  | 'illegal-transition'
  | 'not-editable'
  | 'incomplete'
  | 'invalid-answers'
  | 'closed'
  | 'not-approvable'
  | 'duplicate';

/** A rule of the application stopped the change; nothing was changed. */
export class ApplicationRuleError extends Error {
  constructor(
    readonly kind: ApplicationRuleKind,
    message: string,
    readonly errors: SectionFieldError[] = [],
  ) {
    super(message);
    this.name = 'ApplicationRuleError';
  }
}

export interface Change {
  application: Application;
  audit: AuditEntry;
}

const today = ukToday;

function contextFor(application: Application, now: Date): SectionContext {
  return { framework: application.framework, microProvider: application.microProvider, today: today(now) };
}

function audit(
  application: Application,
  actor: Actor,
  at: string,
  action: AuditAction,
  detail: string,
  fromStatus?: ApplicationStatus,
): AuditEntry {
  return {
    applicationId: application.id,
    councilId: application.councilId,
    at,
    actor,
    action,
    ...(fromStatus && fromStatus !== application.status ? { fromStatus, toStatus: application.status } : {}),
    detail,
  };
}

export interface StartApplication {
  id: string;
  framework: Framework;
  provider: { id: string; details: OrganisationDetails };
  actor: Actor;
  now: Date;
}

/** A new draft, with the organisation section filled in from the provider's sign-up for them to check. */
export function startApplication({ id, framework, provider, actor, now }: StartApplication): Change {
  const at = now.toISOString();
  const application: Application = {
    id,
    councilId: framework.councilId,
    providerId: provider.id,
    providerName: provider.details.legalName,
    framework: snapshotOf(framework),
    microProvider: isMicroProvider(provider.details),
    status: 'draft',
    sections: { organisation: { status: 'in-progress', answers: { ...provider.details }, savedAt: at } },
    clarifications: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  return {
    application,
    audit: audit(application, actor, at, 'started', `Started an application to join ${framework.name}`),
  };
}

/** Sections the provider must complete: CQC registration only if they deliver regulated activity. */
export function requiredSections(application: Application): SectionId[] {
  const regulated = application.sections.offer?.answers.regulatedActivity === true;
  return sectionIds.filter((section) => section !== 'cqc' || regulated);
}

export function sectionStatus(application: Application, section: SectionId): SectionStatus {
  if (!requiredSections(application).includes(section)) return 'not-needed';
  return application.sections[section]?.status ?? 'not-started';
}

/** Sections the provider may change now: all while a draft, only the named ones when asked to clarify. */
export function editableSections(application: Application): SectionId[] {
  if (application.status === 'draft') return [...sectionIds];
  if (application.status === 'clarification-requested')
    return application.clarifications.at(-1)?.sections ?? [];
  return [];
}

export function saveSection(
  application: Application,
  section: SectionId,
  input: unknown,
  complete: boolean,
  actor: Actor,
  now: Date,
): Change {
  if (!editableSections(application).includes(section)) {
    throw new ApplicationRuleError(
      'not-editable',
      application.status === 'clarification-requested'
        ? `Only the sections named in the clarification request can be changed, not "${sectionTitles[section]}".`
        : `This application is ${applicationStatusNames[application.status].toLowerCase()} and cannot be changed.`,
    );
  }
  const result = validateSection(section, input, contextFor(application, now), complete);
  if (!result.ok)
    throw new ApplicationRuleError(
      'invalid-answers',
      `Check your answers to "${sectionTitles[section]}".`,
      result.errors,
    );
  const at = now.toISOString();
  const next: Application = {
    ...application,
    sections: {
      ...application.sections,
      [section]: { status: complete ? 'completed' : 'in-progress', answers: result.answers, savedAt: at },
    },
    updatedAt: at,
    version: application.version + 1,
  };
  return {
    application: next,
    audit: audit(
      next,
      actor,
      at,
      'section-saved',
      `Saved "${sectionTitles[section]}" as ${complete ? 'completed' : 'in progress'}`,
    ),
  };
}

/**
 * What stops the application being submitted: sections not completed, and completed answers
 * that no longer hold (an insurance policy that expired since it was entered, say).
 */
export function missingForSubmission(application: Application, now: Date): SectionFieldError[] {
  const context = contextFor(application, now);
  return requiredSections(application).flatMap((section) => {
    const saved = application.sections[section];
    if (saved?.status !== 'completed') {
      return [{ field: section, message: `Complete "${sectionTitles[section]}"` }];
    }
    const check = validateSection(section, saved.answers, context, true);
    return check.ok
      ? []
      : check.errors.map((error) => ({
          field: `${section}.${error.field}`,
          message: `${sectionTitles[section]}: ${error.message}`,
        }));
  });
}

function transition(application: Application, action: ApplicationAction): ApplicationStatus {
  const to = nextStatus(application.status, action);
  if (!to) {
    throw new ApplicationRuleError(
      'illegal-transition',
      `An application that is ${applicationStatusNames[application.status].toLowerCase()} cannot be ${pastTense[action]}.`,
    );
  }
  return to;
}

const pastTense: Record<ApplicationAction, string> = {
  submit: 'submitted',
  'request-clarification': 'sent back for clarification',
  approve: 'approved',
  reject: 'rejected',
};

export function submitApplication(application: Application, actor: Actor, now: Date): Change {
  const status = transition(application, 'submit');
  const missing = missingForSubmission(application, now);
  if (missing.length)
    throw new ApplicationRuleError('incomplete', 'Complete every section before you submit.', missing);
  const at = now.toISOString();
  const resubmission = application.status === 'clarification-requested';
  const next: Application = {
    ...application,
    status,
    submittedAt: at,
    clarifications: resubmission
      ? application.clarifications.map((round, index, all) =>
          index === all.length - 1 ? { ...round, answeredAt: at } : round,
        )
      : application.clarifications,
    updatedAt: at,
    version: application.version + 1,
  };
  return {
    application: next,
    audit: audit(
      next,
      actor,
      at,
      'submitted',
      resubmission ? 'Resubmitted after clarification' : 'Submitted the application',
      application.status,
    ),
  };
}

export function requestClarification(
  application: Application,
  request: { question: string; sections: SectionId[] },
  actor: Actor,
  now: Date,
): Change {
  const status = transition(application, 'request-clarification');
  const at = now.toISOString();
  const next: Application = {
    ...application,
    status,
    clarifications: [
      ...application.clarifications,
      { question: request.question, sections: request.sections, askedBy: actor, askedAt: at },
    ],
    updatedAt: at,
    version: application.version + 1,
  };
  const named = request.sections.map((section) => sectionTitles[section]).join(', ');
  return {
    application: next,
    audit: audit(
      next,
      actor,
      at,
      'clarification-requested',
      `Asked: ${request.question} (sections: ${named})`,
      application.status,
    ),
  };
}

/** Records the commissioner's marks; only while the application is submitted (under review). */
export function evaluateApplication(
  application: Application,
  input: EvaluationInput,
  actor: Actor,
  now: Date,
): Change {
  if (application.status !== 'submitted') {
    throw new ApplicationRuleError(
      'illegal-transition',
      `An application that is ${applicationStatusNames[application.status].toLowerCase()} cannot be evaluated.`,
    );
  }
  const at = now.toISOString();
  const next: Application = {
    ...application,
    evaluation: { ...input, evaluatedBy: { id: actor.id, name: actor.name }, evaluatedAt: at },
    updatedAt: at,
    version: application.version + 1,
  };
  const score = weightedScore(application.framework, input.scores);
  const failed = Object.values(input.criteria).filter((criterion) => criterion.result === 'fail').length;
  return {
    application: next,
    audit: audit(
      next,
      actor,
      at,
      'evaluated',
      `Evaluated: ${failed} criteria failed, weighted score ${score.percent}% (pass mark ${score.passMarkPercent}%)`,
    ),
  };
}

/**
 * Approval needs every criterion passed and the pass mark met; it makes the provider a member of
 * the framework, with compliance items taken from their answers.
 */
export function approveApplication(
  application: Application,
  reasons: string,
  membershipId: string,
  actor: Actor,
  now: Date,
): Change & { membership: Membership } {
  transition(application, 'approve');
  const blockers = reasonsNotToApprove(application.framework, application.evaluation);
  if (blockers.length) {
    throw new ApplicationRuleError(
      'not-approvable',
      'This application cannot be approved yet.',
      blockers.map((message) => ({ field: 'evaluation', message })),
    );
  }
  const change = decide(application, 'approved', reasons, actor, now);
  return { ...change, membership: createMembership(change.application, membershipId, now) };
}

export function rejectApplication(
  application: Application,
  reasons: string,
  actor: Actor,
  now: Date,
): Change {
  transition(application, 'reject');
  return decide(application, 'rejected', reasons, actor, now);
}

/** Records a decision whose transition the caller has already checked, with its audit entry. */
function decide(
  application: Application,
  status: 'approved' | 'rejected',
  reasons: string,
  actor: Actor,
  now: Date,
): Change {
  const at = now.toISOString();
  const next: Application = {
    ...application,
    status,
    decision: { outcome: status, reasons, by: actor, at },
    updatedAt: at,
    version: application.version + 1,
  };
  const verb = status === 'approved' ? 'Approved' : 'Rejected';
  return {
    application: next,
    audit: audit(next, actor, at, status, reasons ? `${verb}: ${reasons}` : verb, application.status),
  };
}
