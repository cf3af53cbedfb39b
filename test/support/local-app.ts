import { createApp } from '../../functions/applications/app';
import type { EvidenceStore } from '../../functions/applications/storage/evidence-store';
import { createApp as createCatalogueApp } from '../../functions/catalogue/app';
import { demoUsers } from '../../scripts/local/demo-data';
import { createLocalTokenIssuer, localEnvironment } from '../../scripts/local/local-auth';
import { seedDemoData } from '../../scripts/local/seed';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import type { SignedInUser } from '../../shared/domain/users';
import { createLogger } from '../../shared/log/logger';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { createTestTable } from './test-table';

/**
 * The applications app on a fresh seeded table, called through `app.request` as a client would,
 * with a helper to send JSON as any demo user.
 */
export async function applicationsAppWithDemoData(
  options: { now?: () => Date; evidence?: EvidenceStore } = {},
) {
  const { now, evidence } = options;
  const { table, issuer, deps } = await seededDependencies();
  return harness(createApp({ ...deps, ...(now ? { now } : {}), evidence }), table, issuer);
}

/** The catalogue app on a fresh seeded table, with the same helpers. */
export async function catalogueAppWithDemoData(
  options: { now?: () => Date; demoCatalogue?: boolean; feedDelayMs?: number } = {},
) {
  const { table, issuer, deps } = await seededDependencies(options.demoCatalogue ?? false);
  return harness(
    createCatalogueApp({
      ...deps,
      feedDelayMs: options.feedDelayMs ?? 0,
      ...(options.now ? { now: options.now } : {}),
    }),
    table,
    issuer,
  );
}

/** A fresh table seeded with the demo data, a token issuer, and the dependencies every app takes. */
export async function seededDependencies(catalogue = false) {
  const table = await createTestTable();
  await seedDemoData(table, { catalogue });
  const issuer = await createLocalTokenIssuer();
  const deps = createCommonDependencies(
    readRuntimeConfig({ ...localEnvironment(table.name, table.endpoint, issuer), LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  return { table, issuer, deps };
}

/**
 * Someone to sign in as: a demo user's id (an id starting `extra-` is a Dorset provider nobody
 * seeded), or any user, such as the people and representatives a test makes.
 */
export type TestUser = string | SignedInUser;

/** Anything that answers requests as an app does: an app, or several behind one `request`. */
export interface RequestTarget {
  request: (path: string, init?: RequestInit) => Response | Promise<Response>;
}

/** Helpers that send JSON, open pages and post forms to `app` as a client would, signed in as any test user. */
export function harness(
  app: RequestTarget,
  table: Awaited<ReturnType<typeof createTestTable>>,
  issuer: Awaited<ReturnType<typeof createLocalTokenIssuer>>,
) {
  const userOf = (user: TestUser): SignedInUser => {
    if (typeof user !== 'string') return user;
    const demo = demoUsers.find((candidate) => candidate.id === user);
    if (demo) return { id: demo.id, name: demo.name, role: demo.role, councilId: demo.councilId };
    if (user.startsWith('extra-')) return { id: user, name: user, role: 'provider', councilId: 'dorset' };
    throw new Error(`no demo user ${user}`);
  };
  const tokenFor = (user: TestUser) => issuer.issueToken(userOf(user));

  /** Sends JSON as `user` (or anonymously with null) with a bearer token; returns status and parsed body. */
  async function call(user: TestUser | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${await tokenFor(user)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  /** A page request from a browser, signed in with the session cookie (or not signed in, with null). */
  async function browse(user: TestUser | null, path: string) {
    return app.request(path, {
      headers: {
        accept: 'text/html',
        ...(user ? { cookie: `__Host-ofm-session=${await tokenFor(user)}` } : {}),
      },
    });
  }

  /** A form post from a browser (signed in, or not with null) with a matching CSRF cookie and field; a list posts a name repeatedly. */
  async function submit(user: TestUser | null, path: string, fields: Record<string, string | string[]> = {}) {
    const csrf = 'c'.repeat(43);
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    body.append('csrfToken', csrf);
    return app.request(path, {
      method: 'POST',
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `${user ? `__Host-ofm-session=${await tokenFor(user)}; ` : ''}__Host-ofm-csrf=${csrf}`,
      },
      body: body.toString(),
    });
  }

  return { app, table, call, browse, submit, userOf, tokenFor };
}
