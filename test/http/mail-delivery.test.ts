import { createServer, type Server } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { ApplicationRow } from '../../src/db/tables.js';
import { todayInBaku } from '../../src/forms/dates.js';
import { formatDate } from '../../src/i18n/format.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { queueNotice, type OutboxRow } from '../../src/notices/outbox.js';
import { createRenderer } from '../../src/notices/render.js';
import { checkMailServer, deliverNotices, type SenderDeps } from '../../src/notices/sender.js';
import { smtpTransport } from '../../src/notices/transport.js';
import { fileApplication } from '../support/applications.js';
import { selfSignedCertificate, type Certificate } from '../support/certificates.js';
import { parse, type Agent } from '../support/html.js';
import { signedInOfficer } from '../support/officers.js';
import { smtpListener, type SmtpListener, type SmtpListenerOptions } from '../support/smtp.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { PRODUCTION_WITHOUT_MAIL } from '../support/production.js';

const BASE_URL = 'https://e-xidmet.example.az';
const USERS = { portal: 'correct-horse-battery' };
let t: TestApp;
let officer: Agent;
let certificate: Certificate;
const renderer = createRenderer({ i18n: createI18n(), baseUrl: BASE_URL, authority: 'sms' });
const listeners: SmtpListener[] = [];
const senders: SenderDeps[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { BASE_URL } });
  officer = t.agent();
  await signedInOfficer(t.db, officer, { services: ['registration-at-place-of-stay'] });
  certificate = selfSignedCertificate();
});
afterAll(async () => {
  for (const sender of senders) sender.transport.close();
  for (const listener of listeners) await listener.stop();
  certificate.remove();
  await t.close();
});

// Each test starts with nothing waiting and a server never heard from.
beforeEach(async () => {
  await t.db('outbox').whereNull('sent_at').whereNull('undeliverable_at').update({ sent_at: t.db.fn.now() });
  await t.db('mail_server').update({ state: 'unknown', reply: null, checked_at: null, failing_since: null, next_check_at: null, configuration_failures: 0 });
});

async function listening(options: SmtpListenerOptions = {}): Promise<SmtpListener> {
  const listener = await smtpListener(options);
  listeners.push(listener);
  await listener.start();
  return listener;
}

/** What a sender logged, as pino writes it. */
type Line = { level: number; msg: string; [field: string]: unknown };
const WARN = 40;
const ERROR = 50;

/** The sender as the server builds it from these settings, with a log of its own. */
function sender(port: number, env: Record<string, string> = {}): SenderDeps & { lines: Line[] } {
  const config = parseConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40), BASE_URL, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), ...env });
  const lines: Line[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  const deps = { db: t.db, transport: smtpTransport(config.mail.smtp!, config.mail), renderer, from: config.mail.from, logger, cycleSeconds: 1, giveUpHours: config.mail.giveUpHours, lines };
  senders.push(deps);
  return deps;
}

/** Production's settings: STARTTLS required, certificates checked, a login. */
const production = (extra: Record<string, string> = {}) => ({ ...PRODUCTION_WITHOUT_MAIL, SMTP_USER: 'portal', SMTP_PASS: USERS.portal, ...extra });

/** An application whose applicant gave this address, and a mail about it in the outbox. */
async function mailTo(address: string): Promise<{ application: ApplicationRow; row: OutboxRow }> {
  const application = await fileApplication(t.db);
  await t.db('applications').where({ id: application.id }).update({ answers: { ...application.answers, contact: { email: address, preferredLanguage: 'en' } } });
  await queueNotice(t.db, { kind: 'submitted', eventKey: `submitted:${application.id}`, applicationId: application.id });
  const row = (await t.db('outbox').where({ application_id: application.id }).first()) as OutboxRow;
  return { application, row };
}

const rowOf = async (id: string) => (await t.db('outbox').where({ id }).first()) as OutboxRow;
const readiness = async () => (await t.agent().get('/readyz').expect(200)).text.split('\n');
const logged = (lines: Line[]) => JSON.stringify(lines);

async function closedPort(): Promise<number> {
  const listener = await smtpListener();
  return listener.port;
}

