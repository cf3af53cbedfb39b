import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../shared/http/problem';
import { formatUkDate } from '../../../shared/time/uk-dates';
import { CsrfField, ErrorMessage, Fields } from '../../../shared/web/form-components';
import type { FormField, FormValues } from '../../../shared/web/form-fields';
import { Table, WarningText } from '../../../shared/web/govuk-components';
import { Layout, type PageChrome } from '../../../shared/web/layout';
import { complianceItemState, complianceKindNames, type Membership } from '../domain/membership';

const itemStates = {
  expired: { text: 'Expired', colour: 'govuk-tag--red' },
  'expiring-soon': { text: 'Expires soon', colour: 'govuk-tag--yellow' },
  'in-date': { text: 'In date', colour: 'govuk-tag--green' },
};

const statusColours: Record<Membership['status'], string> = {
  active: 'govuk-tag--green',
  suspended: 'govuk-tag--red',
  ended: 'govuk-tag--grey',
};

export const MembershipStatus: FC<{ status: Membership['status'] }> = ({ status }) => (
  <strong class={`govuk-tag ${statusColours[status]}`}>
    {status.charAt(0).toUpperCase() + status.slice(1)}
  </strong>
);

/** The documents a membership depends on, their expiry, and renewals waiting for the council. */
const ComplianceTable: FC<{ membership: Membership; today: string; documentLinks: boolean }> = ({
  membership,
  today,
  documentLinks,
}) => (
  <Table caption="Documents" headings={['Document', 'Expires', 'Status', 'Renewal']}>
    {membership.complianceItems.map((item) => {
      const state = itemStates[complianceItemState(item, today)];
      const waiting = membership.renewals?.find(
        (renewal) => renewal.kind === item.kind && renewal.status === 'awaiting-review',
      );
      const latest = membership.renewals?.filter((renewal) => renewal.kind === item.kind).at(-1);
      const refused = latest?.status === 'refused' ? latest : undefined;
      return (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            {complianceKindNames[item.kind]}
            {item.mandatory ? '' : ' (not required)'}
          </td>
          <td class="govuk-table__cell">{formatUkDate(item.expiresOn)}</td>
          <td class="govuk-table__cell">
            <strong class={`govuk-tag ${state.colour}`}>{state.text}</strong>
          </td>
          <td class="govuk-table__cell">
            {waiting ? (
              documentLinks ? (
                <a
                  class="govuk-link"
                  href={`/applications/memberships/${membership.id}/renewals/${waiting.id}/document`}
                >
                  Renewal to {formatUkDate(waiting.expiresOn)}, waiting for review
                </a>
              ) : (
                `Renewal to ${formatUkDate(waiting.expiresOn)}, waiting for review`
              )
            ) : refused ? (
              `Not accepted: ${refused.reason ?? ''}`
            ) : (
              'None'
            )}
          </td>
        </tr>
      );
    })}
  </Table>
);

export const ProviderMembershipPage: FC<{
  chrome: PageChrome;
  membership: Membership;
  today: string;
  fields: FormField[];
  values: FormValues;
  errors?: FieldError[] | undefined;
  notice?: string | undefined;
}> = ({ chrome, membership, today, fields, values, errors, notice }) => (
  <Layout {...chrome}>
    <a href="/applications" class="govuk-back-link">
      Back to your applications
    </a>
    <span class="govuk-caption-l">{membership.frameworkName}</span>
    <h1 class="govuk-heading-l">Your membership</h1>
    <p class="govuk-body">
      Status: <MembershipStatus status={membership.status} />
    </p>
    {notice ? (
      <div class="govuk-inset-text" role="status">
        {notice}
      </div>
    ) : null}
    {membership.status === 'suspended' ? (
      <WarningText>
        Your membership is suspended: your sessions are hidden and cannot be booked. Send the renewed
        documents below.
      </WarningText>
    ) : null}
    <ComplianceTable membership={membership} today={today} documentLinks={true} />
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h2 class="govuk-heading-m">Send a renewed document</h2>
        <form method="post" action={`/applications/memberships/${membership.id}/renewals`} novalidate>
          <CsrfField token={chrome.csrfToken} />
          <Fields fields={fields} values={values} errors={errors} />
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Continue
          </button>
        </form>
      </div>
    </div>
  </Layout>
);

