import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { foreignCitizenshipNoticeSteps } from '../fixtures/services.js';
import { browserApp } from '../support/browser-app.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations } from '../support/browser.js';
import { fixedClock } from '../support/registration.js';
import { driveToCheck, fill } from './drive.js';

const run = browserTestsCanRun('receipts.browser.test.ts');

const app = browserApp(run, { clock: fixedClock });

describe.runIf(run)('things to keep, in a real browser', () => {
  it('the confirmation page (az) downloads the receipt of what was sent, as a PDF', { timeout: 240_000 }, async () => {
    const page = await (await app.browser.newContext({ acceptDownloads: true })).newPage();
    const service = 'foreign-citizenship-notice';
    await page.goto(`${app.base}/services/${service}/start?lang=az`);
    const answers = foreignCitizenshipNoticeSteps().map((step) => (step.files ? { ...step, files: step.files.map(({ field, file }) => ({ field, file })) } : step));
    await driveToCheck(page, answers, { service, lang: 'az', axe: false });
    await clickAndWait(page, 'main form button.govuk-button');
    expect(new URL(page.url()).pathname).toBe(`/services/${service}/apply/confirmation`);
    await expectNoAxeViolations(page, 'confirmation with its receipt link (az)');
    const reference = (await page.locator('[data-reference]').innerText()).trim();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-receipt]').click()]);
    expect(download.suggestedFilename()).toBe(`receipt-${reference}-az.pdf`);
    const bytes = readFileSync(await download.path());
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Müraciətin qəbzi');
    expect(text).toContain(reference);
    expect(text).toContain('Əliyev');
  });

  it('a booked visit (ru): its print view and calendar file, reached from the confirmation', { timeout: 120_000 }, async () => {
    await app.t.db('visit_offices').insert({ office_id: 'shaki', accepting: true, purposes: ['consultation'], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00', closes_at: '13:00', slot_minutes: 20, seats: 2, days_ahead: 14 });
    const page = await (await app.browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(`${app.base}/services/online-queue/book/details?purpose=consultation&office=shaki&date=2026-11-26&time=09:40&lang=ru`);
    await fill(page, { documentNumber: 'P7654321', 'dateOfBirth-day': '27', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990', email: 'posetitel@example.com' });
    await clickAndWait(page, 'main form button.govuk-button');
    expect(new URL(page.url()).pathname).toBe('/services/online-queue/book/confirmation');
    await expectNoAxeViolations(page, 'booking confirmation (ru)');
    const code = (await page.locator('[data-booking-code]').innerText()).trim();
    await clickAndWait(page, 'a[data-print-view]');
    await expectNoAxeViolations(page, 'booking print view (ru)');
    expect(await page.locator('h1').innerText()).toBe('Подтверждение записи на приём');
    expect((await page.locator('[data-booking-code]').innerText()).trim()).toBe(code);
    expect(await page.locator('main').innerText()).toContain('26 ноября 2026');
    // The print button is there once a script can print.
    expect(await page.locator('button[data-print]').isVisible()).toBe(true);
    const [calendar] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-calendar]').click()]);
    const ics = readFileSync(await calendar.path(), 'utf8');
    expect(ics).toContain('DTSTART;TZID=Asia/Baku:20261126T094000');
    expect(ics).toContain('DTEND;TZID=Asia/Baku:20261126T100000');
  });
});
