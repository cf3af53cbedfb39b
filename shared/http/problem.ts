import type { ZodError } from 'zod';

/** One field's failure, as the GOV.UK error summary and the JSON API both show it. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, the one error shape of every JSON response. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  correlationId?: string;
}

/**
 * Thrown anywhere a request cannot go on; turned into a response in one place (the app's
 * onError), as JSON for the API and as a page for browsers.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly slug = 'about:blank',
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }

  toBody(correlationId?: string): ProblemBody {
    return {
      type: this.slug === 'about:blank' ? this.slug : `urn:ofm:problem:${this.slug}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...(correlationId ? { correlationId } : {}),
    };
  }
}

export const problems = {
  invalidInput: (errors: FieldError[]) =>
    new ProblemError(
      400,
      'Your request has errors',
      'Fix the fields listed in errors.',
      errors,
      'invalid-input',
    ),
  malformed: (detail: string) => new ProblemError(400, 'Bad request', detail, undefined, 'bad-request'),
  signInRequired: () =>
    new ProblemError(401, 'Sign in required', 'Send a valid bearer token.', undefined, 'sign-in-required'),
  forbidden: (detail: string) => new ProblemError(403, 'Forbidden', detail, undefined, 'forbidden'),
  notFound: (detail = 'There is nothing at this address.') =>
    new ProblemError(404, 'Not found', detail, undefined, 'not-found'),
  conflict: (detail: string, errors?: FieldError[]) =>
    new ProblemError(409, 'Conflict', detail, errors, 'conflict'),
  ruleBroken: (detail: string, errors?: FieldError[]) =>
    new ProblemError(422, 'Request breaks a rule', detail, errors, 'rule-broken'),
  /** Something we depend on is down; the person can try again later or another way. */
  unavailable: (detail: string) =>
    new ProblemError(503, 'Service unavailable', detail, undefined, 'unavailable'),
  unexpected: () =>
    new ProblemError(
      500,
      'Something went wrong',
      'Try again later. If it keeps happening, quote the correlation id.',
      undefined,
      'unexpected',
    ),
};

/** zod issues as field errors; the field is the dotted path inside what was validated. */
export function fieldErrorsFrom(error: ZodError, whole = 'body'): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
      return {
        field: `${prefix}${issue.keys.join(', ')}`,
        message: `Remove ${issue.keys.length > 1 ? 'these fields' : 'this field'}: it is not part of this request`,
      };
    }
    return { field: issue.path.length ? issue.path.join('.') : whole, message: issue.message };
  });
}
