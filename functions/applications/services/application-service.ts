import { ulid } from 'ulid';
import type { SignedInUser } from '../../../shared/domain/users';
import type { CouncilRepository } from '../../../shared/table/councils';
import type { OutboxRepository } from '../../../shared/table/outbox';
import {
  type Actor,
  type Application,
  approveApplication,
  evaluateApplication,
  rejectApplication,
  requestClarification,
  saveSection,
  submitApplication,
} from '../domain/application';
import type { EvaluationInput } from '../domain/evaluation';
import { addEvidence, type EvidenceFile } from '../domain/evidence';
import { clarificationNotice, decisionNotice, submittedNotice } from '../domain/notices';
import type { SectionId } from '../domain/sections';
import type { ApplicationRepository } from '../repositories/applications';
import type { MembershipRepository } from '../repositories/memberships';

export interface ApplicationServiceDependencies {
  applications: ApplicationRepository;
  memberships: MembershipRepository;
  outbox: OutboxRepository;
  councils: Pick<CouncilRepository, 'get'>;
  now: () => Date;
}

const actorOf = (user: SignedInUser): Actor => ({ id: user.id, name: user.name, role: user.role });

/**
 * Each change to an application, done once for the API and the pages alike: the domain rule,
 * then one transaction with the audit entry and whatever the change causes (a membership, a
 * message in the outbox). Domain refusals and version conflicts are thrown for the caller to show.
 */
export function createApplicationService(deps: ApplicationServiceDependencies) {
  const { applications, memberships, outbox, councils, now } = deps;

  return {
    async saveSection(
      user: SignedInUser,
      application: Application,
      section: SectionId,
      answers: unknown,
      completed: boolean,
    ) {
      const change = saveSection(application, section, answers, completed, actorOf(user), now());
      await applications.save(change);
      return change.application;
    },

    async submit(user: SignedInUser, application: Application) {
      const at = now();
      const change = submitApplication(application, actorOf(user), at);
      const council = await councils.get(application.councilId);
      // A council with no team mailbox set gets no message: an outbox item with no address would
      // hold up every message behind it in the stream.
      const notices = council?.commissionersEmail
        ? [outbox.insertWrite(submittedNotice(change.application, council, ulid(), at))]
        : [];
      await applications.save(change, notices);
      return change.application;
    },

    async requestClarification(
      user: SignedInUser,
      application: Application,
      request: { question: string; sections: SectionId[] },
    ) {
      const at = now();
      const change = requestClarification(application, request, actorOf(user), at);
      await applications.save(change, [
        outbox.insertWrite(clarificationNotice(change.application, ulid(), at)),
      ]);
      return change.application;
    },

    async addEvidence(user: SignedInUser, application: Application, file: EvidenceFile) {
      const change = addEvidence(application, file, actorOf(user), now());
      await applications.save(change);
      return change.application;
    },

    async evaluate(user: SignedInUser, application: Application, marks: EvaluationInput) {
      const change = evaluateApplication(application, marks, actorOf(user), now());
      await applications.save(change);
      return change.application;
    },

    async approve(user: SignedInUser, application: Application, reasons: string) {
      const at = now();
      const change = approveApplication(application, reasons, ulid(), actorOf(user), at);
      await applications.save(change, [
        memberships.insertWrite(change.membership),
        outbox.insertWrite(decisionNotice(change.application, ulid(), at)),
      ]);
      return change.application;
    },

    async reject(user: SignedInUser, application: Application, reasons: string) {
      const at = now();
      const change = rejectApplication(application, reasons, actorOf(user), at);
      await applications.save(change, [outbox.insertWrite(decisionNotice(change.application, ulid(), at))]);
      return change.application;
    },
  };
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
