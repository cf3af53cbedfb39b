import type { Child, FC } from 'hono/jsx';
import type { FieldError } from '../http/problem';
import { type FormField, type FormValues, fieldId } from './form-fields';

/**
 * GOV.UK Frontend form components, rendered on the server. Each field's error shows beside it and
 * in the error summary, which links to the field's id.
 */
const single = (value: string | string[] | undefined) =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
const many = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []);

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

const Hint: FC<{ id: string; text?: string | undefined }> = ({ id, text }) =>
  text ? (
    <div id={`${id}-hint`} class="govuk-hint">
      {text}
    </div>
  ) : null;

const ErrorText: FC<{ id: string; text?: string | undefined }> = ({ id, text }) =>
  text ? (
    <p id={`${id}-error`} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {text}
    </p>
  ) : null;

const FormGroup: FC<{ error?: string | undefined; children?: Child }> = ({ error, children }) => (
  <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>{children}</div>
);

const Fieldset: FC<{
  legend: string;
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
  children?: Child;
  heading?: boolean;
}> = ({ legend, id, hint, error, children }) => (
  <FormGroup error={error}>
    <fieldset class="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
      <Hint id={id} text={hint} />
      <ErrorText id={id} text={error} />
      {children}
    </fieldset>
  </FormGroup>
);

