import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { accountOf } from '../../src/backoffice/auth/throttle.js';
import { registrationSteps } from '../fixtures/services.js';
import { fileApplication } from '../support/applications.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations, launchBrowser, listen } from '../support/browser.js';
import { answerSteps, send } from '../support/journey.js';
import { makeOfficer, PASSWORD } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = browserTestsCanRun('backoffice.browser.test.ts');

let t: TestApp;
let server: Server;
let base: string;
let browser: Browser;
let officer: OfficerRow;
let supervisor: OfficerRow;
let secondSupervisor: OfficerRow;
let admin: OfficerRow;
const SERVICES = ['registration-at-place-of-stay', 'permanent-residence-permit', 'work-permit'];

beforeAll(async () => {
  if (!run) return;
  t = await startTestApp({ clock: fixedClock });
  ({ server, base } = await listen(t.app));
  browser = await launchBrowser();
  officer = await makeOfficer(t.db, { services: SERVICES, name: 'Nigar Əhmədova' });
  supervisor = await makeOfficer(t.db, { role: 'supervisor', services: SERVICES, name: 'Rauf Abbasov' });
  secondSupervisor = await makeOfficer(t.db, { role: 'supervisor', services: SERVICES, name: 'Leyla Kərimova' });
  admin = await makeOfficer(t.db, { role: 'admin', services: [], name: 'Admin Adminov' });
}, 120_000);
afterAll(async () => {
  if (!run) return;
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

async function signedIn(who: OfficerRow, lang: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/backoffice/sign-in?lang=${lang}`);
  await page.fill('#email', who.email);
  await page.fill('#password', PASSWORD);
  await clickAndWait(page, 'main form button.govuk-button');
  // The language chosen on the sign-in page is kept after it; asked for again here, it becomes the account's.
  await page.goto(`${base}/backoffice/password?lang=${lang}`);
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  return page;
}

async function openCase(page: Page, reference: string): Promise<void> {
  await page.goto(`${base}/backoffice/cases/${reference}`);
  expect(await page.locator('h1').innerText()).not.toBe('');
}

async function press(page: Page, text: RegExp | string): Promise<void> {
  await Promise.all([page.waitForNavigation({ timeout: 90_000 }), page.getByRole('button', { name: text }).first().click()]);
}

async function applicationSent(): Promise<string> {
  const applicant = t.agent();
  await answerSteps(applicant, 'registration-at-place-of-stay', registrationSteps('hostPerson'), '?lang=en');
  return send(applicant, 'registration-at-place-of-stay');
}

describe.runIf(run)('officers in a real browser', () => {
  it('an officer signs in, takes a case, asks for more, approves it, and refuses another with reasons', async () => {
    const first = await applicationSent();
    const second = await applicationSent();
    const page = await signedIn(officer, 'en');
    await page.goto(`${base}/backoffice/queue`);
    expect(await page.locator('tbody').innerText()).toContain('Məmmədova Şəhla Ağa qızı');
    await clickAndWait(page, `a[href="/backoffice/cases/${first}"]`);
    await press(page, 'Take this application');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The application is yours to review.');

    await clickAndWait(page, 'a.govuk-button:has-text("Ask the applicant for more")');
    await press(page, 'Send the request');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Write what the applicant must send');
    await page.fill('#message', 'Please upload the lease contract, every page.');
    await page.locator('input[name="documents"][value="hostPropertyDocument"]').check();
    await press(page, 'Send the request');
    expect(await page.locator('main').innerText()).toContain('Please upload the lease contract, every page.');
    await press(page, 'The applicant has answered');

    await clickAndWait(page, 'a.govuk-button:has-text("Approve")');
    await press(page, 'Approve');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The application is approved.');
    expect((await t.db('applications').where({ reference: first }).first())!.status).toBe('approved');

    await openCase(page, second);
    await press(page, 'Take this application');
    await clickAndWait(page, 'a.govuk-button:has-text("Refuse")');
    await page.locator('input[name="reasons"][value="falseInformation"]').check();
    await page.locator('input[name="reasons"][value="entryBan"]').check();
    await press(page, 'Refuse');
    // A registration's refusal bases are for the Service to confirm: the law alone, no article made up.
    expect(await page.locator('main').innerText()).toContain('(Migration Code of the Republic of Azerbaijan)');
    expect((await t.db('applications').where({ reference: second }).first())!.decision).toMatchObject({ reasons: ['falseInformation', 'entryBan'] });
    await page.context().close();
  }, 180_000);

  it('a supervisor confirms a permanent-residence decision another supervisor made', async () => {
    const application = await fileApplication(t.db, { service: 'permanent-residence-permit' });
    const first = await signedIn(supervisor, 'az');
    await openCase(first, application.reference);
    await press(first, 'Müraciəti götürün');
    await clickAndWait(first, 'a.govuk-button:has-text("Təsdiq edin")');
    expect(await first.locator('.govuk-inset-text').innerText()).toContain('ikinci əməkdaşın');
    await press(first, 'Təsdiq edin');
    expect((await t.db('applications').where({ id: application.id }).first())!.status).toBe('pending_confirmation');
    expect(await first.getByRole('button', { name: 'Qərarı təsdiq edin' }).count()).toBe(0);
    await first.context().close();

    const second = await signedIn(secondSupervisor, 'ru');
    await openCase(second, application.reference);
    await press(second, 'Утвердить решение');
    const row = (await t.db('applications').where({ id: application.id }).first())!;
    expect(row.status).toBe('approved');
    expect(row.permit_number).toMatch(/^DYI\d{9}$/);
    expect(await second.locator('main').innerText()).toContain(row.permit_number!);
    await second.context().close();
  }, 180_000);

  it.each(['az', 'en', 'ru'])('every back-office page passes axe in %s, and nothing scrolls sideways at 320 px', async (lang) => {
    const reference = (await fileApplication(t.db, { service: 'work-permit' })).reference;
    const open = await fileApplication(t.db, { service: 'registration-at-place-of-stay' });
    await t.db('applications').where({ id: open.id }).update({ status: 'in_review', assigned_officer: supervisor.id });
    const ban = await t.db('travel_bans').insert({ surname: 'Петров', given_names: 'Иван', date_of_birth: '1980-01-01', citizenship: 'RU', document_number: '751234567', search_name: 'петров иван', kind: 'entryBan', authority: 'DSX', legal_basis: 'Maddə 16', starts_on: '2026-01-01', created_by: supervisor.id }).returning('id');
    const pages: [OfficerRow, string[]][] = [
      [supervisor, [
        '/backoffice/queue', '/backoffice/queue?q=zzzz', `/backoffice/cases/${reference}`, `/backoffice/cases/${open.reference}`,
        `/backoffice/cases/${open.reference}/request-information`, `/backoffice/cases/${open.reference}/approve`, `/backoffice/cases/${open.reference}/refuse`,
        `/backoffice/cases/${open.reference}/reassign`, '/backoffice/dashboard', '/backoffice/audit', '/backoffice/travel-bans', '/backoffice/travel-bans/new',
        `/backoffice/travel-bans/${(ban[0] as { id: string }).id}`, '/backoffice/two-factor', '/backoffice/password', '/backoffice/admin/officers',
      ]],
      [admin, ['/backoffice/admin/officers', '/backoffice/admin/officers/new', `/backoffice/admin/officers/${officer.id}`, '/backoffice/admin/security']],
    ];
    for (const [who, paths] of pages) {
      const page = await signedIn(who, lang);
      for (const path of paths) {
        await page.goto(`${base}${path}`);
        await expectNoAxeViolations(page, `${path} (${lang})`);
      }
      // Error states: an empty form sent.
      for (const [path, button] of who === admin ? [['/backoffice/admin/officers/new', 'main form button.govuk-button']] : [[`/backoffice/cases/${open.reference}/refuse`, 'main form button.govuk-button'], ['/backoffice/travel-bans/new', 'main form button.govuk-button']]) {
        await page.goto(`${base}${path}`);
        await clickAndWait(page, button!);
        expect(await page.locator('.govuk-error-summary').count()).toBe(1);
        await expectNoAxeViolations(page, `${path} with errors (${lang})`);
      }
      await page.setViewportSize({ width: 320, height: 800 });
      for (const path of paths.slice(0, 3)) {
        await page.goto(`${base}${path}`);
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 && !element.closest('.app-table-scroll'))
            .map((element) => `${element.tagName}.${element.className}`)
            .slice(0, 5),
        );
        expect(wide, `${path} at 320 px`).toEqual([]);
      }
      await page.context().close();
    }
    // A 403, the one-time password an admin is shown, and the code asked at sign-in.
    const plain = await signedIn(officer, lang);
    await plain.goto(`${base}/backoffice/audit`);
    await expectNoAxeViolations(plain, `403 (${lang})`);
    await plain.context().close();
    const keeper = await signedIn(admin, lang);
    await keeper.goto(`${base}/backoffice/admin/officers/${officer.id}`);
    await press(keeper, new RegExp(['Parolu yeniləyin', 'Reset the password', 'Сбросить пароль'][['az', 'en', 'ru'].indexOf(lang)]!));
    await expectNoAxeViolations(keeper, `one-time password (${lang})`);
    const password = await keeper.locator('[data-one-time-password]').innerText();
    await keeper.context().close();
    await t.db('officers').where({ id: officer.id }).update({ password_hash: (await t.db('officers').where({ id: supervisor.id }).first())!.password_hash, password_must_change: false });
    await t.db('officers').where({ id: secondSupervisor.id }).update({ totp_enabled: true, totp_secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' });
    const coded = await browser.newPage();
    await coded.goto(`${base}/backoffice/sign-in?lang=${lang}`);
    await coded.fill('#email', secondSupervisor.email);
    await coded.fill('#password', PASSWORD);
    await clickAndWait(coded, 'main form button.govuk-button');
    expect(new URL(coded.url()).pathname).toBe('/backoffice/sign-in/code');
    await expectNoAxeViolations(coded, `sign-in code (${lang})`);
    // The same page while the account is under attack from devices it is not used on: it says why the code is asked.
    await t.db('officer_sign_in_addresses').where({ officer_id: secondSupervisor.id }).delete();
    await t.db('sign_in_failures').insert({ key: `new-clients:${accountOf(secondSupervisor.email)}`, failures: 100, last_failed_at: new Date(), locked_until: new Date('2100-01-01') });
    await coded.context().clearCookies();
    await coded.goto(`${base}/backoffice/sign-in?lang=${lang}`);
    await coded.fill('#email', secondSupervisor.email);
    await coded.fill('#password', PASSWORD);
    await clickAndWait(coded, 'main form button.govuk-button');
    await coded.locator('[data-guarded]').waitFor();
    await expectNoAxeViolations(coded, `sign-in code, guarded (${lang})`);
    await t.db('sign_in_failures').delete();
    await coded.close();
    await t.db('officers').where({ id: secondSupervisor.id }).update({ totp_enabled: false, totp_secret: null });
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);

    const anonymous = await browser.newPage();
    await anonymous.goto(`${base}/backoffice/sign-in?lang=${lang}`);
    await expectNoAxeViolations(anonymous, `sign-in (${lang})`);
    await clickAndWait(anonymous, 'main form button.govuk-button');
    await expectNoAxeViolations(anonymous, `sign-in with errors (${lang})`);
    await anonymous.close();
  }, 300_000);

  it('warns two minutes before the idle sign-out, and "stay signed in" keeps the officer in', async () => {
    const page = await signedIn(officer, 'en');
    // The page's own clock, moved on as if the officer had walked away.
    await page.clock.install();
    await page.goto(`${base}/backoffice/queue`);
    const dialog = page.locator('dialog.app-timeout');
    expect(await dialog.getAttribute('data-idle-minutes')).toBe('30');
    await page.clock.fastForward('27:00');
    expect(await dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(false);
    await page.clock.fastForward('01:30');
    expect(await dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(true);
    await expectNoAxeViolations(page, 'timeout warning');
    const [keepAlive] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/backoffice/keep-alive')), page.getByRole('button', { name: 'Stay signed in' }).click()]);
    expect(keepAlive.status()).toBe(204);
    expect(await dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(false);
    await page.context().close();
  }, 120_000);
});
