import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/applications/reference.js';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { decisionRules } from '../../src/catalogue/decisions.js';
import { SERVICES } from '../../src/catalogue/index.js';
import { DECISION_LINK_DAYS, decisionToken, decisionTokenKey } from '../../src/decisions/token.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { fileApplication } from '../support/applications.js';
import { decidedApplication } from '../support/decisions.js';
import { createRenderer } from '../../src/notices/render.js';
import { csrfTokenFrom, errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { dateFields } from '../support/journey.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { pdfOf as pdfOfAgent, qrOf } from '../support/public-side.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let officerAgent: Agent;
let officer: OfficerRow;
let supervisorAgent: Agent;
const now = new Date('2026-11-24T08:00:00Z');
const BASE_URL = 'https://e-services.migration.gov.az';
// As the test app makes it from its session secret.
const KEY = decisionTokenKey('x'.repeat(40));
const i18n = createI18n();
const renderer = createRenderer({ i18n, baseUrl: BASE_URL, authority: 'sms' });
const APPLICATION_SERVICES = SERVICES.filter((service) => service.kind === 'application');
const ALL = APPLICATION_SERVICES.map((service) => service.id);
/** Holders' names in the two scripts the documents must print. */
const NAMES = [
  { surname: 'Məmmədova', givenNames: 'Şəhla' },
  { surname: 'Щукина', givenNames: 'Алёна' },
];

beforeAll(async () => {
  t = await startTestApp({ clock: () => now, env: { BASE_URL } });
  officerAgent = t.agent();
  officer = await signedInOfficer(t.db, officerAgent, { services: ALL });
  supervisorAgent = t.agent();
  await signedInOfficer(t.db, supervisorAgent, { role: 'supervisor', services: ALL });
});
afterAll(async () => t.close());

/** The PDF a stranger's browser gets at `path`. */
const pdfOf = (path: string) => pdfOfAgent(t.agent(), path);

async function revoke(reference: string): Promise<void> {
  const form = await supervisorAgent.get(`/backoffice/cases/${reference}/revoke?lang=en`).expect(200);
  const version = String(parse(form)('input[name="version"]').val());
  const done = await postFrom(supervisorAgent, form, `/backoffice/cases/${reference}/revoke`, { version, note: 'Revoked for the test.' });
  expect(done.status).toBe(303);
}

describe('every approval of every application service of the catalogue', () => {
  it.each(APPLICATION_SERVICES.map((service, index) => [service.id, index] as const))(
    '%s: the document names the holder, writes the reference as every page does, carries its number, and its QR code checks it with no date of birth, until it is revoked',
    async (id, index) => {
      const name = NAMES[index % NAMES.length]!;
      const language = LANGUAGES[index % LANGUAGES.length]!;
      const rules = decisionRules(APPLICATION_SERVICES[index]!);
      const application = await decidedApplication(t.db, officerAgent, officer, { service: id, ...name, language, confirmer: supervisorAgent });
      expect(application.status).toBe('approved');
      expect(application.permit_number).toMatch(new RegExp(`^${rules.numberPrefix}26\\d{7}$`));

      const token = decisionToken(KEY, application.id, now);
      const { text, parser } = await pdfOf(`/decisions/${token}.pdf`);
      expect(text).toContain(`${name.surname} ${name.givenNames}`);
      expect(text).toContain(formatReference(application.reference));
      expect(text).not.toContain(application.reference);
      expect(text).toContain(application.permit_number!);
      const url = await qrOf(parser);
      await parser.destroy();
      expect(url).toMatch(new RegExp(`^${BASE_URL}/verify/[0-9A-Z]{16}$`));
      expect(text).toContain(url!);

      // Scanned: the document's state, kind, number, holder and validity; nothing asked.
      const path = url!.slice(BASE_URL.length);
      const words = i18n.getFixedT('en');
      const check = parse(await t.agent().get(`${path}?lang=en`).expect(200));
      expect(check('h1').attr('data-state')).toBe('valid');
      expect(textOf(check, 'h1')).toBe(rules.grants === 'permit' ? 'The permit is valid' : 'The document is valid');
      const summary = textOf(check, '.govuk-summary-list');
      for (const expected of [`${name.surname} ${name.givenNames}`, application.permit_number!, words(`verify:kinds.${rules.numberPrefix}`), words('verify:result.validFrom')]) {
        expect(summary).toContain(expected);
      }
      expect(check('form').length).toBe(0);
      expect(check('input').length).toBe(0);

      // Revoked: the same code answers "revoked", and the decision's links die.
      await revoke(application.reference);
      const revoked = parse(await t.agent().get(`${path}?lang=en`).expect(200));
      expect(revoked('h1').attr('data-state')).toBe('revoked');
      const gone = parse(await t.agent().get(`/decisions/${token}?lang=${language}`).expect(410));
      expect(gone('h1').attr('data-gone')).toBe('revoked');
      expect(gone('a[data-track]').attr('href')).toBe('/track');
      await t.agent().get(`/decisions/${token}.pdf`).expect(410);
    },
  );

  it('a check by the document number still needs the holder’s date of birth', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { service: 'registration-at-place-of-stay' });
    const form = parse(await t.agent().get(`/verify?permit=${application.permit_number}&lang=en`).expect(200));
    expect(form('input[name="permitNumber"]').val()).toBe(application.permit_number);
    expect(form('input[name="dateOfBirth-day"]').length).toBe(1);
  });

  it('a code nobody was given, or that cannot be one, finds nothing and offers the check by number', async () => {
    for (const path of ['/verify/0123456789ABCDEF', '/verify/nonsense']) {
      const page = parse(await t.agent().get(`${path}?lang=en`).expect(404));
      expect(textOf(page, 'h1')).toBe('We could not find this document');
      expect(page('main a[href="/verify"]').length).toBe(1);
    }
  });
});

