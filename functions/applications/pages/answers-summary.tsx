import type { FC } from 'hono/jsx';
import { displayValue, type FormField } from '../../../shared/web/form-fields';

/**
 * A section's answers as a GOV.UK summary list, each row labelled as its form field is, with a
 * change link when the section may still be changed.
 */
export const AnswersSummary: FC<{
  fields: FormField[];
  answers: Record<string, unknown>;
  changeHref?: string | undefined;
}> = ({ fields, answers, changeHref }) => {
  const rows = fields
    .map((field) => ({ field, value: displayValue(field, answers) }))
    .filter((row): row is { field: FormField; value: string } => row.value !== undefined);
  const actions = (label: string) =>
    changeHref ? (
      <dd class="govuk-summary-list__actions">
        <a class="govuk-link" href={changeHref}>
          Change<span class="govuk-visually-hidden"> {label.toLowerCase()}</span>
        </a>
      </dd>
    ) : null;
  return (
    <dl class="govuk-summary-list govuk-!-margin-bottom-9">
      {rows.length ? (
        rows.map(({ field, value }) => (
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">
              {field.group ? `${field.group}: ${field.label}` : field.label}
            </dt>
            <dd class="govuk-summary-list__value">{value}</dd>
            {actions(field.label)}
          </div>
        ))
      ) : (
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Answers</dt>
          <dd class="govuk-summary-list__value">Not answered yet</dd>
        </div>
      )}
    </dl>
  );
};
