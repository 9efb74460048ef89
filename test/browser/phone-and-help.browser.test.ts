import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations, launchBrowser, listen } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = browserTestsCanRun('phone-and-help.browser.test.ts');

let t: TestApp;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  t = await startTestApp();
  ({ server, base } = await listen(t.app));
  browser = await launchBrowser();
});
afterAll(async () => {
  if (!run) return;
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

const HELP_PAGES = ['/contact', '/offices', '/privacy', '/accessibility'];
const PUBLIC_PAGES = ['/', '/cookies', ...HELP_PAGES, ...SERVICES.map((service) => `/services/${service.id}`)];
const PHONE = { width: 360, height: 640 };

describe.skipIf(!run)('help pages and a phone', () => {
  it('the help pages have no accessibility violations, in every language', { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    for (const lang of LANGUAGES) {
      for (const path of HELP_PAGES) {
        await page.goto(`${base}${path}?lang=${lang}`);
        await expectNoAxeViolations(page, `${path} (${lang})`);
      }
    }
    await page.close();
  });

  it('at 360 px the heading is within 200 px of the top of every public page, and a start button within a screen and a half', { timeout: 180_000 }, async () => {
    const page = await browser.newPage({ viewport: PHONE });
    for (const lang of LANGUAGES) {
      for (const path of PUBLIC_PAGES) {
        await page.goto(`${base}${path}?lang=${lang}`);
        const where = `${path} (${lang})`;
        const heading = await page.locator('h1').boundingBox();
        expect(heading!.y, where).toBeLessThanOrEqual(200);
        const start = page.locator('a.govuk-button--start');
        if (await start.count()) expect((await start.boundingBox())!.y, where).toBeLessThanOrEqual(PHONE.height * 1.5);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, where).toBeLessThanOrEqual(0);
      }
    }
    await page.close();
  });

  it('a fee table on a phone reads as labelled rows with nothing cut off', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await page.goto(`${base}/services/work-permit?lang=ru`);
    const table = page.locator('table.app-table-stack');
    const box = (await table.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await table.locator('thead').evaluate((head) => getComputedStyle(head).position)).toBe('absolute');
    const label = await table.locator('td').nth(1).evaluate((cell) => getComputedStyle(cell, '::before').content);
    expect(label).toBe('"Обычный"');
    await expectNoAxeViolations(page, 'work permit page at 360 px (ru)');
    await page.close();
  });

  it('a form with answers warns 5 minutes before its session may end, and continuing keeps it', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await page.clock.install();
    await page.goto(`${base}/services/registration-at-place-of-stay/apply/who-applies?lang=az`);
    await page.locator('[name="applicantType"][value="foreigner"]').check();
    await clickAndWait(page, 'main form button.govuk-button:not(.govuk-button--secondary)');
    const dialog = page.locator('dialog.app-timeout');
    expect(await dialog.isVisible()).toBe(false);
    await page.clock.fastForward('01:49:00');
    expect(await dialog.isVisible()).toBe(false);
    await page.clock.fastForward('02:00');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.locator('h2').innerText()).toBe('Cavablarınız tezliklə silinəcək');
    await expectNoAxeViolations(page, 'timeout warning (az)');
    const keptAlive = page.waitForResponse((response) => response.url().endsWith('/session/keep-alive'));
    await dialog.locator('[data-stay]').click();
    expect((await keptAlive).status()).toBe(204);
    expect(await dialog.isVisible()).toBe(false);
    await page.close();
  });
});
