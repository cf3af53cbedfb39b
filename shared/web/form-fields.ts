import { formatUkDate } from '../time/uk-dates';

/**
 * Form fields for the section pages: how each answer is asked (GOV.UK component), read back from
 * the posted form, and shown again. The section's rules stay in the domain; this only converts
 * between form text and answers, leaving out what the person left blank so a section can be
 * saved part-done.
 */
export type FieldKind =
  | 'text'
  | 'email'
  | 'tel'
  | 'textarea'
  | 'number'
  | 'money'
  | 'date'
  | 'yes-no'
  | 'radios'
  | 'checkboxes'
  | 'confirm'
  | 'list';

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export interface FormField {
  /** Dotted path of the answer, e.g. `address.postcode` or `prices.0.amountPence`; also the form name. */
  path: string;
  kind: FieldKind;
  label: string;
  hint?: string;
  options?: Option[];
  /** Groups fields under a heading on the page (insurance policies, each price, each referee). */
  group?: string;
  autocomplete?: string;
  width?: 'govuk-input--width-10' | 'govuk-input--width-20' | 'govuk-input--width-5' | 'govuk-input--width-4';
}

/** Raw values as posted: one string, or several for checkboxes. */
export type FormValues = Record<string, string | string[]>;

/** The id of a field's input, used by the error summary's links: dots are not safe in ids. */
export function fieldId(path: string): string {
  return path.replaceAll('.', '-');
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    const key: string | number = /^\d+$/.test(part) ? Number(part) : part;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    if (container[key] === undefined) container[key] = /^\d+$/.test(parts[index + 1] ?? '') ? [] : {};
    node = container[key] as Record<string, unknown>;
  });
}

function getPath(source: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined,
      source,
    );
}

const single = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.trim() ?? '';

/** Reads one field; `undefined` means left blank. Malformed text is passed on for the domain to name. */
function readField(field: FormField, values: FormValues): unknown {
  if (field.kind === 'date') {
    const [day, month, year] = ['day', 'month', 'year'].map((part) =>
      single(values[`${field.path}-${part}`]),
    );
    if (!day && !month && !year) return undefined;
    return `${year?.padStart(4, '0')}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}`;
  }
  if (field.kind === 'checkboxes') {
    const raw = values[field.path];
    const chosen = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
    return chosen.length ? chosen : undefined;
  }
  if (field.kind === 'confirm') return single(values[field.path]) === 'yes' ? true : undefined;
  const text = single(values[field.path]);
  if (!text) return undefined;
  switch (field.kind) {
    case 'number':
      return /^-?\d+$/.test(text.replaceAll(',', '')) ? Number(text.replaceAll(',', '')) : text;
    case 'money': {
      const pounds = text.replace(/^£/, '').replaceAll(',', '');
      return /^\d+(\.\d{1,2})?$/.test(pounds) ? Math.round(Number(pounds) * 100) : text;
    }
    case 'yes-no':
      return text === 'yes' ? true : text === 'no' ? false : text;
    case 'list':
      return text
        .split(/[\s,]+/)
        .map((item) => item.trim())
        .filter(Boolean);
    default:
      return text;
  }
}

/** Posted form values as section answers; blanks left out, rows of a repeated group left out when empty. */
export function answersFromForm(fields: FormField[], values: FormValues): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const field of fields) {
    const value = readField(field, values);
    if (value !== undefined) setPath(answers, field.path, value);
  }
  // Repeated rows (prices.0, referees.1, ...) that were left empty disappear; the rest close up.
  for (const [key, value] of Object.entries(answers)) {
    if (Array.isArray(value)) answers[key] = value.filter((row) => row !== undefined && row !== null);
  }
  return answers;
}

/** Saved answers as form values, to fill the form in again. */
export function formFromAnswers(fields: FormField[], answers: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = getPath(answers, field.path);
    if (value === undefined || value === null) continue;
    switch (field.kind) {
      case 'date': {
        const [year, month, day] = String(value).split('-');
        values[`${field.path}-day`] = String(Number(day ?? ''));
        values[`${field.path}-month`] = String(Number(month ?? ''));
        values[`${field.path}-year`] = year ?? '';
        break;
      }
      case 'money':
        values[field.path] =
          typeof value === 'number' ? (value / 100).toFixed(2).replace(/\.00$/, '') : String(value);
        break;
      case 'yes-no':
      case 'confirm':
        values[field.path] = value === true ? 'yes' : value === false ? 'no' : String(value);
        break;
      case 'checkboxes':
        values[field.path] = Array.isArray(value) ? value.map(String) : [String(value)];
        break;
      case 'list':
        values[field.path] = Array.isArray(value) ? value.join(', ') : String(value);
        break;
      default:
        values[field.path] = String(value);
    }
  }
  return values;
}

/** How an answer reads on the check-your-answers page. */
export function displayValue(field: FormField, answers: Record<string, unknown>): string | undefined {
  const value = getPath(answers, field.path);
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return undefined;
  const label = (v: unknown) =>
    field.options?.find((option) => option.value === String(v))?.label ?? String(v);
  switch (field.kind) {
    case 'money':
      return typeof value === 'number'
        ? `£${(value / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`
        : String(value);
    case 'yes-no':
      return value === true ? 'Yes' : 'No';
    case 'confirm':
      return value === true ? 'Confirmed' : undefined;
    case 'date':
      return formatUkDate(String(value));
    case 'checkboxes':
    case 'list':
      return Array.isArray(value) ? value.map(label).join(', ') : label(value);
    case 'radios':
      return label(value);
    default:
      return String(value);
  }
}

/** Errors in the order of their fields on the page, as the error summary lists them; any other last. */
export function inPageOrder<E extends { field: string }>(fields: FormField[], errors: E[]): E[] {
  const position = (error: E) => {
    const index = fields.findIndex((field) => field.path === error.field);
    return index === -1 ? fields.length : index;
  };
  return [...errors].sort((a, b) => position(a) - position(b));
}

/**
 * Points each error at a field on the page: an error about a whole group (`employersLiability`,
 * `prices`) goes to the group's first field, so the error summary's link has somewhere to land.
 */
export function errorsForFields(
  fields: FormField[],
  errors: { field: string; message: string }[],
): { field: string; message: string }[] {
  return errors.map((error) => {
    if (fields.some((field) => field.path === error.field)) return error;
    const first = fields.find((field) => field.path.startsWith(`${error.field}.`)) ?? fields[0];
    return { field: first?.path ?? error.field, message: error.message };
  });
}
