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
afterAll(() => stop?.());

describe('a commissioner reviews the walking group’s application (Chromium)', () => {
  it('asks for clarification, the provider resubmits, the commissioner evaluates and approves; axe on every page', async () => {
    const commissioner = await (await browser.newContext()).newPage();
    await signInAs(commissioner, stack.url, 'Amara Okafor');
    await commissioner.goto(`${stack.url}/applications`);
    await commissioner.waitForURL(`${stack.url}/applications/review`);
    await expectNoAccessibilityViolations(commissioner);
    await commissioner.getByRole('link', { name: 'Wessex Walking Group' }).click();
    await expect(commissioner.locator('h1').textContent()).resolves.toBe('Wessex Walking Group');
    await expectNoAccessibilityViolations(commissioner);

    // A clarification with no question is refused, naming the field.
    await commissioner.getByRole('button', { name: 'Send back to the provider' }).click();
    await expect(commissioner.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter your question for the provider',
    );
    await expectNoAccessibilityViolations(commissioner);
    await commissioner
      .getByLabel('Your question for the provider')
      .fill('Do your walks include step-free routes for wheelchair users?');
    await commissioner.getByLabel('What you offer and to whom').check();
    await commissioner.getByRole('button', { name: 'Send back to the provider' }).click();
    await expect(commissioner.locator('main .govuk-tag').first().textContent()).resolves.toBe(
      'Clarification requested',
    );

    const provider = await (await browser.newContext()).newPage();
    await signInAs(provider, stack.url, 'Sam Hollis (Wessex Walking Group)');
    await provider.goto(`${stack.url}/applications`);
    await provider.getByRole('link', { name: /day opportunities open framework/ }).click();
    await expect(provider.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'step-free routes',
    );
    await expectNoAccessibilityViolations(provider);
    // Only the named section can be changed.
    expect(await provider.locator('.govuk-task-list__link').allTextContents()).toEqual([
      'What you offer and to whom',
    ]);
    await provider.getByRole('link', { name: 'What you offer and to whom' }).click();
    await provider
      .getByLabel('What do you offer?')
      .fill(
        'Led walks of one to five miles around Dorchester, including step-free routes on the Great Field and the riverside for wheelchair users.',
      );
    await provider.getByLabel('Yes, I’ve completed this section').check();
    await provider.getByRole('button', { name: 'Save and continue' }).click();
    await provider.getByRole('link', { name: 'Check your answers' }).click();
    await provider.getByRole('button', { name: 'Submit application' }).click();
    await expect(provider.locator('.govuk-panel__title').textContent()).resolves.toBe(
      'Application submitted',
    );

    await commissioner.reload();
    await expect(commissioner.locator('main').textContent()).resolves.toContain('Resubmitted');
    for (let criterion = 1; criterion <= 4; criterion++) {
      await commissioner
        .getByRole('group', { name: `Criterion ${criterion}` })
        .getByLabel('Pass')
        .check();
    }
    for (const [question, score] of [
      [1, '4'],
      [2, '3'],
      [3, '4'],
    ] as const) {
      await commissioner
        .getByRole('group', { name: `Question ${question}` })
        .getByLabel(score, { exact: true })
        .check();
    }
    await commissioner.getByRole('button', { name: 'Save evaluation' }).click();
    await expect(commissioner.locator('.govuk-inset-text').first().textContent()).resolves.toContain(
      'Weighted score: 22 out of 30 (73.3%)',
    );
    await expectNoAccessibilityViolations(commissioner);

    await commissioner.getByLabel('Approve: the provider joins the framework').check();
    await commissioner.getByLabel('Reasons').fill('A well-run, accessible walking programme.');
    await commissioner.getByRole('button', { name: 'Record decision' }).click();
    await expect(commissioner.locator('main .govuk-tag').first().textContent()).resolves.toBe('Approved');
    await expect(commissioner.locator('table').last().textContent()).resolves.toContain(
      'Approved: A well-run, accessible walking programme.',
    );
    await expectNoAccessibilityViolations(commissioner);

    await commissioner.goto(`${stack.url}/applications/members`);
    const row = commissioner.getByRole('row', { name: /Wessex Walking Group/ });
    await expect(row.textContent()).resolves.toContain('Active');
    await expectNoAccessibilityViolations(commissioner);

    // Locally, what would have been emailed is on /dev/outbox: the question, the resubmission, the decision.
    await commissioner.goto(`${stack.url}/dev/outbox`);
    const subjects = await commissioner.locator('.govuk-summary-card__title').allTextContents();
    expect(subjects.slice(0, 3)).toEqual([
      'You have joined Dorset Council day opportunities open framework',
      'Resubmitted application: Wessex Walking Group',
      'The council has a question about your application',
    ]);
    await expectNoAccessibilityViolations(commissioner);
  }, 120_000);

  it('lets a council admin open the framework form; both framework pages pass axe', async () => {
    const admin = await (await browser.newContext()).newPage();
    await signInAs(admin, stack.url, 'Ian Whitcombe');
    await admin.goto(`${stack.url}/applications/frameworks`);
    await expectNoAccessibilityViolations(admin);
    await admin.getByRole('link', { name: /^Edit/ }).first().click();
    await expect(admin.locator('#name').inputValue()).resolves.toBe(
      'Dorset Council day opportunities open framework',
    );
    await expectNoAccessibilityViolations(admin);
  }, 60_000);
});
