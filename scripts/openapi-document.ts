import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp as createApplicationsApp } from '../functions/applications/app';
import { createApp as createCatalogueApp } from '../functions/catalogue/app';
import { createApp as createCheckoutApp } from '../functions/checkout/app';
import { unreachablePayments } from '../functions/checkout/services/payment-gateway';
import type { AppEnv } from '../shared/http/app-env';
import { createLogger } from '../shared/log/logger';
import type { FunctionName } from '../shared/routing';
import { connectTable } from '../shared/table/client';

type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

/** One OpenAPI 3.1 document for the whole JSON API, merged from each function's routes. */
export function buildOpenApiDocument(apps: Record<FunctionName, OpenAPIHono<AppEnv>>): OpenApiDocument {
  const info = {
    title: 'Open Framework Marketplace API',
    version: '0.1.0',
    description:
      'Day opportunities on a council open framework: provider applications, the session catalogue and checkout. ' +
      'Errors are application/problem+json (RFC 9457).',
  };
  const documents = Object.values(apps).map((app) => app.getOpenAPI31Document({ openapi: '3.1.0', info }));
  const merged: OpenApiDocument = { openapi: '3.1.0', info, paths: {}, components: {} };
  for (const document of documents) {
    Object.assign(merged.paths ?? {}, document.paths);
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      const components = merged.components as Record<string, Record<string, unknown>>;
      components[kind] = { ...components[kind], ...(entries as Record<string, unknown>) };
    }
  }
  return merged;
}

/** The apps with dependencies that are never called: building the document only reads route definitions. */
export function appsForDocumentation(): Record<FunctionName, OpenAPIHono<AppEnv>> {
  const deps = {
    logger: createLogger('silent'),
    table: connectTable({ name: 'documentation-only', endpoint: 'http://127.0.0.1:9' }),
    verifyToken: () => Promise.reject(new Error('documentation only')),
  };
  return {
    applications: createApplicationsApp({ ...deps, councils: { get: async () => undefined } }),
    catalogue: createCatalogueApp({
      ...deps,
      councils: { get: async () => undefined, list: async () => [] },
    }),
    checkout: createCheckoutApp({
      ...deps,
      councils: { get: async () => undefined, list: async () => [] },
      payments: unreachablePayments,
      paymentOrigins: [],
    }),
  };
}