describe('a refusal', () => {
  it('in Russian: the name in Cyrillic, each reason with its article, and to whom and within how many days it can be appealed', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { service: 'temporary-residence-permit', surname: 'Щукина', givenNames: 'Алёна', outcome: 'refused', language: 'ru' });
    expect(application.decision).toMatchObject({ outcome: 'refused', reasons: ['falseInformation'] });
    const { text, parser } = await pdfOf(`/decisions/${decisionToken(KEY, application.id, now)}.pdf`);
    await parser.destroy();
    expect(text).toContain('Щукина Алёна');
    expect(text).toContain('В удовлетворении заявления отказано');
    expect(text).toContain('(Миграционный кодекс Азербайджанской Республики, статья 50.1.2)');
    expect(text).toContain('Право на обжалование');
    expect(text).toContain('в административный суд в течение 30 дней');
    expect(text).toContain('Административно-процессуальный кодекс Азербайджанской Республики, статья 38.2');
    // Nothing to check on a refusal: no QR code.
    expect(text).not.toContain('/verify/');
  });

  it('in every language, the decision page says the same appeal', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { service: 'work-permit', outcome: 'refused' });
    const token = decisionToken(KEY, application.id, now);
    for (const language of LANGUAGES) {
      const page = parse(await t.agent().get(`/decisions/${token}?lang=${language}`).expect(200));
      expect(textOf(page, '[data-appeal]')).toContain(i18n.t('decisions:appeal.to.administrativeCourt', { lng: language }));
      expect(textOf(page, '[data-appeal]')).toContain('30');
    }
  });

  it('its mail, in every language, gives each reason with its basis and the same appeal, in text and HTML', () => {
    for (const language of LANGUAGES) {
      const mail = renderer.render({ kind: 'decided', language, data: { service: 'temporary-residence-permit', reference: 'EKX6TC254SBF', outcome: 'refused', reasons: ['abroadTooLong'] } });
      const appeal = i18n.t('decisions:appeal.to.administrativeCourt', { lng: language });
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain(appeal);
        expect(part).toContain('30');
        expect(part).toContain('50.1.8');
        expect(part).toContain('38.2');
      }
    }
  });
});

describe('refusal reasons that apply only after a request for information', () => {
  async function inReview(): Promise<{ reference: string; id: string }> {
    const filed = await fileApplication(t.db, { service: 'work-permit' });
    await t.db('applications').where({ id: filed.id }).update({ status: 'in_review', assigned_officer: officer.id });
    return { reference: filed.reference, id: filed.id };
  }

  it('are neither offered nor taken on a case where no request was made, and are once one was', async () => {
    const { reference, id } = await inReview();
    const form = await officerAgent.get(`/backoffice/cases/${reference}/refuse?lang=en`).expect(200);
    const offered = parse(form)('input[name="reasons"]').map((_, input) => parse(form)(input).val()).get();
    expect(offered).not.toContain('documentsIncomplete');
    expect(offered).toContain('falseInformation');
    // Each reason shows its basis to the officer, or that the Service has to confirm it.
    expect(textOf(parse(form), '.govuk-checkboxes')).toContain('Migration Code of the Republic of Azerbaijan, Article 66.0.2');
    expect(textOf(parse(form), '.govuk-checkboxes')).toContain('(article to be confirmed by the Service)');
    expect(parse(form)('[data-appeal-to-confirm]').length).toBe(1);

    const { version } = (await t.db('applications').where({ id }).first())!;
    const posted = await postFrom(officerAgent, form, `/backoffice/cases/${reference}/refuse`, { version: String(version), reasons: 'documentsIncomplete' });
    expect(posted.status).toBe(400);
    expect(errorSummary(parse(posted))[0]).toEqual({
      text: '“The documents are still incomplete after a request for more information” can be given only after a request for information, and none was made on this case',
      href: '#reasons',
    });
    expect((await t.db('applications').where({ id }).first())!.status).toBe('in_review');

    // Once the officer has asked and the answer came back, the reason is offered and taken.
    await t.db('information_requests').insert({ application_id: id, message: 'Send the contract again.', documents: [], requested_by: officer.id });
    const after = await officerAgent.get(`/backoffice/cases/${reference}/refuse?lang=en`).expect(200);
    expect(parse(after)('input[name="reasons"][value="documentsIncomplete"]').length).toBe(1);
    const taken = await postFrom(officerAgent, after, `/backoffice/cases/${reference}/refuse`, { version: String(version), reasons: 'documentsIncomplete' });
    expect(taken.status).toBe(303);
    expect((await t.db('applications').where({ id }).first())!.decision).toMatchObject({ outcome: 'refused', reasons: ['documentsIncomplete'] });
  });
});

