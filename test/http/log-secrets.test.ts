import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../src/logger.js';
import { decidedApplication } from '../support/decisions.js';
import { csrfTokenFrom, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { registrationSteps } from '../fixtures/services.js';
import { answerStep, dateFields } from '../support/journey.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { APPLY } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every line the app logs, as the process would write it. */
let written = '';
const sink = new Writable({
  write(chunk, _encoding, done) {
    written += chunk;
    done();
  },
});

let t: TestApp;
const now = new Date('2026-11-24T08:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ clock: () => now, logger: pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink) });
});
afterAll(async () => t.close());

/** The forms a secret may be written in: as given, without its dashes, in lower case. */
function spellings(secret: string): string[] {
  return [...new Set([secret, secret.replace(/-/g, ''), secret.toLowerCase(), secret.replace(/-/g, '').toLowerCase()])];
}

async function follow(agent: Agent, reference: string): Promise<void> {
  const answer = await submitForm(agent, '/track?lang=en', { reference, identifier: 'dateOfBirth', ...dateFields('dateOfBirth', '1988-05-04') });
  expect(answer.status).toBe(303);
}

describe('secrets that travel in an address or a form never reach the log', () => {
  it('decision links, payment numbers, share codes, resume codes and booking codes, each sent through its route, are masked or absent', async () => {
    const officerAgent = t.agent();
    const officer = await signedInOfficer(t.db, officerAgent, { services: ['work-permit'] });
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00', language: 'en' });
    const secrets: Record<string, string> = {};

    // The holder follows the application: its page links to the decision, and makes a share code for the permit.
    const holder = t.agent();
    await follow(holder, application.reference);
    const tracking = await holder.get('/track?lang=en').expect(200);
    const decision = parse(tracking)('[data-decision-document]').attr('href')!;
    expect(decision).toMatch(/^\/decisions\/[^/]+$/);
    secrets.decisionToken = decision.slice('/decisions/'.length);
    await holder.get(decision).expect(200);
    await holder.get(`${decision}.pdf`).expect(200);
    await holder.get(`${decision}/feedback`);
    await holder.get(`${decision}?lang=ru`).expect(200);
    // A link cut short or lengthened by a mail program still carries most of the token.
    await holder.get(`${decision}x`);
    await holder.get(`${decision.slice(0, -2)}.pdf`);

    const made = await postFrom(holder, tracking, '/track/share-codes');
    expect(made.status).toBe(303);
    secrets.shareCode = textOf(parse(await holder.get('/track/share-code').expect(200)), '[data-share-code]');
    const verified = await submitForm(t.agent(), '/verify?lang=en', { method: 'shareCode', shareCode: secrets.shareCode });
    expect(verified.status).toBe(200);
    await t.agent().get(`/verify?code=${secrets.shareCode}&permit=${application.permit_number}`).expect(200);

    // The fee of the approval, looked up and paid by its payment number.
    const fee = await t.db('fees').where({ application_id: application.id }).first();
    secrets.paymentNumber = String(fee!.payment_number);
    const payer = t.agent();
    const payment = await payer.get(`/payments/${secrets.paymentNumber}?lang=en`);
    expect([200, 303, 404]).toContain(payment.status);
    await payer.post(`/payments/${secrets.paymentNumber}/pay`).type('form').send({ _csrf: csrfTokenFrom(await payer.get('/track?lang=en')) });

    // Save and come back later: the code shown once, then typed in another browser.
    const saver = t.agent();
    for (const step of registrationSteps('foreigner').slice(0, 4)) await answerStep(saver, APPLY, step);
    const saved = await submitForm(saver, `${APPLY}/address`, { city: 'baku', street: 'Füzuli küçəsi', action: 'save' });
    expect(saved.headers.location).toBe(`${APPLY}/saved`);
    secrets.resumeCode = textOf(parse(await saver.get(`${APPLY}/saved`).expect(200)), '[data-resume-code]');
    expect(secrets.resumeCode).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    const identity = registrationSteps('foreigner').find((step) => step.step === 'identity')!.fields!;
    const dateOfBirth = ['year', 'month', 'day'].map((part) => identity[`dateOfBirth-${part}`]!.padStart(2, '0')).join('-');
    await submitForm(t.agent(), '/resume?lang=en', { resumeCode: secrets.resumeCode, identifier: 'dateOfBirth', ...dateFields('dateOfBirth', dateOfBirth) }).then((answer) => expect(answer.status).toBe(303));
    await t.agent().get(`/resume?code=${secrets.resumeCode}`).expect(200);

    // A booking code, typed to open a booking and given in the address as a mail's link might.
    secrets.bookingCode = 'K7MP-2XDQ-93PH';
    await submitForm(t.agent(), '/services/online-queue/manage?lang=en', { bookingCode: secrets.bookingCode, documentNumber: 'U1234567' });
    await t.agent().get(`/services/online-queue/manage?code=${secrets.bookingCode}`);

    const lines = written.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(20);
    // A secret, or most of it (a link cut short), in any spelling: how many lines hold it.
    const leaks = Object.fromEntries(
      Object.entries(secrets).map(([name, secret]) => [name, lines.filter((line) => spellings(secret).some((spelling) => line.includes(spelling.slice(0, -2)))).length]),
    );
    expect(leaks).toEqual({ decisionToken: 0, shareCode: 0, paymentNumber: 0, resumeCode: 0, bookingCode: 0 });
    // What a person on call needs is still there: the route, masked where it holds a secret, and its answer.
    const paths = lines.map((line) => JSON.parse(line) as { req?: { path?: string }; res?: { statusCode?: number } }).filter((line) => line.res);
    expect(paths.map((line) => line.req?.path)).toEqual(expect.arrayContaining(['/decisions/[secret]', '/decisions/[secret].pdf', '/decisions/[secret]/feedback', '/payments/[secret]', '/payments/[secret]/pay', '/verify', '/resume']));
  });
});
