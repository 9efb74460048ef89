import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { formatReference } from '../../src/applications/reference.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES, type Language } from '../../src/i18n/languages.js';
import type { NoticeKind } from '../../src/notices/outbox.js';
import { createRenderer } from '../../src/notices/render.js';
import { registrationSteps } from '../fixtures/services.js';
import { browserApp } from '../support/browser-app.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations } from '../support/browser.js';
import { decisionFields } from '../support/decisions.js';
import type { Agent } from '../support/html.js';
import { mailLinks } from '../support/mail.js';
import { signedInOfficer } from '../support/officers.js';
import { actOnCase } from '../support/public-side.js';
import { fixedClock } from '../support/registration.js';
import { chooseFiles, driveToCheck, fill } from './drive.js';

/*
 * The life of one case in each language, on a phone, as its applicant lives it: the form sent, the
 * receipt kept as a PDF, each next step reached from the link of the mail it received (the officer's
 * side done over HTTP, as its own tests drive it in the browser), the request answered with a file,
 * the decision's document kept as a PDF and, for an approval, its QR code's check opened. Each page
 * with no axe violation and nothing wider than the screen.
 */
const run = browserTestsCanRun('case-life.browser.test.ts');
const SERVICE = 'registration-at-place-of-stay';
const DATE_OF_BIRTH = { 'dateOfBirth-day': '27', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990' };
const OUTCOME: Record<Language, 'approve' | 'refuse'> = { az: 'approve', en: 'approve', ru: 'refuse' };
const i18n = createI18n();

let officer: Agent;
const app = browserApp(run, { clock: fixedClock }, async (t) => {
  officer = t.agent();
  await signedInOfficer(t.db, officer, { services: [SERVICE] });
});

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  const { text } = await parser.getText();
  await parser.destroy();
  return text.replace(/\s+/g, ' ');
}

/** The page is usable on the phone: no axe violation, nothing wider than the screen. */
async function expectFine(page: Page, what: string): Promise<void> {
  await expectNoAxeViolations(page, what);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(0);
}

describe.runIf(run)('the life of one case on a phone', () => {
  it.each(LANGUAGES)('in %s: sent, receipt, asked for more from the mail, answered with a file, decided, its document and check', { timeout: 240_000 }, async (lang) => {
    const words = i18n.getFixedT(lang);
    const renderer = createRenderer({ i18n, baseUrl: app.base, authority: 'sms' });
    /** The links of the last mail of this kind to the application, as the applicant's mail reader shows them. */
    const mailed = async (applicationId: string, kind: NoticeKind) => {
      const row = await app.t.db('outbox').where({ application_id: applicationId, kind }).orderBy('created_at', 'desc').first();
      expect(row?.language, `${kind} mail`).toBe(lang);
      return mailLinks(renderer.render({ kind: row!.kind, language: row!.language, data: row!.data })).html;
    };
    const context = await app.browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
    const page = await context.newPage();

    // Sent, and the receipt kept.
    await page.goto(`${app.base}/services/${SERVICE}/start?lang=${lang}`);
    await driveToCheck(page, registrationSteps('foreigner', { contact: { preferredLanguage: lang } }), { service: SERVICE, lang, axe: false });
    await clickAndWait(page, 'main form button.govuk-button');
    expect(new URL(page.url()).pathname).toBe(`/services/${SERVICE}/apply/confirmation`);
    await expectFine(page, `confirmation (${lang})`);
    const shown = (await page.locator('[data-reference]').innerText()).trim();
    const [receipt] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-receipt]').click()]);
    const receiptText = await pdfText(readFileSync(await receipt.path()));
    expect(receiptText).toContain(words('receipts:application.title'));
    expect(receiptText).toContain(shown);
    const application = (await app.t.db('applications').where({ reference: shown.replace(/-/g, '') }).first())!;

    // The "sent" mail's tracking link, on another day: the reference is filled in, the date of birth asked.
    const [, trackHref] = await mailed(application.id, 'submitted');
    await page.goto(trackHref!);
    expect(await page.locator('input[name="reference"]').inputValue()).toBe(application.reference);
    await fill(page, { identifier: 'dateOfBirth', ...DATE_OF_BIRTH });
    await clickAndWait(page, 'main form button.govuk-button');
    expect(new URL(page.url()).pathname).toBe('/track');
    await expectFine(page, `tracking page (${lang})`);

    // Asked for more: the mail's reply link opens the reply form at once in this browser; the file sent.
    await actOnCase(app.t.db, officer, application.reference, 'claim');
    await actOnCase(app.t.db, officer, application.reference, 'request-information', { message: 'Upload the page with the entry stamp.', documents: 'passportPagesWithVisa' });
    const [replyHref] = await mailed(application.id, 'information-requested');
    await page.goto(replyHref!);
    expect(new URL(page.url()).pathname).toBe('/track/reply');
    await expectFine(page, `reply form (${lang})`);
    await chooseFiles(page, 'passportPagesWithVisa', ['passport.pdf']);
    await clickAndWait(page, 'button[name="action"][value="upload"]');
    await clickAndWait(page, 'button[name="action"][value="send"]');
    expect(new URL(page.url()).search).toBe('?done=reply');
    await expectFine(page, `tracking page after the answer (${lang})`);

    // Decided: the mail's decision link, the document kept as a PDF.
    const action = OUTCOME[lang];
    const form = await officer.get(`/backoffice/cases/${application.reference}/${action}?lang=en`).expect(200);
    await actOnCase(app.t.db, officer, application.reference, action, decisionFields(form, action));
    const [decisionHref] = await mailed(application.id, 'decided');
    await page.goto(decisionHref!);
    expect(new URL(page.url()).pathname).toMatch(/^\/decisions\/[\w-]{48}$/);
    await expectFine(page, `decision page (${lang})`);
    // Shown inline (the browser's own viewer opens it): read as the browser receives it, with its cookies.
    const documentHref = (await page.locator(`a[hreflang="${lang}"]`).getAttribute('href'))!;
    const documentResponse = await context.request.get(new URL(documentHref, page.url()).toString());
    expect(documentResponse.headers()['content-type']).toBe('application/pdf');
    const documentText = await pdfText(await documentResponse.body());
    expect(documentText).toContain('Məmmədova Şəhla');
    expect(documentText).toContain(formatReference(application.reference));
    if (action === 'refuse') {
      expect(documentText).toContain(words('decisions:appeal.to.administrativeCourt'));
      await context.close();
      return;
    }

    // The document's check, as its QR code opens it on the employer's phone: valid, nothing asked.
    const check = /https?:\/\/\S+\/verify\/[0-9A-Z]{16}/.exec(documentText)![0];
    const checker = await (await app.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await checker.goto(`${app.base}${new URL(check).pathname}?lang=${lang}`);
    expect(await checker.locator('h1').getAttribute('data-state')).toBe('valid');
    expect(await checker.locator('.govuk-summary-list').innerText()).toContain('Məmmədova Şəhla');
    expect(await checker.locator('input').count()).toBe(0);
    await expectFine(checker, `check of the decision (${lang})`);
    await checker.context().close();
    await context.close();
  });
});
