import { ulid } from 'ulid';
import { actorOf, type SignedInUser } from '../../../shared/domain/users';
import type { CouncilRepository } from '../../../shared/table/councils';
import type { OutboxRepository } from '../../../shared/table/outbox';
import { ukToday } from '../../../shared/time/uk-dates';
import {
  type Application,
  ApplicationRuleError,
  approveApplication,
  evaluateApplication,
  holdsFrameworkPlace,
  rejectApplication,
  requestClarification,
  saveSection,
  startApplication,
  submitApplication,
} from '../domain/application';
import type { EvaluationInput } from '../domain/evaluation';
import { addEvidence, type EvidenceFile } from '../domain/evidence';
import { type Framework, isOpenForApplications } from '../domain/framework';
import { clarificationNotice, decisionNotice, submittedNotice } from '../domain/notices';
import type { SectionId } from '../domain/sections';
import type { ApplicationRepository } from '../repositories/applications';
import type { MembershipRepository } from '../repositories/memberships';
import type { ProviderOrganisation } from '../repositories/providers';

export interface ApplicationServiceDependencies {
  applications: ApplicationRepository;
  memberships: MembershipRepository;
  outbox: OutboxRepository;
  councils: Pick<CouncilRepository, 'get'>;
  now: () => Date;
}

/**
 * Each change to an application, done once for the API and the pages alike: the domain rule,
 * then one transaction with the audit entry and whatever the change causes (a membership, a
 * message in the outbox). Domain refusals and version conflicts are thrown for the caller to show.
 */
export function createApplicationService(deps: ApplicationServiceDependencies) {
  const { applications, memberships, outbox, councils, now } = deps;

  /**
   * One application, and one membership, per provider per framework. The claim written with the
   * application settles a race; this check gives the usual case a clear message first.
   */
  const refuseSecondPlace = async (
    user: SignedInUser,
    framework: Framework,
    organisation: ProviderOrganisation,
  ) => {
    const [member, pending] = await Promise.all([
      memberships
        .listForProvider(user.councilId, organisation.id)
        .then((all) => all.find((m) => m.frameworkId === framework.id && m.status !== 'ended')),
      applications
        .listForProvider(user.councilId, organisation.id)
        .then((all) => all.find((a) => a.framework.id === framework.id && holdsFrameworkPlace(a))),
    ]);
    const field = { field: 'frameworkId' };
    if (member)
      throw new ApplicationRuleError('duplicate', `You are already a member of ${framework.name}.`, [
        { ...field, message: 'You are already a member of this framework' },
      ]);
    if (pending)
      throw new ApplicationRuleError(
        'duplicate',
        `You already have an application to join ${framework.name}. Carry on with that one.`,
        [{ ...field, message: 'You already have an application to this framework' }],
      );
  };

  return {
    /** A new draft, if the framework is taking applications today (UK date). */
    async start(user: SignedInUser, framework: Framework, organisation: ProviderOrganisation) {
      const at = now();
      if (!isOpenForApplications(framework, ukToday(at))) {
        throw new ApplicationRuleError('closed', 'This framework is not open for applications today.', [
          { field: 'frameworkId', message: 'This framework is not taking applications now' },
        ]);
      }
      await refuseSecondPlace(user, framework, organisation);
      const change = startApplication({
        id: ulid(),
        framework,
        provider: { id: organisation.id, details: organisation.details },
        actor: actorOf(user),
        now: at,
      });
      await applications.create(change);
      return change.application;
    },

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
      await applications.save(change, [
        applications.releaseClaimWrite(change.application),
        outbox.insertWrite(decisionNotice(change.application, ulid(), at)),
      ]);
      return change.application;
    },
  };
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
