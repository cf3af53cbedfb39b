import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack';
import { launchChromium } from '../support/browser';

let stack: LocalStack;
let browser: Browser;
const staticDir = mkdtempSync(join(tmpdir(), 'marketplace-static-'));

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: `e2e-${randomUUID()}`,
    staticDir,
    s3Dir: `${staticDir}-s3`,
    logLevel: 'silent',
    // The journeys drive every change themselves; a scheduled run mid-journey would only race them.
    jobs: false,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(`${staticDir}-s3`, { recursive: true, force: true });
});

/** WCAG 2.2 AA, as axe checks it: no violations at all. */
async function expectNoAccessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

describe('signing in on the local stack (Chromium)', () => {
  it('shows the start page, signs in as a demo commissioner, and passes axe on every page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cspViolations = collectCspViolations(page);

    await page.goto(`${stack.url}/`);
    await expect(page.title()).resolves.toBe('Start – Open Framework Marketplace');
    expect(await page.locator('h1').textContent()).toBe('Day opportunities in your area');
    for (const heading of [
      'If you run day opportunities',
      'If you work for the council',
      'If you are looking for something to do, or help someone who is',
    ]) {
      expect(await page.getByRole('heading', { level: 2, name: heading }).count()).toBe(1);
    }
    // GOV.UK Frontend's script ran from /assets/app.js, under a CSP that forbids inline script.
    expect(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))).toBe(
      true,
    );
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.waitForURL(`${stack.url}/sign-in`);
    await expectNoAccessibilityViolations(page);

    // Nobody chosen: the GOV.UK error summary says what to do and links to the field.
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.title()).toMatch(/^Error: Sign in/);
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.getByRole('link', { name: 'Select who to sign in as' }).getAttribute('href')).toBe(
      '#user',
    );
    expect(await page.locator('#user').count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Amara Okafor').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    expect(await page.locator('.govuk-inset-text').textContent()).toContain(
      'You are signed in as Amara Okafor, commissioner for Dorset Council.',
    );
    expect(await page.locator('.govuk-generic-header__homepage-link').textContent()).toContain(
      'Dorset Council',
    );
    await expectNoAccessibilityViolations(page);

    const session = (await context.cookies()).find((cookie) => cookie.name === '__Host-ofm-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.url}/`);
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBeGreaterThan(0);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('works with JavaScript switched off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/sign-in`);
    await page.getByLabel('Ruby Chen').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    expect(await page.locator('.govuk-inset-text').textContent()).toContain(
      'You are signed in as Ruby Chen, person using services for Bournemouth, Christchurch and Poole Council.',
    );
    await context.close();
  });
});

describe('the local stack', () => {
  it('reports every function healthy at /health', async () => {
    const response = await fetch(`${stack.url}/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe('ok');
    expect(
      body.functions.map((f: { function: string; status: string }) => `${f.function}:${f.status}`),
    ).toEqual(['applications:ok', 'catalogue:ok', 'checkout:ok']);
  });

  it('serves the OpenAPI document and the GOV.UK assets, cacheable for a year', async () => {
    const document = await (await fetch(`${stack.url}/openapi.json`)).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/applications/health',
        '/api/catalogue/health',
        '/api/checkout/health',
        '/health',
      ]),
    );
    const stylesheet = await fetch(`${stack.url}/assets/govuk-frontend.min.css?v=1`);
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(stylesheet.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lists the demo users and issues tokens for scripts, refusing unknown users with a problem', async () => {
    const { users } = await (await fetch(`${stack.url}/dev/users`)).json();
    expect(users).toContainEqual({
      id: 'dorset-representative',
      name: expect.any(String),
      role: 'representative',
      councilId: 'dorset',
    });
    for (const role of ['provider', 'commissioner', 'person', 'representative', 'admin']) {
      expect(users.some((user: { role: string }) => user.role === role)).toBe(true);
    }

    const issued = await fetch(`${stack.url}/dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'bcp-commissioner' }),
    });
    const { token } = await issued.json();
    const me = await fetch(`${stack.url}/api/applications/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await me.json()).toMatchObject({ id: 'bcp-commissioner', role: 'commissioner', councilId: 'bcp' });

    const unknown = await fetch(`${stack.url}/dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'nobody', role: 'admin' }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await unknown.json()).errors).toEqual([
      { field: 'role', message: 'Remove this field: it is not part of this request' },
    ]);
  });
});
