import type { Council } from '../../../shared/domain/councils';
import type { Notification } from '../../../shared/domain/notifications';
import { formatUkDate as longDate } from '../../../shared/time/uk-dates';
import type { Application } from './application';
import { type ComplianceItem, complianceKindNames, type Membership } from './membership';
import { type SectionId, sectionTitles } from './section-names';

/**
 * The messages an application's changes send: to the council's commissioning team when one is
 * submitted, to the provider's contact when the council asks a question or decides.
 */
function providerContact(application: Application): Notification['to'] {
  const answers = application.sections.organisation?.answers ?? {};
  return {
    name: String(answers.contactName ?? application.providerName),
    email: String(answers.contactEmail ?? ''),
  };
}

const related = (application: Application): Notification['related'] => ({
  kind: 'application',
  id: application.id,
});

export function submittedNotice(
  application: Application,
  council: Council,
  id: string,
  now: Date,
): Notification {
  const resubmitted = application.clarifications.some(
    (round) => round.answeredAt === application.submittedAt,
  );
  return {
    id,
    councilId: application.councilId,
    to: { name: `${council.name} commissioning team`, email: council.commissionersEmail },
    subject: `${resubmitted ? 'Resubmitted' : 'New'} application: ${application.providerName}`,
    body: [
      `${application.providerName} has ${resubmitted ? 'answered your question and resubmitted' : 'submitted'} an application to join ${application.framework.name}.`,
      application.microProvider ? 'They are a micro-provider (8 or fewer workers).' : '',
      `Review it at /applications/review/${application.id}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    related: related(application),
    createdAt: now.toISOString(),
  };
}

export function clarificationNotice(application: Application, id: string, now: Date): Notification {
  const round = application.clarifications.at(-1);
  const sections = (round?.sections ?? []).map((section) => sectionTitles[section as SectionId]).join(', ');
  return {
    id,
    councilId: application.councilId,
    to: providerContact(application),
    subject: 'The council has a question about your application',
    body: [
      `The council has a question about your application to join ${application.framework.name}:`,
      `“${round?.question ?? ''}”`,
      `Change these sections, then submit your application again: ${sections}.`,
      `Your application: /applications/${application.id}`,
    ].join('\n\n'),
    related: related(application),
    createdAt: now.toISOString(),
  };
}

export function decisionNotice(application: Application, id: string, now: Date): Notification {
  const approved = application.status === 'approved';
  const reasons = application.decision?.reasons;
  return {
    id,
    councilId: application.councilId,
    to: providerContact(application),
    subject: approved
      ? `You have joined ${application.framework.name}`
      : 'Your application was not successful',
    body: [
      approved
        ? `Your application to join ${application.framework.name} has been approved. You can now publish your sessions.`
        : `Your application to join ${application.framework.name} has not been approved.`,
      reasons ? `The council's reasons: ${reasons}` : '',
      approved
        ? 'Keep your insurance and safeguarding training up to date: we will remind you before anything expires.'
        : 'You can apply again at any time.',
    ]
      .filter(Boolean)
      .join('\n\n'),
    related: related(application),
    createdAt: now.toISOString(),
  };
}

export function expiryReminderNotice(
  membership: Membership,
  item: ComplianceItem,
  id: string,
  now: Date,
): Notification {
  return {
    id,
    councilId: membership.councilId,
    to: membership.contact,
    subject: `${complianceKindNames[item.kind]} expires on ${longDate(item.expiresOn)}`,
    body: [
      `Your ${complianceKindNames[item.kind].toLowerCase()} for ${membership.frameworkName} expires on ${longDate(item.expiresOn)}.`,
      item.mandatory
        ? 'Send the council the renewed document before then. If it expires, your membership is suspended: your sessions are hidden and cannot be booked until the council accepts the renewal.'
        : 'Send the council the renewed document before then.',
    ].join('\n\n'),
    related: { kind: 'membership', id: membership.id },
    createdAt: now.toISOString(),
  };
}

export function suspensionNotice(
  membership: Membership,
  lapsed: ComplianceItem[],
  id: string,
  now: Date,
): Notification {
  return {
    id,
    councilId: membership.councilId,
    to: membership.contact,
    subject: `Your membership of ${membership.frameworkName} is suspended`,
    body: [
      `Your membership is suspended because these have expired: ${lapsed.map((item) => `${complianceKindNames[item.kind].toLowerCase()} (${longDate(item.expiresOn)})`).join(', ')}.`,
      'While it is suspended your sessions are hidden and cannot be booked. Send the council the renewed documents; the membership becomes active again when they accept them.',
    ].join('\n\n'),
    related: { kind: 'membership', id: membership.id },
    createdAt: now.toISOString(),
  };
}

export function renewalSubmittedNotice(
  membership: Membership,
  council: { name: string; commissionersEmail: string },
  kind: ComplianceItem['kind'],
  id: string,
  now: Date,
): Notification {
  return {
    id,
    councilId: membership.councilId,
    to: { name: `${council.name} commissioning team`, email: council.commissionersEmail },
    subject: `Renewal to check: ${membership.providerName}`,
    body: [
      `${membership.providerName} has sent a renewed ${complianceKindNames[kind].toLowerCase()} for ${membership.frameworkName}.`,
      membership.status === 'suspended'
        ? 'Their membership is suspended until you accept the documents that expired.'
        : '',
      `Check it at /applications/members/${membership.id}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    related: { kind: 'membership', id: membership.id },
    createdAt: now.toISOString(),
  };
}

export function renewalAcceptedNotice(
  membership: Membership,
  kind: ComplianceItem['kind'],
  reinstated: boolean,
  id: string,
  now: Date,
): Notification {
  return {
    id,
    councilId: membership.councilId,
    to: membership.contact,
    subject: reinstated
      ? `Your membership of ${membership.frameworkName} is active again`
      : `Renewal accepted: ${complianceKindNames[kind]}`,
    body: [
      `The council has accepted your renewed ${complianceKindNames[kind].toLowerCase()}.`,
      reinstated ? 'Your membership is active again: your sessions can be found and booked.' : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    related: { kind: 'membership', id: membership.id },
    createdAt: now.toISOString(),
  };
}

export function renewalRefusedNotice(
  membership: Membership,
  kind: ComplianceItem['kind'],
  reason: string,
  id: string,
  now: Date,
): Notification {
  return {
    id,
    councilId: membership.councilId,
    to: membership.contact,
    subject: `Renewal not accepted: ${complianceKindNames[kind]}`,
    body: [
      `The council could not accept your renewed ${complianceKindNames[kind].toLowerCase()}.`,
      `The council's reason: ${reason}`,
      `Send another document at /applications/memberships/${membership.id}`,
    ].join('\n\n'),
    related: { kind: 'membership', id: membership.id },
    createdAt: now.toISOString(),
  };
}
