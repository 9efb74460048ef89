import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/applications/reference.js';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { renderApplicationAnswers } from '../../src/catalogue/versions.js';
import { summaryText } from '../../src/forms/render-answers.js';
import type { Reader } from '../../src/forms/words.js';
import { formatDate, formatDateTime, formatMoney } from '../../src/i18n/format.js';
import { createI18n } from '../../src/i18n/i18n.js';
import type { Language } from '../../src/i18n/languages.js';
import { cleanUpExpired } from '../../src/jobs/cleanup.js';
import { postgresStorage } from '../../src/documents/storage.js';
import { groupedPaymentNumber } from '../../src/payments/numbers.js';
import { HASH_PREFIX } from '../../src/receipts/application.js';
import { PERSON_BIRTH_DATE, registrationSteps, workPermitSteps } from '../fixtures/services.js';
import { decidedApplication } from '../support/decisions.js';
import { csrfTokenFrom, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { answerSteps, applyPath, dateFields, send } from '../support/journey.js';
import { expectSameInBothParts, follow, onPortal } from '../support/mail.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { mailroom, pdfOf, type Mailroom } from '../support/public-side.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const BASE_URL = 'https://e-xidmet.example.az';
const i18n = createI18n();
let t: TestApp;
let mail: Mailroom;

beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock, env: { BASE_URL } });
  mail = await mailroom(t.db, BASE_URL);
});
afterAll(async () => {
  await mail.close();
  await t.close();
});

function readerIn(lang: Language): Reader {
  return { t: i18n.getFixedT(lang), lang, formatDate: (iso) => formatDate(iso, lang), formatMoney: (amount) => formatMoney(amount, lang) };
}

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

async function pdfText(agent: Agent, path: string): Promise<{ text: string; disposition: string }> {
  const { text, parser, disposition } = await pdfOf(agent, path);
  await parser.destroy();
  return { text, disposition };
}

const delivered = (to?: string) => mail.delivered(to);

describe('the application receipt', () => {
  it('from the confirmation page (English) and the tracking page (Azerbaijani): reference with dashes, service, when, fee, speed, decision date, every answer, each file with its size and hash', async () => {
    const applicant = t.agent();
    await answerSteps(applicant, 'work-permit', workPermitSteps(), '?lang=en');
    const reference = await send(applicant, 'work-permit');
    const application = (await t.db('applications').where({ reference }).first())!;
    const documents = await t.db('documents').where({ application_id: application.id });
    expect(documents.length).toBe(6);

    const confirmation = parse(await applicant.get(`${applyPath('work-permit')}/confirmation?lang=en`).expect(200));
    const href = confirmation('a[data-receipt]').attr('href')!;
    const { text, disposition } = await pdfText(applicant, href);
    expect(disposition).toBe(`attachment; filename="receipt-${formatReference(reference)}-en.pdf"`);
    const en = readerIn('en');
    for (const expected of [
      'Application receipt',
      formatReference(reference),
      'Work permit',
      formatDateTime(application.submitted_at, 'en'),
      formatMoney(Number(application.fee_amount), 'en'),
      en.t(`services:speeds.${application.speed}`),
      formatDate(application.legal_due_date, 'en'),
    ]) {
      expect(text).toContain(squash(expected));
    }
    expect(text).not.toContain(reference);
    // Every answer, as check your answers showed it.
    for (const card of renderApplicationAnswers(application, en)) {
      expect(text).toContain(squash(card.title));
      for (const row of card.rows) expect(text, row.key.text).toContain(squash(`${row.key.text} ${summaryText(row.value)}`));
    }
    for (const document of documents) {
      expect(text).toContain(document.display_name);
      expect(text).toContain(document.sha256.slice(0, HASH_PREFIX));
      expect(text).not.toContain(document.sha256.slice(0, HASH_PREFIX + 1));
    }

    // Another browser has no receipt from the confirmation's address; from /track it is asked to find the application first.
    const stranger = t.agent();
    await stranger.get(`${applyPath('work-permit')}/receipt.pdf`).expect(404);
    await stranger.get('/track/receipt.pdf').expect(303).expect('location', '/track?open=receipt');

    // Found on /track, in Azerbaijani: the page links to it, in the page's language.
    const tracker = t.agent();
    const find = await tracker.get('/track?open=receipt&lang=az').expect(200);
    expect(parse(find)('input[name="open"]').val()).toBe('receipt');
    const found = await tracker
      .post('/track')
      .type('form')
      .send({ reference, identifier: 'dateOfBirth', ...dateFields('dateOfBirth', PERSON_BIRTH_DATE), open: 'receipt', _csrf: csrfTokenFrom(find) });
    expect(found.headers.location).toBe('/track/receipt.pdf');
    const page = parse(await tracker.get('/track?lang=az').expect(200));
    expect(page('a[data-receipt]').attr('href')).toBe('/track/receipt.pdf');
    const az = await pdfText(tracker, '/track/receipt.pdf');
    expect(az.text).toContain('Müraciətin qəbzi');
    expect(az.text).toContain(formatReference(reference));
    expect(az.text).toContain(squash(i18n.t('services:services.work-permit.name', { lng: 'az' })));
    expect(az.text).toContain(formatDateTime(application.submitted_at, 'az'));
  }, 120_000);
});

