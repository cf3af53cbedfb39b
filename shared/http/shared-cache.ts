import type { MiddlewareHandler } from 'hono';

/**
 * Lets shared caches keep a response that every visitor gets alike (open data). It carries no
 * cookie: the CSRF middleware gives one to every new visitor, and a cache would hand that one to
 * everybody. And it varies by X-Forwarded-Host, because its absolute links are built from that
 * header (`publicOrigin`): anyone calling the API Gateway address directly can send any value, and
 * a cache in front of that address must not hand their links to the next caller.
 */
export function sharedByCaches<R extends Response>(response: R, cacheControl: string): R {
  response.headers.set('Cache-Control', cacheControl);
  const vary = response.headers.get('Vary') ?? '';
  if (!/(^|,)\s*x-forwarded-host\s*(,|$)/i.test(vary)) response.headers.append('Vary', 'X-Forwarded-Host');
  response.headers.delete('Set-Cookie');
  return response;
}

/**
 * The same for every successful answer of the routes it is mounted on. Problems keep the
 * `no-store` they are given: a passing outage or a mistyped parameter is not worth keeping.
 */
export function sharedByCachesWhenOk(cacheControl: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status === 200) sharedByCaches(c.res, cacheControl);
  };
}
