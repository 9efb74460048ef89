import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackLink } from '../../src/applications/links.js';
import { formatReference } from '../../src/applications/reference.js';
import { refusalReasonsOf } from '../../src/catalogue/decisions.js';
import { SERVICES } from '../../src/catalogue/index.js';
import { formatDate, formatMoney } from '../../src/i18n/format.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES, type Language } from '../../src/i18n/languages.js';
import { NOTICE_KINDS, type NoticeKind } from '../../src/notices/outbox.js';
import { RENEWALS } from '../../src/notices/reminders.js';
import { createRenderer } from '../../src/notices/render.js';
import { groupedPaymentNumber } from '../../src/payments/numbers.js';
import { PERSON_BIRTH_DATE, workPermitSteps } from '../fixtures/services.js';
import { parse, textOf, type Agent } from '../support/html.js';
import { answerSteps, send, sendFiles } from '../support/journey.js';
import { expectSameInBothParts, follow, onPortal, type ReadMail } from '../support/mail.js';
import { signedInOfficer } from '../support/officers.js';
import { actOnCase, mailroom, type Mailroom, asPerson as personFollows, asStranger as strangerFollows, pay, pdfText } from '../support/public-side.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * Every mail says what to do next and links to it; each link, followed, answers the person the
 * mail is for (once they give the date of birth on /track) and shows a stranger with the mail
 * nothing personal. Mails are delivered to a real SMTP listener and read as a mail reader would.
 */
const BASE_URL = 'https://e-xidmet.example.az';
const DOCUMENT_NUMBER = 'U87654321';
const WORKER = ['Yılmaz', 'Mehmet'];

let t: TestApp;
let officer: Agent;
let mail: Mailroom;
const i18n = createI18n();
const renderer = createRenderer({ i18n, baseUrl: BASE_URL, authority: 'sms' });

beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock, env: { BASE_URL } });
  officer = t.agent();
  await signedInOfficer(t.db, officer, { role: 'supervisor', services: ['work-permit'] });
  mail = await mailroom(t.db, BASE_URL);
});
afterAll(async () => {
  await mail.close();
  await t.close();
});

function personal(lang: Language): string[] {
  return [DOCUMENT_NUMBER, PERSON_BIRTH_DATE, formatDate(PERSON_BIRTH_DATE, lang)];
}

/** A mail's links (the same in both parts, all on BASE_URL) as paths; no document number or date of birth anywhere in it. */
function linksOf(mail: ReadMail, lang: Language): string[] {
  const links = expectSameInBothParts(mail);
  for (const value of personal(lang)) {
    expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(value);
  }
  expect(links.length).toBeGreaterThan(0);
  return links.map((href) => onPortal(href, BASE_URL));
}

const delivered = () => mail.delivered();
const asStranger = (path: string) => strangerFollows(t.agent(), path, [DOCUMENT_NUMBER, PERSON_BIRTH_DATE, ...WORKER]);
const asPerson = (path: string) => personFollows(t.agent(), path, PERSON_BIRTH_DATE);
const act = (reference: string, action: string, fields: Record<string, string> = {}) => actOnCase(t.db, officer, reference, action, fields);

const OUTCOME: Record<Language, 'approved' | 'refused'> = { az: 'approved', en: 'approved', ru: 'refused' };

