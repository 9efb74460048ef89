import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackLink } from '../../src/applications/links.js';
import { formatReference } from '../../src/applications/reference.js';
import { decisionRules } from '../../src/catalogue/decisions.js';
import { SERVICES } from '../../src/catalogue/index.js';
import { formatDate, formatMoney } from '../../src/i18n/format.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES, type Language } from '../../src/i18n/languages.js';
import { UNPAID_FEE_CANCELS } from '../../src/payments/fees.js';
import { groupedPaymentNumber } from '../../src/payments/numbers.js';
import { validApplication, type ExpectedPerson } from '../fixtures/services.js';
import { decisionFields } from '../support/decisions.js';
import { parse, textOf, type Agent } from '../support/html.js';
import { answerSteps, applyPath, send, sendFiles, type StepAnswer } from '../support/journey.js';
import { expectSameInBothParts, follow, onPortal, type ReadMail } from '../support/mail.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { actOnCase, asPerson, asStranger, mailroom, pay, pdfOf, pdfText, qrOf, type Mailroom } from '../support/public-side.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * The whole life of a case, for every application service of the catalogue (a loop: a new service is
 * followed here the day it can be applied for), in each language: sent, asked for more, answered on
 * /track with a file, decided, paid, and its decision checked, with the applicant using nothing but
 * the public pages, the mails they receive and their own date of birth. One service in each language
 * is refused. Mails go to a real SMTP listener and are read as sent.
 */
const BASE_URL = 'https://e-xidmet.example.az';
const APPLICATION_SERVICES = SERVICES.filter((service) => service.journey);
const i18n = createI18n();

let t: TestApp;
let officer: Agent;
let supervisor: Agent;
let mail: Mailroom;

beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock, env: { BASE_URL } });
  const services = APPLICATION_SERVICES.map((service) => service.id);
  officer = t.agent();
  await signedInOfficer(t.db, officer, { services, name: 'Nigar Əhmədova' });
  supervisor = t.agent();
  await signedInOfficer(t.db, supervisor, { role: 'supervisor', services, name: 'Rauf Həsənov' });
  mail = await mailroom(t.db, BASE_URL);
});
afterAll(async () => {
  await mail.close();
  await t.close();
});

// Azerbaijani Latin to Cyrillic, letter by letter: enough to type the fixtures' names as a Russian speaker's passport would.
const CYRILLIC: Record<string, string> = {
  a: 'а', b: 'б', c: 'дж', ç: 'ч', d: 'д', e: 'е', ə: 'а', f: 'ф', g: 'г', ğ: 'г', h: 'х', x: 'х', ı: 'ы', i: 'и', j: 'ж', k: 'к', q: 'г', l: 'л', m: 'м',
  n: 'н', o: 'о', ö: 'ё', p: 'п', r: 'р', s: 'с', ş: 'ш', t: 'т', u: 'у', ü: 'ю', v: 'в', y: 'й', z: 'з', w: 'в',
};
function inCyrillic(name: string): string {
  // Azerbaijani's lower case keeps one letter per letter (İ → i, I → ı), so positions match the name's.
  return [...name.toLocaleLowerCase('az')]
    .map((letter, index) => {
      const written = CYRILLIC[letter] ?? letter;
      const capital = name[index] !== letter;
      return capital ? written.charAt(0).toLocaleUpperCase('ru') + written.slice(1) : written;
    })
    .join('');
}

/**
 * The valid application as this person fills it in: mails asked for in `lang`, and in Russian the
 * person's names typed in Cyrillic (each answer that is a run of words of the name).
 */
function filledIn(serviceId: string, lang: Language): { steps: StepAnswer[]; person: ExpectedPerson } {
  const { steps, person } = validApplication(serviceId);
  const cyrillic = lang === 'ru';
  const isPartOfName = (value: string) => /\p{L}/u.test(value) && ` ${person.name} `.includes(` ${value} `);
  const rewrite = (fields: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(fields).map(([field, value]) => [field, field === 'preferredLanguage' ? lang : cyrillic && isPartOfName(value) ? inCyrillic(value) : value]),
    );
  return {
    steps: steps.map((step) => ({ ...step, ...(step.fields ? { fields: rewrite(step.fields) } : {}), ...(step.items ? { items: step.items.map(rewrite) } : {}) })),
    person: cyrillic ? { ...person, name: inCyrillic(person.name) } : person,
  };
}

