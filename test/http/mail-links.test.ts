import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { trackLink } from '../../src/applications/links.js';
import { formatReference } from '../../src/applications/reference.js';
import { refusalReasonsOf } from '../../src/catalogue/decisions.js';
import { SERVICES } from '../../src/catalogue/index.js';
import { parseConfig } from '../../src/config.js';
import { formatDate, formatMoney } from '../../src/i18n/format.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES, type Language } from '../../src/i18n/languages.js';
import { NOTICE_KINDS, type NoticeKind } from '../../src/notices/outbox.js';
import { RENEWALS } from '../../src/notices/reminders.js';
import { createRenderer } from '../../src/notices/render.js';
import { deliverNotices, type SenderDeps } from '../../src/notices/sender.js';
import { smtpTransport } from '../../src/notices/transport.js';
import { groupedPaymentNumber } from '../../src/payments/numbers.js';
import { PERSON_BIRTH_DATE, workPermitSteps } from '../fixtures/services.js';
import { csrfTokenFrom, parse, textOf, type Agent } from '../support/html.js';
import { answerSteps, dateFields, send, sendFiles } from '../support/journey.js';
import { expectSameInBothParts, fetchBytes, follow, onPortal, type ReadMail } from '../support/mail.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import { smtpListener, type SmtpListener } from '../support/smtp.js';
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
let listener: SmtpListener;
let sender: SenderDeps;
const i18n = createI18n();
const renderer = createRenderer({ i18n, baseUrl: BASE_URL, authority: 'sms' });

beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock, env: { BASE_URL } });
  officer = t.agent();
  await signedInOfficer(t.db, officer, { role: 'supervisor', services: ['work-permit'] });
  listener = await smtpListener();
  await listener.start();
  const config = parseConfig({ NODE_ENV: 'test', SMTP_URL: `smtp://127.0.0.1:${listener.port}`, MAIL_FROM: 'DMX <no-reply@migration.example.az>' });
  sender = { db: t.db, transport: smtpTransport(config.mail.smtp!), renderer, from: config.mail.from };
});
afterAll(async () => {
  sender.transport.close();
  await listener.stop();
  await t.close();
});

/** Sends what is due to the SMTP listener; the mails it received, as read. */
async function delivered(): Promise<ReadMail[]> {
  const before = listener.received.length;
  await deliverNotices(sender);
  return listener.received.slice(before).map((mail) => ({ subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' }));
}

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

/** A stranger who has the mail: each link answers, and nothing about the person is on the page. */
async function asStranger(path: string): Promise<void> {
  const { response } = await follow(t.agent(), path);
  expect(response.status, path).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  for (const value of [DOCUMENT_NUMBER, PERSON_BIRTH_DATE, ...WORKER]) expect(response.text, path).not.toContain(value);
}

/**
 * The person the mail is for, in a browser of their own: the link opens /track with the reference
 * filled in; they give the date of birth and are taken to what the link is for.
 */
async function asPerson(path: string, agent = t.agent()): Promise<{ agent: Agent; path: string; type: string }> {
  const first = await follow(agent, path);
  expect(first.response.status, path).toBe(200);
  let last = first.visited.at(-1)!;
  const $ = parse(first.response.text ?? '');
  if (last.startsWith('/track') && $('form[action="/track"] input[name="reference"]').length) {
    const reference = String($('input[name="reference"]').val());
    expect(path).toContain(`reference=${reference}`);
    const open = $('input[name="open"]').val();
    const found = await agent
      .post('/track')
      .type('form')
      .send({ reference, identifier: 'dateOfBirth', ...dateFields('dateOfBirth', PERSON_BIRTH_DATE), ...(open ? { open: String(open) } : {}), _csrf: csrfTokenFrom(first.response) });
    expect(found.status).toBe(303);
    const then = await follow(agent, found.headers.location as string);
    expect(then.response.status).toBe(200);
    last = then.visited.at(-1)!;
    return { agent, path: last, type: String(then.response.headers['content-type']) };
  }
  return { agent, path: last, type: String(first.response.headers['content-type']) };
}

async function pdfText(agent: Agent, path: string): Promise<string> {
  const { status, type, bytes } = await fetchBytes(agent, path);
  expect(status).toBe(200);
  expect(type).toBe('application/pdf');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  const { text } = await parser.getText();
  await parser.destroy();
  return text.replace(/\s+/g, ' ');
}

async function act(reference: string, action: string, fields: Record<string, string> = {}) {
  const { version } = (await t.db('applications').where({ reference }).first())!;
  const form = await officer.get(`/backoffice/cases/${reference}/${action}`);
  const source = form.status === 200 ? form : await officer.get(`/backoffice/cases/${reference}`);
  const answer = await postFrom(officer, source, `/backoffice/cases/${reference}/${action}`, { version: String(version), ...fields });
  expect(answer.status, `${action}: ${answer.text.slice(0, 300)}`).toBe(303);
  return form;
}

/** The applicant pays through the stand-in provider from the fee page their browser can open. */
async function pay(agent: Agent, paymentNumber: string): Promise<void> {
  const page = await agent.get(`/payments/${paymentNumber}`).expect(200);
  const started = await postFrom(agent, page, `/payments/${paymentNumber}/pay`);
  expect(started.status).toBe(303);
  const standIn = await agent.get(started.headers.location as string).expect(200);
  const $ = parse(standIn);
  const fields = Object.fromEntries(['payment', 'amount', 'return'].map((name) => [name, String($(`input[name="${name}"]`).val())]));
  expect((await postFrom(agent, standIn, '/payments/test-provider', fields)).status).toBe(303);
}

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
