import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { requireUser } from '../../../../shared/http/auth';
import { createBaseApp } from '../../../../shared/http/create-base-app';
import { createLogger } from '../../../../shared/log/logger';

describe('every function app', () => {
  it('turns an unexpected error into a 500 problem with no internals, logged under the same correlation id', async () => {
    const lines: string[] = [];
    const app = createBaseApp(createLogger('info', (line) => lines.push(line)));
    app.get('/api/boom', () => {
      throw new Error('connection string postgres://secret@db leaked');
    });

    const response = await app.request('/api/boom');
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('at ');
    const body = JSON.parse(text);
    expect(body).toMatchObject({ status: 500, title: 'Something went wrong' });
    const logged = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.message === 'unexpected error');
    expect(logged.correlationId).toBe(body.correlationId);
    expect(logged.error.message).toContain('postgres://secret@db');
    expect(logged.error.stack).toContain('Error:');
  });

  it('shows a browser the error page with a reference to quote, not JSON', async () => {
    const app = createBaseApp(createLogger('silent'));
    app.get('/boom', () => {
      throw new Error('internal detail');
    });
    const response = await app.request('/boom', { headers: { accept: 'text/html' } });
    const page = await response.text();
    expect(response.status).toBe(500);
    expect(page).toContain('Sorry, there is a problem with the service');
    expect(page).toContain(`quote reference <strong>${response.headers.get('x-correlation-id')}</strong>`);
    expect(page).not.toContain('internal detail');
  });

  it('answers a body that is not JSON with a 400 problem, and unknown fields with a 400 naming them', async () => {
    const app = createBaseApp(createLogger('silent'));
    app.openapi(
      createRoute({
        method: 'post',
        path: '/api/echo',
        request: {
          body: { content: { 'application/json': { schema: z.strictObject({ name: z.string() }) } } },
        },
        responses: { 200: { description: 'Echo' } },
      }),
      (c) => c.json(c.req.valid('json'), 200),
    );
    const send = (body: string) =>
      app.request('/api/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    const malformed = await send('{not json');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    expect(await malformed.json()).toMatchObject({ type: 'urn:ofm:problem:bad-request', status: 400 });

    const extra = await send('{"name":"Ann","status":"approved"}');
    expect(extra.status).toBe(400);
    expect((await extra.json()).errors).toEqual([
      { field: 'status', message: 'Remove this field: it is not part of this request' },
    ]);
  });

  it('sends a browser to sign in when a page needs a signed-in user, and back afterwards; the API answers 401', async () => {
    const app = createBaseApp(createLogger('silent'));
    app.get('/applications/mine', (c) => c.text(requireUser(c).name));
    app.get('/api/applications/mine', (c) => c.json(requireUser(c)));

    const page = await app.request('/applications/mine?status=draft', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?returnTo=%2Fapplications%2Fmine%3Fstatus%3Ddraft');

    const api = await app.request('/api/applications/mine', { headers: { accept: 'text/html' } });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
  });
});
