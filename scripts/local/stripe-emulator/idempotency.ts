import { StripeApiError } from './stripe-error';

export interface StoredResponse {
  status: number;
  body: string;
}

interface Entry {
  fingerprint: string;
  response: StoredResponse;
  savedAt: number;
}

/** Stripe keeps idempotency keys for at least 24 hours. */
const keyLifetimeMs = 24 * 60 * 60 * 1000;

/**
 * Stripe's idempotency: the same key with the same request replays the first response; the same
 * key with a different request is refused. Keys belong to the API key that sent them.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => Date) {}

  replay(apiKey: string, key: string, fingerprint: string): StoredResponse | undefined {
    this.forgetExpired();
    const entry = this.entries.get(`${apiKey}\n${key}`);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return entry.response;
  }

  save(apiKey: string, key: string, fingerprint: string, response: StoredResponse): void {
    this.entries.set(`${apiKey}\n${key}`, { fingerprint, response, savedAt: this.now().getTime() });
  }

  private forgetExpired(): void {
    const cutoff = this.now().getTime() - keyLifetimeMs;
    for (const [key, entry] of this.entries) {
      if (entry.savedAt <= cutoff) this.entries.delete(key);
    }
  }
}
