import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import type { TokenKeySource } from '../config/runtime-config';
import { councilIdSchema } from '../domain/councils';
import { type Role, roles, type SignedInUser, userIdSchema } from '../domain/users';

/**
 * Verifies ID tokens. The same code runs in AWS (Cognito's keys, fetched from its JWKS URL and
 * cached by jose) and locally (the local stack's keys, passed in): only the key source differs.
 * Claims follow Cognito's ID token: groups carry the role, a custom attribute the council.
 */
export const tokenAlgorithms = ['RS256'];

const idTokenClaimsSchema = z.object({
  sub: userIdSchema,
  token_use: z.literal('id'),
  'cognito:groups': z.array(z.string()).default([]),
  'custom:councilId': councilIdSchema,
  name: z.string().min(1).optional(),
  email: z.string().optional(),
});

export class TokenRejectedError extends Error {
  override name = 'TokenRejectedError';
}

export type VerifyToken = (token: string) => Promise<SignedInUser>;

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  keys: TokenKeySource;
}

export function createTokenVerifier({ issuer, audience, keys }: TokenVerifierOptions): VerifyToken {
  const keySet: JWTVerifyGetKey =
    keys.kind === 'remote'
      ? createRemoteJWKSet(new URL(keys.jwksUrl), { timeoutDuration: 3000 })
      : createLocalJWKSet(keys.jwks as Parameters<typeof createLocalJWKSet>[0]);

  return async (token) => {
    let payload: unknown;
    try {
      // jwtVerify checks the signature, `exp` and `nbf`, and that `iss` and `aud` are ours.
      ({ payload } = await jwtVerify(token, keySet, { issuer, audience, algorithms: tokenAlgorithms }));
    } catch (error) {
      throw new TokenRejectedError(error instanceof Error ? error.message : 'token not verified');
    }
    const claims = idTokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw new TokenRejectedError('token claims are not those of an ID token');
    const userRoles = claims.data['cognito:groups'].filter((group): group is Role =>
      (roles as readonly string[]).includes(group),
    );
    const [role] = userRoles;
    if (!role || userRoles.length > 1)
      throw new TokenRejectedError('token must carry exactly one role group');
    return {
      id: claims.data.sub,
      name: claims.data.name ?? claims.data.email ?? 'Signed-in user',
      role,
      councilId: claims.data['custom:councilId'],
    };
  };
}