describe.each(LANGUAGES)('a work permit’s mails in %s, each link followed', (lang) => {
  it('sent, asked for more, answered, decided and paid: every link answers the applicant and shows a stranger nothing', async () => {
    const words = i18n.getFixedT(lang);
    const applicant = t.agent();
    await answerSteps(applicant, 'work-permit', workPermitSteps({ contact: { preferredLanguage: lang } }), `?lang=${lang}`);
    const reference = await send(applicant, 'work-permit');
    const application = (await t.db('applications').where({ reference }).first())!;
    const track = (target?: Parameters<typeof trackLink>[3]) => onPortal(trackLink(BASE_URL, reference, lang, target), BASE_URL);

    // Sent: the receipt and the tracking page.
    const [sent] = await delivered();
    expect(sent!.subject).toContain(formatReference(reference));
    expect(linksOf(sent!, lang)).toEqual([track('receipt'), track()]);
    for (const path of [track('receipt'), track()]) await asStranger(path);
    const receipt = await asPerson(track('receipt'));
    expect(receipt.path).toBe('/track/receipt.pdf');
    expect(await pdfText(receipt.agent, receipt.path)).toContain(formatReference(reference));
    const tracking = await asPerson(track());
    expect(tracking.path).toBe('/track');
    expect(textOf(parse((await tracking.agent.get('/track').expect(200)).text), '[data-reference]')).toBe(formatReference(reference));
    // A browser that follows the application already goes straight to what a link opens.
    await tracking.agent.get(track('receipt')).expect(303).expect('location', '/track/receipt.pdf');

    // Asked for more: the reply form, with the day to answer by and what follows without an answer.
    await act(reference, 'claim');
    await act(reference, 'request-information', { message: 'Upload the signed letter.', documents: 'employerLetter' });
    const [asked] = await delivered();
    const request = (await t.db('information_requests').where({ application_id: application.id }).first())!;
    expect(asked!.text).toContain(words('emails:informationRequested.answerBy', { date: formatDate(request.reply_by, lang) }));
    expect(asked!.text).toContain(words('emails:informationRequested.ifNot'));
    expect(asked!.text).not.toContain(words('emails:informationRequested.answerOnline'));
    expect(linksOf(asked!, lang)).toEqual([track('reply'), track()]);
    await asStranger(track('reply'));
    const reply = await asPerson(track('reply'));
    expect(reply.path).toBe('/track/reply');
    const form = parse((await reply.agent.get('/track/reply').expect(200)).text);
    expect(form('[data-reply-by]').text()).toContain(formatDate(request.reply_by, lang));
    const answered = await sendFiles(reply.agent, '/track/reply', [{ field: 'employerLetter', file: 'passport.pdf', name: 'letter-signed.pdf' }], 'send', { request: request.id, reply: 'Signed.' });
    expect(answered.status).toBe(303);

    if (OUTCOME[lang] === 'refused') {
      await act(reference, 'refuse', { reasons: refusalReasonsOf(SERVICES.find((service) => service.id === 'work-permit')!)[0]! });
      const [refused] = await delivered();
      expect(linksOf(refused!, lang)).toEqual([track('decision'), track()]);
      await asStranger(track('decision'));
      const decision = await asPerson(track('decision'));
      expect(decision.path).toMatch(/^\/decisions\/[\w-]{48}$/);
      return;
    }

    // Approved: the fee (amount, payment number, date, what an unpaid fee means), the decision, the tracking page.
    const approve = parse((await officer.get(`/backoffice/cases/${reference}/approve`).expect(200)).text);
    const validity: Record<string, string> = {};
    for (const part of ['day', 'month', 'year']) validity[`validUntil-${part}`] = String(approve(`#validUntil-${part}`).val());
    await act(reference, 'approve', validity);
    const fee = (await t.db('fees').where({ application_id: application.id }).first())!;
    const [decided] = await delivered();
    const feeWords = { amount: formatMoney(Number(fee.amount), lang), number: groupedPaymentNumber(fee.payment_number), date: formatDate(fee.due_date, lang) };
    expect(decided!.text.replace(/\s+/g, ' ')).toContain(words('emails:approved.fee', feeWords).replace(/\s+/g, ' '));
    expect(decided!.text).toContain(words('emails:approved.unpaidCancels', feeWords));
    const feePath = `/payments/${fee.payment_number}?lang=${lang}`;
    expect(linksOf(decided!, lang)).toEqual([feePath, track('decision'), track()]);
    for (const path of [feePath, track('decision')]) await asStranger(path);
    // The fee link, in a fresh browser, fills the number in the lookup; finding it opens the fee page.
    const lookup = await follow(t.agent(), feePath);
    expect(lookup.visited.at(-1)).toBe(`/payments?number=${fee.payment_number}`);
    expect(parse(lookup.response.text)('input[name="paymentNumber"]').val()).toBe(fee.payment_number);
    const decision = await asPerson(track('decision'));
    expect(decision.path).toMatch(/^\/decisions\/[\w-]{48}$/);
    // The browser that found the application opens the fee page from the link at once, and pays.
    const feePage = await follow(decision.agent, feePath);
    expect(feePage.visited).toEqual([feePath]);
    expect(textOf(parse(feePage.response.text), 'main')).toContain(feeWords.amount.replace(/\u00a0/g, ' '));
    await pay(decision.agent, fee.payment_number);

    // Paid: the payment receipt.
    const [paid] = await delivered();
    expect(linksOf(paid!, lang)).toEqual([track('paymentReceipt'), track()]);
    await asStranger(track('paymentReceipt'));
    const paymentReceipt = await asPerson(track('paymentReceipt'));
    expect(paymentReceipt.path).toBe(`/payments/${fee.payment_number}/receipt.pdf`);
    const text = await pdfText(paymentReceipt.agent, paymentReceipt.path);
    expect(text).toContain(formatReference(reference));
    expect(text).toContain(groupedPaymentNumber(fee.payment_number));
  }, 180_000);
});

