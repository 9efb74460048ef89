import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/applications/reference.js';
import { parseConfig } from '../../src/config.js';
import type { ApplicationRow } from '../../src/db/tables.js';
import { createI18n } from '../../src/i18n/i18n.js';
import type { OutboxRow } from '../../src/notices/outbox.js';
import { queueNotice } from '../../src/notices/outbox.js';
import { queueDailyReminders } from '../../src/notices/reminders.js';
import { createRenderer } from '../../src/notices/render.js';
import { deliverNotices, type SenderDeps } from '../../src/notices/sender.js';
import { fileTransport, smtpTransport, type MailTransport } from '../../src/notices/transport.js';
import { fileApplication } from '../support/applications.js';
import { csrfTokenFrom, parse, type Agent } from '../support/html.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { answerAll, APPLY, stepsFor } from '../support/registration.js';
import { answerSteps } from '../support/journey.js';
import { smtpListener, type SmtpListener } from '../support/smtp.js';
import { PRODUCTION_ENV, startTestApp, type TestApp } from '../support/test-app.js';

const BASE_URL = 'https://e-xidmet.example.az';
let now = new Date('2026-11-24T08:00:00Z');
let t: TestApp;
let officerAgent: Agent;
let officerId: string;
const i18n = createI18n();
const renderer = createRenderer({ i18n, baseUrl: BASE_URL, authority: 'sms' });

beforeAll(async () => {
  t = await startTestApp({ clock: () => now, env: { BASE_URL } });
  officerAgent = t.agent();
  officerId = (await signedInOfficer(t.db, officerAgent, { services: ['registration-at-place-of-stay', 'temporary-residence-permit'] })).id;
});
afterAll(async () => t.close());

const outboxOf = (applicationId: string) => t.db('outbox').where({ application_id: applicationId }).orderBy('created_at') as Promise<OutboxRow[]>;

/** Fills and sends a registration through the form; returns its application. */
async function submitted(email: string, language: 'az' | 'en' | 'ru'): Promise<ApplicationRow> {
  const agent = t.agent();
  await answerAll(agent, 'hostPerson', { contact: { email, preferredLanguage: language } });
  const token = csrfTokenFrom(await agent.get(`${APPLY}/check`));
  const responses = await Promise.all(Array.from({ length: 3 }, () => agent.post(`${APPLY}/check`).type('form').send({ _csrf: token })));
  expect(responses.some((response) => response.status === 303)).toBe(true);
  // Back and send again: the same application, no second mail.
  await agent.post(`${APPLY}/check`).type('form').send({ _csrf: csrfTokenFrom(await agent.get('/resume')) }).expect(303);
  return (await t.db('applications').whereRaw(`answers->'contact'->>'email' = ?`, [email]).first())!;
}

/** The officer takes a case: in review, assigned to them. */
async function inReview(application: ApplicationRow): Promise<ApplicationRow> {
  await t.db('applications').where({ id: application.id }).update({ status: 'in_review', assigned_officer: officerId });
  return (await t.db('applications').where({ id: application.id }).first())!;
}

async function officerPosts(reference: string, action: string, fields: Record<string, string | string[]>) {
  const version = String((await t.db('applications').where({ reference }).first())!.version);
  const form = await officerAgent.get(`/backoffice/cases/${reference}/${action}`).expect(200);
  return postFrom(officerAgent, form, `/backoffice/cases/${reference}/${action}`, { version, ...(fields as Record<string, string>) });
}

function smtpSender(listener: SmtpListener): SenderDeps {
  const config = parseConfig({ NODE_ENV: 'test', SMTP_URL: `smtp://127.0.0.1:${listener.port}`, MAIL_FROM: 'DMX <no-reply@migration.example.az>' });
  return { db: t.db, transport: smtpTransport(config.mail.smtp!), renderer, from: config.mail.from };
}

