import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../scripts/local/local-stack';
import {
  expectNoAccessibilityViolations,
  fillDate,
  isoDay,
  signInAs,
  startBrowserAndStack,
} from '../support/e2e';

let stack: LocalStack;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ stack, browser, stop } = await startBrowserAndStack());
});
afterAll(() => stop?.());

describe('a framework member publishes an activity (Chromium)', () => {
  it('adds an activity through the form, publishes it, sees and cancels a session; axe on every page', async () => {
    const page = await (await browser.newContext()).newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    await signInAs(page, stack.url, 'Jess Parker (Purbeck Community Farm)');

    await page.goto(`${stack.url}/catalogue/provider/activities`);
    await expect(page.locator('h1').textContent()).resolves.toBe('My activities');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Add an activity' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Add an activity');
    await expectNoAccessibilityViolations(page);

    // A start time after the end time is named, and what was written stays.
    await page.getByLabel('Title', { exact: true }).fill('Pond dipping and nature walks');
    await page
      .getByLabel('Description', { exact: true })
      .fill('Explore the farm ponds and hedgerows with a naturalist; nets and guides provided.');
    await page.getByLabel('Community activities (spokes)').check();
    await page.getByLabel('Community gardening', { exact: true }).check();
    await page.getByLabel('Spoke (out in the community)').check();
    await page.getByLabel('Venue name').fill('Purbeck Community Farm');
    await page.getByLabel('Address line 1').fill('Corfe Road');
    await page.getByLabel('Town or city').fill('Wareham');
    await page.getByLabel('Postcode').fill('BH20 4AA');
    const firstRow = page.getByRole('group', { name: 'Day and time 1' });
    await firstRow.getByLabel('Day').selectOption('wednesday');
    await firstRow.getByLabel('Start time').fill('14:00');
    await firstRow.getByLabel('End time').fill('13:00');
    await fillDate(page.getByRole('group', { name: 'First date' }), isoDay(1));
    await page.getByLabel('Places in each session').fill('10');
    await page.getByLabel('Price, in pounds').fill('6');
    await page.getByLabel('Per session').check();
    await page.getByLabel('Direct payment').check();
    await page.getByLabel('Youngest age').fill('18');
    await page.getByLabel('Contact name').fill('Jess Parker');
    await page.getByLabel('Contact email address').fill('jess@purbeckfarm.example');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'The end time must be after the start time',
    );
    await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe(
      'Pond dipping and nature walks',
    );
    await expectNoAccessibilityViolations(page);
    await page.locator('.govuk-error-summary a').first().click();
    await page.getByRole('group', { name: 'Day and time 1' }).getByLabel('End time').fill('16:00');
    await page.getByRole('button', { name: 'Save as draft' }).click();

    await page.waitForURL(/\/catalogue\/provider\/activities\/[0-9a-z]{26}\/edit\?created=1$/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'saved as a draft',
    );
    await expect(page.locator('h1').textContent()).resolves.toBe('Pond dipping and nature walks');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Publish activity' }).click();
    await page.waitForURL(/\/edit\?published=1$/);
    await expect(page.locator('main .govuk-tag').first().textContent()).resolves.toBe('Published');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'See its sessions' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Sessions');
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('14:00 to 16:00');
    await expectNoAccessibilityViolations(page);

    await page
      .getByRole('link', { name: /^Cancel session/ })
      .first()
      .click();
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Cancel the session on /);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Cancel session' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter why you are cancelling the session',
    );
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Why are you cancelling this session?').fill('The ponds are being cleared.');
    await page.getByRole('button', { name: 'Cancel session' }).click();
    await page.waitForURL(/\/sessions\?cancelled=1$/);
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain(
      'The ponds are being cleared.',
    );
    await expectNoAccessibilityViolations(page);

    await page.goto(`${stack.url}/catalogue/provider/activities`);
    const row = page.getByRole('row', { name: /Pond dipping and nature walks/ });
    await expect(row.textContent()).resolves.toContain('Published');
    await expectNoAccessibilityViolations(page);
    expect(cspViolations).toEqual([]);
  }, 240_000);
});