describe('the payment receipt', () => {
  let officer: OfficerRow;
  let officerAgent: Agent;
  beforeAll(async () => {
    officerAgent = t.agent();
    officer = await signedInOfficer(t.db, officerAgent, { services: ['work-permit'] });
  });

  it('once paid, the fee page says paid and when, no longer "pay by", and links the receipt (Russian)', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00', language: 'ru' });
    const fee = (await t.db('fees').where({ application_id: application.id }).first())!;
    const payer = t.agent();
    const lookup = await payer.get(`/payments?number=${fee.payment_number}&lang=ru`).expect(200);
    expect(parse(lookup)('input[name="paymentNumber"]').val()).toBe(fee.payment_number);
    await postFrom(payer, lookup, '/payments', { paymentNumber: fee.payment_number }).expect(303);
    const unpaid = parse(await payer.get(`/payments/${fee.payment_number}?lang=ru`).expect(200));
    expect(textOf(unpaid, 'main')).toContain('Оплатить до');
    expect(unpaid('a[data-payment-receipt]').length).toBe(0);
    // Not paid yet: no receipt, the fee page instead.
    await payer.get(`/payments/${fee.payment_number}/receipt.pdf`).expect(303).expect('location', `/payments/${fee.payment_number}`);

    const started = await postFrom(payer, await payer.get(`/payments/${fee.payment_number}`), `/payments/${fee.payment_number}/pay`);
    const standIn = await payer.get(started.headers.location as string).expect(200);
    const $ = parse(standIn);
    await postFrom(payer, standIn, '/payments/test-provider', Object.fromEntries(['payment', 'amount', 'return'].map((name) => [name, String($(`input[name="${name}"]`).val())]))).expect(303);
    const paidFee = (await t.db('fees').where({ id: fee.id }).first())!;
    expect(paidFee.paid_at).not.toBeNull();

    const paid = parse(await payer.get(`/payments/${fee.payment_number}?lang=ru`).expect(200));
    const main = textOf(paid, 'main');
    expect(main).not.toContain('Оплатить до');
    expect(main).toContain(`Оплачено ${formatDateTime(paidFee.paid_at!, 'ru')}`);
    expect(main).toContain(formatReference(application.reference));
    const { text } = await pdfText(payer, paid('a[data-payment-receipt]').attr('href')!);
    for (const expected of ['Квитанция об оплате', groupedPaymentNumber(fee.payment_number), formatMoney(350, 'ru'), formatReference(application.reference), formatDateTime(paidFee.paid_at!, 'ru'), paidFee.paid_notice_id!]) {
      expect(text).toContain(squash(expected));
    }
    // It names nobody: the payment number alone opens it.
    expect(text).not.toContain(application.applicant_name);
    // Another browser without the number is sent to the lookup, the number filled in.
    await t.agent().get(`/payments/${fee.payment_number}/receipt.pdf`).expect(303).expect('location', `/payments?number=${fee.payment_number}`);
  }, 60_000);
});

