import { describe, expect, it } from 'vitest';
import { appsForDocumentation, buildOpenApiDocument } from '../../scripts/openapi-document';

describe('the OpenAPI document', () => {
  const apps = appsForDocumentation();
  const document = buildOpenApiDocument(apps);

  it('is OpenAPI 3.1 with the problem and bearer token components', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components?.securitySchemes).toHaveProperty('bearerToken');
    expect(document.components?.schemas).toHaveProperty('Problem');
  });

  it('describes every JSON route of every function', () => {
    const described = new Set(
      Object.entries(document.paths ?? {}).flatMap(([path, operations]) =>
        Object.keys(operations ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const jsonRoutes = Object.values(apps)
      .flatMap((app) => app.routes)
      .filter((route) => route.path.startsWith('/api/') || route.path === '/health')
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(jsonRoutes.length).toBeGreaterThan(0);
    for (const route of jsonRoutes) expect(described).toContain(route);
  });
});
