import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { sharedByCaches, sharedByCachesWhenOk } from '../../../../shared/http/shared-cache';

describe('answers shared caches may keep', () => {
  it('say for how long, carry no cookie, and vary by the forwarded host their links are built from', () => {
    const response = new Response('{}', {
      headers: { 'Set-Cookie': '__Host-ofm-csrf=abc; Path=/', Vary: 'Origin', 'Cache-Control': 'no-store' },
    });
    const shared = sharedByCaches(response, 'public, max-age=300');
    expect(shared).toBe(response);
    expect(shared.headers.get('cache-control')).toBe('public, max-age=300');
    expect(shared.headers.get('set-cookie')).toBeNull();
    expect(shared.headers.get('vary')).toBe('Origin, X-Forwarded-Host');
    // Twice over, still once.
    expect(sharedByCaches(shared, 'public, max-age=8').headers.get('vary')).toBe('Origin, X-Forwarded-Host');
  });

  it('as middleware, touch only successful answers: problems keep what they were given', async () => {
    const app = new Hono();
    app.use('/data/*', sharedByCachesWhenOk('public, max-age=300'));
    app.get('/data/ok', (c) => {
      c.header('Set-Cookie', '__Host-ofm-csrf=abc; Path=/');
      return c.json({ ok: true });
    });
    app.get('/data/missing', (c) => c.json({ status: 404 }, 404, { 'Cache-Control': 'no-store' }));

    const ok = await app.request('/data/ok');
    expect(ok.headers.get('cache-control')).toBe('public, max-age=300');
    expect(ok.headers.get('vary')).toBe('X-Forwarded-Host');
    expect(ok.headers.get('set-cookie')).toBeNull();

    const missing = await app.request('/data/missing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
    expect(missing.headers.get('vary')).toBeNull();
  });
});
