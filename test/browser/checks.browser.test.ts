import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchableText } from '../../src/applications/search-text.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations, launchBrowser, listen } from '../support/browser.js';
import { makeOfficer, PASSWORD } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { fill } from './drive.js';

const run = browserTestsCanRun('checks.browser.test.ts');

// Tuesday 24 November 2026, 12:00 in Baku.
const NOW = new Date('2026-11-24T08:00:00Z');

let t: TestApp;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  t = await startTestApp({ clock: () => NOW });
  ({ server, base } = await listen(t.app));
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  if (!run) return;
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

async function newPage(): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** From the home page to the service page to its start button, checking each on the way. */
async function start(page: Page, service: string, lang: string): Promise<void> {
  await page.goto(`${base}/?lang=${lang}`);
  await clickAndWait(page, `main a[href="/services/${service}"]`);
  await expectNoAxeViolations(page, `${service} page (${lang})`);
  await clickAndWait(page, 'a.govuk-button--start');
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  await expectNoAxeViolations(page, `${service} question (${lang})`);
}

async function press(page: Page): Promise<void> {
  await clickAndWait(page, 'main form button.govuk-button');
}

async function choose(page: Page, name: string, value: string, what: string): Promise<void> {
  await page.check(`input[name="${name}"][value="${value}"]`);
  await press(page);
  await expectNoAxeViolations(page, what);
}