/** A mail's links, the same in both parts, in the mail's language, on BASE_URL, with nothing personal in it; as paths. */
function linksOf(mail: ReadMail, lang: Language, personal: readonly string[]): string[] {
  const links = expectSameInBothParts(mail);
  expect(mail.html).toContain(`lang="${lang}"`);
  for (const value of personal) expect(`${mail.subject}\n${mail.text}\n${mail.html}`, `"${mail.subject}" holds ${value}`).not.toContain(value);
  return links.map((href) => onPortal(href, BASE_URL));
}

// Every service in every language; the fourth, fifth and sixth services are refused, one in each language.
const cases = APPLICATION_SERVICES.flatMap((service, serviceIndex) =>
  LANGUAGES.map((lang, languageIndex) => ({ service, lang, outcome: serviceIndex === LANGUAGES.length + languageIndex ? ('refused' as const) : ('approved' as const) })),
);

it('follows every application service, and refuses one in each language', () => {
  expect(cases.length).toBe(APPLICATION_SERVICES.length * LANGUAGES.length);
  for (const lang of LANGUAGES) expect(cases.filter((one) => one.lang === lang && one.outcome === 'refused')).toHaveLength(1);
});

describe.each(cases.map((one) => [one.service.id, one.lang, one.outcome, one] as const))('%s in %s, %s', (_id, _lang, _outcome, { service, lang, outcome }) => {
  it('goes from sending to a checked decision through the public pages and the mails alone', { timeout: 180_000 }, async () => {
    const words = i18n.getFixedT(lang);
    const { steps, person } = filledIn(service.id, lang);
    const email = steps.flatMap((step) => (step.fields?.email ? [step.fields.email] : [])).at(-1)!;
    const personal = [person.documentNumber, person.dateOfBirth, formatDate(person.dateOfBirth, lang)];
    const stranger = (path: string) => asStranger(t.agent(), path, [...personal, ...person.name.split(' ')]);
    const mailsNow = () => mail.delivered(email);

    // Sent: the confirmation offers the receipt; the mail links it and the tracking page.
    const applicant = t.agent();
    await answerSteps(applicant, service.id, steps, `?lang=${lang}`);
    const reference = await send(applicant, service.id);
    const confirmation = parse(await applicant.get(`${applyPath(service.id)}/confirmation?lang=${lang}`).expect(200));
    expect(confirmation('a[data-receipt]').attr('href')).toBeDefined();
    const application = (await t.db('applications').where({ reference }).first())!;
    expect(application.applicant_name).toBe(person.name);
    const track = (target?: Parameters<typeof trackLink>[3]) => onPortal(trackLink(BASE_URL, reference, lang, target), BASE_URL);

    const [sent, ...moreSent] = await mailsNow();
    expect(moreSent).toEqual([]);
    expect(sent!.subject).toContain(formatReference(reference));
    expect(linksOf(sent!, lang, personal)).toEqual([track('receipt'), track()]);
    for (const path of [track('receipt'), track()]) await stranger(path);
    const receipt = await asPerson(t.agent(), track('receipt'), person.dateOfBirth);
    expect(receipt.path).toBe('/track/receipt.pdf');
    const receiptText = await pdfText(receipt.agent, receipt.path);
    expect(receiptText).toContain(formatReference(reference));
    expect(receiptText).toContain(words(`services:services.${service.id}.name`));

    // Claimed and asked for the first document again: the mail links the reply form, with the date to answer by.
    const asked = service.documents[0]!;
    await actOnCase(t.db, officer, reference, 'claim');
    await actOnCase(t.db, officer, reference, 'request-information', { message: 'Please send this document again, signed.', documents: asked.id });
    const request = (await t.db('information_requests').where({ application_id: application.id }).first())!;
    const [askedMail] = await mailsNow();
    expect(askedMail!.text).toContain(words('emails:informationRequested.answerBy', { date: formatDate(request.reply_by, lang) }));
    expect(askedMail!.text).toContain(words('emails:informationRequested.ifNot'));
    expect(linksOf(askedMail!, lang, personal)).toEqual([track('reply'), track()]);
    await stranger(track('reply'));
    const reply = await asPerson(t.agent(), track('reply'), person.dateOfBirth);
    expect(reply.path).toBe('/track/reply');
    const replyForm = parse((await reply.agent.get('/track/reply').expect(200)).text);
    expect(replyForm('[data-reply-by]').text()).toContain(formatDate(request.reply_by, lang));
    const answered = await sendFiles(reply.agent, '/track/reply', [{ field: asked.id, file: asked.types.includes('pdf') ? 'passport.pdf' : 'photo.jpg' }], 'send', { request: request.id, reply: 'Signed.' });
    expect(answered.status, answered.text?.slice(0, 300)).toBe(303);
    expect((await t.db('applications').where({ id: application.id }).first())!.status).toBe('in_review');
    expect(await t.db('documents').where({ application_id: application.id, information_request_id: request.id }).count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);

    // Decided by the officer with what the form offers; confirmed by a supervisor where four eyes are asked.
    const action = outcome === 'approved' ? 'approve' : 'refuse';
    const form = await officer.get(`/backoffice/cases/${reference}/${action}?lang=en`).expect(200);
    await actOnCase(t.db, officer, reference, action, decisionFields(form, action));
    let decided = (await t.db('applications').where({ id: application.id }).first())!;
    if (decided.status === 'pending_confirmation') {
      const casePage = await supervisor.get(`/backoffice/cases/${reference}?lang=en`).expect(200);
      expect((await postFrom(supervisor, casePage, `/backoffice/cases/${reference}/confirm`, { version: String(decided.version) })).status).toBe(303);
      decided = (await t.db('applications').where({ id: application.id }).first())!;
    }
    expect(decided.status).toBe(outcome);

    const fee = await t.db('fees').where({ application_id: application.id }).first();
    const [decidedMail] = await mailsNow();
    const feePath = fee ? `/payments/${fee.payment_number}?lang=${lang}` : undefined;
    expect(linksOf(decidedMail!, lang, personal)).toEqual([...(feePath ? [feePath] : []), track('decision'), track()]);
    if (fee) {
      const feeWords = { amount: formatMoney(Number(fee.amount), lang), number: groupedPaymentNumber(fee.payment_number), date: formatDate(fee.due_date, lang) };
      expect(decidedMail!.text.replace(/\s+/g, ' ')).toContain(words('emails:approved.fee', feeWords).replace(/\s+/g, ' '));
      expect(decidedMail!.text).toContain(words(UNPAID_FEE_CANCELS.has(service.id) ? 'emails:approved.unpaidCancels' : 'emails:approved.unpaidLate', feeWords));
    }
    await stranger(track('decision'));
    const decision = await asPerson(t.agent(), track('decision'), person.dateOfBirth);
    expect(decision.path).toMatch(/^\/decisions\/[\w-]{48}$/);

    // The decision's document: the holder's name and the reference as every page writes it.
    const documentLink = parse((await decision.agent.get(decision.path).expect(200)).text)(`a[hreflang="${lang}"]`).attr('href');
    expect(documentLink).toBe(`${decision.path}.pdf?lang=${lang}`);
    const { text, parser } = await pdfOf(decision.agent, documentLink!);
    const qr = await qrOf(parser);
    await parser.destroy();
    expect(text).toContain(person.name);
    expect(text).toContain(formatReference(reference));
    expect(text).not.toContain(reference);

    if (outcome === 'refused') {
      // No number to check; the appeal: to whom and within how many days.
      expect(qr).toBeUndefined();
      expect(text).toContain(words('decisions:appeal.to.administrativeCourt'));
      return;
    }

    // Its QR, scanned by anyone, says valid with the holder's name and the number; nothing is asked.
    const rules = decisionRules(service);
    expect(text).toContain(decided.permit_number!);
    expect(qr).toMatch(new RegExp(`^${BASE_URL}/verify/[0-9A-Z]{16}$`));
    const check = parse(await t.agent().get(`${onPortal(qr!, BASE_URL)}?lang=${lang}`).expect(200));
    expect(check('h1').attr('data-state')).toBe('valid');
    expect(textOf(check, 'h1')).toBe(words(rules.grants === 'permit' ? 'verify:result.title.valid' : 'verify:result.documentTitle.valid'));
    expect(textOf(check, '.govuk-summary-list')).toContain(person.name);
    expect(textOf(check, '.govuk-summary-list')).toContain(decided.permit_number!);
    expect(check('input').length).toBe(0);

    if (!fee) return;
    // The fee, paid from the link of the mail in the browser that found the application; then its receipt.
    await stranger(feePath!);
    const feePage = await follow(decision.agent, feePath!);
    expect(feePage.visited).toEqual([feePath]);
    await pay(decision.agent, fee.payment_number);
    const [paid] = await mailsNow();
    expect(linksOf(paid!, lang, personal)).toEqual([track('paymentReceipt'), track()]);
    await stranger(track('paymentReceipt'));
    const paymentReceipt = await asPerson(t.agent(), track('paymentReceipt'), person.dateOfBirth);
    expect(paymentReceipt.path).toBe(`/payments/${fee.payment_number}/receipt.pdf`);
    const paidText = await pdfText(paymentReceipt.agent, paymentReceipt.path);
    expect(paidText).toContain(formatReference(reference));
    expect(paidText).toContain(groupedPaymentNumber(fee.payment_number));
  });
});