describe('mail queued with the event it reports', () => {
  it('one mail for a submission, however often it is sent, in the language chosen on the contact step', async () => {
    const application = await submitted('bir@example.com', 'ru');
    const rows = await outboxOf(application.id);
    expect(rows.map((row) => [row.kind, row.recipient, row.language, row.event_key])).toEqual([['submitted', 'bir@example.com', 'ru', `submitted:${application.id}`]]);
    // Name, reference and service; never a document number.
    expect(rows[0]!.data).toEqual({ name: application.applicant_name, reference: application.reference, service: 'registration-at-place-of-stay' });
    expect(JSON.stringify(rows[0]!.data)).not.toContain(application.document_number);
  });

  it('an officer’s request for information: one mail, in the applicant’s language, with what to send', async () => {
    const application = await inReview(await submitted('iki@example.com', 'ru'));
    const answer = await officerPosts(application.reference, 'request-information', { message: 'Пришлите договор аренды.', documents: ['passportPagesWithVisa'] as unknown as string });
    expect(answer.status).toBe(303);
    // The same form sent again from the old page is refused (its version is gone): still one mail.
    const again = await postFrom(officerAgent, await officerAgent.get(`/backoffice/cases/${application.reference}?lang=en`), `/backoffice/cases/${application.reference}/request-information`, {
      version: String(application.version),
      message: 'Пришлите договор аренды.',
    });
    expect(again.status).toBe(409);
    const rows = (await outboxOf(application.id)).filter((row) => row.kind === 'information-requested');
    expect(rows.length).toBe(1);
    expect(rows[0]).toMatchObject({ language: 'ru', recipient: 'iki@example.com', data: { message: 'Пришлите договор аренды.', documents: ['passportPagesWithVisa'] } });
    const event = await t.db('application_events').where({ application_id: application.id, kind: 'information-requested' }).first();
    expect(rows[0]!.event_key).toBe(`event:${event!.id}`);
    const mail = renderer.render(rows[0]!);
    expect(mail.subject).toBe(`По заявлению ${formatReference(application.reference)} нужны дополнительные сведения`);
    expect(mail.text).toContain('Пришлите договор аренды.');
    expect(mail.text).toContain(i18n.t('services:documents.passportPagesWithVisa', { lng: 'ru' }));
  });

  it('a refusal: one mail with the reasons’ words; a case without an address makes none', async () => {
    const application = await inReview(await submitted('uc@example.com', 'en'));
    expect((await officerPosts(application.reference, 'refuse', { reasons: 'falseInformation' })).status).toBe(303);
    const rows = (await outboxOf(application.id)).filter((row) => row.kind === 'decided');
    expect(rows.map((row) => row.data)).toEqual([expect.objectContaining({ outcome: 'refused', reasons: ['falseInformation'] })]);
    const mail = renderer.render(rows[0]!);
    expect(mail.text).toContain(i18n.t('services:refusalReasons.falseInformation.text', { lng: 'en' }));
    expect(mail.html).toContain('<li>');

    const silent = await inReview(await fileApplication(t.db));
    expect((await officerPosts(silent.reference, 'refuse', { reasons: 'falseInformation' })).status).toBe(303);
    expect(await outboxOf(silent.id)).toEqual([]);
  });

  it('a payment reported twice (queueNotice, as payments call it) is one mail', async () => {
    const application = await submitted('dord@example.com', 'az');
    for (let time = 0; time < 2; time += 1) {
      await t.db.transaction((trx) => queueNotice(trx, { kind: 'payment-received', eventKey: 'payment:p-1', applicationId: application.id, data: { amount: '350.00' } }));
    }
    const rows = (await outboxOf(application.id)).filter((row) => row.kind === 'payment-received');
    expect(rows.length).toBe(1);
    expect(renderer.render(rows[0]!).text).toContain('350\u00a0AZN');
  });
});

