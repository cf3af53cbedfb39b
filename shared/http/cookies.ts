import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

/**
 * `__Host-` cookies: Secure, Path=/ and no Domain, so no other site or subdomain can set or read
 * them. Browsers treat http://localhost as secure, so the local stack uses the same cookies.
 */
export const cookieNames = {
  session: '__Host-ofm-session',
  csrf: '__Host-ofm-csrf',
  signIn: '__Host-ofm-sign-in',
} as const;

const base: CookieOptions = { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' };

export function readCookie(c: Context, name: keyof typeof cookieNames): string | undefined {
  return getCookie(c, cookieNames[name]);
}

export function writeCookie(
  c: Context,
  name: keyof typeof cookieNames,
  value: string,
  maxAgeSeconds?: number,
) {
  setCookie(c, cookieNames[name], value, {
    ...base,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  });
}

export function clearCookie(c: Context, name: keyof typeof cookieNames) {
  deleteCookie(c, cookieNames[name], { path: '/', secure: true });
}
