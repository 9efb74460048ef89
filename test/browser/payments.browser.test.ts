import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations, launchBrowser, listen } from '../support/browser.js';
import { decidedApplication } from '../support/decisions.js';
import { signedInOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = browserTestsCanRun('payments.browser.test.ts');

let t: TestApp;
let server: Server;
let base: string;
let browser: Browser;
const now = new Date('2026-11-24T08:00:00Z');

beforeAll(async () => {
  if (!run) return;
  t = await startTestApp({ clock: () => now });
  ({ server, base } = await listen(t.app));
  browser = await launchBrowser();
});
afterAll(async () => {
  if (!run) return;
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

describe.runIf(run)('fees and statistics in a browser', () => {
  it('finds a fee in Azerbaijani and pays it at the stand-in provider, with no accessibility violations', async () => {
    const officerAgent = t.agent();
    const officer = await signedInOfficer(t.db, officerAgent, { services: ['work-permit'] });
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00' });
    const fee = (await t.db('fees').where({ application_id: application.id }).first()) as { payment_number: string };
    const page = await browser.newPage();
    await page.goto(`${base}/services/state-fee-payment?lang=az`);
    await clickAndWait(page, 'a.govuk-button--start');
    await expectNoAxeViolations(page, 'fee lookup (az)');
    await page.fill('#paymentNumber', '1234 5678 9012');
    await clickAndWait(page, 'main form button.govuk-button');
    await expectNoAxeViolations(page, 'fee lookup error (az)');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Bu ödəniş nömrəsi ilə rüsum tapılmadı');
    await page.fill('#paymentNumber', fee.payment_number);
    await clickAndWait(page, 'main form button.govuk-button');
    await expectNoAxeViolations(page, 'fee (az)');
    expect(await page.locator('main').innerText()).toContain('350\u00a0AZN');
    await clickAndWait(page, 'main form button.govuk-button');
    expect(await page.locator('h1').innerText()).toBe('Sınaq ödəniş sistemi – real ödəniş deyil');
    await expectNoAxeViolations(page, 'stand-in provider (az)');
    await clickAndWait(page, 'main form button.govuk-button');
    await expectNoAxeViolations(page, 'fee paid (az)');
    expect(await page.locator('.govuk-panel__title').innerText()).toBe('Ödənilib');
    await page.close();
  });

  it('shows the statistics in Russian, with no accessibility violations', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/statistics?lang=ru`);
    await expectNoAxeViolations(page, 'statistics (ru)');
    expect(await page.locator('h1').innerText()).toBe('Статистика');
    expect(await page.locator('figure svg').count()).toBe(1);
    await page.close();
  });
});
