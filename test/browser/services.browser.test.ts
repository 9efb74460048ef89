import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { citizenshipAdmissionSteps, citizenshipDeterminationSteps, citizenshipRenunciationSteps, citizenshipRestorationSteps, foreignCitizenshipNoticeSteps, permanentResidenceSteps, registrationSteps, serviceRecruitmentSteps, stayExtensionSteps, temporaryResidenceSteps, workPermitExtensionSteps, workPermitSteps } from '../fixtures/services.js';
import { browserTestsCanRun, clickAndWait, expectNoAxeViolations, launchBrowser, listen } from '../support/browser.js';
import { answerSteps, fixtureFile, send, type StepAnswer } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { applicationWhere } from '../support/rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chooseFiles, driveToCheck, fill, linesOf, pressContinue } from './drive.js';

const run = browserTestsCanRun('services.browser.test.ts');

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

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Lang = 'az' | 'en' | 'ru';

/** From the home page to the service page to its task list, checking each on the way. */
async function openService(page: Page, service: string, lang: Lang): Promise<void> {
  await page.goto(`${base}/?lang=${lang}`);
  await expectNoAxeViolations(page, `home (${lang})`);
  await clickAndWait(page, `main a[href="/services/${service}"]`);
  await expectNoAxeViolations(page, `${service} page (${lang})`);
  await clickAndWait(page, 'a.govuk-button--start');
  expect(new URL(page.url()).pathname).toBe(`/services/${service}/apply`);
}

/** Sends from "check your answers"; returns the stored application. */
async function sendAndRead(page: Page, service: string, lang: Lang) {
  await expectNoAxeViolations(page, `check answers ${service} (${lang})`);
  await clickAndWait(page, 'main form button.govuk-button');
  expect(new URL(page.url()).pathname).toBe(`/services/${service}/apply/confirmation`);
  await expectNoAxeViolations(page, `confirmation ${service} (${lang})`);
  const reference = (await page.locator('[data-reference]').innerText()).trim();
  expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return applicationWhere(t.db, { reference: reference.replace(/-/g, '') });
}

/** Every file the application holds has the bytes of the fixture it was chosen from. */
async function expectFilesAsSent(applicationId: string, answers: readonly StepAnswer[]): Promise<void> {
  const sent = answers.flatMap((answer) => answer.files ?? []);
  const rows = await t.db('documents').where({ application_id: applicationId });
  expect(rows).toHaveLength(sent.length);
  for (const file of sent) {
    const row = rows.find((candidate) => candidate.field === file.field && candidate.display_name === file.file);
    expect(row, `${file.field}: ${String(file.file)}`).toBeDefined();
    const blob = await t.db('document_blobs').where({ key: row!.storage_key }).first();
    expect(sha256(blob!.bytes)).toBe(sha256(fixtureFile(file.file as string)));
  }
}

/** The fixtures' files under their own names, as a person picks them from a folder. */
function filesByName(steps: StepAnswer[]): StepAnswer[] {
  return steps.map((step) => (step.files ? { ...step, files: step.files.map(({ field, file }) => ({ field, file })) } : step));
}

const PEOPLE: Record<Lang, { surname: string; givenNames: string; patronymic: string }> = {
  az: { surname: 'Məmmədova', givenNames: 'Şəhla', patronymic: 'Ağa qızı' },
  en: { surname: "O'Neill-Smith", givenNames: 'Mary Ann', patronymic: '' },
  ru: { surname: 'Щукина', givenNames: 'Алёна', patronymic: 'Сергеевна' },
};

