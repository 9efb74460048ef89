import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationCodeFor, verificationKey } from '../../src/applications/verification-codes.js';
import { DECISION_LINK_DAYS, decisionToken, decisionTokenKey } from '../../src/decisions/token.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { browserTestsCanRun, expectNoAxeViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';
import { decidedApplication } from '../support/decisions.js';
import type { Agent } from '../support/html.js';
import { signedInOfficer } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import type { TestApp } from '../support/test-app.js';

const run = browserTestsCanRun('decisions.browser.test.ts');

let t: TestApp;
let base: string;
let browser: Browser;
let app: BrowserApp;
let officerAgent: Agent;
// As the test app makes them from its session secret.
const SECRET = 'x'.repeat(40);

beforeAll(async () => {
  if (!run) return;
  app = await startBrowserApp({ clock: fixedClock });
  ({ t, base, browser } = app);
  officerAgent = t.agent();
}, 120_000);
afterAll(async () => {
  if (run) await app.close();
});

/** A phone's width: nothing may be wider than the window. */
async function phone(): Promise<Page> {
  return (await browser.newContext({ viewport: { width: 320, height: 640 } })).newPage();
}

async function fitsTheWindow(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

describe.runIf(run)('the pages of a decision, on a phone, in each language', () => {
  it('a refusal with its reasons and appeal, the check a QR code opens, a code that finds nothing, and a link that has expired: no axe violation, nothing wider than the window', async () => {
    const officer = await signedInOfficer(t.db, officerAgent, { services: ['temporary-residence-permit'] });
    const now = fixedClock();
    const refused = await decidedApplication(t.db, officerAgent, officer, { service: 'temporary-residence-permit', outcome: 'refused' });
    const approved = await decidedApplication(t.db, officerAgent, officer, { service: 'temporary-residence-permit', surname: 'Щукина', givenNames: 'Алёна' });
    const key = decisionTokenKey(SECRET);
    // The document drawn once, as the applicant downloads it: its QR code's verification code is kept then.
    await t.agent().get(`/decisions/${decisionToken(key, approved.id, now)}.pdf`).expect(200);
    const code = verificationCodeFor(verificationKey(SECRET), approved.id);
    const expired = decisionToken(key, approved.id, new Date(now.getTime() - (DECISION_LINK_DAYS + 1) * 86_400_000));

    const page = await phone();
    for (const lang of LANGUAGES) {
      await page.goto(`${base}/decisions/${decisionToken(key, refused.id, now)}?lang=${lang}`);
      expect(await page.locator('[data-appeal]').innerText()).toContain('30');
      await expectNoAxeViolations(page, `refusal page (${lang})`);
      await fitsTheWindow(page);

      await page.goto(`${base}/verify/${code}?lang=${lang}`);
      expect(await page.locator('h1').getAttribute('data-state')).toBe('valid');
      expect(await page.locator('main').innerText()).toContain('Щукина Алёна');
      await expectNoAxeViolations(page, `check by the document's code (${lang})`);
      await fitsTheWindow(page);

      await page.goto(`${base}/verify/0123456789ABCDEF?lang=${lang}`);
      await expectNoAxeViolations(page, `a code that finds nothing (${lang})`);
      await fitsTheWindow(page);

      const gone = await page.goto(`${base}/decisions/${expired}?lang=${lang}`);
      expect(gone?.status()).toBe(410);
      expect(await page.locator('a[data-track]').getAttribute('href')).toBe('/track');
      await expectNoAxeViolations(page, `an expired decision link (${lang})`);
      await fitsTheWindow(page);
    }
  });
});
