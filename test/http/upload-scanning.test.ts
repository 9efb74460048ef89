import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationSteps } from '../fixtures/services.js';
import { fileApplication } from '../support/applications.js';
import { EICAR, EICAR_REPORTED, startClamd, type TestClamd } from '../support/clamd.js';
import { csrfTokenFrom, errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { answerStep, answerSteps, applyPath, dateFields, send, sendFiles } from '../support/journey.js';
import { makeOfficer, signedInOfficer } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SERVICE = 'registration-at-place-of-stay';
const APPLY = applyPath(SERVICE);
const DOCUMENTS = `${APPLY}/documents`;

const INFECTED = {
  az: 'Faylda virus aşkarlandı, ona görə onu qəbul etmədik. Cihazınızı antivirus proqramı ilə yoxlayın və sənədin təmiz nüsxəsini yükləyin',
  en: 'The file contains a virus, so we did not accept it. Check your device with an antivirus program and upload a clean copy of the document',
  ru: 'В файле обнаружен вирус, поэтому мы его не приняли. Проверьте устройство антивирусом и загрузите чистую копию документа',
};
const SCANNER_DOWN = 'We cannot check files for viruses at the moment, so the file was not uploaded. Try again in a few minutes';

let clamd: TestClamd;
let t: TestApp;
beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ clock: fixedClock, env: { CLAMD_SOCKET: clamd.socket } });
});
afterAll(async () => {
  await t?.close();
  await clamd?.close();
});

/** Every step before the documents answered, in the language given. */
async function atDocuments(app: TestApp, lang = 'en'): Promise<Agent> {
  const agent = app.agent();
  await agent.get(`/services/${SERVICE}/start?lang=${lang}`).expect(303);
  for (const step of registrationSteps('hostPerson').filter((answer) => answer.step !== 'documents')) await answerStep(agent, APPLY, step);
  return agent;
}

async function kept(app: TestApp = t): Promise<{ documents: number; blobs: number }> {
  const count = async (table: 'documents' | 'document_blobs') => Number((await app.db(table).count<{ count: string }[]>('* as count'))[0]!.count);
  return { documents: await count('documents'), blobs: await count('document_blobs') };
}

function shownError(response: { status: number; text: string }) {
  const $ = parse(response.text);
  return { status: response.status, summary: errorSummary($), inline: textOf($, '.govuk-error-message') };
}

describe('every uploaded file is scanned by clamd before it is kept', () => {
  it('a clean file is kept with its verdict and the version of the scanner that passed it', async () => {
    const agent = await atDocuments(t);
    const sent = await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'passport.pdf', name: 'clean.pdf' }]);
    expect(sent.status).toBe(303);
    const row = await t.db('documents').where({ display_name: 'clean.pdf' }).first();
    expect(row).toMatchObject({ scan_verdict: 'clean', media_type: 'application/pdf' });
    expect(row!.scanner).toMatch(/^ClamAV \d+\.\d+/);
  });

  it.each(['az', 'en', 'ru'] as const)('the EICAR file is refused next to its document (%s), nothing is kept, and the audit log names the signature', async (lang) => {
    const agent = await atDocuments(t, lang);
    const before = await kept();
    const audits = await t.db('audit_log').where({ action: 'upload-infected' }).count<{ count: string }[]>('* as count');
    const response = await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: EICAR, name: 'passport.pdf' }]);
    const prefix = { az: 'Xəta', en: 'Error', ru: 'Ошибка' }[lang];
    expect(shownError(response)).toEqual({ status: 400, summary: [{ text: INFECTED[lang], href: '#passportPagesWithVisa' }], inline: `${prefix}: ${INFECTED[lang]}` });
    expect(await kept()).toEqual(before);
    const rows = await t.db('audit_log').where({ action: 'upload-infected' }).orderBy('id');
    expect(rows).toHaveLength(Number(audits[0]!.count) + 1);
    expect(rows.at(-1)).toMatchObject({ officer_id: null, details: { signature: EICAR_REPORTED, service: SERVICE, document: 'passportPagesWithVisa', step: 'documents' } });
  });

  it('a clean file sent with an infected one is kept; only the infected one is refused', async () => {
    const agent = await atDocuments(t);
    const response = await sendFiles(agent, DOCUMENTS, [
      { field: 'passportPagesWithVisa', file: EICAR, name: 'eicar.pdf' },
      { field: 'hostPropertyDocument', file: 'scan.png', name: 'lease.png' },
    ]);
    expect(shownError(response).summary).toEqual([{ text: INFECTED.en, href: '#passportPagesWithVisa' }]);
    expect(parse(response)('.app-file-list').text()).toContain('lease.png');
    expect(await t.db('documents').where({ display_name: 'eicar.pdf' }).first()).toBeUndefined();
  });

  it('with clamd stopped, a file is refused with "try again in a few minutes" and nothing is kept; once it is back, the same file is accepted', async () => {
    const agent = await atDocuments(t);
    const before = await kept();
    await clamd.stop();
    try {
      const refused = await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'passport.pdf', name: 'while-down.pdf' }]);
      expect(shownError(refused)).toEqual({ status: 400, summary: [{ text: SCANNER_DOWN, href: '#passportPagesWithVisa' }], inline: `Error: ${SCANNER_DOWN}` });
      expect(await kept()).toEqual(before);
    } finally {
      await clamd.start();
    }
    expect((await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'passport.pdf', name: 'while-down.pdf' }])).status).toBe(303);
    expect(await t.db('documents').where({ display_name: 'while-down.pdf' }).first()).toMatchObject({ scan_verdict: 'clean' });
  });
});

