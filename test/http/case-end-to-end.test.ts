import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { createRenderer } from '../../src/notices/render.js';
import { PERSON_BIRTH_DATE, workPermitSteps } from '../fixtures/services.js';
import { csrfTokenFrom, parse, textOf, type Agent } from '../support/html.js';
import { answerSteps, dateFields, send, sendFiles } from '../support/journey.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * The "done when": one case followed from sending through a request for information to
 * approval, seen only through the public pages and the mails, in each language; the decision's
 * document opened and its verification address followed to a "valid" answer.
 */
let t: TestApp;
let officerAgent: Agent;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
  officerAgent = t.agent();
  await signedInOfficer(t.db, officerAgent, { role: 'supervisor', services: ['work-permit'], name: 'Nigar Əhmədova' });
});
afterAll(async () => t.close());

const i18n = createI18n();
const renderer = createRenderer({ i18n, baseUrl: 'http://localhost', authority: 'sms' });

async function act(reference: string, action: string, fields: Record<string, string> = {}) {
  const { version } = (await t.db('applications').where({ reference }).first())!;
  const form = await officerAgent.get(`/backoffice/cases/${reference}/${action}`);
  const source = form.status === 200 ? form : await officerAgent.get(`/backoffice/cases/${reference}`);
  const answer = await postFrom(officerAgent, source, `/backoffice/cases/${reference}/${action}`, { version: String(version), ...fields });
  expect(answer.status, `${action}: ${answer.text.slice(0, 300)}`).toBe(303);
  return form;
}

/** What the mails of this application said, in the order they were written, as the applicant reads them. */
async function mails(applicationId: string) {
  const rows = await t.db('outbox').where({ application_id: applicationId }).orderBy('created_at');
  return rows.map((row) => ({ kind: row.kind as string, language: row.language as string, ...renderer.render({ kind: row.kind, language: row.language, data: row.data }) }));
}

describe.each(LANGUAGES)('a work permit followed from sending to approval, in %s', (lang) => {
  it('through the public pages and the mails only; the decision document and its check say valid', async () => {
    const words = i18n.getFixedT(lang);
    const applicant = t.agent();
    await answerSteps(applicant, 'work-permit', workPermitSteps({ contact: { preferredLanguage: lang } }), `?lang=${lang}`);
    const reference = await send(applicant, 'work-permit');
    const application = (await t.db('applications').where({ reference }).first())!;

    // Followed from the tracking page with the worker's date of birth.
    const find = await applicant.get(`/track?lang=${lang}`);
    const found = await applicant
      .post('/track')
      .type('form')
      .send({ reference: reference.toLowerCase(), identifier: 'dateOfBirth', ...dateFields('dateOfBirth', PERSON_BIRTH_DATE), _csrf: csrfTokenFrom(find) });
    expect(found.status).toBe(303);
    expect(parse(await applicant.get(`/track?lang=${lang}`).expect(200))('[data-status]').attr('data-status')).toBe('submitted');

    // The officer asks for the employer's letter again; the applicant reads it and answers with a real PDF.
    await act(reference, 'claim');
    await act(reference, 'request-information', { message: 'Upload the signed letter.', documents: 'employerLetter' });
    const waiting = parse(await applicant.get(`/track?lang=${lang}`).expect(200));
    expect(waiting('[data-request-message]').text()).toBe('Upload the signed letter.');
    const request = (await t.db('information_requests').where({ application_id: application.id }).first())!;
    const answered = await sendFiles(applicant, '/track/reply', [{ field: 'employerLetter', file: 'passport.pdf', name: 'letter-signed.pdf' }], 'send', { request: request.id, reply: 'Signed.' });
    expect(answered.status).toBe(303);
    expect((await t.db('applications').where({ id: application.id }).first())!.status).toBe('in_review');

    // Approved by the officer with the validity the form offers.
    const form = parse(await officerAgent.get(`/backoffice/cases/${reference}/approve`).expect(200));
    const validity: Record<string, string> = {};
    for (const part of ['day', 'month', 'year']) validity[`validUntil-${part}`] = String(form(`#validUntil-${part}`).val());
    await act(reference, 'approve', validity);
    const approved = (await t.db('applications').where({ id: application.id }).first())!;
    expect(approved.status).toBe('approved');

    // The mails: sent, asked for more, decided, each in the applicant's language, none with the document number.
    const sent = await mails(application.id);
    expect(sent.map((mail) => mail.kind)).toEqual(['submitted', 'information-requested', 'decided']);
    for (const mail of sent) {
      expect(mail.language).toBe(lang);
      expect(mail.subject).toContain(reference.slice(0, 4));
      expect(mail.text).not.toContain('U87654321');
    }

    // The tracking page shows the decision and links to its document, in the page language.
    const decided = parse(await applicant.get(`/track?lang=${lang}`).expect(200));
    expect(textOf(decided, 'main')).toContain(approved.permit_number!);
    const href = decided('a[data-decision-document]').attr('href')!;
    const pdf = await applicant.get(`${href}.pdf`).buffer(true).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    // The document's QR opens the check with the permit's number; the worker's date of birth shows it valid.
    const check = await t.agent().get(`/verify?permit=${approved.permit_number}&lang=${lang}`).expect(200);
    expect(parse(check)('input[name="permitNumber"]').val()).toBe(approved.permit_number);
    const checker = t.agent();
    const page = await checker.get(`/verify?permit=${approved.permit_number}&lang=${lang}`);
    const result = await checker
      .post('/verify')
      .type('form')
      .send({ method: 'permitNumber', permitNumber: approved.permit_number, ...dateFields('dateOfBirth', PERSON_BIRTH_DATE), _csrf: csrfTokenFrom(page) });
    expect(textOf(parse(result), 'h1')).toBe(words('verify:result.title.valid'));
  });
});
