import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoUsers } from '../../scripts/local/demo-data';
import {
  createLocalTokenIssuer,
  type LocalTokenIssuer,
  localEnvironment,
} from '../../scripts/local/local-auth';
import { seedDemoData } from '../../scripts/local/seed';
import { httpApiEvent, type LambdaResult, lambdaContext } from '../support/api-gateway-events';
import { createTestTable } from '../support/test-table';

/** The real Lambda entry point of the applications function, invoked with HTTP API 2.0 events. */
let invoke: (event: ReturnType<typeof httpApiEvent>) => Promise<LambdaResult>;
let issuer: LocalTokenIssuer;
let cognito: Server;
let expectedChallenge = '';

const commissioner = demoUsers.find((user) => user.id === 'dorset-commissioner');
if (!commissioner) throw new Error('demo data has no Dorset commissioner');

const cookieValue = (cookies: string[] | undefined, name: string) =>
  cookies
    ?.find((cookie) => cookie.startsWith(`${name}=`))
    ?.split(';')[0]
    ?.slice(name.length + 1);

beforeAll(async () => {
  const table = await createTestTable();
  await seedDemoData(table, { catalogue: false });
  issuer = await createLocalTokenIssuer();

  // Cognito's token endpoint cannot run here; this stands in for it, checking what Cognito checks.
  cognito = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', async () => {
      const form = new URLSearchParams(body);
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (
        request.url !== '/oauth2/token' ||
        form.get('code') !== 'good-code' ||
        challenge !== expectedChallenge
      ) {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
        return;
      }
      const idToken = await issuer.issueToken(commissioner);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id_token: idToken, expires_in: 3600, token_type: 'Bearer' }));
    });
  });
  await new Promise<void>((resolve) => cognito.listen(0, '127.0.0.1', resolve));
  const cognitoUrl = `http://127.0.0.1:${(cognito.address() as AddressInfo).port}`;

  for (const [name, value] of Object.entries({
    ...localEnvironment(table.name, table.endpoint, issuer),
    COGNITO_DOMAIN_URL: cognitoUrl,
    LOG_LEVEL: 'silent',
  })) {
    vi.stubEnv(name, value);
  }
  const { handler } = await import('../../functions/applications/handler');
  invoke = (event) => handler(event, lambdaContext) as Promise<LambdaResult>;
});

afterAll(() => {
  cognito?.close();
  vi.unstubAllEnvs();
});

const bearer = async (userId = 'dorset-commissioner') => {
  const user = demoUsers.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  return { authorization: `Bearer ${await issuer.issueToken(user)}` };
};