describe('the answer to a request for information', () => {
  it('goes through the same checks: the EICAR file refused and audited with its application, a clean file kept with its verdict', async () => {
    const application = await fileApplication(t.db);
    for (const status of ['in_review', 'awaiting_applicant'] as const) await t.db('applications').where({ id: application.id }).update({ status });
    const officer = await makeOfficer(t.db);
    const [request] = await t.db('information_requests')
      .insert({ application_id: application.id, message: 'Send the passport pages.', documents: ['passportPagesWithVisa'], requested_by: officer.id })
      .returning('*');
    const applicant = t.agent();
    const tracking = await applicant.get('/track?lang=en');
    const found = await applicant
      .post('/track')
      .type('form')
      .send({ reference: application.reference, identifier: 'dateOfBirth', ...dateFields('dateOfBirth', '1988-05-04'), _csrf: csrfTokenFrom(tracking) });
    expect(found.status).toBe(303);

    const refused = await sendFiles(applicant, '/track/reply', [{ field: 'passportPagesWithVisa', file: EICAR, name: 'pages.pdf' }], 'upload', { request: request!.id, reply: 'Here.' });
    expect(shownError(refused).summary).toEqual([{ text: INFECTED.en, href: '#passportPagesWithVisa' }]);
    expect(parse(refused)('textarea[name="reply"]').text()).toBe('Here.');
    expect(await t.db('documents').where({ information_request_id: request!.id })).toHaveLength(0);
    expect(await t.db('audit_log').where({ action: 'upload-infected', application_id: application.id }).first()).toMatchObject({
      details: { signature: EICAR_REPORTED, service: SERVICE, document: 'passportPagesWithVisa', step: `reply:${request!.id}` },
    });

    const accepted = await sendFiles(applicant, '/track/reply', [{ field: 'passportPagesWithVisa', file: 'passport.pdf', name: 'pages.pdf' }], 'upload', { request: request!.id });
    expect(accepted.status).toBe(303);
    expect(await t.db('documents').where({ information_request_id: request!.id }).first()).toMatchObject({ display_name: 'pages.pdf', scan_verdict: 'clean' });
  });
});

describe('without a scanner (CLAMD_SOCKET unset, outside production)', () => {
  it('files are kept marked "not scanned", and the officer’s case page says so; scanned files carry no such mark', async () => {
    const unscanned = await startTestApp({ clock: fixedClock });
    try {
      for (const [app, verdict] of [
        [unscanned, 'not-scanned'],
        [t, 'clean'],
      ] as const) {
        const applicant = app.agent();
        await answerSteps(applicant, SERVICE, registrationSteps('hostOrganisation'), '?lang=en');
        const reference = await send(applicant, SERVICE);
        const application = (await app.db('applications').where({ reference }).first())!;
        const [document] = await app.db('documents').where({ application_id: application.id });
        expect(document).toMatchObject({ scan_verdict: verdict });
        if (verdict === 'not-scanned') expect(document!.scanner).toBeNull();

        const officer = app.agent();
        await signedInOfficer(app.db, officer);
        const page = parse(await officer.get(`/backoffice/cases/${reference}?lang=en`).expect(200));
        const listed = textOf(page, '[data-documents]');
        if (verdict === 'not-scanned') {
          expect(listed).toContain('passport.pdf (PDF, ');
          expect(textOf(page, '[data-not-scanned]')).toBe('not scanned for viruses');
          expect(textOf(page, '.govuk-warning-text')).toContain('Files marked “not scanned for viruses” were kept without a virus check');
        } else {
          expect(page('[data-not-scanned]').length).toBe(0);
        }
      }
    } finally {
      await unscanned.close();
    }
  });
});
