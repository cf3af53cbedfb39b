/**
 * Which function answers which paths. API Gateway (infra), the local server and the OpenAPI
 * document all read this, so a path is served by the same function locally and in AWS.
 *
 * A prefix `/x` owns `/x` and everything under `/x/`. `applications` is also the default route:
 * it answers the front door (start page, sign in and out, `/health`) and every unknown path, so
 * unknown paths get the same 404 problem everywhere.
 */
export const functionNames = ['applications', 'catalogue', 'checkout'] as const;
export type FunctionName = (typeof functionNames)[number];

export const routePrefixes: Record<FunctionName, readonly string[]> = {
  applications: ['/applications', '/api/applications'],
  catalogue: ['/catalogue', '/api/catalogue', '/openactive', '/openreferral'],
  checkout: ['/checkout', '/api/checkout', '/webhooks'],
};

export const defaultFunction: FunctionName = 'applications';

/** Each function's health route: it reads the table. */
export const healthPaths: Record<FunctionName, string> = {
  applications: '/api/applications/health',
  catalogue: '/api/catalogue/health',
  checkout: '/api/checkout/health',
};

/** Served as files (CloudFront from S3 in AWS, the local server from `dist/static`). */
export const staticPaths = { assetsPrefix: '/assets', openApiDocument: '/openapi.json' } as const;

export function functionForPath(path: string): FunctionName {
  for (const name of functionNames) {
    if (routePrefixes[name].some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return name;
  }
  return defaultFunction;
}