describe.runIf(run)('the instant services in a real browser, with no accessibility failures', () => {
  it('checks for a travel ban, in Azerbaijani', async () => {
    const officer = await makeOfficer(t.db, { role: 'supervisor' });
    await t.db('travel_bans').insert({
      surname: 'Quliyev', given_names: 'Tural', date_of_birth: '1988-05-04', citizenship: 'GE', document_number: '12AB34567', search_name: searchableText('Quliyev Tural'),
      kind: 'exitRestriction', authority: 'Məhkəmə icraçısı', legal_basis: 'İcra haqqında qanun', starts_on: '2026-01-01', ends_on: null, created_by: officer.id,
    });
    const page = await newPage();
    await start(page, 'travel-ban-check', 'az');
    await press(page);
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await expectNoAxeViolations(page, 'travel-ban errors (az)');
    await fill(page, { surname: 'QULIYEV', givenNames: 'Tural', 'dateOfBirth-day': '4', 'dateOfBirth-month': '5', 'dateOfBirth-year': '1988', citizenship: 'GE', documentNumber: '12AB 34567' });
    await press(page);
    expect(await page.locator('h1').innerText()).toBe('Məhdudiyyət var');
    expect(await page.locator('.govuk-summary-card').innerText()).toContain('Ölkədən çıxış məhdudiyyəti');
    expect(await page.locator('main').innerText()).not.toContain('İcra haqqında qanun');
    await expectNoAxeViolations(page, 'travel-ban found (az)');
    await clickAndWait(page, 'main a[href="/services/travel-ban-check/check"]');
    await fill(page, { surname: 'Quliyev', givenNames: 'Tural', 'dateOfBirth-day': '5', 'dateOfBirth-month': '5', 'dateOfBirth-year': '1988', citizenship: 'GE', documentNumber: '12AB34567' });
    await press(page);
    expect(await page.locator('h1').innerText()).toBe('Məhdudiyyət tapılmadı');
    await expectNoAxeViolations(page, 'travel-ban none (az)');
  });

  it('calculates a registration deadline, in Russian: the visa end date shown under its option', async () => {
    const page = await newPage();
    await start(page, 'registration-deadline-calculator', 'ru');
    expect(await page.locator('#visaEndDate-day').isVisible()).toBe(false);
    await page.check('input[name="visaType"][value="visa"]');
    expect(await page.locator('#visaEndDate-day').isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'calculator with the visa end date (ru)');
    await fill(page, { 'entryDate-day': '1', 'entryDate-month': '11', 'entryDate-year': '2026', citizenship: 'KZ', 'visaEndDate-day': '31', 'visaEndDate-month': '12', 'visaEndDate-year': '2026' });
    await press(page);
    expect(await page.locator('h1').innerText()).toBe('Ваши сроки');
    expect(await page.locator('[data-register-by]').innerText()).toContain('1 декабря 2026');
    expect(await page.locator('[data-register-by]').innerText()).toContain('Осталось 7 дней');
    expect(await page.locator('[data-stay-until]').innerText()).toContain('31 декабря 2026');
    await expectNoAxeViolations(page, 'calculator result (ru)');
    await clickAndWait(page, 'main a[href="/services/registration-deadline-calculator/calculate"]');
    await fill(page, { 'entryDate-day': '1', 'entryDate-month': '11', 'entryDate-year': '2026', citizenship: 'TR', visaType: 'visaFree' });
    await press(page);
    expect(await page.locator('.govuk-warning-text').innerText()).toContain('Срок регистрации истёк 16 ноября 2026');
    await expectNoAxeViolations(page, 'calculator late (ru)');
  });

  it('a supervisor opens an office, then a visit is booked, moved and cancelled, in English', { timeout: 240_000 }, async () => {
    const supervisor = await makeOfficer(t.db, { role: 'supervisor' });
    const office = await newPage();
    await office.goto(`${base}/backoffice/sign-in?lang=en`);
    await office.fill('#email', supervisor.email);
    await office.fill('#password', PASSWORD);
    await press(office);
    await office.goto(`${base}/backoffice/visits?lang=en`);
    await expectNoAxeViolations(office, 'back-office visit offices (en)');
    await clickAndWait(office, 'main a[href="/backoffice/visits/lankaran"]');
    await expectNoAxeViolations(office, 'back-office office settings (en)');
    await fill(office, { accepting: 'yes', purposes: 'biometrics,permitCard', opensAt: '09:00', closesAt: '12:00', slotMinutes: '30', seats: '1', daysAhead: '7' });
    await press(office);
    expect(await office.locator('.govuk-notification-banner').innerText()).toContain('The settings were saved.');

    const page = await newPage();
    await start(page, 'online-queue', 'en');
    await choose(page, 'purpose', 'biometrics', 'offices (en)');
    await choose(page, 'office', 'lankaran', 'days (en)');
    await choose(page, 'date', '2026-11-26', 'times (en)');
    await choose(page, 'time', '10:30', 'details (en)');
    await press(page);
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await expectNoAxeViolations(page, 'details with errors (en)');
    await fill(page, { documentNumber: 'N12345678', 'dateOfBirth-day': '9', 'dateOfBirth-month': '9', 'dateOfBirth-year': '1992' });
    await press(page);
    expect(await page.locator('h1').innerText()).toBe('Your visit is booked');
    const code = (await page.locator('[data-booking-code]').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectNoAxeViolations(page, 'booking confirmation (en)');

    await clickAndWait(page, `main a[href="/services/online-queue/manage"]`);
    await expectNoAxeViolations(page, 'open a booking (en)');
    await fill(page, { bookingCode: code, documentNumber: 'N12345678' });
    await press(page);
    expect(await page.locator('main .govuk-summary-list').innerText()).toContain('Thursday, 26 November 2026');
    await expectNoAxeViolations(page, 'booking (en)');
    await clickAndWait(page, 'main a[href="/services/online-queue/manage/change"]');
    await expectNoAxeViolations(page, 'change: offices (en)');
    await press(page);
    await choose(page, 'date', '2026-11-27', 'change: times (en)');
    await page.check('input[name="time"][value="09:00"]');
    await press(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your visit has been moved to the new time.');
    expect(await page.locator('main .govuk-summary-list').innerText()).toContain('Friday, 27 November 2026');
    await expectNoAxeViolations(page, 'booking moved (en)');
    await clickAndWait(page, 'main a[href="/services/online-queue/manage/cancel"]');
    await expectNoAxeViolations(page, 'cancel a booking (en)');
    await press(page);
    expect(await page.locator('h1').innerText()).toBe('Your visit is cancelled');
    await expectNoAxeViolations(page, 'booking cancelled (en)');
    expect((await t.db('visit_bookings').where({ document_number: 'N12345678' }).first()).status).toBe('cancelled');
  });
});