describe('a server that answers', () => {
  it('takes the mail: sender, Message-ID and EHLO name from BASE_URL whatever MAIL_FROM says; the start line names it; /readyz says mail flows', async () => {
    const listener = await listening();
    const portal = sender(listener.port, { MAIL_FROM: '"DMX" <info@migration.example.az>' });
    expect(await checkMailServer(portal, { atStart: true })).toBe(true);
    expect(portal.lines).toEqual([
      expect.objectContaining({ level: 30, msg: `mail server 127.0.0.1:${listener.port} answered (TLS: none, user: none)`, host: '127.0.0.1', port: listener.port, tls: 'STARTTLS if offered' }),
    ]);

    const { row } = await mailTo('sabina@example.com');
    expect(await deliverNotices(portal)).toEqual({ sent: 1, failed: 0 });
    const mail = listener.received.at(-1)!;
    expect(mail.messageId).toBe(`<notice-${row.id}@e-xidmet.example.az>`);
    expect((mail.from as { text: string }).text).toBe('"DMX" <info@migration.example.az>');
    expect(listener.ehloNames.at(-1)).toBe('e-xidmet.example.az');
    expect(portal.lines.at(-1)).toMatchObject({ level: 30, msg: 'notices sent', sent: 1, failed: 0 });

    const ready = await readiness();
    expect(ready[0]).toBe('ready');
    expect(ready).toEqual(expect.arrayContaining(['mail-server: answering', 'mail-waiting: 0', 'mail-configuration-failures: 0']));
    expect(ready.find((line) => line.startsWith('mail-last-answer: '))).toMatch(/^mail-last-answer: 250 /);

    // Nothing to send: nothing logged.
    const before = portal.lines.length;
    expect(await deliverNotices(portal)).toEqual({ sent: 0, failed: 0 });
    expect(portal.lines.length).toBe(before);
  });
});

describe('a closed port', () => {
  it('the start line gives the cause; mail waits untried, one warning a round; /readyz tells how many wait and since when', async () => {
    const port = await closedPort();
    const portal = sender(port);
    expect(await checkMailServer(portal, { atStart: true })).toBe(false);
    expect(portal.lines).toEqual([expect.objectContaining({ level: ERROR, msg: `mail server 127.0.0.1:${port} did not answer: connect ECONNREFUSED 127.0.0.1:${port}` })]);

    const first = await mailTo('leyla@example.com');
    const second = await mailTo('kamran@example.com');
    expect(await deliverNotices(portal)).toEqual({ sent: 0, failed: 0 });
    expect(await deliverNotices(portal)).toEqual({ sent: 0, failed: 0 });
    // Checked each round, not each mail.
    expect(portal.lines.slice(1).map((line) => [line.level, line.msg])).toEqual([
      [WARN, `mail server 127.0.0.1:${port} did not answer; notices wait: connect ECONNREFUSED 127.0.0.1:${port}`],
      [WARN, `mail server 127.0.0.1:${port} did not answer; notices wait: connect ECONNREFUSED 127.0.0.1:${port}`],
    ]);
    for (const { row } of [first, second]) expect(await rowOf(row.id)).toMatchObject({ sent_at: null, undeliverable_at: null, attempts: 0 });

    const ready = await readiness();
    expect(ready).toEqual(expect.arrayContaining(['ready', 'mail-server: unreachable', `mail-last-answer: connect ECONNREFUSED 127.0.0.1:${port}`, 'mail-waiting: 2']));
    expect(ready.find((line) => line.startsWith('mail-failing-since: '))).toBeDefined();
    expect(Number(ready.find((line) => line.startsWith('mail-oldest-waiting-seconds: '))!.split(': ')[1])).toBeGreaterThanOrEqual(0);
    expect(logged(portal.lines)).not.toContain('@example.com');
  });

  it('a server that never greets: the cause is a timeout', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const portal = sender(port);
      expect(await checkMailServer(portal, { atStart: true })).toBe(false);
      expect(portal.lines[0]).toMatchObject({ level: ERROR, msg: `mail server 127.0.0.1:${port} did not answer: timeout: Greeting never received` });
    } finally {
      silent.close();
    }
  }, 30_000);
});