const BOOK = '/services/online-queue/book';
const MANAGE = '/services/online-queue/manage';
const VISIT = { purpose: 'biometrics', office: 'ganja', date: '2026-11-25', time: '10:00' };

describe('a booked visit', () => {
  beforeAll(async () => {
    await t.db('visit_offices').insert({ office_id: 'ganja', accepting: true, purposes: ['biometrics', 'permitCard'], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00', closes_at: '13:00', slot_minutes: 30, seats: 1, days_ahead: 14 });
  });

  async function book(agent: Agent, documentNumber: string, email: string, lang: Language) {
    const page = await agent.get(`${BOOK}/details?${new URLSearchParams(VISIT)}&lang=${lang}`).expect(200);
    return postFrom(agent, page, `${BOOK}/details`, { ...VISIT, documentNumber, ...dateFields('dateOfBirth', PERSON_BIRTH_DATE), email });
  }

  it('gives a print view and a calendar file at Baku time, and mails the confirmation, the move and the cancellation; the mail’s link opens it with the document number', async () => {
    const visitor = t.agent();
    expect((await book(visitor, 'C1234567', 'visitor@example.com', 'en')).status).toBe(303);
    const confirmation = parse(await visitor.get(`${BOOK}/confirmation?lang=en`).expect(200));
    const code = textOf(confirmation, '[data-booking-code]');
    expect(textOf(confirmation, '[data-mailed]')).toBe('We are also sending the confirmation to visitor@example.com.');

    const print = parse(await visitor.get(`${confirmation('a[data-print-view]').attr('href')!}?lang=en`).expect(200));
    expect(textOf(print, 'h1')).toBe('Booking confirmation');
    expect(textOf(print, '[data-booking-code]')).toBe(code);
    expect(textOf(print, 'main')).toContain('Wednesday, 25 November 2026');
    expect(textOf(print, 'main')).toContain('10:00');

    const ics = await visitor.get(`${confirmation('a[data-calendar]').attr('href')!}?lang=en`).buffer(true).expect(200);
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(ics.text));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.startDate.toString()).toBe('2026-11-25T10:00:00');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-11-25T06:00:00.000Z');
    expect(event.endDate.toString()).toBe('2026-11-25T10:30:00');
    expect(event.description).toContain(code);

    // The mail: the code, the visit, and a link that fills the code in; the document number is still asked.
    const [booked] = await delivered('visitor@example.com');
    expect(booked!.subject).toBe('Your visit is booked for Wednesday, 25 November 2026 at 10:00');
    expect(booked!.text).toContain(code);
    expect(booked!.text).not.toContain('C1234567');
    const [link] = expectSameInBothParts(booked!);
    const path = onPortal(link!, BASE_URL);
    const stranger = await follow(t.agent(), path);
    expect(stranger.response.status).toBe(200);
    expect(parse(stranger.response.text)('input[name="bookingCode"]').val()).toBe(code);
    expect(stranger.response.text).not.toContain('C1234567');
    const holder = t.agent();
    const opened = await submitForm(holder, path, { bookingCode: code, documentNumber: 'C1234567' });
    expect(opened.headers.location).toBe(`${MANAGE}/booking`);
    const manage = parse(await holder.get(`${MANAGE}/booking?lang=en`).expect(200));
    await holder.get(manage('a[data-print-view]').attr('href')!).expect(200);
    await holder.get(manage('a[data-calendar]').attr('href')!).expect(200);

    // Moved, then cancelled: a mail for each, in the booking's language.
    const change = await holder.get(`${MANAGE}/change/time?office=ganja&date=2026-11-25&lang=en`).expect(200);
    await postFrom(holder, change, `${MANAGE}/change`, { office: 'ganja', date: '2026-11-25', time: '11:00' }).expect(303);
    const cancel = await holder.get(`${MANAGE}/cancel`).expect(200);
    await postFrom(holder, cancel, `${MANAGE}/cancel`).expect(303);
    // One claim sends both, in no promised order.
    const after = await delivered('visitor@example.com');
    expect(after.map((mail) => mail.subject).sort()).toEqual(['Your visit is moved to Wednesday, 25 November 2026 at 11:00', 'Your visit on Wednesday, 25 November 2026 is cancelled']);
    for (const mail of after) for (const href of expectSameInBothParts(mail)) expect((await follow(t.agent(), onPortal(href, BASE_URL))).response.status).toBe(200);
    // Nothing left to print once cancelled.
    await holder.get('/services/online-queue/visit/print').expect(303).expect('location', MANAGE);
  }, 60_000);

  it('a booking without an address writes no mail', async () => {
    const before = await t.db('outbox').count<{ count: string }[]>('* as count');
    expect((await book(t.agent(), 'D7654321', '', 'az')).status).toBe(303);
    expect(await t.db('outbox').count<{ count: string }[]>('* as count')).toEqual(before);
  });
});

