import { ulid } from 'ulid';
import type { Logger } from '../../../shared/log/logger';
import type { CouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
import type { Actor } from '../domain/application';
import { checkCompliance, complianceKindNames, suspendMembership } from '../domain/membership';
import { expiryReminderNotice, suspensionNotice } from '../domain/notices';
import { VersionConflictError } from '../repositories/applications';
import type { MembershipRepository } from '../repositories/memberships';

export interface ComplianceSweepDependencies {
  councils: Pick<CouncilRepository, 'list'>;
  memberships: Pick<MembershipRepository, 'listByCouncil' | 'remindOnce' | 'save'>;
  logger: Logger;
}

export interface ComplianceSweepResult {
  memberships: number;
  reminded: number;
  suspended: number;
}

/** Suspensions are made by the service itself; the audit trail says so. */
const dailyCheck: Actor = { id: 'system', name: 'Daily compliance check', role: 'admin' };

/**
 * The daily compliance check, for every council: reminds providers of items expiring within 30
 * days (once per item and date, however often it runs), and suspends memberships with a
 * mandatory item past its expiry. Safe to run twice: the second run changes nothing.
 */
export async function runComplianceSweep(
  deps: ComplianceSweepDependencies,
  now: Date,
): Promise<ComplianceSweepResult> {
  const today = ukToday(now);
  const result: ComplianceSweepResult = { memberships: 0, reminded: 0, suspended: 0 };
  for (const council of await deps.councils.list()) {
    for (const membership of await deps.memberships.listByCouncil(council.id)) {
      if (membership.status === 'ended') continue;
      result.memberships += 1;
      const check = checkCompliance(membership, today);
      for (const item of check.expiringSoon) {
        if (
          await deps.memberships.remindOnce(
            membership,
            item,
            expiryReminderNotice(membership, item, ulid(), now),
          )
        )
          result.reminded += 1;
      }
      if (!check.suspend) continue;
      try {
        await deps.memberships.save(
          suspendMembership(membership, now),
          {
            at: now.toISOString(),
            actor: dailyCheck,
            action: 'suspended',
            detail: `Suspended: ${check.lapsed.map((item) => `${complianceKindNames[item.kind]} expired ${item.expiresOn}`).join('; ')}`,
          },
          suspensionNotice(membership, check.lapsed, ulid(), now),
        );
        result.suspended += 1;
      } catch (error) {
        // Someone changed the membership as we read it; tomorrow's run will look again.
        if (!(error instanceof VersionConflictError)) throw error;
        deps.logger.warn('membership changed during the compliance check', { membershipId: membership.id });
      }
    }
  }
  return result;
}