export const Field: FC<{ field: FormField; values: FormValues; error?: string | undefined }> = ({
  field,
  values,
  error,
}) => {
  const id = fieldId(field.path);
  const value = values[field.path];
  switch (field.kind) {
    case 'textarea':
      return (
        <FormGroup error={error}>
          <label class="govuk-label govuk-label--s" for={id}>
            {field.label}
          </label>
          <Hint id={id} text={field.hint} />
          <ErrorText id={id} text={error} />
          <textarea
            class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
            id={id}
            name={field.path}
            rows={6}
            aria-describedby={describedBy(id, field.hint, error)}
          >
            {single(value)}
          </textarea>
        </FormGroup>
      );
    case 'date': {
      const parts = [
        { part: 'day', label: 'Day', width: 2 },
        { part: 'month', label: 'Month', width: 2 },
        { part: 'year', label: 'Year', width: 4 },
      ];
      return (
        <Fieldset legend={field.label} id={id} hint={field.hint} error={error}>
          <div class="govuk-date-input">
            {parts.map(({ part, label, width }) => {
              const inputId = part === 'day' ? id : `${id}-${part}`;
              return (
                <div class="govuk-date-input__item">
                  <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for={inputId}>
                      {label}
                    </label>
                    <input
                      class={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? ' govuk-input--error' : ''}`}
                      id={inputId}
                      name={`${field.path}-${part}`}
                      type="text"
                      inputmode="numeric"
                      value={single(values[`${field.path}-${part}`])}
                    />
                  </div>
                </div>
              );
            })}
          </div>
        </Fieldset>
      );
    }
    case 'yes-no':
    case 'radios': {
      const options =
        field.kind === 'yes-no'
          ? [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]
          : (field.options ?? []);
      return (
        <Fieldset legend={field.label} id={id} hint={field.hint} error={error}>
          <div
            class={`govuk-radios${field.kind === 'yes-no' || options.length <= 3 ? ' govuk-radios--inline' : ''}`}
            data-module="govuk-radios"
          >
            {options.map((option, index) => {
              const optionId = index === 0 ? id : `${id}-${index + 1}`;
              return (
                <div class="govuk-radios__item">
                  <input
                    class="govuk-radios__input"
                    id={optionId}
                    name={field.path}
                    type="radio"
                    value={option.value}
                    checked={single(value) === option.value}
                  />
                  <label class="govuk-label govuk-radios__label" for={optionId}>
                    {option.label}
                  </label>
                </div>
              );
            })}
          </div>
        </Fieldset>
      );
    }
    case 'checkboxes':
      return (
        <Fieldset legend={field.label} id={id} hint={field.hint} error={error}>
          <div class="govuk-checkboxes" data-module="govuk-checkboxes">
            {(field.options ?? []).map((option, index) => {
              const optionId = index === 0 ? id : `${id}-${index + 1}`;
              return (
                <div class="govuk-checkboxes__item">
                  <input
                    class="govuk-checkboxes__input"
                    id={optionId}
                    name={field.path}
                    type="checkbox"
                    value={option.value}
                    checked={many(value).includes(option.value)}
                    aria-describedby={option.hint ? `${optionId}-item-hint` : undefined}
                  />
                  <label class="govuk-label govuk-checkboxes__label" for={optionId}>
                    {option.label}
                  </label>
                  {option.hint ? (
                    <div id={`${optionId}-item-hint`} class="govuk-hint govuk-checkboxes__hint">
                      {option.hint}
                    </div>
                  ) : null}
                </div>
              );
            })}
          </div>
        </Fieldset>
      );
    case 'confirm':
      return (
        <FormGroup error={error}>
          <ErrorText id={id} text={error} />
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input
                class="govuk-checkboxes__input"
                id={id}
                name={field.path}
                type="checkbox"
                value="yes"
                checked={single(value) === 'yes'}
                aria-describedby={error ? `${id}-error` : undefined}
              />
              <label class="govuk-label govuk-checkboxes__label" for={id}>
                {field.label}
              </label>
            </div>
          </div>
        </FormGroup>
      );
    default: {
      const input = (
        <input
          class={`govuk-input${field.width ? ` ${field.width}` : ''}${error ? ' govuk-input--error' : ''}`}
          id={id}
          name={field.path}
          type={field.kind === 'email' ? 'email' : field.kind === 'tel' ? 'tel' : 'text'}
          inputmode={field.kind === 'number' ? 'numeric' : field.kind === 'money' ? 'decimal' : undefined}
          spellcheck={field.kind === 'email' ? false : undefined}
          autocomplete={field.autocomplete}
          value={single(value)}
          aria-describedby={describedBy(id, field.hint, error)}
        />
      );
      return (
        <FormGroup error={error}>
          <label class="govuk-label govuk-label--s" for={id}>
            {field.label}
          </label>
          <Hint id={id} text={field.hint} />
          <ErrorText id={id} text={error} />
          {field.kind === 'money' ? (
            <div class="govuk-input__wrapper">
              <div class="govuk-input__prefix" aria-hidden="true">
                £
              </div>
              {input}
            </div>
          ) : (
            input
          )}
        </FormGroup>
      );
    }
  }
};

/** Fields in order; consecutive fields of one group sit in a fieldset under the group's name. */
export const Fields: FC<{ fields: FormField[]; values: FormValues; errors?: FieldError[] | undefined }> = ({
  fields,
  values,
  errors,
}) => {
  const errorFor = (path: string) => errors?.find((error) => error.field === path)?.message;
  const groups: { name?: string | undefined; fields: FormField[] }[] = [];
  for (const field of fields) {
    const last = groups.at(-1);
    if (last && field.group && last.name === field.group) last.fields.push(field);
    else groups.push({ name: field.group, fields: [field] });
  }
  return (
    <>
      {groups.map((group) =>
        group.name ? (
          <fieldset class="govuk-fieldset govuk-!-margin-bottom-6">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 class="govuk-fieldset__heading">{group.name}</h2>
            </legend>
            {group.fields.map((field) => (
              <Field field={field} values={values} error={errorFor(field.path)} />
            ))}
          </fieldset>
        ) : (
          group.fields.map((field) => <Field field={field} values={values} error={errorFor(field.path)} />)
        ),
      )}
    </>
  );
};

export const CsrfField: FC<{ token: string | undefined }> = ({ token }) => (
  <input type="hidden" name="csrfToken" value={token ?? ''} />
);
