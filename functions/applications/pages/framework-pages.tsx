import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../shared/http/problem';
import { formatUkDate } from '../../../shared/time/uk-dates';
import { CsrfField, Fields } from '../../../shared/web/form-components';
import type { FormField, FormValues } from '../../../shared/web/form-fields';
import { SummaryRow } from '../../../shared/web/govuk-components';
import { HistoryTable } from '../../../shared/web/history-table';
import { Layout, type PageChrome } from '../../../shared/web/layout';
import type { Framework, FrameworkAuditEntry } from '../domain/framework';
import { complianceKindNames, complianceKinds } from '../domain/membership';

const rows = (count: number, make: (row: number) => FormField[]) =>
  Array.from({ length: count }, (_, row) => make(row)).flat();

/** The framework form: repeated rows for lots, criteria, questions and windows; empty rows are left out. */
export const frameworkFields: FormField[] = [
  { path: 'name', kind: 'text', label: 'Name' },
  { path: 'description', kind: 'textarea', label: 'Description' },
  { path: 'term.starts', kind: 'date', label: 'Term starts', group: 'Term' },
  { path: 'term.ends', kind: 'date', label: 'Term ends', group: 'Term' },
  {
    path: 'admission.kind',
    kind: 'radios',
    label: 'When can providers apply?',
    group: 'Admission',
    options: [
      { value: 'rolling', label: 'At any time (rolling admission)' },
      { value: 'windows', label: 'Only while a window is open (at most 8 years)' },
    ],
  },
  ...rows(3, (row) => [
    {
      path: `admission.windows.${row}.opens`,
      kind: 'date',
      label: `Window ${row + 1} opens`,
      group: 'Admission',
    },
    {
      path: `admission.windows.${row}.closes`,
      kind: 'date',
      label: `Window ${row + 1} closes`,
      group: 'Admission',
    },
  ]),
  ...rows(8, (row) => [
    {
      path: `lots.${row}.id`,
      kind: 'text',
      label: 'Short id',
      hint: 'Like spokes',
      group: `Lot ${row + 1}`,
      width: 'govuk-input--width-20',
    },
    { path: `lots.${row}.name`, kind: 'text', label: 'Name', group: `Lot ${row + 1}` },
    { path: `lots.${row}.description`, kind: 'text', label: 'Description', group: `Lot ${row + 1}` },
  ]),
  ...rows(8, (row) => [
    {
      path: `selectionCriteria.${row}.id`,
      kind: 'text',
      label: 'Short id',
      group: `Pass or fail criterion ${row + 1}`,
      width: 'govuk-input--width-20',
    },
    {
      path: `selectionCriteria.${row}.text`,
      kind: 'text',
      label: 'Criterion',
      group: `Pass or fail criterion ${row + 1}`,
    },
  ]),
  ...rows(6, (row) => [
    {
      path: `qualityQuestions.${row}.id`,
      kind: 'text',
      label: 'Short id',
      group: `Quality question ${row + 1}`,
      width: 'govuk-input--width-20',
    },
    {
      path: `qualityQuestions.${row}.text`,
      kind: 'text',
      label: 'Question',
      group: `Quality question ${row + 1}`,
    },
    {
      path: `qualityQuestions.${row}.weight`,
      kind: 'number',
      label: 'Weight',
      group: `Quality question ${row + 1}`,
      width: 'govuk-input--width-4',
    },
    {
      path: `qualityQuestions.${row}.wordLimit`,
      kind: 'number',
      label: 'Word limit',
      group: `Quality question ${row + 1}`,
      width: 'govuk-input--width-5',
    },
  ]),
  {
    path: 'passMarkPercent',
    kind: 'number',
    label: 'Pass mark, as a percentage of the weighted maximum',
    width: 'govuk-input--width-4',
  },
  ...(['standardRules', 'microProviderRules'] as const).flatMap((rules): FormField[] => {
    const group =
      rules === 'standardRules'
        ? 'Requirements for providers'
        : 'Requirements for micro-providers (8 or fewer workers)';
    return [
      {
        path: `${rules}.professionalIndemnityRequired`,
        kind: 'yes-no',
        label: 'Is professional indemnity insurance required?',
        group,
      },
      {
        path: `${rules}.referencesRequired`,
        kind: 'number',
        label: 'Referees required',
        group,
        width: 'govuk-input--width-4',
      },
      {
        path: `${rules}.publicLiabilityMinimumPence`,
        kind: 'money',
        label: 'Minimum public liability cover, in pounds',
        group,
        width: 'govuk-input--width-10',
      },
    ];
  }),
  {
    path: 'autoAcceptRenewals',
    kind: 'checkboxes',
    label: 'Which renewed documents are accepted without a commissioner checking them?',
    group: 'Renewals',
    hint: 'When a member sends one of these, it is accepted at once and the history says the rule did it. Anything not ticked waits for a commissioner.',
    options: complianceKinds.map((kind) => ({ value: kind, label: complianceKindNames[kind] })),
  },
];