describe('the resume code by mail', () => {
  const SERVICE = 'registration-at-place-of-stay';

  it('offered on the save page when the answers hold an address, sent once, and the code it carries reopens the draft', async () => {
    const agent = t.agent();
    const steps = registrationSteps('hostPerson', { contact: { email: 'saved@example.com', preferredLanguage: 'ru' } }).filter((step) => step.step !== 'documents');
    await answerSteps(agent, SERVICE, steps, '?lang=en');
    const saved = await agent.get(`${applyPath(SERVICE)}/saved?lang=en`).expect(200);
    const code = textOf(parse(saved), '[data-resume-code]');
    expect(textOf(parse(saved), 'main')).toContain('We can send the code to saved@example.com');
    for (let time = 0; time < 2; time += 1) {
      const sent = await postFrom(agent, await agent.get(`${applyPath(SERVICE)}/saved`), `${applyPath(SERVICE)}/saved/email`);
      expect(sent.headers.location).toBe(`${applyPath(SERVICE)}/saved?mailed=1`);
    }
    expect(textOf(parse(await agent.get(`${applyPath(SERVICE)}/saved?mailed=1&lang=en`)), '[data-mailed]')).toContain('saved@example.com');
    const rows = await t.db('outbox').where({ kind: 'resume-code' });
    expect(rows.map((row) => [row.recipient, row.language])).toEqual([['saved@example.com', 'ru']]);

    const [mail] = await delivered();
    expect(mail!.text).toContain(code);
    for (const personal of [PERSON_BIRTH_DATE, formatDate(PERSON_BIRTH_DATE, 'ru'), 'U12345678']) expect(mail!.text).not.toContain(personal);
    const [link] = expectSameInBothParts(mail!);
    const path = onPortal(link!, BASE_URL);
    expect(path).toBe('/resume?lang=ru');
    const other = t.agent();
    const resumed = await submitForm(other, path, { resumeCode: code, identifier: 'dateOfBirth', ...dateFields('dateOfBirth', PERSON_BIRTH_DATE) });
    expect(resumed.status).toBe(303);
    expect(resumed.headers.location).toMatch(new RegExp(`^/services/${SERVICE}/apply`));

    // Once sent, the code leaves the outbox.
    await cleanUpExpired(t.db, postgresStorage(t.db));
    expect((await t.db('outbox').where({ kind: 'resume-code' }).first())!.data).not.toHaveProperty('code');
  }, 60_000);

  it('not offered without an address', async () => {
    const agent = t.agent();
    await answerSteps(agent, SERVICE, registrationSteps('foreigner').slice(0, 3), '?lang=en');
    const page = parse(await agent.get(`${applyPath(SERVICE)}/saved?lang=en`).expect(200));
    expect(page('[data-mail-code]').length).toBe(0);
  });
});
