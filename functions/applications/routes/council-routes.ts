import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { councilIdSchema } from '../../../shared/domain/councils';
import { roles } from '../../../shared/domain/users';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireSameCouncil, requireUser } from '../../../shared/http/auth';
import { problemResponses } from '../../../shared/http/openapi-responses';
import { problems } from '../../../shared/http/problem';
import type { CouncilRepository } from '../../../shared/table/councils';

const signedInUserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(roles),
    councilId: z.string().openapi({ example: 'dorset' }),
  })
  .openapi('SignedInUser');

const councilSchema = z
  .object({
    id: z.string().openapi({ example: 'dorset' }),
    name: z.string().openapi({ example: 'Dorset Council' }),
    area: z.string().openapi({ example: 'Dorset' }),
  })
  .openapi('Council');

const meRoute = createRoute({
  method: 'get',
  path: '/api/applications/me',
  tags: ['Account'],
  summary: 'Who the bearer token belongs to: id, name, role and council',
  security: [{ bearerToken: [] }],
  responses: {
    200: {
      description: 'The signed-in user',
      content: { 'application/json': { schema: signedInUserSchema } },
    },
    ...problemResponses(401),
  },
});

const councilRoute = createRoute({
  method: 'get',
  path: '/api/applications/councils/{councilId}',
  tags: ['Account'],
  summary: "The signed-in user's council",
  security: [{ bearerToken: [] }],
  request: { params: z.strictObject({ councilId: councilIdSchema.meta({ example: 'dorset' }) }) },
  responses: {
    200: { description: 'The council', content: { 'application/json': { schema: councilSchema } } },
    ...problemResponses(400, 401, 403, 404),
  },
});

export function addCouncilRoutes(app: OpenAPIHono<AppEnv>, councils: Pick<CouncilRepository, 'get'>) {
  app.openapi(meRoute, (c) => c.json(requireUser(c), 200));

  app.openapi(councilRoute, async (c) => {
    const user = requireUser(c);
    const { councilId } = c.req.valid('param');
    requireSameCouncil(user, councilId);
    const council = await councils.get(councilId);
    if (!council) throw problems.notFound('There is no council with this id.');
    return c.json({ id: council.id, name: council.name, area: council.area }, 200);
  });
}
