import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../shared/http/problem';
import { formatUkDate as formatDate } from '../../../shared/time/uk-dates';
import { CsrfField, Fields, Fieldset, Radios } from '../../../shared/web/form-components';
import type { FormField, FormValues } from '../../../shared/web/form-fields';
import { NotificationBanner, Table } from '../../../shared/web/govuk-components';
import { Layout, type PageChrome } from '../../../shared/web/layout';
import { type Application, applicationStatusNames, type SectionStatus } from '../domain/application';
import type { EvidenceFile } from '../domain/evidence';
import type { Framework } from '../domain/framework';
import type { Membership } from '../domain/membership';
import { type SectionId, sectionTitles } from '../domain/sections';
import type { applicationView } from '../routes/application-view';
import { AnswersSummary } from './answers-summary';
import { MembershipStatus } from './membership-pages';

type ApplicationView = ReturnType<typeof applicationView>;

const statusTags: Record<SectionStatus, { text: string; colour?: string }> = {
  'not-started': { text: 'Not yet started', colour: 'govuk-tag--blue' },
  'in-progress': { text: 'In progress', colour: 'govuk-tag--light-blue' },
  completed: { text: 'Completed' },
  'not-needed': { text: 'Not needed', colour: 'govuk-tag--grey' },
};

export const applicationStatusColours: Record<Application['status'], string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  'clarification-requested': 'govuk-tag--orange',
  approved: 'govuk-tag--green',
  rejected: 'govuk-tag--red',
};

export const StatusTag: FC<{ status: Application['status'] }> = ({ status }) => (
  <strong class={`govuk-tag ${applicationStatusColours[status]}`}>{applicationStatusNames[status]}</strong>
);

export const ProviderHomePage: FC<{
  chrome: PageChrome;
  organisationName?: string | undefined;
  applications: ApplicationView[];
  frameworks: Framework[];
  memberships: Membership[];
}> = ({ chrome, organisationName, applications, frameworks, memberships }) => (
  <Layout {...chrome}>
    <h1 class="govuk-heading-l">Your applications</h1>
    {organisationName ? (
      <p class="govuk-body">Applying as {organisationName}.</p>
    ) : (
      <>
        <p class="govuk-body">Before you apply, tell us about your organisation.</p>
        <a class="govuk-button" href="/applications/sign-up" draggable="false" data-module="govuk-button">
          Sign up your organisation
        </a>
      </>
    )}
    {memberships.length ? (
      <>
        <h2 class="govuk-heading-m">Your memberships</h2>
        <ul class="govuk-list">
          {memberships.map((membership) => (
            <li>
              <a class="govuk-link" href={`/applications/memberships/${membership.id}`}>
                {membership.frameworkName}
              </a>{' '}
              <MembershipStatus status={membership.status} />
            </li>
          ))}
        </ul>
        <p class="govuk-body">
          <a class="govuk-link" href="/catalogue/provider/activities">
            Your activities and sessions
          </a>
        </p>
      </>
    ) : null}
    {applications.length ? (
      <Table caption="Applications" headings={['Framework', 'Started', 'Status']}>
        {applications.map((application) => (
          <tr class="govuk-table__row">
            <td class="govuk-table__cell">
              <a class="govuk-link" href={`/applications/${application.id}`}>
                {application.framework.name}
              </a>
            </td>
            <td class="govuk-table__cell">{formatDate(application.createdAt)}</td>
            <td class="govuk-table__cell">
              <StatusTag status={application.status} />
            </td>
          </tr>
        ))}
      </Table>
    ) : null}
    {organisationName
      ? frameworks.map((framework) => (
          <form method="post" action="/applications/start" novalidate>
            <CsrfField token={chrome.csrfToken} />
            <input type="hidden" name="frameworkId" value={framework.id} />
            <h2 class="govuk-heading-m">{framework.name}</h2>
            <p class="govuk-body">{framework.description}</p>
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Start an application to join
            </button>
          </form>
        ))
      : null}
  </Layout>
);

