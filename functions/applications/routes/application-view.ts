import {
  type Application,
  editableSections,
  missingForSubmission,
  sectionStatus,
} from '../domain/application';
import { sectionIds, sectionTitles } from '../domain/sections';

/** An application as the API and the pages show it: answers, each section's status, what is missing. */
export function applicationView(application: Application, now: Date) {
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
    ...(application.submittedAt ? { submittedAt: application.submittedAt } : {}),
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
  };
}
