import { ulid } from 'ulid';
import type { SignedInUser } from '../../../shared/domain/users';
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
import type { MembershipRepository } from '../repositories/memberships';

export interface MembershipServiceDependencies {
  memberships: Pick<MembershipRepository, 'save'>;
  councils: Pick<CouncilRepository, 'get'>;
  now: () => Date;
}

const actorOf = (user: SignedInUser) => ({ id: user.id, name: user.name, role: user.role });

/** Renewals: the provider sends a document, a commissioner accepts it; each with its audit entry and message. */
export function createMembershipService({ memberships, councils, now }: MembershipServiceDependencies) {
  return {
    async submitRenewal(
      user: SignedInUser,
      membership: Membership,
      renewal: Pick<Renewal, 'id' | 'kind' | 'expiresOn' | 'document'>,
    ) {
      const at = now();
      const after = submitRenewal(membership, renewal, { id: user.id, name: user.name }, ukToday(at), at);
      const council = await councils.get(membership.councilId);
      await memberships.save(
        after,
        {
          at: at.toISOString(),
          actor: actorOf(user),
          action: 'renewal-submitted',
          detail: `Sent a renewed ${complianceKindNames[renewal.kind].toLowerCase()}, expiring ${renewal.expiresOn}`,
        },
        council?.commissionersEmail
          ? renewalSubmittedNotice(after, council, renewal.kind, ulid(), at)
          : undefined,
      );
      return after;
    },

    async acceptRenewal(user: SignedInUser, membership: Membership, renewalId: string) {
      const at = now();
      const { membership: after, reinstated } = acceptRenewal(
        membership,
        renewalId,
        { id: user.id, name: user.name },
        ukToday(at),
        at,
      );
      const kind = after.renewals?.find((renewal) => renewal.id === renewalId)?.kind;
      // acceptRenewal has already refused an unknown renewal id, so this cannot happen.
      if (!kind) throw new MembershipRuleError('There is no such renewal on this membership.');
      await memberships.save(
        after,
        {
          at: at.toISOString(),
          actor: actorOf(user),
          action: reinstated ? 'reinstated' : 'renewal-accepted',
          detail: `Accepted the renewed ${complianceKindNames[kind].toLowerCase()}${reinstated ? '; the membership is active again' : ''}`,
        },
        renewalAcceptedNotice(after, kind, reinstated, ulid(), at),
      );
      return { membership: after, reinstated };
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
