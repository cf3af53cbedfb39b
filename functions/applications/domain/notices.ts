import type { Council } from '../../../shared/domain/councils';
import type { Notification } from '../../../shared/domain/notifications';
import type { Application } from './application';
import { type SectionId, sectionTitles } from './sections';

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
