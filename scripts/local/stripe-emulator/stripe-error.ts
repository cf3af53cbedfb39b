/** The error types Stripe's v1 API returns; the SDK picks its error class from `type` and status. */
export type StripeErrorType = 'invalid_request_error' | 'idempotency_error' | 'card_error' | 'api_error';

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    param?: string;
    code?: string;
    decline_code?: string;
    doc_url?: string;
  };
}

/** Thrown anywhere in the emulator and turned into Stripe's JSON error in one place. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'StripeApiError';
  }

  toBody(): StripeErrorBody {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.param === undefined ? {} : { param: this.param }),
        ...(this.code === undefined
          ? {}
          : {
              code: this.code,
              doc_url: `https://stripe.com/docs/error-codes/${this.code.replaceAll('_', '-')}`,
            }),
      },
    };
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, param, code);
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
}

/** Stripe names the object by its `object` value and the param by the path segment it came from. */
export function resourceMissing(objectName: string, id: string, param: string): StripeApiError {
  return new StripeApiError(
    404,
    'invalid_request_error',
    `No such ${objectName}: '${id}'`,
    param,
    'resource_missing',
  );
}

/** Shows only the key's prefix and last four characters, as Stripe does. */
export function invalidApiKey(key: string): StripeApiError {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const masked =
    key.length > prefix.length + 4
      ? `${prefix}${'*'.repeat(key.length - prefix.length - 4)}${key.slice(-4)}`
      : key;
  return new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${masked}`);
}

export function missingApiKey(): StripeApiError {
  return new StripeApiError(
    401,
    'invalid_request_error',
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
  );
}