describe('sending', () => {
  let listener: SmtpListener;
  beforeAll(async () => {
    listener = await smtpListener();
    // Whatever an earlier test queued is sent to nobody: these count what they make.
    await t.db('outbox').update({ sent_at: t.db.fn.now() });
  });
  afterAll(async () => listener.stop());

  it('keeps mail while the server is down or refusing, counting attempts, and delivers it once when it is back', async () => {
    const application = await submitted('bes@example.com', 'ru');
    const sender = smtpSender(listener);
    try {
      // No server listening.
      expect(await deliverNotices(sender)).toEqual({ sent: 0, failed: 1 });
      let row = (await outboxOf(application.id))[0]!;
      expect(row).toMatchObject({ sent_at: null, attempts: 1, claimed_until: null });
      expect(row.last_error).toMatch(/ESOCKET|ECONNECTION|ECONNREFUSED/);
      expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
      // Not due yet: nothing is tried.
      expect(await deliverNotices(sender)).toEqual({ sent: 0, failed: 0 });

      // Up, but refusing.
      listener.refuse(true);
      await listener.start();
      await t.db('outbox').where({ id: row.id }).update({ next_attempt_at: t.db.raw(`now()`) });
      expect(await deliverNotices(sender)).toEqual({ sent: 0, failed: 1 });
      row = (await outboxOf(application.id))[0]!;
      expect(row).toMatchObject({ sent_at: null, attempts: 2 });
      expect(listener.received.length).toBe(0);

      // Taking mail again.
      listener.refuse(false);
      await t.db('outbox').where({ id: row.id }).update({ next_attempt_at: t.db.raw(`now()`) });
      expect(await deliverNotices(sender)).toEqual({ sent: 1, failed: 0 });
      expect(await deliverNotices(sender)).toEqual({ sent: 0, failed: 0 });
      row = (await outboxOf(application.id))[0]!;
      expect(row.sent_at).not.toBeNull();
      expect(row.attempts).toBe(3);

      expect(listener.received.length).toBe(1);
      const mail = listener.received[0]!;
      const reference = formatReference(application.reference);
      expect(mail.subject).toBe(`Ваше заявление ${reference} получено`);
      expect(mail.text).toContain('Ваше заявление отправлено в Государственную миграционную службу.');
      expect(mail.text).toContain(reference);
      expect(mail.html).toContain('lang="ru"');
      expect(mail.messageId).toBe(`<notice-${row.id}@migration.example.az>`);
      expect((mail.to as { text: string }).text).toBe('bes@example.com');
      expect(mail.text).not.toContain(application.document_number);
    } finally {
      sender.transport.close();
    }
  }, 60_000);

  it('two workers at once send each mail once', async () => {
    const application = await fileApplication(t.db);
    await t.db('applications').where({ id: application.id }).update({ answers: { ...application.answers, contact: { email: 'alti@example.com', preferredLanguage: 'en' } } });
    for (let index = 0; index < 30; index += 1) {
      await queueNotice(t.db, { kind: 'payment-received', eventKey: `payment:many-${index}`, applicationId: application.id, data: { amount: String(index + 1) } });
    }
    listener.refuse(false);
    await listener.start();
    const before = listener.received.length;
    const one = smtpSender(listener);
    const two = smtpSender(listener);
    try {
      const results = await Promise.all([deliverNotices(one, { batch: 3 }), deliverNotices(two, { batch: 3 })]);
      expect(results[0].sent + results[1].sent).toBe(30);
      expect(results[0].sent).toBeGreaterThan(0);
      expect(results[1].sent).toBeGreaterThan(0);
    } finally {
      one.transport.close();
      two.transport.close();
    }
    const ids = listener.received.slice(before).map((mail) => mail.messageId);
    expect(ids.length).toBe(30);
    expect(new Set(ids).size).toBe(30);
    expect(await t.db('outbox').where({ application_id: application.id }).whereNull('sent_at').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
    expect(await t.db('outbox').where({ application_id: application.id }).whereNot({ attempts: 1 }).first()).toBeUndefined();
  }, 60_000);
});

describe('reminders before a stay or permit ends', () => {
  it('at 30 and at 7 days, each once, saying what to apply for, by when, with a link to start it', async () => {
    const permit = await fileApplication(t.db, { service: 'temporary-residence-permit' });
    await t.db('applications').where({ id: permit.id }).update({ status: 'in_review' });
    await t.db('applications')
      .where({ id: permit.id })
      .update({ status: 'approved', valid_until: '2027-03-31', decided_at: new Date('2026-03-31T08:00:00Z'), answers: { ...permit.answers, contact: { email: 'yeddi@example.com', preferredLanguage: 'en' } } });
    const reminders = () => t.db('outbox').where({ application_id: permit.id, kind: 'renewal-reminder' }).orderBy('created_at') as Promise<OutboxRow[]>;
    const on = async (day: string) => {
      now = new Date(`${day}T05:10:00Z`); // 09:10 in Baku, after the daily job's hour
      await queueDailyReminders(t.db, now);
      return (await reminders()).map((row) => row.event_key);
    };
    expect(await on('2027-02-28')).toEqual([]);
    expect(await on('2027-03-01')).toEqual([`reminder:${permit.id}:30`]);
    expect(await on('2027-03-01')).toEqual([`reminder:${permit.id}:30`]);
    expect(await on('2027-03-02')).toEqual([`reminder:${permit.id}:30`]);
    expect(await on('2027-03-24')).toEqual([`reminder:${permit.id}:30`, `reminder:${permit.id}:7`]);
    expect(await on('2027-03-25')).toEqual([`reminder:${permit.id}:30`, `reminder:${permit.id}:7`]);
    expect(await on('2027-04-01')).toEqual([`reminder:${permit.id}:30`, `reminder:${permit.id}:7`]);

    const [thirty, seven] = await reminders();
    const first = renderer.render(thirty!);
    expect(first.subject).toBe('The permit ends on 31 March 2027');
    expect(first.text).toContain('apply for Temporary residence permit (issue or extension) no later than 1 March 2027');
    expect(first.text).toContain(`${BASE_URL}/services/temporary-residence-permit/start?lang=en`);
    expect(first.html).toContain(`href="${BASE_URL}/services/temporary-residence-permit/start?lang=en"`);
    // A week before the end, the 30 days before it that the law asks for are gone: no link, where to go instead.
    const last = renderer.render(seven!);
    expect(last.text).toContain('had to be made no later than 1 March 2027');
    expect(last.text).not.toContain('/start');
    now = new Date('2026-11-24T08:00:00Z');
  });

  it('a registration granted after the 30-day mark gets only the 7-day one, to extend the stay', async () => {
    const registration = await fileApplication(t.db);
    await t.db('applications').where({ id: registration.id }).update({ status: 'in_review' });
    await t.db('applications')
      .where({ id: registration.id })
      .update({ status: 'approved', valid_until: '2027-01-10', decided_at: new Date('2026-12-20T08:00:00Z'), answers: { ...registration.answers, contact: { email: 'sekkiz@example.com', preferredLanguage: 'az' } } });
    for (const day of ['2026-12-21', '2027-01-02', '2027-01-03', '2027-01-04']) await queueDailyReminders(t.db, new Date(`${day}T06:00:00Z`));
    const rows = (await t.db('outbox').where({ application_id: registration.id })) as OutboxRow[];
    expect(rows.map((row) => row.event_key)).toEqual([`reminder:${registration.id}:7`]);
    const mail = renderer.render(rows[0]!);
    expect(mail.text).toContain('«Müvəqqəti olma müddətinin uzadılması» xidmətinə');
    expect(mail.text).toContain(`${BASE_URL}/services/stay-extension/start?lang=az`);
  });
});

describe('warning before a saved application is deleted', () => {
  it('7 days before, once, only where the answers hold an address', async () => {
    const withAddress = t.agent();
    await answerSteps(withAddress, 'registration-at-place-of-stay', stepsFor('hostPerson', { contact: { email: 'doqquz@example.com', preferredLanguage: 'ru' } }).filter((step) => step.step !== 'documents'));
    const withoutAddress = t.agent();
    await answerSteps(withoutAddress, 'registration-at-place-of-stay', stepsFor('hostPerson').slice(0, 3));
    const drafts = await t.db('drafts').whereNull('application_id').orderBy('created_at', 'desc').limit(2);
    const ids = drafts.map((draft) => draft.id);
    const moment = new Date();
    // Last saved 23 days ago: deleted in 7 days.
    await t.db('drafts').whereIn('id', ids).update({ expires_at: new Date(moment.getTime() + 7 * 86_400_000 - 60_000) });
    await queueDailyReminders(t.db, moment);
    await queueDailyReminders(t.db, moment);
    const rows = (await t.db('outbox').where({ kind: 'draft-expiry' }).whereIn('draft_id', ids)) as OutboxRow[];
    expect(rows.map((row) => [row.recipient, row.language])).toEqual([['doqquz@example.com', 'ru']]);
    const mail = renderer.render(rows[0]!);
    expect(mail.subject).toMatch(/^Ваше сохранённое заявление будет удалено \d+ \S+ \d{4}$/);
    expect(mail.text).toContain(`${BASE_URL}/resume?lang=ru`);
    expect(mail.text).not.toContain('doqquz@example.com');
  });

  it('not while more than 7 days are left', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'registration-at-place-of-stay', stepsFor('hostPerson', { contact: { email: 'on@example.com' } }).filter((step) => step.step !== 'documents'));
    const draft = (await t.db('drafts').whereNull('application_id').orderBy('created_at', 'desc').first())!;
    await t.db('drafts').where({ id: draft.id }).update({ expires_at: new Date(Date.now() + 10 * 86_400_000) });
    await queueDailyReminders(t.db, new Date());
    expect(await t.db('outbox').where({ draft_id: draft.id })).toEqual([]);
  });
});

