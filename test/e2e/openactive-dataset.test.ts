import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../scripts/local/local-stack';
import { expectNoAccessibilityViolations, startBrowserAndStack } from '../support/e2e';

let stack: LocalStack;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ stack, browser, stop } = await startBrowserAndStack());
});

afterAll(async () => {
  await stop?.();
});

describe('the open data page (Chromium)', () => {
  it('says what the data is and its licence, links to the feeds, and passes axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.url}/openactive`);
    await expect.poll(() => page.title()).toBe('Open data: day opportunities – Open Framework Marketplace');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Open data: day opportunities');
    expect(
      await page.getByRole('link', { name: 'Creative Commons Attribution 4.0 licence' }).getAttribute('href'),
    ).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(await page.getByRole('table', { name: 'Activity types and their concepts' }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    const feed = `${stack.url}/openactive/feeds/scheduled-sessions`;
    await page.getByRole('link', { name: feed }).click();
    await page.waitForURL(feed);
    const body = JSON.parse((await page.locator('body').textContent()) ?? '{}');
    expect(body.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(body.next).toMatch(new RegExp(`^${feed}\\?afterTimestamp=\\d+&afterId=`));
    await context.close();
  });
});
