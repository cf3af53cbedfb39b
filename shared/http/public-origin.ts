import type { Context } from 'hono';

/**
 * The origin people see. In AWS, CloudFront forwards the API Gateway host as Host and puts the
 * viewer's host in x-forwarded-host (a CloudFront function does it); locally the request URL is
 * already right. Only used to compare with a browser's Origin and to build sign-in redirects,
 * where a forged value can only break the forger's own request.
 */
export function publicOrigin(c: Context): string {
  const forwardedHost = c.req.header('x-forwarded-host');
  if (forwardedHost && /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(forwardedHost)) return `https://${forwardedHost}`;
  return new URL(c.req.url).origin;
}