describe('decision links', () => {
  it(`work for ${DECISION_LINK_DAYS} days from the day they are issued, then answer a translated page that points to tracking, which gives a fresh one`, async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00' });
    const day = 86_400_000;
    const fresh = decisionToken(KEY, application.id, new Date(now.getTime() - (DECISION_LINK_DAYS - 1) * day));
    await t.agent().get(`/decisions/${fresh}.pdf`).expect(200);
    const old = decisionToken(KEY, application.id, new Date(now.getTime() - (DECISION_LINK_DAYS + 1) * day));
    for (const language of LANGUAGES) {
      const gone = parse(await t.agent().get(`/decisions/${old}?lang=${language}`).expect(410));
      expect(gone('h1').attr('data-gone')).toBe('expired');
      expect(textOf(gone, 'h1')).toBe(i18n.t('decisions:gone.title', { lng: language }));
      expect(gone('a[data-track]').attr('href')).toBe('/track');
    }
    await t.agent().get(`/decisions/${old}.pdf`).expect(410);
    await t.agent().get(`/decisions/${old}/feedback`).expect(410);

    // Found again on the tracking page with the reference and the date of birth: a new link that works.
    const applicant = t.agent();
    const find = await applicant.get('/track?lang=en');
    await applicant
      .post('/track')
      .type('form')
      .send({ reference: application.reference, identifier: 'dateOfBirth', ...dateFields('dateOfBirth', application.date_of_birth), _csrf: csrfTokenFrom(find) })
      .expect(303);
    const href = parse(await applicant.get('/track?lang=en').expect(200))('a[data-decision-document]').attr('href')!;
    expect(href).not.toBe(`/decisions/${old}`);
    await t.agent().get(`${href}.pdf`).expect(200);
  });

  it('a forged token, a token of another key and an odd one are pages not found; the officer finds the links on the case page', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00' });
    const token = decisionToken(KEY, application.id, now);
    // A character changed in the middle: the last one's low bits may be padding, which decoding ignores.
    await t.agent().get(`/decisions/${token.slice(0, 30)}${token[30] === 'A' ? 'B' : 'A'}${token.slice(31)}.pdf`).expect(404);
    await t.agent().get(`/decisions/${decisionToken(decisionTokenKey('y'.repeat(40)), application.id, now)}.pdf`).expect(404);
    await t.agent().get('/decisions/nonsense.pdf').expect(404);
    const page = parse(await t.agent().get(`/decisions/${token}?lang=en`).expect(200));
    expect(page('main a[hreflang="ru"]').attr('href')).toBe(`/decisions/${token}.pdf?lang=ru`);
    const casePage = parse(await officerAgent.get(`/backoffice/cases/${application.reference}?lang=en`).expect(200));
    expect(casePage('[data-decision-documents] a').map((_, link) => casePage(link).attr('href')).get()).toEqual(['az', 'en', 'ru'].map((lang) => `/decisions/${token}.pdf?lang=${lang}`));
  });
});

describe('satisfaction', () => {
  it('is given once per application, from the decision page, with an optional comment of up to 1,000 characters', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00' });
    const token = decisionToken(KEY, application.id, now);
    const agent = t.agent();
    const decision = parse(await agent.get(`/decisions/${token}?lang=en`).expect(200));
    expect(decision('[data-feedback="ask"]').attr('href')).toBe(`/decisions/${token}/feedback`);
    const form = await agent.get(`/decisions/${token}/feedback?lang=en`).expect(200);
    const csrf = parse(form)('input[name="_csrf"]').attr('value')!;
    const empty = await agent.post(`/decisions/${token}/feedback`).type('form').send({ _csrf: csrf, comment: 'x'.repeat(1001) }).expect(400);
    expect(errorSummary(parse(empty))).toEqual([
      { text: 'Choose how satisfied you are', href: '#rating' },
      { text: 'The comment must be 1,000 characters or fewer', href: '#comment' },
    ]);
    expect(parse(empty)('title').text()).toMatch(/^Error: /);
    await agent.post(`/decisions/${token}/feedback`).type('form').send({ _csrf: csrf, rating: '4', comment: 'Quick and clear.' }).expect(303).expect('location', `/decisions/${token}`);
    await agent.post(`/decisions/${token}/feedback`).type('form').send({ _csrf: csrf, rating: '1' }).expect(303);
    const rows = await t.db('satisfaction').where({ application_id: application.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating: 4, comment: 'Quick and clear.', service_id: 'work-permit' });
    expect(parse(await agent.get(`/decisions/${token}?lang=en`))('[data-feedback="given"]').length).toBe(1);
    await agent.get(`/decisions/${token}/feedback`).expect(303);
    // A forged token rates nothing.
    await agent.post(`/decisions/${'A'.repeat(48)}/feedback`).type('form').send({ _csrf: csrf, rating: '5' }).expect(404);
  });
});
