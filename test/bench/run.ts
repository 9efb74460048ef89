/**
 * `npm run bench`: each page of the portal through real HTTP, from this process, against the
 * portal in a process of its own and a bare Node server (another process) serving the very same
 * bytes from memory; the two alternate, round after round, in one run. Reported as the ratio of
 * the portal's requests per second to the bare server's, with the portal's p99 latency. Then the
 * rate of whole submissions (check answers POSTed, applications made). Loopback only, bounded.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 60);
/** As a browser asks: compressed if the server compresses. */
const ACCEPT = { 'accept-encoding': 'gzip, deflate, br', accept: 'text/html' };

function start(script: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(HERE, script), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request as it goes over the wire: the bytes exactly as sent, compressed or not. */
function request(port: number, method: string, pathname: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const sent = http.request({ host: '127.0.0.1', port, method, path: pathname, headers: { ...headers, ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
      });
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

function cookieOf(raw: Raw, jar = ''): string {
  const set = raw.headers['set-cookie'];
  if (!set) return jar;
  const fresh = set.split(/,(?=\s*\w+=)/).map((cookie) => cookie.split(';')[0]!.trim());
  const names = new Set(fresh.map((cookie) => cookie.split('=')[0]));
  return [...jar.split('; ').filter((cookie) => cookie && !names.has(cookie.split('=')[0])), ...fresh].join('; ');
}

function token(raw: Raw): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(raw.body.toString());
  if (!match) throw new Error(`No form token (status ${raw.status})`);
  return match[1]!;
}

/** A session whose draft is answered up to (not including) the documents step of a registration. */
async function sessionWithDraft(port: number): Promise<string> {
  const apply = '/services/registration-at-place-of-stay/apply';
  let cookie = 'lang=en';
  const answer = async (step: string, fields: Record<string, string>) => {
    const page = await request(port, 'GET', `${apply}/${step}`, { cookie });
    cookie = cookieOf(page, cookie);
    const sent = await request(port, 'POST', `${apply}/${step}`, { cookie }, new URLSearchParams({ ...fields, _csrf: token(page) }).toString());
    cookie = cookieOf(sent, cookie);
    if (sent.status !== 303) throw new Error(`${step} answered ${sent.status}`);
  };
  await answer('who-applies', { applicantType: 'hostOrganisation' });
  await answer('identity', { surname: 'Məmmədova', givenNames: 'Şəhla', 'dateOfBirth-day': '27', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990', sex: 'female', citizenship: 'TR', placeOfBirth: 'İstanbul' });
  await answer('travel-document', { documentNumber: 'U12345678', documentCountry: 'TR', 'documentIssueDate-day': '15', 'documentIssueDate-month': '6', 'documentIssueDate-year': '2020', 'documentExpiryDate-day': '14', 'documentExpiryDate-month': '6', 'documentExpiryDate-year': '2034' });
  const today = new Date();
  const entry = new Date(today.getTime() - 2 * 86_400_000);
  const leave = new Date(today.getTime() + 20 * 86_400_000);
  await answer('entry', { 'entryDate-day': String(entry.getUTCDate()), 'entryDate-month': String(entry.getUTCMonth() + 1), 'entryDate-year': String(entry.getUTCFullYear()), purpose: 'tourism', visaType: 'visaFree', 'departureDate-day': String(leave.getUTCDate()), 'departureDate-month': String(leave.getUTCMonth() + 1), 'departureDate-year': String(leave.getUTCFullYear()) });
  await answer('address', { city: 'baku', street: 'Nizami küçəsi', building: '10' });
  await answer('host-organisation', { organisationName: 'Qafqaz Hotel MMC', organisationTaxNumber: '1234567890', organisationPhone: '012 555 55 55', organisationConsent: 'yes' });
  await answer('contact', { email: 'bench@example.az', phone: '050 123 45 67', preferredLanguage: 'en' });
  return cookie;
}

/** The documents step answered with one PDF, so the draft can be sent. */
async function uploadPassport(port: number, cookie: string): Promise<void> {
  const url = '/services/registration-at-place-of-stay/apply/documents';
  const page = await request(port, 'GET', url, { cookie });
  const boundary = 'benchboundary';
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token(page)}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\ncontinue\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="passportPagesWithVisa"; filename="passport.pdf"\r\nContent-Type: application/pdf\r\n\r\n${pdf}\r\n--${boundary}--\r\n`;
  const sent = await new Promise<number>((resolve, reject) => {
    const upload = http.request({ host: '127.0.0.1', port, method: 'POST', path: url, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    upload.on('error', reject);
    upload.end(body);
  });
  if (sent !== 303) throw new Error(`documents answered ${sent}`);
}

async function load(port: number, pathname: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({ url: `http://127.0.0.1:${port}${pathname}`, connections: CONNECTIONS, duration: SECONDS, headers });
}

interface Row {
  page: string;
  bytes: number;
  portal: number;
  bare: number;
  p99: number;
  errors: number;
}

async function main(): Promise<void> {
  const [app, bare] = await Promise.all([start('app-server.ts'), start('bare-server.ts')]);
  const draftCookie = await sessionWithDraft(app.port);
  const pages: { name: string; path: string; headers: Record<string, string> }[] = [
    { name: 'home (18 services)', path: '/', headers: { ...ACCEPT, cookie: 'lang=en' } },
    { name: 'service page', path: '/services/work-permit', headers: { ...ACCEPT, cookie: 'lang=ru' } },
    { name: 'form step (session + draft)', path: '/services/registration-at-place-of-stay/apply/identity', headers: { ...ACCEPT, cookie: draftCookie } },
    { name: 'task list (session + draft)', path: '/services/registration-at-place-of-stay/apply', headers: { ...ACCEPT, cookie: draftCookie } },
  ];
  const rows: Row[] = [];
  for (const page of pages) {
    const sample = await request(app.port, 'GET', page.path, page.headers);
    if (sample.status !== 200) throw new Error(`${page.path} answered ${sample.status}`);
    const headers = Object.fromEntries(Object.entries(sample.headers).filter(([name]) => name !== "date"));
    await new Promise<void>((resolve) => {
      bare.child.once('message', () => resolve());
      bare.child.send({ status: sample.status, headers, body: sample.body.toString('base64') });
    });
    await load(app.port, page.path, page.headers); // warm up
    let portal = 0;
    let floor = 0;
    let p99 = 0;
    let errors = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const measured = await load(app.port, page.path, page.headers);
      const baseline = await load(bare.port, page.path, page.headers);
      portal += measured.requests.average / ROUNDS;
      floor += baseline.requests.average / ROUNDS;
      p99 = Math.max(p99, measured.latency.p99);
      errors += measured.errors + measured.non2xx;
    }
    rows.push({ page: page.name, bytes: sample.body.length, portal, bare: floor, p99, errors });
  }

  // Whole submissions: drafts made ready first, then every check-answers POST at once, 10 at a time.
  const ready: { cookie: string; token: string }[] = [];
  for (let index = 0; index < SUBMISSIONS; index += 1) {
    const cookie = await sessionWithDraft(app.port);
    await uploadPassport(app.port, cookie);
    const check = await request(app.port, 'GET', '/services/registration-at-place-of-stay/apply/check', { cookie });
    ready.push({ cookie, token: token(check) });
  }
  const started = performance.now();
  let failed = 0;
  for (let index = 0; index < ready.length; index += 10) {
    await Promise.all(
      ready.slice(index, index + 10).map(async ({ cookie, token: csrf }) => {
        const sent = await request(app.port, 'POST', '/services/registration-at-place-of-stay/apply/check', { cookie }, new URLSearchParams({ _csrf: csrf }).toString());
        if (sent.status !== 303 || !sent.headers.location?.endsWith('/confirmation')) failed += 1;
      }),
    );
  }
  const submissionsPerSecond = (ready.length / (performance.now() - started)) * 1000;

  console.log(`\n${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each, portal and bare server alternating\n`);
  console.log(`${'page'.padEnd(30)} ${'bytes'.padStart(7)} ${'portal req/s'.padStart(13)} ${'bare req/s'.padStart(11)} ${'ratio'.padStart(6)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)}`);
  for (const row of rows) {
    console.log(
      `${row.page.padEnd(30)} ${String(row.bytes).padStart(7)} ${row.portal.toFixed(0).padStart(13)} ${row.bare.toFixed(0).padStart(11)} ${(row.portal / row.bare).toFixed(2).padStart(6)} ${row.p99.toFixed(0).padStart(7)} ${String(row.errors).padStart(7)}`,
    );
  }
  console.log(`\nsubmissions (check answers POSTed, 10 at a time): ${submissionsPerSecond.toFixed(1)}/s, ${failed} failed of ${ready.length}`);
  app.child.send('stop');
  bare.child.send('stop');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
