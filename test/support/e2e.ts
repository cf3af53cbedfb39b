import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack';
import { launchChromium } from './browser';

/** The local stack on its own table in the run's DynamoDB Local, and a Chromium to drive it. */
export async function startBrowserAndStack(): Promise<{
  stack: LocalStack;
  browser: Browser;
  stop: () => Promise<void>;
}> {
  const staticDir = mkdtempSync(join(tmpdir(), 'marketplace-static-'));
  const stack = await startLocalStack({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: `e2e-${randomUUID()}`,
    staticDir,
    s3Dir: `${staticDir}-s3`,
    logLevel: 'silent',
    // The journeys drive every change themselves; a scheduled run mid-journey would only race them.
    jobs: false,
  });
  const browser = await launchChromium();
  return {
    stack,
    browser,
    stop: async () => {
      await browser.close();
      await stack.stop();
      rmSync(staticDir, { recursive: true, force: true });
      rmSync(`${staticDir}-s3`, { recursive: true, force: true });
    },
  };
}

/** WCAG 2.2 AA, as axe checks it: no violations at all. */
export async function expectNoAccessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((violation) => `${page.url()} ${violation.id}: ${violation.help}`)).toEqual(
    [],
  );
}

export async function signInAs(page: Page, baseUrl: string, name: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/** Fills a GOV.UK date input inside `scope` with an ISO date. */
export async function fillDate(scope: Locator, isoDate: string) {
  const [year, month, day] = isoDate.split('-');
  await scope.getByLabel('Day').fill(String(Number(day)));
  await scope.getByLabel('Month').fill(String(Number(month)));
  await scope.getByLabel('Year').fill(year ?? '');
}

export const isoDay = (plusDays: number) =>
  new Date(Date.now() + plusDays * 86_400_000).toISOString().slice(0, 10);
