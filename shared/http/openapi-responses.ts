import { z } from '@hono/zod-openapi';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    correlationId: z.string().optional(),
  })
  .openapi('Problem');

const descriptions: Record<number, string> = {
  400: 'Invalid input: `errors` names each field and how to fix it',
  401: 'No valid bearer token',
  403: 'Not allowed for this user, role or council',
  404: 'Not found',
  409: 'Conflict with the current state or version',
  422: 'A business rule was broken',
  503: 'Something the service depends on is unavailable; try again later',
};

/** Problem responses for a route's OpenAPI description, all in application/problem+json. */
export function problemResponses<S extends keyof typeof descriptions>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? 'Error',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  ) as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } }
  >;
}
