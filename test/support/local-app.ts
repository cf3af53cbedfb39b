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

async function seededDependencies(catalogue = false) {
  const table = await createTestTable();
  await seedDemoData(table, { catalogue });
  const issuer = await createLocalTokenIssuer();
  const deps = createCommonDependencies(
    readRuntimeConfig({ ...localEnvironment(table.name, table.endpoint, issuer), LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  return { table, issuer, deps };
}

function harness(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  table: Awaited<ReturnType<typeof createTestTable>>,
  issuer: Awaited<ReturnType<typeof createLocalTokenIssuer>>,
) {
  const tokenFor = async (userId: string) => {
    const user: SignedInUser | undefined =
      demoUsers.find((candidate) => candidate.id === userId) ??
      (userId.startsWith('extra-')
        ? { id: userId, name: userId, role: 'provider', councilId: 'dorset' }
        : undefined);
    if (!user) throw new Error(`no demo user ${userId}`);
    return issuer.issueToken(user);
  };

  /** Sends a request as `userId` (or anonymously with null); returns status and parsed body. */
  async function call(userId: string | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (userId) headers.authorization = `Bearer ${await tokenFor(userId)}`;
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

  /** A page request from a signed-in browser. */
  async function browse(userId: string, path: string) {
    return app.request(path, {
      headers: { accept: 'text/html', cookie: `__Host-ofm-session=${await tokenFor(userId)}` },
    });
  }

  /** A form post from a signed-in browser, with a matching CSRF cookie and field. */
  async function submit(userId: string, path: string, fields: Record<string, string>) {
    const csrf = 'c'.repeat(43);
    return app.request(path, {
      method: 'POST',
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `__Host-ofm-session=${await tokenFor(userId)}; __Host-ofm-csrf=${csrf}`,
      },
      body: new URLSearchParams({ ...fields, csrfToken: csrf }).toString(),
    });
  }

  return { app, table, call, browse, submit };
}
