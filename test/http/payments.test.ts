import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/applications/reference.js';
import { parseConfig } from '../../src/config.js';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { luhnDigit, readPaymentNumber } from '../../src/payments/numbers.js';
import { signNotice } from '../../src/payments/provider.js';
import { LIMITS } from '../../src/security/limits.js';
import { decidedApplication } from '../support/decisions.js';
import { errorSummary, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { signedInOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { PRODUCTION_ENV } from '../support/production.js';

let t: TestApp;
let officerAgent: Agent;
let officer: OfficerRow;
const now = new Date('2026-11-24T08:00:00Z');
// The secret the test app's stand-in shares with the portal, as parseConfig makes it from the session secret.
const SECRET = parseConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40) }).paymentNoticeSecret!;

beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  officerAgent = t.agent();
  officer = await signedInOfficer(t.db, officerAgent, { services: ['work-permit', 'temporary-residence-permit'] });
});
afterAll(async () => t.close());

async function feeFor(fee = '350.00') {
  const application = await decidedApplication(t.db, officerAgent, officer, { fee });
  const row = await t.db('fees').where({ application_id: application.id }).first();
  return { application, fee: row as { payment_number: string; amount: string; due_date: string; paid_at: Date | null } };
}

function notice(fields: Partial<{ noticeId: string; paymentNumber: string; amount: string; sentAt: string }>) {
  return Buffer.from(JSON.stringify({ noticeId: randomUUID(), amount: '350.00', sentAt: now.toISOString(), paymentNumber: '000000000000', ...fields }));
}

function send(body: Buffer, signature = signNotice(SECRET, body)) {
  return t.agent().post('/payments/notice').set('Content-Type', 'application/json').set('X-Payment-Signature', signature).send(body.toString('utf8'));
}

/** Finds the fee through the lookup, as a person does; the agent's session then opens its page. */
async function lookUp(agent: Agent, number: string, lang = 'en') {
  await agent.get(`/payments?lang=${lang}`);
  return submitForm(agent, '/payments', { paymentNumber: number });
}

describe('payment numbers', () => {
  it('are 12 digits whose last is a Luhn check digit; a typo in one digit is caught', () => {
    expect(luhnDigit('7992739871')).toBe(3);
    const number = '45123456789';
    const whole = number + String(luhnDigit(number));
    expect(readPaymentNumber(whole.replace(/(\d{4})/g, '$1 '))).toBe(whole);
    const typo = whole.slice(0, 3) + String((Number(whole[3]) + 1) % 10) + whole.slice(4);
    expect(readPaymentNumber(typo)).toBeNull();
  });
});

describe('a decision with a fee', () => {
  it('gets a payment number in its transaction, due 30 days after the decision; a decision without a fee gets none', async () => {
    const { application, fee } = await feeFor();
    expect(fee.payment_number).toMatch(/^[1-9]\d{11}$/);
    expect(readPaymentNumber(fee.payment_number)).toBe(fee.payment_number);
    expect(fee).toMatchObject({ amount: '350.00', due_date: '2026-12-24', paid_at: null });
    const event = await t.db('application_events').where({ application_id: application.id, kind: 'decided' }).first();
    expect(event!.details).toMatchObject({ paymentNumber: fee.payment_number });
    const free = await decidedApplication(t.db, officerAgent, officer, {});
    expect(await t.db('fees').where({ application_id: free.id }).first()).toBeUndefined();
    const refused = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00', outcome: 'refused' });
    expect(await t.db('fees').where({ application_id: refused.id }).first()).toBeUndefined();
  });
});

