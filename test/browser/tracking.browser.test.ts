import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/applications/reference.js';
import { fileApplication } from '../support/applications.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations, launchBrowser, listen } from '../support/browser.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chooseFiles, fill } from './drive.js';

const run = browserTestsCanRun('tracking.browser.test.ts');

let t: TestApp;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  t = await startTestApp({ clock: fixedClock });
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

/** From the service's page to the tracking form, then the application found by what the person chose to give. */
async function findApplication(page: Page, lang: string, reference: string, fields: Record<string, string>): Promise<void> {
  await page.goto(`${base}/services/application-tracking?lang=${lang}`);
  await expectNoAxeViolations(page, `application-tracking service page (${lang})`);
  await clickAndWait(page, 'a.govuk-button--start');
  expect(new URL(page.url()).pathname).toBe('/track');
  await expectNoAxeViolations(page, `tracking form (${lang})`);
  await fill(page, { reference, ...fields });
  await clickAndWait(page, 'main form button.govuk-button');
}

describe.runIf(run)('tracking and answering in Azerbaijani', () => {
  it('finds the application, shows the officer’s request, uploads a document and sends the answer, each page without an axe violation', async () => {
    const application = await fileApplication(t.db, { documentNumber: 'U1234567' });
    // The officer takes the case and asks for the passport pages (through the back-office, as in its own tests).
    const officer = t.agent();
    await signedInOfficer(t.db, officer);
    const claim = await officer.get(`/backoffice/cases/${application.reference}`);
    await postFrom(officer, claim, `/backoffice/cases/${application.reference}/claim`, { version: String(application.version) }).expect(303);
    const ask = await officer.get(`/backoffice/cases/${application.reference}/request-information`).expect(200);
    await postFrom(officer, ask, `/backoffice/cases/${application.reference}/request-information`, {
      version: String(application.version + 1),
      message: 'Pasportun giriş möhürü olan səhifəsini yükləyin.',
      documents: 'passportPagesWithVisa',
    }).expect(303);

    const page = await newPage();
    // A mistake first: the error summary, in Azerbaijani, and focus on it.
    await page.goto(`${base}/track?lang=az`);
    await clickAndWait(page, 'main form button.govuk-button');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Müraciətin nömrəsini daxil edin');
    expect(await page.title()).toMatch(/^Xəta: /);
    await expectNoAxeViolations(page, 'tracking form with errors (az)');

    await findApplication(page, 'az', formatReference(application.reference).toLowerCase(), { identifier: 'documentNumber', documentNumber: 'u1234567' });
    expect(new URL(page.url()).pathname).toBe('/track');
    expect(await page.locator('[data-status]').innerText()).toBe('Cavabınız gözlənilir');
    expect(await page.locator('[data-request-message]').innerText()).toBe('Pasportun giriş möhürü olan səhifəsini yükləyin.');
    await expectNoAxeViolations(page, 'tracking page awaiting a reply (az)');

    await clickAndWait(page, 'a[href="/track/reply"]');
    await expectNoAxeViolations(page, 'reply page (az)');
    await chooseFiles(page, 'passportPagesWithVisa', ['passport.pdf']);
    await page.locator('textarea[name="reply"]').fill('Səhifələr əlavə olunub.');
    await clickAndWait(page, 'button[name="action"][value="upload"]');
    expect(await page.locator('.app-file-list').innerText()).toContain('passport.pdf');
    // What was typed before the upload is still there.
    expect(await page.locator('textarea[name="reply"]').inputValue()).toBe('Səhifələr əlavə olunub.');
    await expectNoAxeViolations(page, 'reply page with a file (az)');

    await clickAndWait(page, 'button[name="action"][value="send"]');
    expect(new URL(page.url()).search).toBe('?done=reply');
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Cavabınız göndərildi.');
    expect(await page.locator('[data-status]').innerText()).toBe('Baxılır');
    const timeline = await page.locator('[data-timeline] .app-timeline__what').allInnerTexts();
    expect(timeline.slice(-2)).toEqual(['Sizdən əlavə məlumat istədik', 'İstənilən məlumatı göndərdiniz']);
    await expectNoAxeViolations(page, 'tracking page after the answer (az)');
    const row = (await t.db('applications').where({ id: application.id }).first())!;
    expect(row.status).toBe('in_review');
    expect(await t.db('documents').where({ application_id: application.id, field: 'passportPagesWithVisa' })).toHaveLength(1);

    // Withdrawing asks first; "no" leaves it as it was.
    await clickAndWait(page, 'a[href="/track/withdraw"]');
    await expectNoAxeViolations(page, 'withdraw confirmation (az)');
    await clickAndWait(page, 'main form a.govuk-link');
    expect(new URL(page.url()).pathname).toBe('/track');
    expect((await t.db('applications').where({ id: application.id }).first())!.status).toBe('in_review');
    await page.context().close();
  });
});