export const SignUpPage: FC<{
  chrome: PageChrome;
  fields: FormField[];
  values: FormValues;
  errors?: FieldError[] | undefined;
}> = ({ chrome, fields, values, errors }) => (
  <Layout {...chrome}>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Sign up your organisation</h1>
        <p class="govuk-body">
          We use these details in your applications. You can check them again before you submit.
        </p>
        <form method="post" action="/applications/sign-up" novalidate>
          <CsrfField token={chrome.csrfToken} />
          <Fields fields={fields} values={values} errors={errors} />
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Save and continue
          </button>
        </form>
      </div>
    </div>
  </Layout>
);

export const TaskListPage: FC<{ chrome: PageChrome; application: ApplicationView }> = ({
  chrome,
  application,
}) => {
  const clarification =
    application.status === 'clarification-requested' ? application.clarifications.at(-1) : undefined;
  const canSubmit = application.sections.some((section) => section.editable);
  return (
    <Layout {...chrome}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">{application.framework.name}</span>
          <h1 class="govuk-heading-l">Your application</h1>
          <p class="govuk-body">
            Status: <StatusTag status={application.status} />
          </p>
          {clarification ? (
            <NotificationBanner title="The council has a question" titleId="clarification-title">
              <p class="govuk-body">{clarification.question}</p>
              <p class="govuk-body">
                Change {clarification.sections.map((id) => sectionTitles[id as SectionId]).join(', ')}, then
                submit your application again.
              </p>
            </NotificationBanner>
          ) : null}
          {application.status === 'submitted' ? (
            <p class="govuk-body">
              You submitted this application on {formatDate(application.submittedAt ?? application.updatedAt)}
              . The council will review it and tell you their decision.
            </p>
          ) : null}
          <ul class="govuk-task-list">
            {application.sections.map((section) => {
              const tag = statusTags[section.status];
              const linked = section.editable && section.status !== 'not-needed';
              return (
                <li class={`govuk-task-list__item${linked ? ' govuk-task-list__item--with-link' : ''}`}>
                  <div class="govuk-task-list__name-and-hint">
                    {linked ? (
                      <a
                        class="govuk-link govuk-task-list__link"
                        href={`/applications/${application.id}/sections/${section.id}`}
                        aria-describedby={`${section.id}-status`}
                      >
                        {section.title}
                      </a>
                    ) : (
                      <div>{section.title}</div>
                    )}
                  </div>
                  <div class="govuk-task-list__status" id={`${section.id}-status`}>
                    {section.status === 'completed' ? (
                      tag.text
                    ) : (
                      <strong class={`govuk-tag ${tag.colour ?? ''}`}>{tag.text}</strong>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {canSubmit ? (
            <a
              class="govuk-button"
              href={`/applications/${application.id}/check-answers`}
              draggable="false"
              data-module="govuk-button"
            >
              Check your answers
            </a>
          ) : null}
        </div>
      </div>
    </Layout>
  );
};

export interface EvidenceBlock {
  applicationId: string;
  files: EvidenceFile[];
  /** The presigned S3 form; absent when files can no longer be added. */
  upload?: { url: string; fields: Record<string, string> };
  error?: string;
}

const fileKinds: Record<EvidenceFile['contentType'], string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
};

/** Files for a section: a list with download links, and an upload form that posts straight to S3. */
export const EvidenceFiles: FC<{ evidence: EvidenceBlock }> = ({ evidence }) => (
  <div id="evidence" class="govuk-!-margin-bottom-8">
    <h2 class="govuk-heading-m">Documents</h2>
    {evidence.files.length ? (
      <ul class="govuk-list govuk-list--bullet">
        {evidence.files.map((file) => (
          <li>
            <a class="govuk-link" href={`/applications/${evidence.applicationId}/evidence/${file.id}`}>
              {fileKinds[file.contentType]} uploaded {formatDate(file.uploadedAt)} (
              {Math.ceil(file.sizeBytes / 1024)} KB)
            </a>
          </li>
        ))}
      </ul>
    ) : (
      <p class="govuk-body">No documents uploaded yet.</p>
    )}
    {evidence.upload ? (
      <form method="post" action={evidence.upload.url} enctype="multipart/form-data" novalidate>
        {Object.entries(evidence.upload.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <div class={`govuk-form-group${evidence.error ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--s" for="file">
            Upload a certificate or policy
          </label>
          <div id="file-hint" class="govuk-hint">
            PDF, JPG or PNG, smaller than 10 MB
          </div>
          {evidence.error ? (
            <p id="file-error" class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {evidence.error}
            </p>
          ) : null}
          <input
            class={`govuk-file-upload${evidence.error ? ' govuk-file-upload--error' : ''}`}
            id="file"
            name="file"
            type="file"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            aria-describedby={`file-hint${evidence.error ? ' file-error' : ''}`}
          />
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          Upload file
        </button>
      </form>
    ) : null}
  </div>
);

const completedOptions = [
  { value: 'yes', label: 'Yes, I’ve completed this section' },
  { value: 'no', label: 'No, I’ll come back to it later' },
];

export const SectionPage: FC<{
  chrome: PageChrome;
  application: ApplicationView;
  section: SectionId;
  fields: FormField[];
  values: FormValues;
  completed: boolean | undefined;
  errors?: FieldError[] | undefined;
  evidence?: EvidenceBlock | undefined;
}> = ({ chrome, application, section, fields, values, completed, errors, evidence }) => {
  const completedError = errors?.find((error) => error.field === 'completed')?.message;
  return (
    <Layout {...chrome}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <a href={`/applications/${application.id}`} class="govuk-back-link">
            Back to your application
          </a>
          <span class="govuk-caption-l">{application.framework.name}</span>
          <h1 class="govuk-heading-l">{sectionTitles[section]}</h1>
          {evidence ? <EvidenceFiles evidence={evidence} /> : null}
          <form method="post" action={`/applications/${application.id}/sections/${section}`} novalidate>
            <CsrfField token={chrome.csrfToken} />
            <Fields fields={fields} values={values} errors={errors} />
            <Fieldset legend="Have you completed this section?" heading id="completed" error={completedError}>
              <Radios
                id="completed"
                name="completed"
                options={completedOptions}
                value={completed === true ? 'yes' : completed === false ? 'no' : undefined}
              />
            </Fieldset>
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Save and continue
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
};

export const CheckAnswersPage: FC<{
  chrome: PageChrome;
  application: ApplicationView;
  sections: { id: SectionId; fields: FormField[]; editable: boolean }[];
}> = ({ chrome, application, sections }) => (
  <Layout {...chrome}>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <a href={`/applications/${application.id}`} class="govuk-back-link">
          Back to your application
        </a>
        <h1 class="govuk-heading-l">Check your answers before you submit</h1>
        {sections.map(({ id, fields, editable }) => (
          <>
            <h2 class="govuk-heading-m" id={`section-${id}`}>
              {sectionTitles[id]}
            </h2>
            <AnswersSummary
              fields={fields}
              answers={(application.answers[id] ?? {}) as Record<string, unknown>}
              changeHref={editable ? `/applications/${application.id}/sections/${id}` : undefined}
            />
          </>
        ))}
        {application.sections.some((section) => section.editable) ? (
          <form method="post" action={`/applications/${application.id}/submit`} novalidate>
            <CsrfField token={chrome.csrfToken} />
            <input type="hidden" name="version" value={String(application.version)} />
            <h2 class="govuk-heading-m">Now submit your application</h2>
            <p class="govuk-body">
              By submitting you confirm that the details you are providing are correct.
            </p>
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Submit application
            </button>
          </form>
        ) : null}
      </div>
    </div>
  </Layout>
);

export const SubmittedPage: FC<{ chrome: PageChrome; application: ApplicationView }> = ({
  chrome,
  application,
}) => (
  <Layout {...chrome}>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <div class="govuk-panel govuk-panel--confirmation">
          <h1 class="govuk-panel__title">Application submitted</h1>
          <div class="govuk-panel__body">{application.framework.name}</div>
        </div>
        <h2 class="govuk-heading-m">What happens next</h2>
        <p class="govuk-body">
          A commissioner will review your application. They may ask you a question about it; if they do, we
          will email you and you can answer it here.
        </p>
        <p class="govuk-body">
          <a class="govuk-link" href="/applications">
            Back to your applications
          </a>
        </p>
      </div>
    </div>
  </Layout>
);
