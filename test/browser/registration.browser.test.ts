import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations, launchBrowser, listen } from '../support/browser.js';
import { fixedClock, pathFor, SERVICE, validAnswers, type ApplicantType } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = browserTestsCanRun('registration.browser.test.ts');

let t: TestApp;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  t = await startTestApp({ clock: fixedClock });
  ({ server, base } = await listen(t.app));
  browser = await launchBrowser();
});
afterAll(async () => {
  if (!run) return;
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** Types answers into the page the way a person would: text typed, options picked, boxes ticked. */
async function answer(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    const input = page.locator(`[name="${name}"]`).first();
    const kind = await input.evaluate((element) => `${element.tagName}:${(element as HTMLInputElement).type}`);
    if (kind === 'SELECT:select-one') await input.selectOption(value);
    else if (kind === 'INPUT:radio') await page.locator(`[name="${name}"][value="${value}"]`).check();
    else if (kind === 'INPUT:checkbox') {
      if (value) await input.check();
    } else await input.fill(value);
  }
}

async function continueButton(page: Page): Promise<void> {
  await clickAndWait(page, 'main form button.govuk-button');
}

const journeys: { lang: 'az' | 'en' | 'ru'; kind: ApplicantType; surname: string; givenNames: string; patronymic: string }[] = [
  { lang: 'az', kind: 'hostPerson', surname: 'Məmmədova', givenNames: 'Şəhla', patronymic: 'Ağa qızı' },
  { lang: 'en', kind: 'foreigner', surname: "O'Neill-Smith", givenNames: 'Mary Ann', patronymic: '' },
  { lang: 'ru', kind: 'hostOrganisation', surname: 'Щукина', givenNames: 'Алёна', patronymic: 'Сергеевна' },
];

describe.skipIf(!run)('registration in a real browser', () => {
  it.each(journeys)('$lang: $kind clicks through, with no accessibility violations on any page', { timeout: 180_000 }, async ({ lang, kind, surname, givenNames, patronymic }) => {
    const page = await browser.newPage();
    await page.goto(`${base}/?lang=${lang}`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await expectNoAxeViolations(page, `home (${lang})`);

    await clickAndWait(page, `a[href="/services/${SERVICE}"]`);
    expect(new URL(page.url()).pathname).toBe(`/services/${SERVICE}`);
    await expectNoAxeViolations(page, `service page (${lang})`);
    await clickAndWait(page, 'a.govuk-button--start');
    expect(new URL(page.url()).pathname).toBe(`/services/${SERVICE}/apply/who-applies`);

    // The error state first: Continue with nothing chosen.
    await continueButton(page);
    expect(await page.title()).toMatch(/^(Xəta|Error|Ошибка): /);
    expect(await page.locator('.govuk-error-summary').isVisible()).toBe(true);
    await expectNoAxeViolations(page, `error state (${lang})`);

    const answers = validAnswers(kind, { identity: { surname, givenNames, patronymic } });
    for (const step of pathFor(kind)) {
      expect(new URL(page.url()).pathname).toBe(`/services/${SERVICE}/apply/${step}`);
      await expectNoAxeViolations(page, `${step} (${lang})`);
      await answer(page, answers[step]!);
      await continueButton(page);
      expect(await page.locator('.govuk-error-summary').count(), `errors on ${step}`).toBe(0);
    }

    expect(new URL(page.url()).pathname).toBe(`/services/${SERVICE}/apply/check`);
    expect(await page.locator('main').innerText()).toContain(surname);
    await expectNoAxeViolations(page, `check answers (${lang})`);
    await continueButton(page);

    expect(new URL(page.url()).pathname).toBe(`/services/${SERVICE}/apply/confirmation`);
    const reference = (await page.locator('[data-reference]').innerText()).trim();
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectNoAxeViolations(page, `confirmation (${lang})`);

    const row = await t.db('applications').where({ reference: reference.replace(/-/g, '') }).first();
    expect(row.language).toBe(lang);
    expect(row.answers.surname).toBe(surname);
    expect(row.answers.givenNames).toBe(givenNames);
    expect(row.answers.patronymic).toBe(patronymic);
    expect(row.answers.applicantType).toBe(kind);
    await page.close();
  });

  it('every step, filled in, passes axe in all three languages', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/services/${SERVICE}/start?lang=en`);
    const answers = validAnswers('hostPerson');
    for (const step of pathFor('hostPerson')) {
      await answer(page, answers[step]!);
      await continueButton(page);
    }
    const visitAll = async (steps: string[]) => {
      for (const lang of ['az', 'en', 'ru']) {
        for (const step of steps) {
          await page.goto(`${base}/services/${SERVICE}/apply/${step}?lang=${lang}`);
          expect(new URL(page.url()).pathname).toBe(`/services/${SERVICE}/apply/${step}`);
          await expectNoAxeViolations(page, `${step}, filled in (${lang})`);
        }
      }
    };
    await visitAll(pathFor('hostPerson'));
    // The organisation's step too: change who applies, then answer it.
    await page.goto(`${base}/services/${SERVICE}/apply/who-applies?change=1`);
    await answer(page, { applicantType: 'hostOrganisation' });
    await continueButton(page);
    await answer(page, answers['host-organisation']!);
    await continueButton(page);
    await visitAll(['host-organisation']);
    await page.close();
  }, 180_000);

  it('switching language on a step keeps the answers and the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/services/${SERVICE}/start?lang=en`);
    await answer(page, { applicantType: 'foreigner' });
    await continueButton(page);
    await answer(page, { surname: 'Щукина', givenNames: 'Алёна' });
    await continueButton(page); // errors: the rest is missing, but what was typed is saved
    await clickAndWait(page, 'a[hreflang="ru"]');
    expect(new URL(page.url()).pathname).toBe(`/services/${SERVICE}/apply/identity`);
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.inputValue('#surname')).toBe('Щукина');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Введите дату рождения');
    await page.close();
  });

  it('every service page, the cookies page and the 404 page pass axe in all three languages', async () => {
    const page = await browser.newPage();
    for (const lang of ['az', 'en', 'ru']) {
      for (const service of SERVICES) {
        await page.goto(`${base}/services/${service.id}?lang=${lang}`);
        await expectNoAxeViolations(page, `${service.id} (${lang})`);
      }
      await page.goto(`${base}/cookies?lang=${lang}`);
      await expectNoAxeViolations(page, `cookies (${lang})`);
      await page.goto(`${base}/missing?lang=${lang}`);
      await expectNoAxeViolations(page, `404 (${lang})`);
    }
    await page.close();
  }, 180_000);

  it('at 320 px wide nothing scrolls sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    for (const url of ['/?lang=ru', `/services/work-permit?lang=az`, `/services/${SERVICE}/start?lang=en`]) {
      await page.goto(`${base}${url}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
    await page.close();
  });
});
