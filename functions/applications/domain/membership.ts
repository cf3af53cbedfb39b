import type { Application } from './application';

/**
 * An approved provider's place on the framework, with the evidence that must stay in date.
 * A mandatory item past its expiry suspends the membership (the daily job does it).
 */
export const complianceKinds = [
  'public-liability',
  'employers-liability',
  'professional-indemnity',
  'safeguarding-training',
  'safeguarding-policy-review',
] as const;
export type ComplianceKind = (typeof complianceKinds)[number];

export const complianceKindNames: Record<ComplianceKind, string> = {
  'public-liability': 'Public liability insurance',
  'employers-liability': "Employer's liability insurance",
  'professional-indemnity': 'Professional indemnity insurance',
  'safeguarding-training': "Safeguarding lead's training",
  'safeguarding-policy-review': 'Safeguarding policy review',
};

export interface ComplianceItem {
  kind: ComplianceKind;
  /** YYYY-MM-DD */
  expiresOn: string;
  mandatory: boolean;
}

export interface Membership {
  id: string;
  councilId: string;
  frameworkId: string;
  frameworkName: string;
  providerId: string;
  providerName: string;
  applicationId: string;
  /** Who hears about reminders and suspension: the provider's contact from the application. */
  contact: { name: string; email: string };
  lotIds: string[];
  startsOn: string;
  status: 'active' | 'suspended' | 'ended';
  complianceItems: ComplianceItem[];
  /** Renewed documents sent by the provider, newest last; accepted ones moved an item's expiry on. */
  renewals?: Renewal[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Safeguarding training is refreshed every 3 years, and the policy reviewed every year. */
const addYears = (isoDate: string, years: number) => {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
};

function answer(application: Application, path: string): unknown {
  const [section, ...rest] = path.split('.');
  return rest.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    application.sections[section as keyof Application['sections']]?.answers,
  );
}

/** The compliance items an approved application brings: insurance and safeguarding dates. */
export function complianceItemsFrom(application: Application): ComplianceItem[] {
  const items: ComplianceItem[] = [];
  const policy = (kind: ComplianceKind, path: string, mandatory: boolean) => {
    const expiresOn = answer(application, `insurance.${path}.expiresOn`);
    if (typeof expiresOn === 'string') items.push({ kind, expiresOn, mandatory });
  };
  policy('public-liability', 'publicLiability', true);
  policy('employers-liability', 'employersLiability', true);
  const indemnityRequired = application.microProvider
    ? application.framework.microProviderRules.professionalIndemnityRequired
    : application.framework.standardRules.professionalIndemnityRequired;
  policy('professional-indemnity', 'professionalIndemnity', indemnityRequired);
  const training = answer(application, 'safeguarding.leadTrainingOn');
  if (typeof training === 'string')
    items.push({ kind: 'safeguarding-training', expiresOn: addYears(training, 3), mandatory: true });
  const review = answer(application, 'safeguarding.policyReviewedOn');
  if (typeof review === 'string')
    items.push({ kind: 'safeguarding-policy-review', expiresOn: addYears(review, 1), mandatory: false });
  return items.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
}

export function createMembership(application: Application, id: string, now: Date): Membership {
  const at = now.toISOString();
  const lotIds = answer(application, 'lots.lotIds');
  const organisation = application.sections.organisation?.answers ?? {};
  return {
    id,
    councilId: application.councilId,
    frameworkId: application.framework.id,
    frameworkName: application.framework.name,
    providerId: application.providerId,
    providerName: application.providerName,
    applicationId: application.id,
    contact: {
      name: String(organisation.contactName ?? application.providerName),
      email: String(organisation.contactEmail ?? ''),
    },
    lotIds: Array.isArray(lotIds) ? lotIds.map(String) : [],
    startsOn: at.slice(0, 10),
    status: 'active',
    complianceItems: complianceItemsFrom(application),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export function nextExpiry(membership: Pick<Membership, 'complianceItems'>): string | undefined {
  return membership.complianceItems.map((item) => item.expiresOn).sort()[0];
}

/** Reminders start this many days before an item expires. */
export const reminderWindowDays = 30;

export interface ComplianceCheck {
  /** Items expiring within the reminder window, not yet expired. */
  expiringSoon: ComplianceItem[];
  /** Mandatory items past their expiry date. */
  lapsed: ComplianceItem[];
  /** Whether this check suspends the membership now. */
  suspend: boolean;
}

const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The daily check of one membership on `today` (YYYY-MM-DD). */
/** Where one item stands on `today`: expired, inside the reminder window, or in date. */
export function complianceItemState(
  item: ComplianceItem,
  today: string,
): 'expired' | 'expiring-soon' | 'in-date' {
  if (item.expiresOn < today) return 'expired';
  return item.expiresOn <= addDays(today, reminderWindowDays) ? 'expiring-soon' : 'in-date';
}

export function checkCompliance(membership: Membership, today: string): ComplianceCheck {
  const expiringSoon = membership.complianceItems.filter(
    (item) => complianceItemState(item, today) === 'expiring-soon',
  );
  const lapsed = membership.complianceItems.filter(
    (item) => item.mandatory && complianceItemState(item, today) === 'expired',
  );
  return { expiringSoon, lapsed, suspend: membership.status === 'active' && lapsed.length > 0 };
}

export interface Renewal {
  id: string;
  kind: ComplianceKind;
  /** The new expiry date the provider gives, YYYY-MM-DD. */
  expiresOn: string;
  document: { key: string; contentType: string; sizeBytes: number };
  submittedAt: string;
  submittedBy: { id: string; name: string };
  status: 'awaiting-review' | 'accepted' | 'refused';
  decidedAt?: string;
  decidedBy?: { id: string; name: string };
  /** Why a refused renewal was refused; the provider sees it. */
  reason?: string;
}

/** A renewal or acceptance the rules do not allow; nothing changed. */
export class MembershipRuleError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'MembershipRuleError';
  }
}

/** The provider sends a renewed document for one item, with its new expiry date, for the council to check. */
export function submitRenewal(
  membership: Membership,
  renewal: Pick<Renewal, 'id' | 'kind' | 'expiresOn' | 'document'>,
  by: { id: string; name: string },
  today: string,
  now: Date,
): Membership {
  if (membership.status === 'ended') throw new MembershipRuleError('This membership has ended.');
  if (!membership.complianceItems.some((item) => item.kind === renewal.kind)) {
    throw new MembershipRuleError('Choose one of the documents this membership needs.', 'kind');
  }
  if (renewal.expiresOn <= today)
    throw new MembershipRuleError('The new expiry date must be in the future.', 'expiresOn');
  const at = now.toISOString();
  // A newer document for the same item replaces one still waiting for review.
  const others = (membership.renewals ?? []).filter(
    (r) => !(r.kind === renewal.kind && r.status === 'awaiting-review'),
  );
  return {
    ...membership,
    renewals: [...others, { ...renewal, submittedAt: at, submittedBy: by, status: 'awaiting-review' }],
    updatedAt: at,
    version: membership.version + 1,
  };
}

/**
 * A commissioner accepts a renewal: the item's expiry moves on, and a suspended membership with no
 * mandatory item still expired becomes active again.
 */
export function acceptRenewal(
  membership: Membership,
  renewalId: string,
  by: { id: string; name: string },
  today: string,
  now: Date,
): { membership: Membership; reinstated: boolean } {
  const renewal = membership.renewals?.find((candidate) => candidate.id === renewalId);
  if (!renewal) throw new MembershipRuleError('There is no such renewal on this membership.');
  if (renewal.status !== 'awaiting-review')
    throw new MembershipRuleError('This renewal has already been accepted.');
  const at = now.toISOString();
  const renewed: Membership = {
    ...membership,
    complianceItems: membership.complianceItems
      .map((item) => (item.kind === renewal.kind ? { ...item, expiresOn: renewal.expiresOn } : item))
      .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn)),
    renewals: (membership.renewals ?? []).map((candidate) =>
      candidate.id === renewalId
        ? { ...candidate, status: 'accepted' as const, decidedAt: at, decidedBy: by }
        : candidate,
    ),
    updatedAt: at,
    version: membership.version + 1,
  };
  const reinstated = renewed.status === 'suspended' && checkCompliance(renewed, today).lapsed.length === 0;
  return { membership: reinstated ? { ...renewed, status: 'active' } : renewed, reinstated };
}

/** A commissioner refuses a renewal, saying why; the item keeps its old expiry date. */
export function refuseRenewal(
  membership: Membership,
  renewalId: string,
  reason: string,
  by: { id: string; name: string },
  now: Date,
): Membership {
  const renewal = membership.renewals?.find((candidate) => candidate.id === renewalId);
  if (!renewal) throw new MembershipRuleError('There is no such renewal on this membership.');
  if (renewal.status !== 'awaiting-review')
    throw new MembershipRuleError(`This renewal has already been ${renewal.status}.`);
  if (!reason.trim()) throw new MembershipRuleError('Enter the reason for refusing the renewal', 'reason');
  const at = now.toISOString();
  return {
    ...membership,
    renewals: (membership.renewals ?? []).map((candidate) =>
      candidate.id === renewalId
        ? { ...candidate, status: 'refused' as const, decidedAt: at, decidedBy: by, reason: reason.trim() }
        : candidate,
    ),
    updatedAt: at,
    version: membership.version + 1,
  };
}

export function suspendMembership(membership: Membership, now: Date): Membership {
  return {
    ...membership,
    status: 'suspended',
    updatedAt: now.toISOString(),
    version: membership.version + 1,
  };
}