export const FrameworksPage: FC<{ chrome: PageChrome; frameworks: Framework[]; canEdit: boolean }> = ({
  chrome,
  frameworks,
  canEdit,
}) => (
  <Layout {...chrome}>
    <a href="/applications/review" class="govuk-back-link">
      Back to applications
    </a>
    <h1 class="govuk-heading-l">Frameworks</h1>
    {frameworks.map((framework) => (
      <div class="govuk-summary-card">
        <div class="govuk-summary-card__title-wrapper">
          <h2 class="govuk-summary-card__title">{framework.name}</h2>
          {canEdit ? (
            <ul class="govuk-summary-card__actions">
              <li class="govuk-summary-card__action">
                <a class="govuk-link" href={`/applications/frameworks/${framework.id}/edit`}>
                  Edit<span class="govuk-visually-hidden"> {framework.name}</span>
                </a>
              </li>
            </ul>
          ) : null}
        </div>
        <div class="govuk-summary-card__content">
          <dl class="govuk-summary-list">
            <SummaryRow label="Term">
              {formatUkDate(framework.term.starts)} to {formatUkDate(framework.term.ends)}
            </SummaryRow>
            <SummaryRow label="Admission">
              {framework.admission.kind === 'rolling'
                ? 'At any time'
                : `${framework.admission.windows.length} application windows`}
            </SummaryRow>
            <SummaryRow label="Lots">{framework.lots.map((lot) => lot.name).join(', ')}</SummaryRow>
            <SummaryRow label="Version">{framework.version}</SummaryRow>
          </dl>
        </div>
      </div>
    ))}
    {canEdit ? (
      <a
        class="govuk-button"
        href="/applications/frameworks/new"
        draggable="false"
        data-module="govuk-button"
      >
        Create a framework
      </a>
    ) : null}
  </Layout>
);

export const FrameworkFormPage: FC<{
  chrome: PageChrome;
  action: string;
  heading: string;
  version?: number | undefined;
  values: FormValues;
  errors?: FieldError[] | undefined;
  history?: FrameworkAuditEntry[] | undefined;
}> = ({ chrome, action, heading, version, values, errors, history }) => (
  <Layout {...chrome}>
    <a href="/applications/frameworks" class="govuk-back-link">
      Back to frameworks
    </a>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{heading}</h1>
        <p class="govuk-body">
          Applications already started keep the version of the framework they answered.
        </p>
        <form method="post" action={action} novalidate>
          <CsrfField token={chrome.csrfToken} />
          {version ? <input type="hidden" name="version" value={String(version)} /> : null}
          <Fields fields={frameworkFields} values={values} errors={errors} />
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Save framework
          </button>
        </form>
        {history?.length ? (
          <>
            <h2 class="govuk-heading-m">History</h2>
            <HistoryTable caption="Changes to this framework, oldest first" entries={history} />
          </>
        ) : null}
      </div>
    </div>
  </Layout>
);
