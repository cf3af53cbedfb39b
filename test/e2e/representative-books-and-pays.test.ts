import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../scripts/local/local-stack';
import { expectNoAccessibilityViolations, signInAs, startBrowserAndStack } from '../support/e2e';

/**
 * The whole paid journey on the local stack with the demo data: a carer books two places for the
 * person she supports and pays on the (emulated) Stripe page with a prepaid card; the webhook
 * confirms the booking; the provider sees them on the register; the commissioner sees the spend.
 */
let stack: LocalStack;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ stack, browser, stop } = await startBrowserAndStack());
}, 120_000);

afterAll(async () => {
  await stop?.();
});

async function activityIdOf(title: string): Promise<string> {
  const response = await fetch(`${stack.url}/api/catalogue/search?council=dorset`);
  const body = (await response.json()) as { results: { activityId: string; title: string }[] };
  const found = body.results.find((result) => result.title === title);
  if (!found) throw new Error(`${title} is not in the Dorset catalogue`);
  return found.activityId;
}

describe('a representative books and pays with a direct payment card (Chromium)', () => {
  it('books two places, pays, sees it confirmed and the budget reduced; the provider and commissioner see it; axe on every page', {
    timeout: 240_000,
  }, async () => {
    const activityId = await activityIdOf('Colliton Day Centre');
    const carer = await browser.newContext();
    const page = await carer.newPage();
    page.setDefaultTimeout(20_000);
    await signInAs(page, stack.url, 'Helen Ellery (carer for Tom Ellery)');

    await page.goto(`${stack.url}/catalogue/activities/${activityId}`);
    await page.getByRole('link', { name: 'Book a place' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Book Colliton Day Centre');
    await expectNoAccessibilityViolations(page);

    const firstSession = page.locator('input[name="sessionIds"]').first();
    const sessionId = (await firstSession.getAttribute('value')) ?? '';
    await firstSession.check();
    await page.getByLabel('How many places?').fill('2');
    await page.getByLabel('Direct payment, by card').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Stripe's page (the local emulator): pay with a prepaid card, as a direct payment card is.
    await expect.poll(() => page.url()).toContain('/checkout/cs_');
    expect(await page.locator('body').textContent()).toContain('£84.00');
    await page.getByLabel('Card number').fill('5105 1051 0510 5100');
    await page.getByLabel('Expiry date (MM / YY)').fill('12 / 34');
    await page.getByLabel('Security code (CVC)').fill('123');
    await page.getByLabel('Name on card').fill('Helen Ellery');
    const email = page.getByLabel('Email address');
    if (await email.count()) await email.fill('helen.ellery@example.org');
    await page.getByRole('button', { name: /^Pay/ }).click();

    // Back on our page: confirmed only once the webhook has arrived.
    await expect.poll(() => page.url()).toContain('?paid=1');
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('h1').first().textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toContain('Booking confirmed');
    expect(await page.locator('main').textContent()).toContain('Prepaid card ending 5100');
    await expectNoAccessibilityViolations(page);

    await page.goto(`${stack.url}/checkout`);
    const bookings = (await page.locator('main').textContent()) ?? '';
    expect(bookings).toContain('Tom Ellery');
    expect(bookings).toContain('£396.00');
    await expectNoAccessibilityViolations(page);
    await carer.close();

    // The provider's register for that session.
    const provider = await browser.newContext();
    const providerPage = await provider.newPage();
    providerPage.setDefaultTimeout(20_000);
    await signInAs(providerPage, stack.url, 'Claire Moss (Colliton Day Services)');
    await providerPage.goto(`${stack.url}/checkout/sessions/${sessionId}/register`);
    // Tom's own row, and its places cell: the two places Helen booked.
    const tomsRow = providerPage
      .getByRole('row')
      .filter({ has: providerPage.getByRole('rowheader', { name: 'Tom Ellery', exact: true }) });
    expect(await tomsRow.count()).toBe(1);
    expect((await tomsRow.getByRole('cell').first().textContent())?.trim()).toBe('2');
    await expectNoAccessibilityViolations(providerPage);
    await provider.close();

    // The commissioner's spend page and export.
    const council = await browser.newContext();
    const councilPage = await council.newPage();
    councilPage.setDefaultTimeout(20_000);
    await signInAs(councilPage, stack.url, 'Amara Okafor');
    await councilPage.goto(`${stack.url}/checkout/spend`);
    expect(await councilPage.locator('main').textContent()).toContain('£84.00');
    await expectNoAccessibilityViolations(councilPage);
    const href =
      (await councilPage.getByRole('link', { name: 'Download as CSV' }).first().getAttribute('href')) ?? '';
    const csv = await (await councilPage.request.get(`${stack.url}${href}`)).text();
    const row = csv.split('\r\n').find((line) => line.includes('DC-104233'));
    expect(row).toContain('Colliton Day Centre');
    expect(row).toContain('84.00');
    expect(row).toContain('Direct payment');
    expect(row).toContain('pi_');
    await council.close();
  });
});

describe('the other checkout pages (Chromium)', () => {
  it('pass axe: people, a person, adding one, adjusting a budget, a statement, payouts, the ISF statement and a cancellation', {
    timeout: 180_000,
  }, async () => {
    const council = await browser.newContext();
    const page = await council.newPage();
    page.setDefaultTimeout(20_000);
    await signInAs(page, stack.url, 'Amara Okafor');
    await page.goto(`${stack.url}/checkout/people`);
    expect(await page.locator('main').textContent()).toContain('Grace Mbeki');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Tom Ellery' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Tom Ellery');
    await expectNoAccessibilityViolations(page);
    await page.goto(`${stack.url}/checkout/people/new`);
    await page.getByRole('button', { name: 'Add person' }).click();
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await page.goto(`${stack.url}/checkout/people/0000000000demoperson00tom1/adjustments`);
    await page.getByRole('button', { name: 'Add the adjustment' }).click();
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await page.goto(`${stack.url}/checkout/people/0000000000demoperson00tom1/statement`);
    await expectNoAccessibilityViolations(page);
    await council.close();

    const provider = await browser.newContext();
    const providerPage = await provider.newPage();
    providerPage.setDefaultTimeout(20_000);
    await signInAs(providerPage, stack.url, 'Claire Moss (Colliton Day Services)');
    for (const path of ['/checkout/payouts', '/checkout/isf-statement']) {
      await providerPage.goto(`${stack.url}${path}`);
      await expectNoAccessibilityViolations(providerPage);
    }
    await provider.close();

    // Tom books for himself with his direct payment, then cancels before paying.
    const person = await browser.newContext();
    const personPage = await person.newPage();
    personPage.setDefaultTimeout(20_000);
    // Helen's label also says "Tom Ellery", so choose Tom's exactly.
    await personPage.goto(`${stack.url}/sign-in`);
    await personPage.getByLabel('Tom Ellery', { exact: true }).check();
    await personPage.getByRole('button', { name: 'Sign in' }).click();
    await personPage.waitForURL(`${stack.url}/`);
    await personPage.goto(`${stack.url}/checkout/book/${await activityIdOf('Colliton Day Centre')}`);
    await personPage.getByRole('button', { name: 'Continue' }).click();
    expect(await personPage.locator('.govuk-error-summary').textContent()).toContain('session');
    await expectNoAccessibilityViolations(personPage);
    await personPage.locator('input[name="sessionIds"]').nth(1).check();
    await personPage.getByLabel('Direct payment, by card').check();
    await personPage.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => personPage.url()).toContain('/checkout/cs_');
    await personPage
      .getByRole('link', { name: /Cancel|Back/ })
      .first()
      .click();
    await expect.poll(() => personPage.url()).toContain('/checkout/bookings/');
    await expectNoAccessibilityViolations(personPage);
    await personPage.getByRole('link', { name: /Cancel this booking|Cancel booking/ }).click();
    await expectNoAccessibilityViolations(personPage);
    await personPage.getByRole('button', { name: 'Yes, cancel the booking' }).click();
    await expect.poll(() => personPage.url()).toContain('cancelled=1');
    expect(await personPage.locator('main').textContent()).toContain('Cancelled');
    await expectNoAccessibilityViolations(personPage);
    await person.close();
  });
});