describe.runIf(run)('verifying a permit in Russian', () => {
  it('the holder makes a share code, and the code and the permit number check it, each page without an axe violation', async () => {
    const number = 'MYI260000777';
    const held = await fileApplication(t.db, { service: 'temporary-residence-permit', surname: 'Щукина', givenNames: 'Алёна' });
    await t.db('applications').where({ id: held.id }).update({ status: 'in_review' });
    await t.db('applications')
      .where({ id: held.id })
      .update({ status: 'approved', permit_number: number, valid_from: '2026-11-24', valid_until: '2027-11-23', decided_at: new Date('2026-11-24T08:00:00Z'), decision: { outcome: 'approved', grants: 'permit', decidedBy: 'x' } });

    const holder = await newPage();
    await findApplication(holder, 'ru', held.reference, { identifier: 'dateOfBirth', 'dateOfBirth-day': '4', 'dateOfBirth-month': '5', 'dateOfBirth-year': '1988' });
    expect(await holder.locator('[data-status]').innerText()).toBe('Одобрено');
    await expectNoAxeViolations(holder, 'tracking page of a permit (ru)');
    await clickAndWait(holder, 'form[action="/track/share-codes"] button');
    await expectNoAxeViolations(holder, 'share code (ru)');
    const code = (await holder.locator('[data-share-code]').innerText()).trim();
    expect(code).toMatch(/^\w{3}-\w{3}-\w{3}$/);
    await clickAndWait(holder, 'a[href="/track#share-codes"]');
    expect(await holder.locator('.app-share-codes li').count()).toBe(1);
    await expectNoAxeViolations(holder, 'tracking page with a share code to cancel (ru)');
    await holder.context().close();

    const employer = await newPage();
    await employer.goto(`${base}/verify?lang=ru`);
    await expectNoAxeViolations(employer, 'verify form (ru)');
    await fill(employer, { method: 'shareCode', shareCode: code });
    await clickAndWait(employer, 'main form button.govuk-button');
    expect(await employer.locator('h1').innerText()).toBe('Разрешение действительно');
    expect(await employer.locator('.govuk-summary-list').innerText()).toContain('Щукина Алёна');
    await expectNoAxeViolations(employer, 'verify result (ru)');

    await employer.goto(`${base}/verify`);
    await fill(employer, { method: 'permitNumber', permitNumber: number, 'dateOfBirth-day': '5', 'dateOfBirth-month': '5', 'dateOfBirth-year': '1988' });
    await clickAndWait(employer, 'main form button.govuk-button');
    expect(await employer.locator('.govuk-error-summary').innerText()).toContain('Разрешение с такими данными не найдено');
    await expectNoAxeViolations(employer, 'verify form with a mismatch (ru)');
    await fill(employer, { 'dateOfBirth-day': '4' });
    await clickAndWait(employer, 'main form button.govuk-button');
    expect(await employer.locator('h1').innerText()).toBe('Разрешение действительно');
    await employer.context().close();
  });
});
