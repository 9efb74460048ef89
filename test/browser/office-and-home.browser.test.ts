import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { returningTasks } from '../../src/catalogue/index.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { fileApplication } from '../support/applications.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations } from '../support/browser.js';
import { browserApp } from '../support/browser-app.js';
import { makeOfficer, PASSWORD } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';

const run = browserTestsCanRun('office-and-home.browser.test.ts');

let supervisor: OfficerRow;
let admin: OfficerRow;
const app = browserApp(run, { clock: fixedClock }, async (t) => {
  supervisor = await makeOfficer(t.db, { role: 'supervisor', services: ['work-permit', 'registration-at-place-of-stay'], name: 'Gülnarə Məmmədəliyeva-Həsənzadə', language: 'az' });
  admin = await makeOfficer(t.db, { role: 'admin', services: [], name: 'Admin Adminov', language: 'az' });
});

/**
 * Signs in from the sign-in page, in a language chosen there with its language links where the browser
 * (which asks for English) does not already show it, as a person would.
 */
async function signedIn(who: OfficerRow, lang: string, width: number): Promise<Page> {
  const page = await (await app.browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await page.goto(`${app.base}/backoffice/sign-in`);
  if ((await page.getAttribute('html', 'lang')) !== lang) await clickAndWait(page, `.govuk-language-navigation a[lang="${lang}"]`);
  await page.fill('#email', who.email);
  await page.fill('#password', PASSWORD);
  await clickAndWait(page, 'main form button.govuk-button');
  return page;
}

/** What the back-office must be at this width: nothing wider than the window, "Sign out" on one line, no public footer. */
async function expectOfficersTool(page: Page, where: string): Promise<void> {
  const layout = await page.evaluate(() => {
    const signOut = document.querySelector('#app-sign-out button');
    const box = signOut?.getBoundingClientRect();
    const main = document.querySelector('main')!.getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      signOutLines: box ? Math.round(box.height / parseFloat(getComputedStyle(signOut!).lineHeight)) : 0,
      footers: document.querySelectorAll('footer, .govuk-footer').length,
      callCentre: document.body.innerText.includes('(012) 919'),
      mainLeft: main.left,
      mainRight: window.innerWidth - main.right,
    };
  });
  expect(layout.scrollWidth, where).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.signOutLines, where).toBe(1);
  expect(layout.footers, where).toBe(0);
  expect(layout.callCentre, where).toBe(false);
  // Its own width container: margins on both sides, never flush with the window's edge.
  expect(layout.mainLeft, where).toBeGreaterThanOrEqual(15);
  expect(layout.mainRight, where).toBeGreaterThanOrEqual(15);
}

describe.runIf(run)('the back-office is an officer’s tool at 1280 px and wider', () => {
  it.each(LANGUAGES)('every kind of page fits the window, with its own header and no public footer, and passes axe (%s)', async (lang) => {
    const application = await fileApplication(app.t.db, { service: 'work-permit' });
    for (const [who, paths] of [
      [supervisor, ['/backoffice/queue', `/backoffice/cases/${application.reference}`, '/backoffice/dashboard', '/backoffice/visits', '/backoffice/audit', '/backoffice/travel-bans']],
      [admin, ['/backoffice/admin/officers', '/backoffice/admin/officers/new']],
    ] as const) {
      const page = await signedIn(who, lang, 1280);
      for (const path of paths) {
        await page.goto(`${app.base}${path}`);
        expect(await page.getAttribute('html', 'lang'), path).toBe(lang);
        await expectOfficersTool(page, `${path} at 1280 px (${lang})`);
        await expectNoAxeViolations(page, `${path} at 1280 px (${lang})`);
      }
      for (const width of [1920, 320]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${app.base}${paths[0]}`);
        await expectOfficersTool(page, `${paths[0]} at ${width} px (${lang})`);
      }
      await page.context().close();
    }
  }, 300_000);

  it('the sign-in page is the back-office’s own too', async () => {
    const page = await (await app.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${app.base}/backoffice/sign-in?lang=ru`);
    const layout = await page.evaluate(() => ({ overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, footers: document.querySelectorAll('footer').length }));
    expect(layout).toEqual({ overflow: 0, footers: 0 });
    await expectNoAxeViolations(page, 'sign-in at 1280 px (ru)');
    await page.context().close();
  });
});

describe.runIf(run)('the language chosen before signing in', () => {
  it.each(['en', 'ru'])('is the language of the pages after it, the first password change included (%s)', async (lang) => {
    const newcomer = await makeOfficer(app.t.db, { services: ['work-permit'], language: 'az', mustChange: true });
    const page = await signedIn(newcomer, lang, 1280);
    expect(new URL(page.url()).pathname).toBe('/backoffice/password');
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator('h1').innerText()).toBe({ en: 'Change your password', ru: 'Смена пароля' }[lang]);
    await expectNoAxeViolations(page, `password change after signing in (${lang})`);
    await page.context().close();
  });
});

describe.runIf(run)('the home page on a phone', () => {
  const PHONE = { width: 360, height: 640 };

  it.each(LANGUAGES)('tracking an application and the status checks are within the first screen (%s)', async (lang) => {
    const page = await (await app.browser.newContext({ viewport: PHONE })).newPage();
    await page.goto(`${app.base}/?lang=${lang}`);
    const track = page.locator('[data-returning] a[href="/track"]');
    const box = (await track.boundingBox())!;
    expect(box.y).toBeLessThanOrEqual(Math.min(640, PHONE.height) - box.height);
    for (const service of returningTasks()) {
      const link = (await page.locator(`[data-returning] a[href="${service.usePath}"]`).boundingBox())!;
      expect(link.y + link.height, service.id).toBeLessThanOrEqual(PHONE.height);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page, `home at 360 px (${lang})`);
    await clickAndWait(page, '[data-returning] a[href="/track"]');
    expect(new URL(page.url()).pathname).toBe('/track');
    await page.context().close();
  });
});