describe.skipIf(!run)('the services in a real browser, with real files, and no accessibility violations on any page', () => {
  it.each(['az', 'en', 'ru'] as const)('registration at the place of stay (%s)', { timeout: 240_000 }, async (lang) => {
    const page = await browser.newPage();
    const service = 'registration-at-place-of-stay';
    const applicant = ({ az: 'hostPerson', en: 'foreigner', ru: 'hostOrganisation' } as const)[lang];
    const answers = filesByName(registrationSteps(applicant, { identity: PEOPLE[lang] }));
    await openService(page, service, lang);
    let refusedOnce = false;
    await driveToCheck(page, answers, {
      service,
      lang,
      axe: true,
      onPage: async (current, where) => {
        // The error state of an upload: a file that is not what its name says, refused next to its document.
        if (where.endsWith('/documents') && !refusedOnce) {
          refusedOnce = true;
          await current.setInputFiles('input[type=file][name="passportPagesWithVisa"]', { name: 'passport.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is a program') });
          await clickAndWait(current, 'main form button[value="upload"]');
          expect(await current.locator('.govuk-error-summary').isVisible()).toBe(true);
          expect(await current.title()).toMatch(/^(Xəta|Error|Ошибка): /);
          await expectNoAxeViolations(current, `upload error (${lang})`);
          await chooseFiles(current, 'passportPagesWithVisa', ['passport.pdf']);
          await clickAndWait(current, 'main form button[value="upload"]');
          expect(await current.locator('.app-file-list__item').count()).toBe(1);
          await expectNoAxeViolations(current, `uploaded file listed (${lang})`);
          if (applicant !== 'hostOrganisation') await chooseFiles(current, 'hostPropertyDocument', ['scan.png']);
          await pressContinue(current);
          return true;
        }
      },
    });
    expect(await page.locator('main').innerText()).toContain(PEOPLE[lang].surname);
    const row = await sendAndRead(page, service, lang);
    expect(row.language).toBe(lang);
    expect(row.answers.identity).toMatchObject({ surname: PEOPLE[lang].surname, givenNames: PEOPLE[lang].givenNames });
    expect(row.answers['who-applies'].applicantType).toBe(applicant);
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('notice by a citizen who took another citizenship (az), with what happens next on the confirmation', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    const service = 'foreign-citizenship-notice';
    const answers = filesByName(foreignCitizenshipNoticeSteps());
    // Five steps: no task list, the start button opens the first question.
    await page.goto(`${base}/services/${service}?lang=az`);
    await expectNoAxeViolations(page, `${service} page (az)`);
    await clickAndWait(page, 'a.govuk-button--start');
    expect(new URL(page.url()).pathname).toBe(`/services/${service}/apply/citizen`);
    await driveToCheck(page, answers, { service, lang: 'az', axe: true });
    const row = await sendAndRead(page, service, 'az');
    expect(await page.locator('[data-next]').innerText()).toContain('30 gün ərzində');
    expect(row.answers.citizen).toMatchObject({ surname: 'Əliyev', fin: '5ABC12D' });
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('permanent residence permit (az): the test passed, a family with a 15-year-old whose consent is asked on its own page', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    const service = 'permanent-residence-permit';
    const answers = filesByName(permanentResidenceSteps());
    await openService(page, service, 'az');
    await expectNoAxeViolations(page, `task list ${service} (az)`);
    await driveToCheck(page, answers, { service, lang: 'az', axe: true });
    expect(await page.locator('main').innerText()).toMatch(/Dövlət rüsumu\s+300\sAZN/);
    const row = await sendAndRead(page, service, 'az');
    expect(await page.locator('[data-next]').innerText()).toContain('ikinci əməkdaş təsdiqləyir');
    expect(row.fee_amount).toBe('300.00');
    expect(row.answers['children-consent']).toBeDefined();
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('work permit extension (ru): the permit granted here is found by VÖEN and date of birth, shown, and its details taken', { timeout: 240_000 }, async () => {
    const employer = t.agent();
    await answerSteps(employer, 'work-permit', workPermitSteps(), '?lang=ru');
    const reference = await send(employer, 'work-permit');
    await t.db('applications').where({ reference }).update({ status: 'in_review' });
    await t.db('applications').where({ reference }).update({ status: 'approved', permit_number: 'IS260000555' });
    const page = await browser.newPage();
    const service = 'work-permit-extension';
    const answers = filesByName(workPermitExtensionSteps({ prefilled: true }, { permit: { permitNumber: 'IS 26 0000555' } }));
    await openService(page, service, 'ru');
    await driveToCheck(page, answers, {
      service,
      lang: 'ru',
      axe: true,
      onPage: async (current, where) => {
        if (where.endsWith('/earlier-details')) expect(await current.locator('main').innerText()).toContain('Xəzər Tikinti MMC');
      },
    });
    const row = await sendAndRead(page, service, 'ru');
    expect(row.answers.employer.organisationName).toBe('Xəzər Tikinti MMC');
    expect(row.answers['worker-document'].documentNumber).toBe('U87654321');
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('renunciation of citizenship for a child (ru), with family members and the long reasons', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    const service = 'citizenship-renunciation';
    const answers = filesByName(citizenshipRenunciationSteps({ representative: true }));
    await openService(page, service, 'ru');
    await expectNoAxeViolations(page, `task list ${service} (ru)`);
    await driveToCheck(page, answers, { service, lang: 'ru', axe: true });
    const row = await sendAndRead(page, service, 'ru');
    expect(await page.locator('[data-next]').innerText()).toContain('второй сотрудник утверждает');
    expect(row.answers.family.items).toHaveLength(2);
    expect(row.answers.representative.representativeRole).toBe('mother');
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('restoration of citizenship (en), the decision that ended it left out as optional', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    const service = 'citizenship-restoration';
    const answers = filesByName(citizenshipRestorationSteps());
    await openService(page, service, 'en');
    await driveToCheck(page, answers, { service, lang: 'en', axe: true });
    const row = await sendAndRead(page, service, 'en');
    expect(row.answers['former-citizenship'].endedHow).toBe('renounced');
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('determination of citizenship (az), with places lived as a repeating group', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    const service = 'citizenship-determination';
    const answers = filesByName(citizenshipDeterminationSteps());
    await openService(page, service, 'az');
    await driveToCheck(page, answers, { service, lang: 'az', axe: true });
    const row = await sendAndRead(page, service, 'az');
    expect(row.answers.residence.items).toHaveLength(2);
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('admission to citizenship (ru)', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    const service = 'citizenship-admission';
    const answers = filesByName(citizenshipAdmissionSteps());
    await openService(page, service, 'ru');
    await driveToCheck(page, answers, { service, lang: 'ru', axe: true });
    const row = await sendAndRead(page, service, 'ru');
    expect(row.answers.language.azerbaijaniLevel).toBe('fluent');
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('recruitment: application to serve in the migration bodies (az), a man liable for military service, with the dates of his service revealed, his studies, job and languages', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    const service = 'service-recruitment';
    const answers = filesByName(serviceRecruitmentSteps());
    await openService(page, service, 'az');
    await expectNoAxeViolations(page, `task list ${service} (az)`);
    let refusedOnce = false;
    await driveToCheck(page, answers, {
      service,
      lang: 'az',
      axe: true,
      onPage: async (current, where) => {
        // The error state of the revealed questions: served, with no dates and no military ID.
        if (where.endsWith('/military-service') && !refusedOnce) {
          refusedOnce = true;
          await fill(current, { militaryStatus: 'served' });
          expect(await current.locator('#militaryIdNumber').isVisible()).toBe(true);
          await pressContinue(current);
          expect(await current.locator('.govuk-error-summary').innerText()).toContain('Hərbi biletinizin nömrəsini daxil edin');
          await expectNoAxeViolations(current, 'military service refused (az)');
          await fill(current, answers.find((answer) => answer.step === 'military-service')!.fields!);
          await pressContinue(current);
          return true;
        }
      },
    });
    expect(refusedOnce).toBe(true);
    expect(await page.locator('main').innerText()).toContain('Hüquq məsləhətçisi');
    const row = await sendAndRead(page, service, 'az');
    expect(await page.locator('[data-next]').innerText()).toContain('30 gün ərzində');
    expect(row).toMatchObject({ service_id: service, citizenship: 'AZ', document_number: '6MNB4K2' });
    expect(row.answers['military-service']).toMatchObject({ militaryStatus: 'served', militaryServiceTo: '2019-12' });
    expect(row.answers.education.items).toHaveLength(2);
    expect(row.answers['work-history'].items).toHaveLength(1);
    expect(row.answers.languages.items).toHaveLength(3);
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it.each(['az', 'en', 'ru'] as const)('temporary residence permit (%s)', { timeout: 240_000 }, async (lang) => {
    const page = await browser.newPage();
    const service = 'temporary-residence-permit';
    const answers = filesByName(temporaryResidenceSteps({ abroad: lang === 'ru', extension: lang === 'en' }, { identity: PEOPLE[lang] }));
    await openService(page, service, lang);
    await expectNoAxeViolations(page, `task list (${lang})`);
    await driveToCheck(page, answers, { service, lang, axe: true });
    const row = await sendAndRead(page, service, lang);
    expect(row.answers.identity.surname).toBe(PEOPLE[lang].surname);
    expect(row.fee_amount).toBe('120.00');
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it.each(['az', 'en', 'ru'] as const)('work permit, by the employer (%s)', { timeout: 240_000 }, async (lang) => {
    const page = await browser.newPage();
    const service = 'work-permit';
    const answers = filesByName(workPermitSteps());
    await openService(page, service, lang);
    let removed = false;
    await driveToCheck(page, answers, {
      service,
      lang,
      axe: true,
      onPage: async (current, where) => {
        // Add a third job, look at its remove page, and remove it: the list and remove pages pass axe too.
        if (where.endsWith('/work-history') && !removed && (await current.locator('.app-repeat-list .govuk-summary-list__row').count()) === 2) {
          removed = true;
          await fill(current, { more: 'yes' });
          await pressContinue(current);
          await fill(current, answers.find((answer) => answer.step === 'work-history')!.items![1]!);
          await pressContinue(current);
          await clickAndWait(current, '.app-repeat-list .govuk-summary-list__row:nth-child(3) .govuk-summary-list__actions a[href$="/remove"]');
          await expectNoAxeViolations(current, `remove a job (${lang})`);
          await clickAndWait(current, 'main form button.govuk-button--warning');
          expect(await current.locator('.app-repeat-list .govuk-summary-list__row').count()).toBe(2);
          return true;
        }
      },
    });
    expect(removed).toBe(true);
    const row = await sendAndRead(page, service, lang);
    expect(row.answers['work-history'].items).toHaveLength(2);
    expect(row.answers['employer-address'].city).toBe('baku');
    expect(row.answers.workplace.city).toBe('sumgait');
    await expectFilesAsSent(row.id, answers);
    await page.close();
  });

  it('stay extension (en), saved half way and resumed in another browser with the code and date of birth', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    const service = 'stay-extension';
    const answers = filesByName(stayExtensionSteps({ representative: true }));
    await openService(page, service, 'en');
    await driveToCheck(page, answers, { service, lang: 'en', axe: true, stopAt: '/ground' });
    await fill(page, answers.find((answer) => answer.step === 'ground')!.fields!);
    await clickAndWait(page, 'main form button[value="save"]');
    await expectNoAxeViolations(page, 'saved (en)');
    const code = (await page.locator('[data-resume-code]').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await page.close();

    // Another browser, with nothing of the first one's session.
    const other = await browser.newContext();
    const resumed = await other.newPage();
    await resumed.goto(`${base}/services/${service}?lang=en`);
    await clickAndWait(resumed, 'main a[href="/resume"]');
    await expectNoAxeViolations(resumed, 'resume (en)');
    await fill(resumed, { resumeCode: code.toLowerCase(), identifier: 'dateOfBirth', 'dateOfBirth-day': '10', 'dateOfBirth-month': '5', 'dateOfBirth-year': '2015' });
    await clickAndWait(resumed, 'main form button.govuk-button');
    expect(new URL(resumed.url()).pathname).toBe(`/services/${service}/apply`);
    await driveToCheck(resumed, answers, { service, lang: 'en', axe: true });
    const row = await sendAndRead(resumed, service, 'en');
    expect(row.fee_amount).toBe('25.00');
    expect(row.answers.ground.ground).toBe('medicalTreatment');
    await expectFilesAsSent(row.id, answers);
    await other.close();
  });

  it('switching language on a step keeps the answers, the errors and the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/services/registration-at-place-of-stay/apply/who-applies?lang=en`);
    await fill(page, { applicantType: 'foreigner' });
    await pressContinue(page);
    await page.goto(`${base}/services/registration-at-place-of-stay/apply/identity`);
    await fill(page, { surname: 'Щукина', givenNames: 'Алёна' });
    await pressContinue(page);
    await clickAndWait(page, 'a[hreflang="ru"]');
    expect(new URL(page.url()).pathname).toBe('/services/registration-at-place-of-stay/apply/identity');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.inputValue('#surname')).toBe('Щукина');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Введите дату рождения');
    await page.close();
  });

  it('every service page, the resume page, the cookies page and the 404 page pass axe in all three languages', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    for (const lang of ['az', 'en', 'ru']) {
      for (const service of SERVICES) {
        await page.goto(`${base}/services/${service.id}?lang=${lang}`);
        await expectNoAxeViolations(page, `${service.id} (${lang})`);
      }
      for (const url of ['/cookies', '/resume', '/missing']) {
        await page.goto(`${base}${url}?lang=${lang}`);
        await expectNoAxeViolations(page, `${url} (${lang})`);
      }
    }
    await page.close();
  });

  it('at 320 px wide nothing scrolls sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    for (const url of ['/?lang=ru', '/services/work-permit?lang=az', '/services/work-permit/apply?lang=ru', '/services/work-permit/apply/exemptions?lang=az', '/services/registration-at-place-of-stay/apply/who-applies?lang=en']) {
      await page.goto(`${base}${url}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
    await page.close();
  });
});

/** Each line holds whole groups: it ends at a dash, or with the last group. */
function expectGroupsWhole(lines: string[], shown: string, where: string): void {
  expect(lines.join(''), where).toBe(shown);
  for (const line of lines.slice(0, -1)) expect(line, `${where}: ${lines.join(' | ')}`).toMatch(/^([0-9A-Z]{4}-)+$/);
  expect(lines.at(-1), `${where}: ${lines.join(' | ')}`).toMatch(/^([0-9A-Z]{4}-)*[0-9A-Z]{4}$/);
}

describe.skipIf(!run)('a reference number on a phone', () => {
  it('at 360 px and 320 px breaks only between its groups, on the confirmation and the saved-code pages, the reference within the screen', { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const service = 'registration-at-place-of-stay';
    await page.goto(`${base}/services/${service}?lang=ru`);
    await clickAndWait(page, 'a.govuk-button--start');
    // Saved half way: the code to come back with is drawn as the reference is.
    const answers = registrationSteps('foreigner');
    await driveToCheck(page, answers, { service, lang: 'ru', axe: false, stopAt: '/entry' });
    await fill(page, answers.find((answer) => answer.step === 'entry')!.fields!);
    await clickAndWait(page, 'main form button[value="save"]');
    const code = (await page.locator('[data-resume-code]').innerText()).trim();
    expectGroupsWhole(await linesOf(page, '[data-resume-code]'), code, 'saved code at 360 px');
    await page.goto(`${base}/services/${service}/apply?lang=ru`);
    await driveToCheck(page, answers, { service, lang: 'ru', axe: false });
    await clickAndWait(page, 'main form button.govuk-button');
    expect(new URL(page.url()).pathname).toBe(`/services/${service}/apply/confirmation`);
    const reference = (await page.locator('[data-reference]').innerText()).trim();
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectNoAxeViolations(page, 'confirmation at 360 px');

    // At 360 and 320 px, and with the text made twice as large, as a reader may set it (WCAG 1.4.4).
    for (const width of [360, 320]) {
      for (const textSize of ['100%', '200%']) {
        const where = `reference at ${width} px, text ${textSize}`;
        await page.setViewportSize({ width, height: 740 });
        await page.evaluate((size) => (document.documentElement.style.fontSize = size), textSize);
        expectGroupsWhole(await linesOf(page, '[data-reference]'), reference, where);
        const right = await page.locator('[data-reference]').evaluate((element) => element.getBoundingClientRect().right - document.documentElement.clientWidth);
        expect(right, where).toBeLessThanOrEqual(0);
        if (textSize === '100%') {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, where).toBeLessThanOrEqual(0);
        }
      }
    }
    await context.close();
  });
});