describe('the lookup', () => {
  it('a match shows the amount, what it is for, the due date and that it is not paid', async () => {
    const { application, fee } = await feeFor('1200.00');
    const agent = t.agent();
    const found = await lookUp(agent, fee.payment_number.replace(/(\d{4})(?=\d)/g, '$1 '));
    expect(found.status).toBe(303);
    expect(found.headers.location).toBe(`/payments/${fee.payment_number}`);
    const $ = parse(await agent.get(`/payments/${fee.payment_number}?lang=en`).expect(200));
    const main = textOf($, 'main');
    expect(main).toContain('1,200 AZN');
    expect(main).toContain('Work permit');
    expect(main).toContain(formatReference(application.reference));
    expect(main).toContain('24 December 2026');
    expect($('[data-fee-status="unpaid"]').length).toBe(1);
    const az = parse(await agent.get(`/payments/${fee.payment_number}?lang=az`).expect(200));
    expect(textOf(az, 'main')).toContain('Hələ ödənilməyib');
  });

  it('an unknown number and a number with a wrong check digit get the same answer as each other; a page never opens unasked', async () => {
    const { fee } = await feeFor();
    const agent = t.agent();
    const wrongDigit = fee.payment_number.slice(0, 11) + String((Number(fee.payment_number[11]) + 1) % 10);
    const unknownBody = '4' + '1'.repeat(9);
    const unknown = unknownBody + '1' + String(luhnDigit(unknownBody + '1'));
    const answers = [];
    for (const typed of [wrongDigit, unknown]) {
      const answer = await lookUp(agent, typed);
      expect(answer.status).toBe(400);
      answers.push(errorSummary(parse(answer)));
    }
    expect(answers[0]).toEqual([{ text: 'There is no fee with this payment number. Check the number and try again', href: '#paymentNumber' }]);
    expect(answers[1]).toEqual(answers[0]);
    expect(parse(await lookUp(agent, '')).html()).toContain('Error:');
    // The fee page of a number this browser has not found sends to the lookup with the number filled in, nothing more.
    const stranger = t.agent();
    await stranger.get(`/payments/${fee.payment_number}`).expect(303).expect('location', `/payments?number=${fee.payment_number}`);
    const prefilled = parse(await stranger.get(`/payments?number=${fee.payment_number}&lang=en`).expect(200));
    expect(prefilled('input[name="paymentNumber"]').val()).toBe(fee.payment_number);
    expect(textOf(prefilled, 'main')).not.toContain('AZN');
  });

  it('is limited per address with a translated 429', async () => {
    const limited = await startTestApp({ clock: () => now, limits: { ...LIMITS, feeLookupPerAddress: { attempts: 3, windowSeconds: 900 } } });
    try {
      const agent = limited.agent();
      const page = await agent.get('/payments?lang=ru');
      const token = parse(page)('input[name="_csrf"]').attr('value')!;
      for (let attempt = 0; attempt < 3; attempt += 1) await agent.post('/payments').type('form').send({ paymentNumber: '123412341234', _csrf: token }).expect(400);
      const refused = await agent.post('/payments').type('form').send({ paymentNumber: '123412341234', _csrf: token }).expect(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(parse(refused)('html').attr('lang')).toBe('ru');
    } finally {
      await limited.close();
    }
  });
});

describe('payment notices', () => {
  it('a good notice marks the fee paid once, and the page says paid', async () => {
    const { fee, application } = await feeFor();
    // The employer gave an address for notices, as the form asks.
    await t.db('applications').where({ id: application.id }).update({ answers: t.db.raw(`answers || '{"contact":{"email":"hr@xezer.example","preferredLanguage":"en"}}'::jsonb`) });
    const body = notice({ paymentNumber: fee.payment_number });
    const answer = await send(body).expect(200);
    expect(answer.body).toEqual({ outcome: 'paid' });
    const paid = await t.db('fees').where({ payment_number: fee.payment_number }).first();
    expect(paid.paid_at).not.toBeNull();
    // The same notice again is a replay; another notice for a paid fee does not pay it twice.
    await send(body).expect(409, { outcome: 'replay' });
    await send(notice({ paymentNumber: fee.payment_number })).expect(409, { outcome: 'alreadyPaid' });
    expect((await t.db('fees').where({ payment_number: fee.payment_number }).first()).paid_at).toEqual(paid.paid_at);
    expect(await t.db('application_events').where({ kind: 'fee-paid', application_id: paid.application_id })).toHaveLength(1);
    // One "payment received" email, queued with the payment.
    expect(await t.db('outbox').where({ kind: 'payment-received', application_id: paid.application_id })).toHaveLength(1);
    const agent = t.agent();
    await lookUp(agent, fee.payment_number);
    const $ = parse(await agent.get(`/payments/${fee.payment_number}?lang=en`).expect(200));
    expect($('[data-fee-status="paid"]').length).toBeGreaterThan(0);
    expect(textOf($, 'main')).toContain('The fee was paid on 24 November 2026');
    expect($('form[action$="/pay"]').length).toBe(0);
  });

  it('refuses a bad signature, an old notice, a wrong amount, an unknown number and a malformed body, and pays nothing', async () => {
    const { fee } = await feeFor();
    const good = notice({ paymentNumber: fee.payment_number });
    await send(good, signNotice('another-secret-of-at-least-32-characters', good)).expect(401, { outcome: 'badSignature' });
    await send(good, 'nonsense').expect(401, { outcome: 'badSignature' });
    await t.agent().post('/payments/notice').set('Content-Type', 'application/json').send(good.toString('utf8')).expect(401);
    await send(notice({ paymentNumber: fee.payment_number, sentAt: new Date(now.getTime() - 10 * 60_000).toISOString() })).expect(400, { outcome: 'stale' });
    await send(notice({ paymentNumber: fee.payment_number, amount: '35.00' })).expect(422, { outcome: 'wrongAmount' });
    await send(notice({ paymentNumber: '412341234123' })).expect(404, { outcome: 'unknownNumber' });
    await send(Buffer.from('{"noticeId":')).expect(400, { outcome: 'malformed' });
    expect((await t.db('fees').where({ payment_number: fee.payment_number }).first()).paid_at).toBeNull();
  });

  it('two identical notices at once pay the fee once', async () => {
    const { fee } = await feeFor();
    const body = notice({ paymentNumber: fee.payment_number });
    const answers = await Promise.all([send(body), send(body), send(body)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    expect(await t.db('payment_notices').where({ payment_number: fee.payment_number })).toHaveLength(1);
    expect(await t.db('application_events').where({ kind: 'fee-paid' }).whereIn('application_id', t.db('fees').select('application_id').where({ payment_number: fee.payment_number }))).toHaveLength(1);
  });
});

describe('the stand-in provider', () => {
  it('round trip: pay, the test page in each language, a signed notice, back to a paid fee', async () => {
    const { fee } = await feeFor();
    const agent = t.agent();
    await lookUp(agent, fee.payment_number, 'ru');
    const page = await agent.get(`/payments/${fee.payment_number}`).expect(200);
    const token = parse(page)('form[action$="/pay"] input[name="_csrf"]').attr('value')!;
    const started = await agent.post(`/payments/${fee.payment_number}/pay`).type('form').send({ _csrf: token }).expect(303);
    expect(started.headers.location).toMatch(/^\/payments\/test-provider\?/);
    for (const [lang, title] of [['az', 'Sınaq ödəniş sistemi – real ödəniş deyil'], ['en', 'Test payment provider – not a real payment']]) {
      expect(textOf(parse(await agent.get(`${started.headers.location}&lang=${lang}`.replace(/lang=ru&?/, '')).expect(200)), 'h1')).toBe(title);
    }
    const provider = await agent.get(started.headers.location!).expect(200);
    const $ = parse(provider);
    expect(textOf($, 'h1')).toBe('Тестовая платёжная система — это не настоящий платёж');
    const fields = Object.fromEntries($('form input').toArray().map((input) => [$(input).attr('name') ?? '', $(input).attr('value') ?? '']));
    const back = await agent.post('/payments/test-provider').type('form').send(fields).expect(303);
    expect(back.headers.location).toBe(`/payments/${fee.payment_number}?returned=1`);
    const paid = parse(await agent.get(back.headers.location!).expect(200));
    expect(textOf(paid, '.govuk-panel__title')).toBe('Оплачена');
    // A forged return address is refused.
    await agent.get(`/payments/test-provider?payment=${fee.payment_number}&amount=1&return=https://example.com`).expect(400);
  });

  it('does not exist in production: its page is not found and nothing can be paid online', async () => {
    const production = await startTestApp({ clock: () => now, env: { ...PRODUCTION_ENV } });
    try {
      await production.agent().get(`/payments/test-provider?payment=412341234123&amount=1&return=/payments/412341234123`).expect(404);
      await production.agent().post('/payments/notice').set('Content-Type', 'application/json').set('X-Payment-Signature', signNotice(SECRET, '{}')).send('{}').expect(401);
    } finally {
      await production.close();
    }
  });
});
