import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../../shared/http/app-env';
import { type FunctionHealth, functionHealthSchema } from '../../../shared/http/health';
import { type FunctionName, functionNames, healthPaths } from '../../../shared/routing';

/** Asks one function for its health; in AWS and locally, over HTTP at the same origin. */
export type CheckFunctionHealth = (name: FunctionName, origin: string) => Promise<FunctionHealth>;

export const checkFunctionHealthOverHttp: CheckFunctionHealth = async (name, origin) => {
  try {
    const response = await fetch(new URL(healthPaths[name], origin), { signal: AbortSignal.timeout(3000) });
    return functionHealthSchema.parse(await response.json());
  } catch {
    return {
      function: name,
      status: 'unavailable',
      checks: { table: { status: 'unavailable', latencyMs: 0 } },
    };
  }
};

const serviceHealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    functions: z.array(functionHealthSchema),
  })
  .openapi('ServiceHealth');

/** GET /health: every function's own health check, together; 503 if any of them fails. */
export function addServiceHealthRoute(app: OpenAPIHono<AppEnv>, checkFunctionHealth: CheckFunctionHealth) {
  const route = createRoute({
    method: 'get',
    path: '/health',
    tags: ['Health'],
    summary: 'The health of every function, together',
    responses: {
      200: {
        description: 'All functions healthy',
        content: { 'application/json': { schema: serviceHealthSchema } },
      },
      503: {
        description: 'At least one function unhealthy',
        content: { 'application/json': { schema: serviceHealthSchema } },
      },
    },
  });
  app.openapi(route, async (c) => {
    // The request's own origin (API Gateway's host in AWS) reaches the functions without CloudFront.
    const origin = new URL(c.req.url).origin;
    const functions = await Promise.all(functionNames.map((name) => checkFunctionHealth(name, origin)));
    const status = functions.every((f) => f.status === 'ok') ? 'ok' : 'unavailable';
    c.header('Cache-Control', 'no-store');
    return status === 'ok' ? c.json({ status, functions }, 200) : c.json({ status, functions }, 503);
  });
}
