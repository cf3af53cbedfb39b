import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { FunctionName } from '../routing';
import { healthPaths } from '../routing';
import type { Table } from '../table/client';
import { checkTableHealth } from '../table/health';
import type { AppEnv } from './app-env';

export const functionHealthSchema = z
  .object({
    function: z.string().openapi({ example: 'catalogue' }),
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({
      table: z.object({ status: z.enum(['ok', 'unavailable']), latencyMs: z.number().int() }),
    }),
  })
  .openapi('FunctionHealth');

export type FunctionHealth = z.infer<typeof functionHealthSchema>;

/** Each function's health route: 200 when it can read the table, 503 when it cannot. */
export function addHealthRoute(app: OpenAPIHono<AppEnv>, name: FunctionName, table: Table) {
  const route = createRoute({
    method: 'get',
    path: healthPaths[name],
    tags: ['Health'],
    summary: `Whether the ${name} function can read the table`,
    responses: {
      200: { description: 'Healthy', content: { 'application/json': { schema: functionHealthSchema } } },
      503: {
        description: 'Cannot read the table',
        content: { 'application/json': { schema: functionHealthSchema } },
      },
    },
  });
  app.openapi(route, async (c) => {
    const tableHealth = await checkTableHealth(table);
    const body: FunctionHealth = {
      function: name,
      status: tableHealth.status,
      checks: { table: tableHealth },
    };
    c.header('Cache-Control', 'no-store');
    return tableHealth.status === 'ok' ? c.json(body, 200) : c.json(body, 503);
  });
}
