import type { OpenAPIHono } from '@hono/zod-openapi';
import type { VerifyToken } from '../auth/token-verifier';
import type { Logger } from '../log/logger';
import type { FunctionName } from '../routing';
import type { Table } from '../table/client';
import type { AppEnv } from './app-env';
import { authenticate } from './auth';
import { createBaseApp } from './create-base-app';
import { csrfProtection } from './csrf';
import { addHealthRoute } from './health';

export interface FunctionAppDependencies {
  logger: Logger;
  table: Table;
  verifyToken: VerifyToken;
}

/** A capability's app before its own routes: base app, sign-in, CSRF protection, health route. */
export function createFunctionApp(
  name: FunctionName,
  deps: FunctionAppDependencies,
  options: { formActions?: string[] } = {},
): OpenAPIHono<AppEnv> {
  const app = createBaseApp(deps.logger.child({ function: name }), options);
  app.use(authenticate(deps.verifyToken), csrfProtection());
  addHealthRoute(app, name, deps.table);
  return app;
}
