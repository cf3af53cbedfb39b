import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base-62 text; Stripe ids are opaque, so only the prefix carries meaning. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = '';
  for (const byte of bytes) token += alphabet[byte % alphabet.length];
  return token;
}

/** `cs_test_…` for Checkout Sessions (as Stripe's test mode names them), `pi_…`, `ch_…` otherwise. */
export function newId(prefix: string): string {
  return prefix === 'cs' ? `cs_test_${randomToken(58)}` : `${prefix}_${randomToken(24)}`;
}