export const RenewalUploadPage: FC<{
  chrome: PageChrome;
  membership: Membership;
  kindName: string;
  expiresOn: string;
  upload: { url: string; fields: Record<string, string> };
}> = ({ chrome, membership, kindName, expiresOn, upload }) => (
  <Layout {...chrome}>
    <a href={`/applications/memberships/${membership.id}`} class="govuk-back-link">
      Back
    </a>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">
          {kindName}, renewed to {formatUkDate(expiresOn)}
        </span>
        <h1 class="govuk-heading-l">Upload the renewed document</h1>
        <form method="post" action={upload.url} enctype="multipart/form-data" novalidate>
          {Object.entries(upload.fields).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="file">
              Upload a file
            </label>
            <div id="file-hint" class="govuk-hint">
              PDF, JPG or PNG, smaller than 10 MB
            </div>
            <input
              class="govuk-file-upload"
              id="file"
              name="file"
              type="file"
              accept=".pdf,.jpg,.jpeg,.png"
              aria-describedby="file-hint"
            />
          </div>
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Send for review
          </button>
        </form>
      </div>
    </div>
  </Layout>
);

export const StaffMembershipPage: FC<{
  chrome: PageChrome;
  membership: Membership;
  today: string;
  /** A refusal sent without a reason: which renewal, to show the message beside its field. */
  refusalError?: { renewalId: string; message: string } | undefined;
}> = ({ chrome, membership, today, refusalError }) => {
  const waiting = (membership.renewals ?? []).filter((renewal) => renewal.status === 'awaiting-review');
  return (
    <Layout {...chrome}>
      <a href="/applications/members" class="govuk-back-link">
        Back to framework members
      </a>
      <span class="govuk-caption-l">{membership.frameworkName}</span>
      <h1 class="govuk-heading-l">{membership.providerName}</h1>
      <p class="govuk-body">
        Status: <MembershipStatus status={membership.status} />
      </p>
      <ComplianceTable membership={membership} today={today} documentLinks={true} />
      <h2 class="govuk-heading-m">Renewals to check</h2>
      {waiting.length ? (
        waiting.map((renewal) => (
          <form
            method="post"
            action={`/applications/members/${membership.id}/renewals/${renewal.id}/accept`}
            novalidate
          >
            <CsrfField token={chrome.csrfToken} />
            <input type="hidden" name="version" value={String(membership.version)} />
            <p class="govuk-body">
              {complianceKindNames[renewal.kind]}, renewed to {formatUkDate(renewal.expiresOn)}, sent by{' '}
              {renewal.submittedBy.name} on {formatUkDate(renewal.submittedAt)}.{' '}
              <a
                class="govuk-link"
                href={`/applications/memberships/${membership.id}/renewals/${renewal.id}/document`}
              >
                Download the document
              </a>
            </p>
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Accept renewal
              <span class="govuk-visually-hidden">
                {' '}
                of the {complianceKindNames[renewal.kind].toLowerCase()}
              </span>
            </button>
          </form>
        ))
      ) : (
        <p class="govuk-body">There are no renewals waiting.</p>
      )}
      {waiting.map((renewal) => {
        const id = `reason-${renewal.id}`;
        const error = refusalError?.renewalId === renewal.id ? refusalError.message : undefined;
        return (
          <form
            method="post"
            action={`/applications/members/${membership.id}/renewals/${renewal.id}/refuse`}
            novalidate
          >
            <CsrfField token={chrome.csrfToken} />
            <input type="hidden" name="version" value={String(membership.version)} />
            <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label govuk-label--s" for={id}>
                Reason for refusing the {complianceKindNames[renewal.kind].toLowerCase()}
              </label>
              <ErrorMessage id={id} text={error} />
              <textarea
                class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
                id={id}
                name="reason"
                rows={3}
                aria-describedby={error ? `${id}-error` : undefined}
              />
            </div>
            <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
              Refuse renewal
              <span class="govuk-visually-hidden">
                {' '}
                of the {complianceKindNames[renewal.kind].toLowerCase()}
              </span>
            </button>
          </form>
        );
      })}
    </Layout>
  );
};
