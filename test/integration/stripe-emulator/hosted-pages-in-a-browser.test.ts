import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser';
import { type Harness, sessionParams, startHarness } from './emulator-harness';

let harness: Harness;
let browser: Browser;
beforeAll(async () => {
  harness = await startHarness();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await harness?.emulator.close();
});

async function expectNoAccessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((violation) => `${page.url()} ${violation.id}: ${violation.help}`)).toEqual(
    [],
  );
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel('Email address').fill('parent@example.com');
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry date (MM / YY)').fill('12 / 40');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByLabel('Name on card').fill('Alex Example');
}

describe('the hosted pages in a browser', () => {
  // The pages carry no script, so a plain form post is all the browser does; axe itself needs scripting on.
  it('pay by card through a plain form, and every state of the page passes axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const session = await harness.stripe.checkout.sessions.create(
      sessionParams({ success_url: `${harness.emulator.url}/checkout/{CHECKOUT_SESSION_ID}` }),
    );
    await page.goto(session.url ?? '');
    await expectNoAccessibilityViolations(page);

    await fillCard(page, '1234');
    await page.getByRole('button', { name: 'Pay £25.00' }).click();
    await expect.poll(() => page.getByText('Your card number is invalid.').count()).toBeGreaterThan(0);
    await expectNoAccessibilityViolations(page);

    await fillCard(page, '4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay £25.00' }).click();
    await expect.poll(() => page.getByText('Your card was declined.').count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay £25.00' }).click();
    // The success URL here is the session's own page, which now says it is paid.
    await expect.poll(() => page.getByRole('heading', { name: 'This payment is complete' }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await context.close();
  });

  it('complete onboarding with one button, which passes axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const account = await harness.stripe.accounts.create({ type: 'express', country: 'GB' });
    const link = await harness.stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: `${harness.emulator.url}/_emulator/events`,
      return_url: `${harness.emulator.url}/_emulator/events`,
    });
    await page.goto(link.url);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Complete onboarding' }).click();
    await page.waitForURL(`${harness.emulator.url}/_emulator/events`);
    expect((await harness.stripe.accounts.retrieve(account.id)).charges_enabled).toBe(true);
    await context.close();
  });
});