describe('a recipient refused with 550', () => {
  it('is tried once and marked undeliverable with the reply; the other mails go on; the officer’s case page says so', async () => {
    const listener = await listening({ refuseRecipients: /^nobody@/ });
    const portal = sender(listener.port);
    const refused = await mailTo('nobody@example.com');
    const fine = await mailTo('aysel@example.com');
    expect(await deliverNotices(portal)).toEqual({ sent: 1, failed: 1 });
    expect(await deliverNotices(portal)).toEqual({ sent: 0, failed: 0 });
    const row = await rowOf(refused.row.id);
    expect(row).toMatchObject({ sent_at: null, undeliverable_reason: 'refused', attempts: 1, last_error: '550 <n…@example.com>: Recipient address rejected: User unknown' });
    expect(row.undeliverable_at).not.toBeNull();
    expect((await rowOf(fine.row.id)).sent_at).not.toBeNull();
    expect(listener.received.map((mail) => (mail.to as { text: string }).text)).toEqual(['aysel@example.com']);
    expect(portal.lines).toEqual([
      expect.objectContaining({ level: WARN, msg: 'notice refused by the mail server; marked undeliverable', notice: row.id, reply: row.last_error }),
      expect.objectContaining({ level: 30, msg: 'notices sent', sent: 1, failed: 1 }),
    ]);
    expect(logged(portal.lines)).not.toContain('nobody@');

    const date = formatDate(todayInBaku(row.created_at), 'en');
    const page = parse(await officer.get(`/backoffice/cases/${refused.application.reference}?lang=en`).expect(200));
    expect(page('[data-undeliverable-mail]').text().replace(/\s+/g, ' ').trim()).toBe(
      `! Warning The email of ${date} to n…@example.com was refused by the mail server: 550 <n…@example.com>: Recipient address rejected: User unknown. The applicant did not receive it: contact them another way.`,
    );
    const other = parse(await officer.get(`/backoffice/cases/${fine.application.reference}?lang=en`).expect(200));
    expect(other('[data-undeliverable-mail]').length).toBe(0);
    // In the officer's other languages too.
    const russian = parse(await officer.get(`/backoffice/cases/${refused.application.reference}?lang=ru`).expect(200));
    expect(russian('[data-undeliverable-mail]').text()).toContain('на адрес n…@example.com почтовый сервер не принял: 550');
  });
});

describe('a login refused with 535', () => {
  it('one error line a round, not one per mail, the cause given; tried again only after several rounds; counted; and all sent once the login is right', async () => {
    const listener = await listening({ users: USERS, insecureAuth: true });
    const wrong = sender(listener.port, { SMTP_USER: 'portal', SMTP_PASS: 'wrong' });
    expect(await checkMailServer(wrong, { atStart: true })).toBe(false);
    expect(wrong.lines[0]).toMatchObject({ level: ERROR, msg: `mail server 127.0.0.1:${listener.port} refused the portal's mail settings: Invalid login: 535 Authentication failed`, user: 'portal', configurationFailures: 1 });
    expect(logged(wrong.lines)).not.toContain('wrong"');

    const rows = [await mailTo('a@example.com'), await mailTo('b@example.com'), await mailTo('c@example.com')].map((mail) => mail.row);
    // Within the wait after a refusal of the settings: nothing tried, nothing said.
    expect(await deliverNotices(wrong)).toEqual({ sent: 0, failed: 0 });
    expect(wrong.lines.length).toBe(1);
    expect(listener.logins.length).toBe(1);
    // Its time come: one check, one line, for three mails.
    await t.db('mail_server').update({ next_check_at: t.db.raw(`now() - interval '1 second'`) });
    expect(await deliverNotices(wrong)).toEqual({ sent: 0, failed: 0 });
    expect(wrong.lines.slice(1)).toEqual([expect.objectContaining({ level: ERROR, configurationFailures: 2, reply: 'Invalid login: 535 Authentication failed' })]);
    expect(listener.logins.map((login) => login.accepted)).toEqual([false, false]);
    for (const row of rows) expect(await rowOf(row.id)).toMatchObject({ sent_at: null, undeliverable_at: null });
    expect(await readiness()).toEqual(expect.arrayContaining(['mail-server: misconfigured', 'mail-configuration-failures: 2', 'mail-waiting: 3']));
    const state = await t.db('mail_server').first();
    // The second refusal in a row waits twice as long as the first: 10 rounds of a second.
    expect(state!.next_check_at!.getTime() - state!.checked_at!.getTime()).toBe(10_000);

    // The operator corrects the password and restarts: the check at start answers and every waiting mail goes, oldest first.
    const right = sender(listener.port, { SMTP_USER: 'portal', SMTP_PASS: USERS.portal });
    expect(await checkMailServer(right, { atStart: true })).toBe(true);
    expect(right.lines[0]).toMatchObject({ level: 30, msg: `mail server 127.0.0.1:${listener.port} answered (TLS: none, user: portal)`, due: 3 });
    expect(await deliverNotices(right)).toEqual({ sent: 3, failed: 0 });
    expect(listener.received.slice(-3).map((mail) => mail.messageId)).toEqual(rows.map((row) => `<notice-${row.id}@e-xidmet.example.az>`));
    expect(await readiness()).toEqual(expect.arrayContaining(['mail-server: answering', 'mail-configuration-failures: 0']));
  });
});