/** What each kind of mail is made with, for a service, as its event would queue it. */
function samples(serviceId: string): Partial<Record<NoticeKind, Record<string, unknown>[]>> {
  const service = SERVICES.find((candidate) => candidate.id === serviceId)!;
  const base = { name: 'Yılmaz Mehmet', reference: '7KQ4M2XD93PH', service: serviceId };
  const fee = { amount: '350.00', paymentNumber: '451234567890', dueDate: '2026-12-24' };
  const renewal = RENEWALS[serviceId];
  return {
    submitted: [base],
    'information-requested': [{ ...base, message: 'Upload the signed letter.', documents: service.documents.slice(0, 1).map((document) => document.id), replyBy: '2026-12-24' }],
    decided: [
      { ...base, outcome: 'approved', validUntil: '2027-11-24', ...(service.fee.kind === 'free' ? {} : { fee }) },
      { ...base, outcome: 'refused', reasons: refusalReasonsOf(service).slice(0, 1) },
    ],
    'payment-received': [{ ...base, amount: '350.00', paymentNumber: fee.paymentNumber, paidAt: '2026-11-25T08:00:00Z' }],
    'renewal-reminder': renewal ? [{ ...base, days: 30, validUntil: '2027-03-31', apply: renewal.apply, applyBy: '2027-03-01', late: false }] : [],
    'draft-expiry': [{ service: serviceId, expiresAt: '2026-12-01T08:00:00Z' }],
    'resume-code': [{ service: serviceId, code: '7KQ4M2XD93PH', asks: 'dateOfBirth', expiresAt: '2026-12-24T08:00:00Z' }],
  };
}

const VISIT = { service: 'online-queue', purpose: 'biometrics', office: 'ganja', day: '2026-11-25', time: '10:00', managePath: '/services/online-queue/manage', bookPath: '/services/online-queue/book' };
const VISIT_SAMPLES: Record<'visit-booked' | 'visit-changed' | 'visit-cancelled', Record<string, unknown>> = {
  'visit-booked': { ...VISIT, code: '7KQ4M2XD93PH' },
  'visit-changed': VISIT,
  'visit-cancelled': VISIT,
};

/** The links each kind must hold, in order: what to do next first. */
function expectedLinks(kind: NoticeKind, data: Record<string, unknown>, lang: Language): string[] {
  const track = (target?: Parameters<typeof trackLink>[3]) => trackLink(BASE_URL, '7KQ4M2XD93PH', lang, target);
  switch (kind) {
    case 'submitted':
      return [track('receipt'), track()];
    case 'information-requested':
      return [track('reply'), track()];
    case 'decided':
      return data.outcome === 'refused' ? [track('decision'), track()] : [...(data.fee ? [`${BASE_URL}/payments/451234567890?lang=${lang}`] : []), track('decision'), track()];
    case 'payment-received':
      return [track('paymentReceipt'), track()];
    case 'renewal-reminder':
      return [`${BASE_URL}/services/${String(data.apply)}/start?lang=${lang}`, track()];
    case 'draft-expiry':
    case 'resume-code':
      return [`${BASE_URL}/resume?lang=${lang}`];
    case 'visit-booked':
      return [`${BASE_URL}/services/online-queue/manage?code=7KQ4-M2XD-93PH&lang=${lang}`];
    case 'visit-changed':
      return [`${BASE_URL}/services/online-queue/manage?lang=${lang}`];
    case 'visit-cancelled':
      return [`${BASE_URL}/services/online-queue/book?lang=${lang}`];
  }
}

describe('every kind of mail, for every service of the catalogue, in each language', () => {
  const applications = SERVICES.filter((service) => service.journey);

  it('says the same in both parts, links what to do next on BASE_URL, and each link answers a stranger with nothing personal', async () => {
    const followed = new Set<string>();
    const kinds = new Set<NoticeKind>();
    for (const lang of LANGUAGES) {
      const rendered: { kind: NoticeKind; data: Record<string, unknown> }[] = Object.entries(VISIT_SAMPLES).map(([kind, data]) => ({ kind: kind as NoticeKind, data }));
      for (const service of applications) {
        for (const [kind, list] of Object.entries(samples(service.id))) for (const data of list) rendered.push({ kind: kind as NoticeKind, data });
      }
      for (const { kind, data } of rendered) {
        kinds.add(kind);
        const mail = renderer.render({ kind, language: lang, data });
        const links = expectSameInBothParts(mail);
        expect(links, `${kind} of ${String(data.service)} in ${lang}`).toEqual(expectedLinks(kind, data, lang));
        expect(mail.html).toContain(`lang="${lang}"`);
        for (const link of links) followed.add(onPortal(link, BASE_URL));
      }
    }
    expect([...kinds].sort()).toEqual([...NOTICE_KINDS].sort());
    for (const path of followed) await asStranger(path);
  }, 180_000);
});
