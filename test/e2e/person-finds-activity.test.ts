import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../scripts/local/local-stack';
import { expectNoAccessibilityViolations, signInAs, startBrowserAndStack } from '../support/e2e';

let stack: LocalStack;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ stack, browser, stop } = await startBrowserAndStack());
});

afterAll(async () => {
  await stop?.();
});

describe('a person finds a day activity near them (Chromium)', () => {
  it('searches with JavaScript switched off: the search is one GET form', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.url}/catalogue`);
    await page.getByLabel('Postcode').fill('DT1');
    await page.getByLabel('Within 20 miles').check();
    await page.getByLabel('Weekend').check();
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toContain('time=weekend');
    expect(await page.locator('main ul.govuk-list > li h3 a').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('searches by postcode, filters, opens an activity and sees its sessions; every page passes axe', {
    timeout: 180_000,
  }, async () => {
    // axe runs inside the page, so this part has JavaScript on.
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.url}/catalogue`);
    expect(await page.title()).toContain('Find day activities');
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Postcode').fill('DT1');
    await page.getByLabel('Within 20 miles').check();
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toContain('postcode=DT1');
    const results = page.locator('main ul.govuk-list > li h3 a');
    expect(await results.count()).toBeGreaterThan(0);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Weekend').check();
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toContain('time=weekend');
    expect(await page.getByLabel('Weekend').isChecked()).toBe(true);
    expect(await results.count()).toBeGreaterThan(0);

    const first = results.first();
    const title = (await first.textContent())?.trim() ?? '';
    await first.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(title);
    expect(await page.getByRole('heading', { name: 'Next sessions' }).count()).toBe(1);
    expect(await page.locator('table.govuk-table tbody tr').count()).toBeGreaterThan(0);
    await expectNoAccessibilityViolations(page);

    await page.goto(`${stack.url}/catalogue?postcode=Q1+1AA`);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a real postcode');
    await expectNoAccessibilityViolations(page);
    await context.close();
  });

  it("shows a commissioner their council's coverage, map and table, with no accessibility problems", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, stack.url, 'Amara Okafor');
    await page.goto(`${stack.url}/catalogue/coverage`);
    expect(await page.locator('h1').textContent()).toBe('Coverage');
    expect(await page.locator('svg[role="img"] circle').count()).toBeGreaterThan(5);
    await expectNoAccessibilityViolations(page);
    await context.close();
  });
});