describe('TLS', () => {
  it('a server that offers no STARTTLS: production settings never log in, and say why', async () => {
    const listener = await listening({ users: USERS, insecureAuth: true });
    const portal = sender(listener.port, production());
    expect(await checkMailServer(portal, { atStart: true })).toBe(false);
    expect(portal.lines[0]).toMatchObject({ level: ERROR, msg: `mail server 127.0.0.1:${listener.port} refused the portal's mail settings: Error upgrading connection with STARTTLS: 500 Error: command not recognized`, tls: 'STARTTLS' });
    await mailTo('farid@example.com');
    await t.db('mail_server').update({ state: 'unknown' });
    expect(await deliverNotices(portal)).toEqual({ sent: 0, failed: 1 });
    expect(listener.logins).toEqual([]);
    expect(listener.received.length).toBe(0);

    // The same server with TLS not required (outside production) takes the password in clear: what production refuses.
    const careless = sender(listener.port, { SMTP_USER: 'portal', SMTP_PASS: USERS.portal });
    expect(await checkMailServer(careless)).toBe(true);
    expect(listener.logins).toEqual([{ user: 'portal', secure: false, accepted: true }]);
  });

  it('a self-signed certificate: refused unless trusted through SMTP_CA_FILE; then STARTTLS, and the login only over it', async () => {
    const listener = await listening({ users: USERS, tls: certificate });
    const untrusted = sender(listener.port, production());
    expect(await checkMailServer(untrusted, { atStart: true })).toBe(false);
    expect(untrusted.lines[0]).toMatchObject({ level: ERROR, msg: `mail server 127.0.0.1:${listener.port} refused the portal's mail settings: self-signed certificate` });
    expect(listener.logins).toEqual([]);

    const trusted = sender(listener.port, production({ SMTP_CA_FILE: certificate.certFile }));
    expect(await checkMailServer(trusted, { atStart: true })).toBe(true);
    expect(trusted.lines[0]).toMatchObject({ level: 30, msg: `mail server 127.0.0.1:${listener.port} answered (TLS: STARTTLS, user: portal)`, tlsUsed: 'STARTTLS' });
    const { row } = await mailTo('nigar@example.com');
    expect(await deliverNotices(trusted)).toEqual({ sent: 1, failed: 0 });
    expect(listener.received.at(-1)!.messageId).toBe(`<notice-${row.id}@e-xidmet.example.az>`);
    expect(listener.logins.every((login) => login.secure && login.accepted)).toBe(true);
  });

  it('TLS from the first byte (SMTP_SECURE, smtps://) with a private authority', async () => {
    const listener = await listening({ users: USERS, tls: { ...certificate, implicit: true } });
    const portal = sender(listener.port, production({ SMTP_SECURE: 'true', SMTP_CA_FILE: certificate.certFile }));
    expect(await checkMailServer(portal, { atStart: true })).toBe(true);
    expect(portal.lines[0]).toMatchObject({ msg: `mail server 127.0.0.1:${listener.port} answered (TLS: implicit, user: portal)` });
  });
});

