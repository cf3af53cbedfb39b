import type { Child, FC } from 'hono/jsx';
import type { FieldError } from '../http/problem';
import { type FormField, type FormValues, fieldId, type Option } from './form-fields';
import { fieldError } from './layout';

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

/** A field's error message, `${id}-error`, for its `aria-describedby`; nothing without an error. */
export const ErrorMessage: FC<{ id: string; text?: string | undefined }> = ({ id, text }) =>
  text ? (
    <p id={`${id}-error`} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {text}
    </p>
  ) : null;

const FormGroup: FC<{ error?: string | undefined; class?: string | undefined; children?: Child }> = ({
  error,
  class: extra,
  children,
}) => (
  <div class={`govuk-form-group${extra ? ` ${extra}` : ''}${error ? ' govuk-form-group--error' : ''}`}>
    {children}
  </div>
);

/** A question of one input: its label, hint and error above the input, in its form group. */
const Labelled: FC<{
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children?: Child;
}> = ({ id, label, hint, error, children }) => (
  <FormGroup error={error}>
    <label class="govuk-label govuk-label--s" for={id}>
      {label}
    </label>
    <Hint id={id} text={hint} />
    <ErrorMessage id={id} text={error} />
    {children}
  </FormGroup>
);

/** A question of several inputs (radios, checkboxes, a date) in its form group; the legend asks it. */
export const Fieldset: FC<{
  legend: string;
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
  children?: Child;
  /** The legend as the page's heading (medium), for a question alone on its page or at its end. */
  heading?: boolean;
  /** More classes for the form group, such as a spacing override. */
  groupClass?: string | undefined;
}> = ({ legend, id, hint, error, children, heading, groupClass }) => (
  <FormGroup error={error} class={groupClass}>
    <fieldset class="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
      {heading ? (
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 class="govuk-fieldset__heading">{legend}</h2>
        </legend>
      ) : (
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
      )}
      <Hint id={id} text={hint} />
      <ErrorMessage id={id} text={error} />
      {children}
    </fieldset>
  </FormGroup>
);

/**
 * GOV.UK radios or checkboxes, for inside a fieldset: the first item's id is the question's (where
 * the error summary links), the others `-2`, `-3`, ...; an item's hint sits under its label.
 */
const Choices: FC<{
  type: 'radio' | 'checkbox';
  id: string;
  name: string;
  options: Option[];
  checked: (value: string) => boolean;
  modifiers?: string | undefined;
}> = ({ type, id, name, options, checked, modifiers }) => {
  const block = type === 'radio' ? 'govuk-radios' : 'govuk-checkboxes';
  return (
    <div class={`${block}${modifiers ? ` ${modifiers}` : ''}`} data-module={block}>
      {options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${index + 1}`;
        return (
          <div class={`${block}__item`}>
            <input
              class={`${block}__input`}
              id={optionId}
              name={name}
              type={type}
              value={option.value}
              checked={checked(option.value)}
              aria-describedby={option.hint ? `${optionId}-item-hint` : undefined}
            />
            <label class={`govuk-label ${block}__label`} for={optionId}>
              {option.label}
            </label>
            {option.hint ? (
              <div id={`${optionId}-item-hint`} class={`govuk-hint ${block}__hint`}>
                {option.hint}
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
};

/** GOV.UK radios (see `Choices`), with the chosen value, if any, checked. */
export const Radios: FC<{
  id: string;
  name: string;
  options: Option[];
  value: string | undefined;
  /** Modifier classes: `govuk-radios--inline`, `govuk-radios--small`. */
  modifiers?: string | undefined;
}> = ({ id, name, options, value, modifiers }) => (
  <Choices
    type="radio"
    id={id}
    name={name}
    options={options}
    checked={(option) => option === value}
    modifiers={modifiers}
  />
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
        <Labelled id={id} label={field.label} hint={field.hint} error={error}>
          <textarea
            class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
            id={id}
            name={field.path}
            rows={6}
            aria-describedby={describedBy(id, field.hint, error)}
          >
            {single(value)}
          </textarea>
        </Labelled>
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
      // A few short choices sit side by side; choices with hints stack, as GOV.UK lays them out.
      const inline =
        field.kind === 'yes-no' || (options.length <= 3 && !options.some((option) => option.hint));
      return (
        <Fieldset legend={field.label} id={id} hint={field.hint} error={error}>
          <Radios
            id={id}
            name={field.path}
            options={options}
            value={single(value)}
            modifiers={inline ? 'govuk-radios--inline' : undefined}
          />
        </Fieldset>
      );
    }
    case 'checkboxes':
      return (
        <Fieldset legend={field.label} id={id} hint={field.hint} error={error}>
          <Choices
            type="checkbox"
            id={id}
            name={field.path}
            options={field.options ?? []}
            checked={(option) => many(value).includes(option)}
          />
        </Fieldset>
      );
    case 'confirm':
      return (
        <FormGroup error={error}>
          <ErrorMessage id={id} text={error} />
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
        <Labelled id={id} label={field.label} hint={field.hint} error={error}>
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
        </Labelled>
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
  const errorFor = (path: string) => fieldError(errors, path);
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

/** A field's options as a GOV.UK select, for a list too long for radios; the first option chooses nothing. */
export const SelectField: FC<{
  field: FormField;
  values: FormValues;
  error?: string | undefined;
  /** What the empty first option says, such as "Choose an organisation". */
  empty: string;
}> = ({ field, values, error, empty }) => {
  const id = fieldId(field.path);
  const chosen = single(values[field.path]);
  return (
    <Labelled id={id} label={field.label} hint={field.hint} error={error}>
      <select
        class={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={field.path}
        aria-describedby={describedBy(id, field.hint, error)}
      >
        <option value="" selected={!chosen}>
          {empty}
        </option>
        {(field.options ?? []).map((option) => (
          <option value={option.value} selected={chosen === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
};

export const CsrfField: FC<{ token: string | undefined }> = ({ token }) => (
  <input type="hidden" name="csrfToken" value={token ?? ''} />
);
