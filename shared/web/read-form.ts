import type { Context } from 'hono';
import type { FieldError } from '../http/problem';
import { type FormValues, fieldId } from './form-fields';

/** A posted form's fields as text, several values for a repeated name (checkboxes); the CSRF token left out. */
export async function readForm(c: Context): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === 'csrfToken') continue;
    if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') values[name] = value;
  }
  return values;
}

/** Field errors for the error summary, whose links go to element ids, which cannot hold dots. */
export function summaryErrors(errors: FieldError[]): FieldError[] {
  return errors.map((error) => ({ field: fieldId(error.field), message: error.message }));
}