describe('an outage and a return', () => {
  it('mail queued while the server was away goes in the first round after it answers, in the order queued, whatever each one’s wait', async () => {
    const listener = await listening();
    const portal = sender(listener.port, {});
    await mailTo('first@example.com');
    expect(await deliverNotices(portal)).toEqual({ sent: 1, failed: 0 });

    await listener.stop();
    const rows: OutboxRow[] = [];
    for (const address of ['one@example.com', 'two@example.com', 'three@example.com', 'four@example.com', 'five@example.com']) rows.push((await mailTo(address)).row);
    // The first round meets the outage on the oldest mail; the others are not tried.
    expect(await deliverNotices(portal, { batch: 2 })).toEqual({ sent: 0, failed: 1 });
    expect((await rowOf(rows[0]!.id)).attempts).toBe(1);
    for (const row of rows.slice(1)) expect((await rowOf(row.id)).attempts).toBe(0);
    expect(await deliverNotices(portal)).toEqual({ sent: 0, failed: 0 });
    // As after a long outage: each mail's own wait is hours away.
    await t.db('outbox').whereIn('id', rows.map((row) => row.id)).update({ next_attempt_at: t.db.raw(`now() + interval '5 hours'`) });

    await listener.start();
    const before = listener.received.length;
    expect(await deliverNotices(portal, { batch: 2 })).toEqual({ sent: 5, failed: 0 });
    expect(listener.received.slice(before).map((mail) => mail.messageId)).toEqual(rows.map((row) => `<notice-${row.id}@e-xidmet.example.az>`));
    expect(portal.lines.filter((line) => line.level === 30).map((line) => line.msg)).toEqual([
      'notices sent',
      `mail server 127.0.0.1:${listener.port} answers again; 5 waiting notices are due now`,
      'notices sent',
    ]);
  });

  it('two instances in the same round after the return: every waiting mail sent once', async () => {
    const listener = await listening();
    const one = sender(listener.port);
    const two = sender(listener.port);
    await listener.stop();
    const rows: OutboxRow[] = [];
    for (let index = 0; index < 12; index += 1) rows.push((await mailTo(`many-${index}@example.com`)).row);
    expect(await deliverNotices(one)).toEqual({ sent: 0, failed: 1 });
    await t.db('outbox').whereIn('id', rows.map((row) => row.id)).update({ next_attempt_at: t.db.raw(`now() + interval '5 hours'`) });

    await listener.start();
    const results = await Promise.all([deliverNotices(one, { batch: 2 }), deliverNotices(two, { batch: 2 })]);
    expect(results[0].sent + results[1].sent).toBe(12);
    const ids = listener.received.map((mail) => mail.messageId);
    expect(ids.length).toBe(12);
    expect(new Set(ids)).toEqual(new Set(rows.map((row) => `<notice-${row.id}@e-xidmet.example.az>`)));
    const waiting = await t.db('outbox').whereIn('id', rows.map((row) => row.id)).whereNull('sent_at');
    expect(waiting).toEqual([]);
    // The return was said once, by whichever instance saw it first.
    expect([...one.lines, ...two.lines].filter((line) => String(line.msg).includes('answers again')).length).toBe(1);
  });
});

describe('giving up', () => {
  it('a mail not taken within MAIL_GIVE_UP_HOURS is marked undeliverable with the last cause, said once at error and shown on the case page', async () => {
    const port = await closedPort();
    const portal = sender(port, { MAIL_GIVE_UP_HOURS: '72' });
    const { application, row } = await mailTo('eldar@example.com');
    const young = await mailTo('young@example.com');
    await t.db('outbox').where({ id: row.id }).update({ created_at: t.db.raw(`now() - interval '73 hours'`), last_error: `connect ECONNREFUSED 127.0.0.1:${port}`, attempts: 40 });
    await deliverNotices(portal);
    expect(await rowOf(row.id)).toMatchObject({ sent_at: null, undeliverable_reason: 'expired', last_error: `connect ECONNREFUSED 127.0.0.1:${port}` });
    expect(await rowOf(young.row.id)).toMatchObject({ undeliverable_at: null });
    expect(portal.lines.filter((line) => line.level === ERROR)).toEqual([expect.objectContaining({ msg: 'notices not delivered within 72 hours; marked undeliverable', count: 1, notices: [row.id] })]);
    await deliverNotices(portal);
    expect(portal.lines.filter((line) => line.level === ERROR).length).toBe(1);

    const created = (await rowOf(row.id)).created_at;
    const page = parse(await officer.get(`/backoffice/cases/${application.reference}?lang=en`).expect(200));
    expect(page('[data-undeliverable-mail]').text()).toContain(
      `The email of ${formatDate(todayInBaku(created), 'en')} to e…@example.com could not be delivered within 73 hours: connect ECONNREFUSED 127.0.0.1:${port}.`,
    );
  });
});
