import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';
import { readCookie, writeCookie } from './cookies';
import { ProblemError } from './problem';
import { publicOrigin } from './public-origin';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a page on another site can send without a CORS preflight; JSON needs one, which we never grant. */
function isCrossSiteSendable(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type === '' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'multipart/form-data' ||
    type === 'text/plain'
  );
}

/**
 * Forms are protected twice: the browser's Origin, when sent, must be ours, and the form must
 * echo the random token kept in a __Host- cookie (double submit), which another site can
 * neither read nor set. The JSON API takes bearer tokens only, so it needs neither.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    let token = readCookie(c, 'csrf');
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = randomBytes(32).toString('base64url');
      writeCookie(c, 'csrf', token);
    }
    c.set('csrfToken', token);
    if (!unsafeMethods.has(c.req.method) || !isCrossSiteSendable(c.req.header('content-type'))) return next();

    const origin = c.req.header('origin');
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const sent = typeof form.csrfToken === 'string' ? form.csrfToken : '';
    const cookie = readCookie(c, 'csrf') ?? '';
    const matches =
      (origin === undefined || origin === publicOrigin(c)) &&
      sent.length === cookie.length &&
      cookie.length > 0 &&
      timingSafeEqual(Buffer.from(sent), Buffer.from(cookie));
    if (!matches) {
      throw new ProblemError(
        403,
        'Form expired',
        'This form has expired or did not come from this service. Go back, reload the page and try again.',
        undefined,
        'form-expired',
      );
    }
    await next();
  };
}