describe('applications Lambda handler', () => {
  it('answers its health route after reading the table', async () => {
    const result = await invoke(httpApiEvent({ path: '/api/applications/health' }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      function: 'applications',
      status: 'ok',
      checks: { table: { status: 'ok' } },
    });
  });

  it('tells a bearer token holder who they are', async () => {
    const result = await invoke(httpApiEvent({ path: '/api/applications/me', headers: await bearer() }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      id: 'dorset-commissioner',
      name: commissioner.name,
      role: 'commissioner',
      councilId: 'dorset',
    });
  });

  it("returns the user's own council", async () => {
    const result = await invoke(
      httpApiEvent({ path: '/api/applications/councils/dorset', headers: await bearer() }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ id: 'dorset', name: 'Dorset Council', area: 'Dorset' });
  });

  it("refuses another council's data with a 403 problem", async () => {
    const result = await invoke(
      httpApiEvent({ path: '/api/applications/councils/bcp', headers: await bearer() }),
    );
    expect(result.statusCode).toBe(403);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body)).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it('names the bad path parameter in a 400 problem', async () => {
    const result = await invoke(
      httpApiEvent({ path: '/api/applications/councils/Dorset%20Council', headers: await bearer() }),
    );
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).errors).toEqual([
      { field: 'councilId', message: 'Council id must be lower-case letters, digits and hyphens' },
    ]);
  });

  it('refuses a token signed by someone else, or for another audience, with a 401', async () => {
    const stranger = await createLocalTokenIssuer();
    const forged = await stranger.issueToken(commissioner);
    const otherAudience = await issuer.issueToken(commissioner, { audience: 'another-client' });
    const expired = await issuer.issueToken(commissioner, { expiresInSeconds: -60 });
    for (const token of [forged, otherAudience, expired, 'not-a-jwt']) {
      const result = await invoke(
        httpApiEvent({ path: '/api/applications/me', headers: { authorization: `Bearer ${token}` } }),
      );
      expect(result.statusCode).toBe(401);
    }
  });

  it('answers unknown paths with a 404 problem, a correlation id and the security headers', async () => {
    const result = await invoke(httpApiEvent({ path: '/no/such/page' }));
    expect(result.statusCode).toBe(404);
    const body = JSON.parse(result.body);
    expect(body).toMatchObject({ status: 404, title: 'Not found' });
    expect(body.correlationId).toBe(result.headers['x-correlation-id']);
    expect(result.headers['content-security-policy']).toContain("script-src 'self'");
    expect(result.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(result.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(result.headers['x-content-type-options']).toBe('nosniff');
  });

  it('renders the start page for a browser with a session cookie', async () => {
    const session = await issuer.issueToken(commissioner);
    const result = await invoke(
      httpApiEvent({
        path: '/',
        headers: { accept: 'text/html' },
        cookies: [`__Host-ofm-session=${session}`],
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('You are signed in as Amara Okafor, commissioner for Dorset Council.');
  });

  it('signs in through Cognito with a PKCE code flow and sets a secure session cookie', async () => {
    const start = await invoke(
      httpApiEvent({
        path: '/sign-in',
        query: { returnTo: '/applications' },
        headers: { 'x-forwarded-host': 'marketplace.dorset.example' },
      }),
    );
    expect(start.statusCode).toBe(302);
    const authorize = new URL(start.headers.location ?? '');
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      'https://marketplace.dorset.example/auth/callback',
    );
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expectedChallenge = authorize.searchParams.get('code_challenge') ?? '';
    const pending = cookieValue(start.cookies, '__Host-ofm-sign-in');
    expect(pending).toBeTruthy();

    const callback = await invoke(
      httpApiEvent({
        path: '/auth/callback',
        query: { code: 'good-code', state: authorize.searchParams.get('state') ?? '' },
        headers: { 'x-forwarded-host': 'marketplace.dorset.example' },
        cookies: [`__Host-ofm-sign-in=${pending}`],
      }),
    );
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/applications');
    const sessionCookie = callback.cookies?.find((cookie) => cookie.startsWith('__Host-ofm-session='));
    expect(sessionCookie).toMatch(/; HttpOnly/);
    expect(sessionCookie).toMatch(/; Secure/);
    expect(sessionCookie).toMatch(/; SameSite=Lax/);
  });

  it('refuses a Cognito callback whose state does not match the sign-in it started', async () => {
    const result = await invoke(
      httpApiEvent({
        path: '/auth/callback',
        query: { code: 'good-code', state: 'forged' },
        cookies: [
          `__Host-ofm-sign-in=${Buffer.from('{"state":"real","verifier":"v","returnTo":"/"}').toString('base64url')}`,
        ],
      }),
    );
    expect(result.statusCode).toBe(400);
  });

  it('signs out from a form post that carries the CSRF token, sent base64-encoded', async () => {
    const csrf = 'a'.repeat(43);
    const result = await invoke(
      httpApiEvent({
        method: 'POST',
        path: '/sign-out',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-host': 'marketplace.dorset.example',
        },
        cookies: [`__Host-ofm-csrf=${csrf}`, `__Host-ofm-session=${await issuer.issueToken(commissioner)}`],
        body: `csrfToken=${csrf}`,
        base64: true,
      }),
    );
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toMatch(
      /\/logout\?client_id=local-web-client&logout_uri=https%3A%2F%2Fmarketplace.dorset.example%2F$/,
    );
    expect(result.cookies?.some((cookie) => /^__Host-ofm-session=;.*Max-Age=0/.test(cookie))).toBe(true);
  });

  it('refuses a form post without the CSRF token and keeps the session', async () => {
    const result = await invoke(
      httpApiEvent({
        method: 'POST',
        path: '/sign-out',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        cookies: [`__Host-ofm-csrf=${'a'.repeat(43)}`],
        body: 'csrfToken=wrong',
        base64: true,
      }),
    );
    expect(result.statusCode).toBe(403);
    expect(result.cookies?.some((cookie) => cookie.startsWith('__Host-ofm-session=')) ?? false).toBe(false);
  });
});
