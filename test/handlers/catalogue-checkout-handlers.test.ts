import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalTokenIssuer, localEnvironment } from '../../scripts/local/local-auth';
import { httpApiEvent, type LambdaResult, lambdaContext } from '../support/api-gateway-events';
import { createTestTable } from '../support/test-table';

type Invoke = (event: ReturnType<typeof httpApiEvent>) => Promise<LambdaResult>;
const handlers: Record<'catalogue' | 'checkout', Invoke> = {} as Record<'catalogue' | 'checkout', Invoke>;

beforeAll(async () => {
  const table = await createTestTable();
  const issuer = await createLocalTokenIssuer();
  for (const [name, value] of Object.entries({
    ...localEnvironment(table.name, table.endpoint, issuer),
    LOG_LEVEL: 'silent',
  })) {
    vi.stubEnv(name, value);
  }
  const catalogue = await import('../../functions/catalogue/handler');
  const checkout = await import('../../functions/checkout/handler');
  handlers.catalogue = (event) => catalogue.handler(event, lambdaContext) as Promise<LambdaResult>;
  handlers.checkout = (event) => checkout.handler(event, lambdaContext) as Promise<LambdaResult>;
});

afterAll(() => vi.unstubAllEnvs());

describe.each(['catalogue', 'checkout'] as const)('%s Lambda handler', (name) => {
  it('answers its health route after reading the table', async () => {
    const result = await handlers[name](httpApiEvent({ path: `/api/${name}/health`, query: { probe: '1' } }));
    expect(result.statusCode).toBe(200);
    expect(result.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(result.body)).toMatchObject({
      function: name,
      status: 'ok',
      checks: { table: { status: 'ok' } },
    });
  });

  it('answers an unknown path under its prefix with a 404 problem', async () => {
    const result = await handlers[name](httpApiEvent({ path: `/api/${name}/nothing-here` }));
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toBe('application/problem+json');
  });

  it('shows browsers a GOV.UK "Page not found" page instead of JSON', async () => {
    const result = await handlers[name](
      httpApiEvent({ path: `/${name}/nothing-here`, headers: { accept: 'text/html' } }),
    );
    expect(result.statusCode).toBe(404);
    expect(result.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
  });
});
