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
    logLevel: 'silent',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(staticDir, { recursive: true, force: true });
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
