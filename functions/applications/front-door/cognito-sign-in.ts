import { createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { TokenRejectedError, type VerifyToken } from '../../../shared/auth/token-verifier';
import type { AppEnv } from '../../../shared/http/app-env';
import { clearCookie, readCookie, writeCookie } from '../../../shared/http/cookies';
import { problems } from '../../../shared/http/problem';
import { publicOrigin } from '../../../shared/http/public-origin';

export interface CognitoSignIn {
  domainUrl: string;
  clientId: string;
}

/** Where to go after signing in: a path on this site only, never another site. */
export const returnToSchema = z
  .string()
  .regex(/^\/(?![/\\])[\w\-./?=&%]*$/, 'Return address must be a path on this site')
  .max(500)
  .catch('/');

const pendingSignInSchema = z.object({ state: z.string(), verifier: z.string(), returnTo: returnToSchema });
const callbackQuerySchema = z.object({
  code: z.string().min(1).max(2048),
  state: z.string().min(1).max(200),
});
const tokenResponseSchema = z.object({ id_token: z.string(), expires_in: z.number().int().positive() });

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * Sign-in with Cognito's managed login: authorization code with PKCE, no client secret. The ID
 * token becomes the session cookie and is verified on every request by the same verifier as
 * bearer tokens. The local stack replaces these routes with its own sign-in page.
 */
export function addCognitoSignIn(app: Hono<AppEnv>, cognito: CognitoSignIn, verifyToken: VerifyToken) {
  const callbackUrl = (origin: string) => `${origin}/auth/callback`;

  app.get('/sign-in', (c) => {
    const pending = {
      state: base64url(randomBytes(24)),
      verifier: base64url(randomBytes(48)),
      returnTo: returnToSchema.parse(c.req.query('returnTo') ?? '/'),
    };
    writeCookie(c, 'signIn', Buffer.from(JSON.stringify(pending)).toString('base64url'), 600);
    const authorize = new URL('/oauth2/authorize', cognito.domainUrl);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: cognito.clientId,
      redirect_uri: callbackUrl(publicOrigin(c)),
      scope: 'openid email profile',
      state: pending.state,
      code_challenge: base64url(createHash('sha256').update(pending.verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();
    return c.redirect(authorize.toString(), 302);
  });

  app.get('/auth/callback', async (c) => {
    const query = callbackQuerySchema.safeParse(c.req.query());
    const pending = pendingSignInSchema.safeParse(decodePending(readCookie(c, 'signIn')));
    clearCookie(c, 'signIn');
    if (!query.success || !pending.success || query.data.state !== pending.data.state) {
      throw problems.malformed('This sign-in link has expired or was not started here. Sign in again.');
    }
    const response = await fetch(new URL('/oauth2/token', cognito.domainUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: cognito.clientId,
        code: query.data.code,
        redirect_uri: callbackUrl(publicOrigin(c)),
        code_verifier: pending.data.verifier,
      }),
      signal: AbortSignal.timeout(5000),
    });
    const tokens = tokenResponseSchema.safeParse(response.ok ? await response.json() : undefined);
    if (!tokens.success) throw problems.malformed('Sign-in did not complete. Sign in again.');
    try {
      await verifyToken(tokens.data.id_token);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        throw problems.forbidden('Your account is not set up for this service yet. Contact your council.');
      }
      throw error;
    }
    writeCookie(c, 'session', tokens.data.id_token, tokens.data.expires_in);
    return c.redirect(pending.data.returnTo, 303);
  });
}

function decodePending(cookie: string | undefined): unknown {
  if (!cookie) return undefined;
  try {
    return JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function cognitoSignOutUrl(cognito: CognitoSignIn, origin: string): string {
  const logout = new URL('/logout', cognito.domainUrl);
  logout.search = new URLSearchParams({ client_id: cognito.clientId, logout_uri: `${origin}/` }).toString();
  return logout.toString();
}
