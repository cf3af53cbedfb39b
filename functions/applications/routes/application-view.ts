import {
  type Application,
  editableSections,
  missingForSubmission,
  sectionStatus,
} from '../domain/application';
import { reasonsNotToApprove, weightedScore } from '../domain/evaluation';
import { sectionIds, sectionTitles } from '../domain/sections';

/**
 * An application as the API and the pages show it: answers, each section's status, what is
 * missing. Council staff also see the evaluation, the computed score and what blocks approval.
 */
export function applicationView(application: Application, now: Date, forStaff = false) {
  const editable = editableSections(application);
  return {
    id: application.id,
    status: application.status,
    version: application.version,
    framework: {
      id: application.framework.id,
      name: application.framework.name,
      version: application.framework.version,
    },
    providerName: application.providerName,
    microProvider: application.microProvider,
    sections: sectionIds.map((id) => ({
      id,
      title: sectionTitles[id],
      status: sectionStatus(application, id),
      editable: editable.includes(id),
    })),
    answers: Object.fromEntries(
      Object.entries(application.sections).map(([id, saved]) => [id, saved?.answers ?? {}]),
    ),
    missing: editable.length ? missingForSubmission(application, now) : [],
    clarifications: application.clarifications.map(({ question, sections, askedAt, answeredAt }) => ({
      question,
      sections,
      askedAt,
      ...(answeredAt ? { answeredAt } : {}),
    })),
    ...(application.decision
      ? {
          decision: {
            outcome: application.decision.outcome,
            reasons: application.decision.reasons,
            at: application.decision.at,
          },
        }
      : {}),
    ...(forStaff
      ? {
          evaluation: application.evaluation
            ? {
                criteria: application.evaluation.criteria,
                scores: application.evaluation.scores,
                evaluatedBy: application.evaluation.evaluatedBy.name,
                evaluatedAt: application.evaluation.evaluatedAt,
                score: weightedScore(application.framework, application.evaluation.scores),
              }
            : undefined,
          blockersToApproval: reasonsNotToApprove(application.framework, application.evaluation),
        }
      : {}),
    ...(application.submittedAt ? { submittedAt: application.submittedAt } : {}),
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
  };
}
