/**
 * By hand, as root, with Debian's exim4 installed (`apt-get install exim4-daemon-light`; its own daemon need not run):
 *
 *   OUTAGE_MINUTES=8 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/load/mail-outage.ts
 *
 * The portal in production (src/server.ts, rounds of MAIL_CYCLE_SECONDS, a minute unless set) relays through a
 * real Exim on 127.0.0.1:2587 (STARTTLS with a certificate trusted through SMTP_CA_FILE, a login offered only over
 * TLS, every recipient into a Maildir). The relay is stopped, two registrations are sent through the pages, the
 * relay stays down OUTAGE_MINUTES, then starts again: the script reports how long after its return each waiting
 * mail was in the Maildir, and that each arrived once. Loopback only; everything it starts, it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { selfSignedCertificate } from '../support/certificates.js';
import { startClamd } from '../support/clamd.js';
import { startServer } from '../support/server-process.js';
import { answerRegistration, sendRegistration, uploadRegistrationDocuments, WireBrowser, type Raw } from '../support/wire.js';
import { PRODUCTION_WITHOUT_MAIL } from '../support/production.js';

const OUTAGE_MS = Number(process.env.OUTAGE_MINUTES ?? 8) * 60_000;
const PORT = Number(process.env.PORT ?? 3108);
const RELAY_PORT = 2587;
const FOLDER = '/tmp/sms-mail-outage';
const MAILDIR = `${FOLDER}/Maildir/new`;
const PASSWORD = 'relay-secret-2026';
const started = Date.now();
const say = (...words: unknown[]) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s]`, ...words);

const EXIM_CONFIG = `
primary_hostname = relay.localhost
exim_user = Debian-exim
exim_group = Debian-exim
spool_directory = ${FOLDER}/spool
log_file_path = ${FOLDER}/log/%slog
daemon_smtp_ports = ${RELAY_PORT}
local_interfaces = 127.0.0.1
tls_advertise_hosts = *
tls_certificate = ${FOLDER}/cert.pem
tls_privatekey = ${FOLDER}/key.pem
acl_smtp_rcpt = acl_check_rcpt
begin acl
acl_check_rcpt:
  deny    message = relay not permitted
          !authenticated = *
  accept
begin routers
everyone:
  driver = accept
  transport = maildir
begin transports
maildir:
  driver = appendfile
  directory = ${FOLDER}/Maildir
  maildir_format
  create_directory
  user = Debian-exim
begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_advertise_condition = \${if def:tls_in_cipher}
  server_condition = \${if and {{eq{$auth2}{portal}}{eq{$auth3}{${PASSWORD}}}}}
  server_set_id = $auth2
`;

/** Production's cookies are Secure: the browser speaks to a TLS proxy in front of the portal, as in a real deployment. */
class BehindTlsProxy extends WireBrowser {
  override send(method: string, pathname: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Raw> {
    return super.send(method, pathname, { 'x-forwarded-proto': 'https', ...headers }, body);
  }
}

function relayAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(RELAY_PORT, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited in vain for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Message-IDs in the Maildir, each with how many copies arrived. */
function delivered(): Map<string, number> {
  const found = new Map<string, number>();
  for (const name of existsSync(MAILDIR) ? readdirSync(MAILDIR) : []) {
    const id = /^Message-ID:\s*(<[^>]+>)/im.exec(readFileSync(`${MAILDIR}/${name}`, 'utf8'))?.[1];
    if (id) found.set(id, (found.get(id) ?? 0) + 1);
  }
  return found;
}

function startRelay(): ChildProcess {
  return spawn('exim4', ['-C', `${FOLDER}/exim.conf`, '-bdf', '-q1m'], { stdio: 'ignore' });
}

for (const folder of ['', '/spool', '/log', '/Maildir']) mkdirSync(`${FOLDER}${folder}`, { recursive: true });
const certificate = selfSignedCertificate();
writeFileSync(`${FOLDER}/key.pem`, certificate.key, { mode: 0o600 });
copyFileSync(certificate.certFile, `${FOLDER}/cert.pem`);
writeFileSync(`${FOLDER}/exim.conf`, EXIM_CONFIG);
const [, uid, gid] = /^Debian-exim:x:(\d+):(\d+)/m.exec(readFileSync('/etc/passwd', 'utf8')) ?? [];
for (const file of ['', '/spool', '/log', '/Maildir', '/key.pem', '/cert.pem']) chownSync(`${FOLDER}${file}`, Number(uid), Number(gid));

if (await relayAnswers()) throw new Error(`something already listens on ${RELAY_PORT}`);
const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const admin = new pg.Client({ connectionString: server.toString() });
await admin.connect();
await admin.query('drop database if exists sms_mail_outage');
await admin.query('create database sms_mail_outage');
await admin.end();
server.pathname = '/sms_mail_outage';

// Uploads are scanned in production: a real clamd of the script's own.
const scanner = await startClamd();
process.on('exit', () => void scanner.close());
let relay = startRelay();
// Whatever happens next, what this script started stops with it.
process.on('exit', () => relay.kill('SIGTERM'));
await waitFor(relayAnswers, 10_000, 'the relay');
const portal = await startServer(
  {
    ...PRODUCTION_WITHOUT_MAIL,
    // The TLS proxy in front of the portal is on loopback: its X-Forwarded-Proto is believed, so Secure cookies are set.
    TRUST_PROXY: 'loopback',
    CLAMD_SOCKET: scanner.socket,
    DATABASE_URL: server.toString(),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(RELAY_PORT),
    SMTP_USER: 'portal',
    SMTP_PASS: PASSWORD,
    SMTP_CA_FILE: `${FOLDER}/cert.pem`,
    ...(process.env.MAIL_CYCLE_SECONDS ? { MAIL_CYCLE_SECONDS: process.env.MAIL_CYCLE_SECONDS } : {}),
  },
  PORT,
);
process.on('exit', () => portal.child.kill('SIGTERM'));
const readiness = async () => (await fetch(`${portal.base}/readyz`)).text();
try {
  await waitFor(() => portal.output().includes('"mail server '), 30_000, 'the start line');
  say('portal started:', /"msg":"(mail server [^"]+)"/.exec(portal.output())?.[1]);
  relay.kill('SIGTERM');
  await waitFor(async () => !(await relayAnswers()), 10_000, 'the relay to stop');
  const stoppedAt = Date.now();
  say('relay stopped');
  for (let index = 0; index < 2; index += 1) {
    const browser = new BehindTlsProxy(PORT);
    await answerRegistration(browser);
    await uploadRegistrationDocuments(browser);
    say('sent and confirmed', await sendRegistration(browser));
  }
  const db = new pg.Client({ connectionString: server.toString() });
  await db.connect();
  const waiting = (await db.query<{ id: string }>('select id from outbox where sent_at is null order by created_at')).rows.map((row) => `<notice-${row.id}@e-xidmet.example.az>`);
  await db.end();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
  say(`/readyz at the end of the outage:\n${await readiness()}`);

  relay = startRelay();
  await waitFor(relayAnswers, 10_000, 'the relay to return');
  const back = Date.now();
  say(`relay back after ${((back - stoppedAt) / 1000).toFixed(0)} s`);
  const arrived = new Map<string, number>();
  await waitFor(
    () => {
      const copies = delivered();
      for (const id of waiting) if (copies.has(id) && !arrived.has(id)) arrived.set(id, (Date.now() - back) / 1000);
      return arrived.size === waiting.length;
    },
    15 * 60_000,
    'the waiting mail',
  );
  for (const [id, seconds] of arrived) say(`${id} arrived ${seconds.toFixed(1)} s after the relay's return`);
  // A round more: nothing arrives twice.
  await new Promise((resolve) => setTimeout(resolve, 70_000));
  const copies = delivered();
  say('copies of each:', waiting.map((id) => copies.get(id)));
  say(`/readyz after:\n${await readiness()}`);
  say(`RESULT: outage ${((back - stoppedAt) / 1000).toFixed(0)} s, ${waiting.length} waiting mails, the last ${Math.max(...arrived.values()).toFixed(1)} s after the return`);
} finally {
  portal.child.kill('SIGTERM');
  await portal.exited();
  relay.kill('SIGTERM');
  await scanner.close();
  certificate.remove();
}
