import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../shared/http/problem';
import { formatUkDate as formatDate } from '../../../shared/time/uk-dates';
import { CsrfField, Fields } from '../../../shared/web/form-components';
import type { FormField, FormValues } from '../../../shared/web/form-fields';
import { Table, WarningText } from '../../../shared/web/govuk-components';
import { HistoryTable } from '../../../shared/web/history-table';
import { Layout, type PageChrome } from '../../../shared/web/layout';
import {
  type ApplicationStatus,
  type AuditEntry,
  applicationStatuses,
  applicationStatusNames,
} from '../domain/application';
import type { EvidenceFile } from '../domain/evidence';
import type { FrameworkSnapshot } from '../domain/framework';
import { complianceKindNames, type Membership, nextExpiry } from '../domain/membership';
import { type SectionId, sectionTitles } from '../domain/sections';
import type { applicationView } from '../routes/application-view';
import { AnswersSummary } from './answers-summary';
import { StatusTag } from './provider-pages';

type ApplicationView = ReturnType<typeof applicationView>;

const daysSince = (iso: string, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000));

export const QueuePage: FC<{
  chrome: PageChrome;
  applications: ApplicationView[];
  status: ApplicationStatus;
  lot: string | undefined;
  lots: { id: string; name: string }[];
  now: Date;
}> = ({ chrome, applications, status, lot, lots, now }) => (
  <Layout {...chrome}>
    <h1 class="govuk-heading-l">Applications to review</h1>
    <p class="govuk-body">
      <a class="govuk-link" href="/applications/members">
        Framework members and compliance
      </a>{' '}
      <a class="govuk-link" href="/applications/frameworks">
        Frameworks
      </a>
    </p>
    <form method="get" action="/applications/review" novalidate class="govuk-!-margin-bottom-6">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third">
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="status">
              Status
            </label>
            <select class="govuk-select" id="status" name="status">
              {applicationStatuses.map((value) => (
                <option value={value} selected={value === status}>
                  {applicationStatusNames[value]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="govuk-grid-column-one-third">
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="lot">
              Lot
            </label>
            <select class="govuk-select" id="lot" name="lot">
              <option value="" selected={!lot}>
                All lots
              </option>
              {lots.map((option) => (
                <option value={option.id} selected={option.id === lot}>
                  {option.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        Apply filters
      </button>
    </form>
    {applications.length ? (
      <Table
        caption={`${applicationStatusNames[status]} (${applications.length}), oldest first`}
        headings={['Provider', 'Lots', 'Since', { text: 'Days waiting', numeric: true }]}
      >
        {applications.map((application) => {
          const since = application.submittedAt ?? application.createdAt;
          const lotIds = (application.answers.lots?.lotIds as string[] | undefined) ?? [];
          return (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">
                <a class="govuk-link" href={`/applications/review/${application.id}`}>
                  {application.providerName}
                </a>
                {application.microProvider ? <span class="govuk-body-s"> (micro-provider)</span> : null}
              </td>
              <td class="govuk-table__cell">
                {lotIds.map((id) => lots.find((l) => l.id === id)?.name ?? id).join(', ')}
              </td>
              <td class="govuk-table__cell">{formatDate(since)}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{daysSince(since, now)}</td>
            </tr>
          );
        })}
      </Table>
    ) : (
      <p class="govuk-body">There are no applications with this status{lot ? ' in this lot' : ''}.</p>
    )}
  </Layout>
);

export interface ReviewForms {
  evaluation: { fields: FormField[]; values: FormValues; errors?: FieldError[] | undefined };
  clarification: { fields: FormField[]; values: FormValues; errors?: FieldError[] | undefined };
  decision: { fields: FormField[]; values: FormValues; errors?: FieldError[] | undefined };
}

export const ReviewPage: FC<{
  chrome: PageChrome;
  application: ApplicationView;
  framework: FrameworkSnapshot;
  sections: { id: SectionId; fields: FormField[] }[];
  audit: AuditEntry[];
  forms: ReviewForms;
  files: EvidenceFile[];
  /** The provider's other applications and their memberships, in this council. */
  history: {
    applications: { id: string; frameworkName: string; status: ApplicationStatus; createdAt: string }[];
    memberships: Membership[];
  };
}> = ({ chrome, application, framework, sections, audit, forms, files, history }) => {
  const underReview = application.status === 'submitted';
  const score = application.evaluation?.score;
  return (
    <Layout {...chrome}>
      <a href="/applications/review" class="govuk-back-link">
        Back to applications
      </a>
      <span class="govuk-caption-l">{framework.name}</span>
      <h1 class="govuk-heading-l">{application.providerName}</h1>
      <p class="govuk-body">
        Status: <StatusTag status={application.status} />
        {application.microProvider ? ' Micro-provider (8 or fewer workers).' : ''}
      </p>
      {application.decision ? (
        <div class="govuk-inset-text">
          {application.decision.outcome === 'approved' ? 'Approved' : 'Rejected'} on{' '}
          {formatDate(application.decision.at)}
          {application.decision.reasons ? `: ${application.decision.reasons}` : '.'}
        </div>
      ) : null}

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h2 class="govuk-heading-l">Answers</h2>
          {sections.map(({ id, fields }) => {
            const answers = (application.answers[id] ?? {}) as Record<string, unknown>;
            return (
              <>
                <h3 class="govuk-heading-m">{sectionTitles[id]}</h3>
                {files.filter((file) => file.section === id).length ? (
                  <ul class="govuk-list govuk-list--bullet">
                    {files
                      .filter((file) => file.section === id)
                      .map((file) => (
                        <li>
                          <a class="govuk-link" href={`/applications/${application.id}/evidence/${file.id}`}>
                            Download {file.contentType === 'application/pdf' ? 'PDF' : 'image'} uploaded{' '}
                            {formatDate(file.uploadedAt)}
                          </a>
                        </li>
                      ))}
                  </ul>
                ) : null}
                <AnswersSummary fields={fields} answers={answers} />
              </>
            );
          })}

          {application.clarifications.length ? (
            <>
              <h2 class="govuk-heading-l">Clarification rounds</h2>
              <ol class="govuk-list govuk-list--number">
                {application.clarifications.map((round) => (
                  <li>
                    Asked {formatDate(round.askedAt)}: “{round.question}” (
                    {round.sections.map((id) => sectionTitles[id as SectionId]).join(', ')}).{' '}
                    {round.answeredAt
                      ? `Resubmitted ${formatDate(round.answeredAt)}.`
                      : 'Waiting for the provider.'}
                  </li>
                ))}
              </ol>
            </>
          ) : null}

          {underReview ? (
            <>
              <h2 class="govuk-heading-l" id="evaluation">
                Evaluation
              </h2>
              {score ? (
                <div class="govuk-inset-text">
                  Weighted score: {score.total} out of {score.maximum} ({score.percent}%). The pass mark is{' '}
                  {score.passMarkPercent}%.
                </div>
              ) : null}
              <form method="post" action={`/applications/review/${application.id}/evaluation`} novalidate>
                <CsrfField token={chrome.csrfToken} />
                <input type="hidden" name="version" value={String(application.version)} />
                <Fields
                  fields={forms.evaluation.fields}
                  values={forms.evaluation.values}
                  errors={forms.evaluation.errors}
                />
                <button type="submit" class="govuk-button" data-module="govuk-button">
                  Save evaluation
                </button>
              </form>

              <h2 class="govuk-heading-l" id="decision">
                Decision
              </h2>
              {application.blockersToApproval?.length ? (
                <WarningText>
                  You cannot approve this application yet: {application.blockersToApproval.join(' ')}
                </WarningText>
              ) : null}
              <form method="post" action={`/applications/review/${application.id}/decision`} novalidate>
                <CsrfField token={chrome.csrfToken} />
                <input type="hidden" name="version" value={String(application.version)} />
                <Fields
                  fields={forms.decision.fields}
                  values={forms.decision.values}
                  errors={forms.decision.errors}
                />
                <button type="submit" class="govuk-button" data-module="govuk-button">
                  Record decision
                </button>
              </form>

              <h2 class="govuk-heading-l" id="clarification">
                Ask for clarification
              </h2>
              <form method="post" action={`/applications/review/${application.id}/clarification`} novalidate>
                <CsrfField token={chrome.csrfToken} />
                <input type="hidden" name="version" value={String(application.version)} />
                <Fields
                  fields={forms.clarification.fields}
                  values={forms.clarification.values}
                  errors={forms.clarification.errors}
                />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                  Send back to the provider
                </button>
              </form>
            </>
          ) : null}

          <h2 class="govuk-heading-l">The provider’s record</h2>
          {history.memberships.length || history.applications.length ? (
            <ul class="govuk-list govuk-list--bullet">
              {history.memberships.map((membership) => (
                <li>
                  Member of {membership.frameworkName} since {formatDate(membership.startsOn)}:{' '}
                  <a class="govuk-link" href={`/applications/members/${membership.id}`}>
                    {membership.status}
                  </a>
                </li>
              ))}
              {history.applications.map((other) => (
                <li>
                  <a class="govuk-link" href={`/applications/review/${other.id}`}>
                    Application to {other.frameworkName}
                  </a>
                  , started {formatDate(other.createdAt)}:{' '}
                  {applicationStatusNames[other.status].toLowerCase()}
                </li>
              ))}
            </ul>
          ) : (
            <p class="govuk-body">This is the provider’s first application here.</p>
          )}

          <h2 class="govuk-heading-l">History</h2>
          <HistoryTable caption="Audit trail, oldest first" entries={audit} />
        </div>
      </div>
    </Layout>
  );
};

export const MembersPage: FC<{
  chrome: PageChrome;
  memberships: Membership[];
  lots: { id: string; name: string }[];
}> = ({ chrome, memberships, lots }) => (
  <Layout {...chrome}>
    <a href="/applications/review" class="govuk-back-link">
      Back to applications
    </a>
    <h1 class="govuk-heading-l">Framework members</h1>
    {memberships.length ? (
      <Table
        caption="Suspended members first, then by the soonest expiry"
        headings={['Provider', 'Status', 'Lots', 'Next expiry']}
      >
        {memberships.map((membership) => {
          const expiring = membership.complianceItems.find(
            (item) => item.expiresOn === nextExpiry(membership),
          );
          return (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">
                <a class="govuk-link" href={`/applications/members/${membership.id}`}>
                  {membership.providerName}
                </a>
              </td>
              <td class="govuk-table__cell">
                <strong
                  class={`govuk-tag ${membership.status === 'active' ? 'govuk-tag--green' : membership.status === 'suspended' ? 'govuk-tag--red' : 'govuk-tag--grey'}`}
                >
                  {membership.status.charAt(0).toUpperCase() + membership.status.slice(1)}
                </strong>
              </td>
              <td class="govuk-table__cell">
                {membership.lotIds.map((id) => lots.find((l) => l.id === id)?.name ?? id).join(', ')}
              </td>
              <td class="govuk-table__cell">
                {expiring
                  ? `${complianceKindNames[expiring.kind]}, ${formatDate(expiring.expiresOn)}`
                  : 'None'}
              </td>
            </tr>
          );
        })}
      </Table>
    ) : (
      <p class="govuk-body">No providers have joined the framework yet.</p>
    )}
  </Layout>
);