describe('/dev/mail', () => {
  let folder: string;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('lists the mail written in development, each readable; production has no such page', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'dev-mail-'));
    const development = await startTestApp({ databaseUrl: t.databaseUrl, env: { NODE_ENV: 'development', DATA_DIR: folder } });
    const production = await startTestApp({ databaseUrl: t.databaseUrl, env: PRODUCTION_ENV });
    let transport: MailTransport | undefined;
    try {
      await t.db('outbox').update({ sent_at: t.db.fn.now() });
      const application = await submitted('dev@example.com', 'az');
      transport = fileTransport(path.join(folder, 'mail'));
      expect(await deliverNotices({ db: t.db, transport, renderer, from: 'no-reply@localhost' })).toEqual({ sent: 1, failed: 0 });
      const row = (await outboxOf(application.id))[0]!;

      const list = parse(await development.agent().get('/dev/mail').expect(200));
      const link = list(`tr[data-mail="${row.id}"] a`).first();
      expect(link.text()).toBe(renderer.render(row).subject);
      const shown = await development.agent().get(link.attr('href')!).expect(200);
      expect(parse(shown)('pre').text()).toContain('Müraciətiniz Dövlət Miqrasiya Xidmətinə göndərildi.');
      const eml = await development.agent().get(`/dev/mail/${row.id}.eml`).expect(200);
      expect(eml.headers['content-type']).toMatch(/^text\/plain/);
      expect(eml.text).toContain(`Message-ID: <notice-${row.id}@localhost>`);
      await development.agent().get('/dev/mail/not-a-mail').expect(404);

      await production.agent().get('/dev/mail').expect(404);
      await production.agent().get(`/dev/mail/${row.id}`).expect(404);
      await production.agent().get(`/dev/mail/${row.id}.eml`).expect(404);
    } finally {
      transport?.close();
      await development.close();
      await production.close();
    }
  });
});
