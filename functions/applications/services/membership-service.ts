import { ulid } from 'ulid';
import { type Actor, actorOf, type SignedInUser } from '../../../shared/domain/users';
import type { CouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
import {
  acceptRenewal,
  complianceKindNames,
  type Membership,
  MembershipRuleError,
  type Renewal,
  refuseRenewal,
  submitRenewal,
} from '../domain/membership';
import { renewalAcceptedNotice, renewalRefusedNotice, renewalSubmittedNotice } from '../domain/notices';
import type { FrameworkRepository } from '../repositories/frameworks';
import type { MembershipRepository } from '../repositories/memberships';

export interface MembershipServiceDependencies {
  memberships: Pick<MembershipRepository, 'save'>;
  frameworks: Pick<FrameworkRepository, 'get'>;
  /** Told when a membership becomes active again, so the member's activities can be found at once. */
  onReinstated?: (membership: Membership) => Promise<unknown>;
  councils: Pick<CouncilRepository, 'get'>;
  now: () => Date;
}

/** Who accepts a renewal when the framework says a commissioner need not look at it. */
const renewalRule: Actor = { id: 'rule', name: 'Automatic acceptance rule', role: 'admin' };

/** Renewals: the provider sends a document, a commissioner accepts it; each with its audit entry and message. */
export function createMembershipService({
  memberships,
  frameworks,
  councils,
  now,
  onReinstated,
}: MembershipServiceDependencies) {
  /** Accepts a renewal: the item's date moves on, the membership may be reinstated; audited and announced. */
  const accept = async (membership: Membership, renewalId: string, by: Actor) => {
    const at = now();
    const { membership: after, reinstated } = acceptRenewal(
      membership,
      renewalId,
      { id: by.id, name: by.name },
      ukToday(at),
      at,
    );
    const kind = after.renewals?.find((renewal) => renewal.id === renewalId)?.kind;
    // acceptRenewal has already refused an unknown renewal id, so this cannot happen.
    if (!kind) throw new MembershipRuleError('There is no such renewal on this membership.');
    const how = by === renewalRule ? ' under the framework’s rule for this document' : '';
    await memberships.save(
      after,
      {
        at: at.toISOString(),
        actor: by,
        action: reinstated ? 'reinstated' : 'renewal-accepted',
        detail: `Accepted the renewed ${complianceKindNames[kind].toLowerCase()}${how}${reinstated ? '; the membership is active again' : ''}`,
      },
      renewalAcceptedNotice(after, kind, reinstated, ulid(), at),
    );
    if (reinstated && onReinstated) await onReinstated(after);
    return { membership: after, reinstated };
  };

  return {
    /**
     * The provider sends a renewed document. If the framework's rule accepts this kind of document
     * without review, it is accepted at once; otherwise the commissioners are told it is waiting.
     */
    async submitRenewal(
      user: SignedInUser,
      membership: Membership,
      renewal: Pick<Renewal, 'id' | 'kind' | 'expiresOn' | 'document'>,
    ) {
      const at = now();
      const after = submitRenewal(membership, renewal, { id: user.id, name: user.name }, ukToday(at), at);
      const [council, framework] = await Promise.all([
        councils.get(membership.councilId),
        frameworks.get(membership.councilId, membership.frameworkId),
      ]);
      const automatic = framework?.autoAcceptRenewals.includes(renewal.kind) ?? false;
      await memberships.save(
        after,
        {
          at: at.toISOString(),
          actor: actorOf(user),
          action: 'renewal-submitted',
          detail: `Sent a renewed ${complianceKindNames[renewal.kind].toLowerCase()}, expiring ${renewal.expiresOn}`,
        },
        council?.commissionersEmail && !automatic
          ? renewalSubmittedNotice(after, council, renewal.kind, ulid(), at)
          : undefined,
      );
      if (!automatic) return { membership: after, accepted: false, reinstated: false };
      const accepted = await accept(after, renewal.id, renewalRule);
      return { ...accepted, accepted: true };
    },

    async acceptRenewal(user: SignedInUser, membership: Membership, renewalId: string) {
      return accept(membership, renewalId, actorOf(user));
    },

    async refuseRenewal(user: SignedInUser, membership: Membership, renewalId: string, reason: string) {
      const at = now();
      const after = refuseRenewal(membership, renewalId, reason, { id: user.id, name: user.name }, at);
      const renewal = after.renewals?.find((candidate) => candidate.id === renewalId);
      if (!renewal) throw new MembershipRuleError('There is no such renewal on this membership.');
      await memberships.save(
        after,
        {
          at: at.toISOString(),
          actor: actorOf(user),
          action: 'renewal-refused',
          detail: `Refused the renewed ${complianceKindNames[renewal.kind].toLowerCase()}: ${renewal.reason}`,
        },
        renewalRefusedNotice(after, renewal.kind, renewal.reason ?? '', ulid(), at),
      );
      return after;
    },
  };
}

export type MembershipService = ReturnType<typeof createMembershipService>;
