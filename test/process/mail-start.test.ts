import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/knex.js';
import { queueNotice } from '../../src/notices/outbox.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { fileApplication } from '../support/applications.js';
import { selfSignedCertificate, type Certificate } from '../support/certificates.js';
import { freshDatabase } from '../support/fresh-database.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { smtpListener, type SmtpListener, type SmtpListenerOptions } from '../support/smtp.js';
import { PRODUCTION_WITHOUT_MAIL } from '../support/production.js';

const USERS = { portal: 'correct-horse-battery' };
const running: ServerProcess[] = [];
const listeners: SmtpListener[] = [];
const databases: Database[] = [];
let certificate: Certificate;
let databaseUrl: string;

beforeAll(async () => {
  certificate = selfSignedCertificate();
  databaseUrl = await freshDatabase();
});
afterAll(async () => {
  for (const server of running) server.child.kill('SIGKILL');
  for (const listener of listeners) await listener.stop();
  for (const db of databases) await db.destroy();
  certificate.remove();
});

/** Production as an operator sets it up: an https address, a mail server with a login, STARTTLS required (the default). */
function productionEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...PRODUCTION_WITHOUT_MAIL,
    DATABASE_URL: databaseUrl,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_USER: 'portal',
    SMTP_PASS: USERS.portal,
    SMTP_CA_FILE: certificate.certFile,
    ...extra,
  };
}

async function listening(options: SmtpListenerOptions): Promise<SmtpListener> {
  const listener = await smtpListener(options);
  listeners.push(listener);
  await listener.start();
  return listener;
}

type Line = { level: number; msg: string; [field: string]: unknown };

/** The server's JSON log lines so far. */
function lines(server: ServerProcess): Line[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

async function until<T>(find: () => T | undefined | Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`waited in vain for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts production with these settings and returns its line about the mail server, then stops it. */
async function startLine(env: Record<string, string>): Promise<Line> {
  const server = await startServer(env);
  running.push(server);
  try {
    return await until(() => lines(server).find((line) => line.msg.startsWith('mail server ')), 'the mail server line');
  } finally {
    const exited = server.exited();
    server.child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  }
}

describe('production refuses to start', () => {
  it('without BASE_URL or a mail server, one line for each', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });
    const bare = run(Object.fromEntries(Object.entries(PRODUCTION_WITHOUT_MAIL).filter(([name]) => name !== 'BASE_URL')));
    expect(bare.status).toBe(1);
    expect(bare.stderr.trim().split('\n')).toEqual([
      'Configuration error: BASE_URL is required when NODE_ENV=production: the https address people reach the portal at',
      'Configuration error: SMTP_URL or SMTP_HOST is required when NODE_ENV=production: the mail server that sends notices',
    ]);
    const local = run({ ...PRODUCTION_WITHOUT_MAIL, BASE_URL: 'http://localhost:3000', SMTP_URL: 'smtp://127.0.0.1:25' });
    expect(local.status).toBe(1);
    expect(local.stderr.trim()).toBe('Configuration error: BASE_URL must be the https address people reach the portal at, not localhost, when NODE_ENV=production');
  });
});

describe('the start line names the mail server and says whether it answered', () => {
  it('answers: host, port, STARTTLS and the user, never the password', async () => {
    const listener = await listening({ users: USERS, tls: certificate });
    const line = await startLine(productionEnv(listener.port));
    expect(line).toMatchObject({ level: 30, msg: `mail server 127.0.0.1:${listener.port} answered (TLS: STARTTLS, user: portal)`, host: '127.0.0.1', port: listener.port, tls: 'STARTTLS', user: 'portal', ehlo: 'e-xidmet.example.az' });
    expect(JSON.stringify(line)).not.toContain(USERS.portal);
    expect(listener.logins).toEqual([{ user: 'portal', secure: true, accepted: true }]);
  }, 90_000);

  it.each([
    ['a closed port', async () => (await smtpListener()).port, (port: number) => `did not answer: connect ECONNREFUSED 127.0.0.1:${port}`, {}],
    ['a refused login', async () => (await listening({ users: USERS, tls: certificate })).port, () => "refused the portal's mail settings: Invalid login: 535 Authentication failed", { SMTP_PASS: 'wrong' }],
    ['no STARTTLS offered', async () => (await listening({ users: USERS, insecureAuth: true })).port, () => "refused the portal's mail settings: Error upgrading connection with STARTTLS: 500 Error: command not recognized", {}],
    ['a certificate not trusted', async () => (await listening({ users: USERS, tls: certificate })).port, () => "refused the portal's mail settings: self-signed certificate", { SMTP_CA_FILE: '' }],
  ])('%s: an error line with the real cause, and the portal serves all the same', async (_name, server, cause, extra) => {
    const port = await server();
    const line = await startLine(productionEnv(port, extra as Record<string, string>));
    expect(line).toMatchObject({ level: 50, msg: `mail server 127.0.0.1:${port} ${cause(port)}`, user: 'portal' });
    expect(JSON.stringify(line)).not.toContain(USERS.portal);
  }, 90_000);
});

describe('an outage and a return, with two instances', () => {
  it('the mail queued while the server was away arrives after it returns, each once, whatever each mail’s own wait', async () => {
    const outageDatabase = await freshDatabase();
    const db = createDatabase(outageDatabase, 2);
    databases.push(db);
    const listener = await listening({ users: USERS, tls: certificate });
    const env = productionEnv(listener.port, { DATABASE_URL: outageDatabase, MAIL_CYCLE_SECONDS: '2' });
    const instances = await Promise.all([startServer(env), startServer(env)]);
    running.push(...instances);
    await listener.stop();

    const ids: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const application = await fileApplication(db);
      await db('applications').where({ id: application.id }).update({ answers: { ...application.answers, contact: { email: `outage-${index}@example.com`, preferredLanguage: 'az' } } });
      await queueNotice(db, { kind: 'submitted', eventKey: `submitted:${application.id}`, applicationId: application.id });
      ids.push((await db('outbox').where({ application_id: application.id }).first())!.id);
    }
    // The instances meet the outage.
    await until(async () => (await db('mail_server').first())!.state === 'unreachable' || undefined, 'a round to meet the outage');
    // As after hours away: each mail's own next attempt is far off.
    await db('outbox').whereIn('id', ids).update({ next_attempt_at: db.raw(`now() + interval '5 hours'`) });

    await listener.start();
    await until(() => (listener.received.length >= 6 ? true : undefined), 'the six mails');
    // A round or two more: nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(listener.received.map((mail) => mail.messageId).sort()).toEqual(ids.map((id) => `<notice-${id}@e-xidmet.example.az>`).sort());
    expect(await db('outbox').whereIn('id', ids).whereNull('sent_at')).toEqual([]);
    const said = instances.flatMap(lines);
    expect(said.filter((line) => line.msg.includes('answers again')).length).toBe(1);
    expect(said.filter((line) => line.msg === 'notices sent').reduce((sum, line) => sum + Number(line.sent), 0)).toBe(6);
    for (const instance of instances) {
      const exited = instance.exited();
      instance.child.kill('SIGTERM');
      expect((await exited).code).toBe(0);
    }
  }, 120_000);
});
