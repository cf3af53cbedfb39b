import type { Context } from 'hono';

/**
 * The origin people see, for absolute links (sign-in redirects, open data bodies and `Link`
 * headers) and to compare with a browser's Origin. In AWS, a CloudFront function overwrites
 * x-forwarded-host with the Host the viewer asked for (API Gateway needs its own Host); locally the
 * request URL is already right. Anyone calling the API Gateway address directly can send any
 * x-forwarded-host, so it must only ever shape that caller's own answer: a redirect or a form
 * check of their own request, or links in a response that a shared cache may keep only by that
 * header (`sharedByCaches` adds `Vary: X-Forwarded-Host`).
 */
export function publicOrigin(c: Context): string {
  const forwardedHost = c.req.header('x-forwarded-host');
  if (forwardedHost && /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(forwardedHost)) return `https://${forwardedHost}`;
  return new URL(c.req.url).origin;
}
