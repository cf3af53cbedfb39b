import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenVerifier,
  TokenRejectedError,
  type VerifyToken,
} from '../../../../shared/auth/token-verifier';

const issuer = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_test';
const audience = 'web-client';
let verify: VerifyToken;
let sign: (
  claims: JWTPayload,
  options?: { alg?: string; issuer?: string; audience?: string; expiresIn?: number },
) => Promise<string>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  verify = createTokenVerifier({
    issuer,
    audience,
    keys: { kind: 'inline', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] } },
  });
  sign = (claims, options = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: 'k1' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? audience)
      .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 600))
      .sign(privateKey);
});

const cognitoClaims = {
  sub: '7d1f3c2e-0b1a-4c55-9f0e-0a1b2c3d4e5f',
  token_use: 'id',
  'cognito:groups': ['commissioner'],
  'custom:councilId': 'dorset',
  name: 'Amara Okafor',
};

describe('ID token verification', () => {
  it("reads the user, role and council from a Cognito ID token's claims", async () => {
    await expect(verify(await sign(cognitoClaims))).resolves.toEqual({
      id: cognitoClaims.sub,
      name: 'Amara Okafor',
      role: 'commissioner',
      councilId: 'dorset',
    });
  });

  it('falls back to the email address when the token has no name', async () => {
    const { name: _name, ...claims } = cognitoClaims;
    await expect(verify(await sign({ ...claims, email: 'amara@dorset.example' }))).resolves.toMatchObject({
      name: 'amara@dorset.example',
    });
  });

  it.each([
    ['an expired token', async () => sign(cognitoClaims, { expiresIn: -10 })],
    ['another issuer', async () => sign(cognitoClaims, { issuer: 'https://evil.example' })],
    ['another audience', async () => sign(cognitoClaims, { audience: 'other-client' })],
    ['an access token instead of an ID token', async () => sign({ ...cognitoClaims, token_use: 'access' })],
    ['no role group', async () => sign({ ...cognitoClaims, 'cognito:groups': ['beta-testers'] })],
    ['two role groups', async () => sign({ ...cognitoClaims, 'cognito:groups': ['admin', 'provider'] })],
    ['no council', async () => sign({ ...cognitoClaims, 'custom:councilId': undefined })],
    ['a malformed council', async () => sign({ ...cognitoClaims, 'custom:councilId': 'Dorset Council' })],
    [
      'an unsigned token (alg none)',
      async () => {
        const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        return `${encode({ alg: 'none' })}.${encode({ ...cognitoClaims, iss: issuer, aud: audience, exp: 9999999999 })}.`;
      },
    ],
    [
      'a token with its payload altered after signing',
      async () => {
        const [header, , signature] = (await sign(cognitoClaims)).split('.');
        const payload = Buffer.from(
          JSON.stringify({ ...cognitoClaims, 'cognito:groups': ['admin'], iss: issuer, aud: audience }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
  ])('rejects %s', async (_case, makeToken) => {
    await expect(verify(await makeToken())).rejects.toBeInstanceOf(TokenRejectedError);
  });

  it('rejects an HMAC token even when signed with the public key as the secret (algorithm allow-list)', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256');
    const token = await new SignJWT(cognitoClaims)
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(secret);
    await expect(verify(token)).rejects.toBeInstanceOf(TokenRejectedError);
  });
});
