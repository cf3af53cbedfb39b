import type { Browser, Page } from 'playwright-core';
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

async function openSection(page: Page, title: string) {
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.locator('h1').textContent()).resolves.toBe(title);
}

async function saveCompleted(page: Page) {
  await page.getByLabel('Yes, I’ve completed this section').check();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(/\/applications\/[0-9A-Z]{26}$/);
}

describe('a micro-provider applies, is asked a question, resubmits and is approved (Chromium)', () => {
  it('signs up, completes every section with an upload, answers a clarification and joins; axe on every page', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInAs(page, stack.url, 'Priya Shah (Bridport Makers CIC)');

    await page.goto(`${stack.url}/applications`);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Sign up your organisation' }).click();

    // Nothing filled in: every required field is named in the error summary.
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter the legal name',
    );
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Legal name of the organisation').fill('Bridport Makers CIC');
    await page.getByLabel('Community interest company (CIC)').check();
    await page.getByLabel('Companies House number').fill('09876543');
    await page.getByLabel('Address line 1').fill('St Michael’s Trading Estate');
    await page.getByLabel('Town or city').fill('Bridport');
    await page.getByLabel('Postcode').fill('dt6 3rr');
    await page.getByLabel('Contact name').fill('Priya Shah');
    await page.getByLabel('Contact email address').fill('priya@bridportmakers.example');
    await page.getByLabel('Contact phone number').fill('01308 420000');
    await page.getByLabel('Number of workers, including volunteers').fill('5');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${stack.url}/applications`);

    await page.getByRole('button', { name: 'Start an application to join' }).click();
    await page.waitForURL(/\/applications\/[0-9A-Z]{26}$/);
    await expectNoAccessibilityViolations(page);

    await openSection(page, 'Organisation details');
    await expect(page.getByLabel('Postcode').inputValue()).resolves.toBe('DT6 3RR');
    await saveCompleted(page);

    await openSection(page, 'Lots applied for');
    await page.getByLabel('Community activities (spokes)').check();
    await saveCompleted(page);

    await openSection(page, 'Where you work');
    await page.getByLabel('Which postcode districts do you work in?').fill('DT6, dt7');
    await saveCompleted(page);

    await openSection(page, 'What you offer and to whom');
    await page
      .getByLabel('What do you offer?')
      .fill('Making and mending workshops: woodwork, sewing and bike repair, in a friendly workshop.');
    await page.getByLabel('Learning disability').check();
    await page.getByLabel('Mental health').check();
    await page
      .getByRole('group', { name: /regulated by the Care Quality Commission/ })
      .getByLabel('No')
      .check();
    await saveCompleted(page);

    await openSection(page, 'Prices');
    const price = page.getByRole('group', { name: 'Price 1' });
    await price.getByLabel('What the price is for').fill('Workshop, half a day');
    await price.getByLabel('Price, in pounds').fill('12.50');
    await price.getByLabel('Session').check();
    await saveCompleted(page);

    await openSection(page, 'Safeguarding');
    await page
      .getByRole('group', { name: 'Do you have a safeguarding adults policy?' })
      .getByLabel('Yes')
      .check();
    await fillDate(page.getByRole('group', { name: 'When was the policy last reviewed?' }), isoDay(-30));
    await page.getByLabel('Name of your safeguarding lead').fill('Priya Shah');
    // A training date in the future is refused, naming the field, and the answers are kept.
    await fillDate(
      page.getByRole('group', { name: "Date of the lead's last safeguarding training" }),
      isoDay(30),
    );
    await page.getByLabel('Yes, I’ve completed this section').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      "The date of the lead's last safeguarding training must be today or in the past",
    );
    await expect(page.getByLabel('Name of your safeguarding lead').inputValue()).resolves.toBe('Priya Shah');
    await expectNoAccessibilityViolations(page);
    await fillDate(
      page.getByRole('group', { name: "Date of the lead's last safeguarding training" }),
      isoDay(-100),
    );
    await saveCompleted(page);

    await openSection(page, 'Insurance');
    // The certificate goes straight to the evidence bucket; the service checks its first bytes.
    await page.getByLabel('Upload a certificate or policy').setInputFiles({
      name: 'certificate.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(
        '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.waitForURL(/\/sections\/insurance#evidence$/);
    await expect(page.locator('#evidence').textContent()).resolves.toMatch(/PDF uploaded .* \(1 KB\)/);
    // A file that only claims to be a PDF is refused with a message beside the upload field.
    await page.getByLabel('Upload a certificate or policy').setInputFiles({
      name: 'not-really.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('This is plain text pretending to be a PDF'),
    });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.waitForURL(/evidence-error=wrong-type/);
    await expect(page.locator('#file-error').textContent()).resolves.toContain(
      'The selected file must be a PDF, JPG or PNG',
    );
    expect(await page.locator('#evidence li').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('group', { name: 'Do you employ staff?' }).getByLabel('No').check();
    const publicLiability = page.getByRole('group', { name: 'Public liability insurance' });
    await publicLiability.getByLabel('Insurer').fill('Makers Mutual');
    await publicLiability.getByLabel('Cover, in pounds').fill('2,000,000');
    await fillDate(publicLiability.getByRole('group', { name: 'Expiry date' }), isoDay(300));
    await saveCompleted(page);

    await openSection(page, 'DBS checks');
    await page
      .getByRole('group', { name: /enhanced DBS check/ })
      .getByLabel('Yes')
      .check();
    await page
      .getByRole('group', { name: 'Do you have a policy for DBS checks and rechecks?' })
      .getByLabel('Yes')
      .check();
    await page.getByLabel('How many workers have a current check?').fill('5');
    await saveCompleted(page);

    expect(await page.getByText('CQC registration').locator('..').locator('..').textContent()).toContain(
      'Not needed',
    );

    await openSection(page, 'References');
    const referee = page.getByRole('group', { name: 'Referee 1' });
    await referee.getByLabel('Name').fill('Tom Bright');
    await referee.getByLabel('Organisation').fill('Bridport Arts Centre');
    await referee.getByLabel('Email address').fill('tom@bridportarts.example');
    await referee.getByLabel('How they know your work').fill('We run workshops in their studio');
    await saveCompleted(page);

    await openSection(page, 'Quality questions');
    await page.getByLabel(/^1\./).fill('Each maker chooses a project and we review it together every month.');
    await page.getByLabel(/^2\./).fill('We sell what we make at the Bridport market.');
    await page.getByLabel(/^3\./).fill('Makers choose the next term’s workshops.');
    await saveCompleted(page);

    await openSection(page, 'Declarations');
    await page.getByLabel('The information in this application is accurate and complete').check();
    await page.getByLabel('I have told the council about any conflicts of interest').check();
    await page.getByLabel("I accept the framework's terms and conditions").check();
    await saveCompleted(page);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Check your answers' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Check your answers before you submit');
    await expect(page.locator('main').textContent()).resolves.toContain('£12.50');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Submit application' }).click();

    await expect(page.locator('.govuk-panel__title').textContent()).resolves.toBe('Application submitted');
    await expectNoAccessibilityViolations(page);

    // Submitted applications are read-only: the task list has no links to change a section.
    await page.goto(`${stack.url}/applications`);
    await page.getByRole('link', { name: /Dorset Council day opportunities open framework/ }).click();
    expect(await page.locator('.govuk-task-list__link').count()).toBe(0);

    // The commissioner asks a question about prices; only that section reopens for the provider.
    const commissioner = await (await browser.newContext()).newPage();
    await signInAs(commissioner, stack.url, 'Amara Okafor');
    await commissioner.goto(`${stack.url}/applications/review`);
    await commissioner.getByRole('link', { name: 'Bridport Makers CIC' }).click();
    await expect(commissioner.locator('main').textContent()).resolves.toContain('Download PDF uploaded');
    await commissioner
      .getByLabel('Your question for the provider')
      .fill('Do you offer a lower price for people who come every week?');
    await commissioner
      .getByRole('group', { name: 'Which sections should they change?' })
      .getByLabel('Prices')
      .check();
    await commissioner.getByRole('button', { name: 'Send back to the provider' }).click();

    await page.reload();
    expect(await page.locator('.govuk-task-list__link').allTextContents()).toEqual(['Prices']);
    await page.getByRole('link', { name: 'Prices' }).click();
    const weekly = page.getByRole('group', { name: 'Price 2' });
    await weekly.getByLabel('What the price is for').fill('Weekly workshop, booked for a term');
    await weekly.getByLabel('Price, in pounds').fill('10');
    await weekly.getByLabel('Session').check();
    await saveCompleted(page);
    await page.getByRole('link', { name: 'Check your answers' }).click();
    await page.getByRole('button', { name: 'Submit application' }).click();
    await expect(page.locator('.govuk-panel__title').textContent()).resolves.toBe('Application submitted');

    // The commissioner evaluates the resubmitted application and approves it.
    await commissioner.reload();
    for (let criterion = 1; criterion <= 4; criterion++) {
      await commissioner
        .getByRole('group', { name: `Criterion ${criterion}` })
        .getByLabel('Pass')
        .check();
    }
    for (const question of [1, 2, 3]) {
      await commissioner
        .getByRole('group', { name: `Question ${question}` })
        .getByLabel('4', { exact: true })
        .check();
    }
    await commissioner.getByRole('button', { name: 'Save evaluation' }).click();
    await commissioner.getByLabel('Approve: the provider joins the framework').check();
    await commissioner.getByRole('button', { name: 'Record decision' }).click();
    await expect(commissioner.locator('main .govuk-tag').first().textContent()).resolves.toBe('Approved');
    await expectNoAccessibilityViolations(commissioner);

    // The provider is now a member, with their documents to keep in date.
    await page.goto(`${stack.url}/applications`);
    await page.getByRole('link', { name: 'Dorset Council day opportunities open framework' }).first().click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Your membership');
    await expect(page.locator('main').textContent()).resolves.toContain('Public liability insurance');
    await expectNoAccessibilityViolations(page);
  }, 180_000);
});
