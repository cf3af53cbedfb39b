import type { Context, MiddlewareHandler } from 'hono';
import { TokenRejectedError, type VerifyToken } from '../auth/token-verifier';
import type { Role, SignedInUser } from '../domain/users';
import type { AppEnv } from './app-env';
import { clearCookie, readCookie } from './cookies';
import { problems } from './problem';

/**
 * Who is calling. The JSON API (/api/...) takes a bearer token only, so a browser's cookies can
 * never make API calls on its user's behalf; pages take the session cookie only.
 * A bad bearer token is refused outright; a stale session cookie just means "signed out".
 */
export function authenticate(verifyToken: VerifyToken): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const isApi = c.req.path.startsWith('/api/');
    const authorization = c.req.header('authorization');
    if (isApi && authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
      if (!match?.[1]) throw problems.signInRequired();
      c.set('user', await verifyOrRefuse(verifyToken, match[1]));
    } else if (!isApi) {
      const session = readCookie(c, 'session');
      if (session) {
        try {
          c.set('user', await verifyToken(session));
        } catch (error) {
          if (!(error instanceof TokenRejectedError)) throw error;
          clearCookie(c, 'session');
        }
      }
    }
    await next();
  };
}

async function verifyOrRefuse(verifyToken: VerifyToken, token: string): Promise<SignedInUser> {
  try {
    return await verifyToken(token);
  } catch (error) {
    if (error instanceof TokenRejectedError) throw problems.signInRequired();
    throw error;
  }
}

/** The signed-in user, or a 401 (which a page turns into a redirect to sign in), or a 403 for the wrong role. */
export function requireUser(c: Context<AppEnv>, ...allowed: Role[]): SignedInUser {
  const user = c.get('user');
  if (!user) throw problems.signInRequired();
  if (allowed.length && !allowed.includes(user.role)) {
    throw problems.forbidden(`This needs one of these roles: ${allowed.join(', ')}.`);
  }
  return user;
}

/** Every record belongs to one council; a user sees only their own council's. */
export function requireSameCouncil(user: SignedInUser, councilId: string): void {
  if (user.councilId !== councilId) {
    throw problems.forbidden("You can only see and change your own council's records.");
  }
}
