import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { JsonWebKeySet } from '../../shared/config/runtime-config';
import type { SignedInUser } from '../../shared/domain/users';
import { localEvidenceBucket } from './local-s3';

/**
 * The local stack's stand-in for Cognito's token issuing: it signs ID tokens with the same
 * claims Cognito puts in them, with a key kept on disk so sessions survive a restart. The
 * service verifies them with the same code it uses for Cognito's tokens.
 */
export const localIssuer = 'https://local.open-framework-marketplace.invalid';
export const localAudience = 'local-web-client';
const keyId = 'local-1';
const lifetimeSeconds = 8 * 60 * 60;

export interface LocalTokenIssuer {
  jwks: JsonWebKeySet;
  lifetimeSeconds: number;
  issueToken(
    user: SignedInUser,
    options?: { expiresInSeconds?: number; issuer?: string; audience?: string },
  ): Promise<string>;
}

export async function createLocalTokenIssuer(keyFile?: string): Promise<LocalTokenIssuer> {
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: keyId, alg: 'RS256' };
    if (keyFile) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { kty, n, e } = privateJwk;
  const publicJwk = { kty, n, e, kid: keyId, alg: 'RS256', use: 'sig' };
  const signingKey = await importJWK(privateJwk, 'RS256');

  return {
    jwks: { keys: [publicJwk] },
    lifetimeSeconds,
    issueToken: (user, options = {}) =>
      new SignJWT({
        token_use: 'id',
        'cognito:groups': [user.role],
        'custom:councilId': user.councilId,
        name: user.name,
      })
        .setProtectedHeader({ alg: 'RS256', kid: keyId })
        .setSubject(user.id)
        .setIssuer(options.issuer ?? localIssuer)
        .setAudience(options.audience ?? localAudience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? lifetimeSeconds))
        .sign(signingKey),
  };
}

/** The environment a function gets locally: the same variables as in AWS, with local values. */
export function localEnvironment(
  tableName: string,
  dynamodbEndpoint: string,
  issuer: LocalTokenIssuer,
  s3Endpoint?: string,
) {
  return {
    ...(s3Endpoint ? { EVIDENCE_BUCKET: localEvidenceBucket, S3_ENDPOINT: s3Endpoint } : {}),
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    AUTH_ISSUER: localIssuer,
    AUTH_AUDIENCE: localAudience,
    AUTH_JWKS: JSON.stringify(issuer.jwks),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
}
