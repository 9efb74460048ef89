/**
 * `npm run bench`: each page of the portal through real HTTP, from this process, against the
 * portal in a process of its own and a bare Node server (another process) serving the very same
 * bytes from memory; the two alternate, round after round, in one run. Reported as the ratio of
 * the portal's requests per second to the bare server's, with the portal's p99 latency. Then the
 * rate of whole submissions (check answers POSTed, applications made), the weight of a first and
 * a later visit, and how long `npm start` takes on an unchanged checkout; then the back-office
 * (backoffice.ts) at 10,000 and 1,000,000 applications. Loopback only, bounded.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../../src/db/embedded.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { benchBackoffice } from './backoffice.js';
import { answerRegistration, REGISTRATION_APPLY, request, tokenOf, uploadRegistrationDocuments, WireBrowser } from '../support/wire.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 60);
/** As a browser asks: compressed if the server compresses. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd', accept: 'text/html' };

function start(script: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(HERE, script), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function load(port: number, pathname: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({ url: `http://127.0.0.1:${port}${pathname}`, connections: CONNECTIONS, duration: SECONDS, headers });
}

interface Row {
  page: string;
  bytes: number;
  portal: number;
  bare: number;
  p99: number;
  bareP99: number;
  errors: number;
}

async function measurePages(app: number, bare: { child: ChildProcess; port: number }, cookie: string): Promise<Row[]> {
  const pages = [
    { name: 'home (18 services)', path: '/', headers: { ...BROWSER, cookie: 'lang=en' } },
    { name: 'service page', path: '/services/work-permit', headers: { ...BROWSER, cookie: 'lang=ru' } },
    { name: 'form step (session + draft)', path: `${REGISTRATION_APPLY}/identity`, headers: { ...BROWSER, cookie } },
    { name: 'check answers (session + draft)', path: `${REGISTRATION_APPLY}/check`, headers: { ...BROWSER, cookie } },
  ];
  const rows: Row[] = [];
  for (const page of pages) {
    const sample = await request(app, 'GET', page.path, page.headers);
    if (sample.status !== 200) throw new Error(`${page.path} answered ${sample.status}`);
    const headers = Object.fromEntries(Object.entries(sample.headers).filter(([name]) => name !== 'date' && name !== 'set-cookie'));
    await new Promise<void>((resolve) => {
      bare.child.once('message', () => resolve());
      bare.child.send({ status: sample.status, headers, body: sample.body.toString('base64') });
    });
    await load(app, page.path, page.headers); // warm up
    const row: Row = { page: page.name, bytes: sample.body.length, portal: 0, bare: 0, p99: 0, bareP99: 0, errors: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      const measured = await load(app, page.path, page.headers);
      const baseline = await load(bare.port, page.path, page.headers);
      row.portal += measured.requests.average / ROUNDS;
      row.bare += baseline.requests.average / ROUNDS;
      row.p99 = Math.max(row.p99, measured.latency.p99);
      row.bareP99 = Math.max(row.bareP99, baseline.latency.p99);
      row.errors += measured.errors + measured.non2xx;
    }
    rows.push(row);
  }
  return rows;
}

/** Whole submissions: drafts made ready first, then every check-answers POST, 10 at a time. */
async function measureSubmissions(port: number): Promise<{ perSecond: number; failed: number }> {
  const ready: { browser: WireBrowser; token: string }[] = [];
  for (let index = 0; index < SUBMISSIONS; index += 1) {
    const browser = new WireBrowser(port);
    await answerRegistration(browser);
    await uploadRegistrationDocuments(browser);
    ready.push({ browser, token: tokenOf(await browser.get(`${REGISTRATION_APPLY}/check`)) });
  }
  const started = performance.now();
  let failed = 0;
  for (let index = 0; index < ready.length; index += 10) {
    await Promise.all(
      ready.slice(index, index + 10).map(async ({ browser, token }) => {
        const sent = await browser.send('POST', `${REGISTRATION_APPLY}/check`, { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ _csrf: token }).toString());
        if (sent.status !== 303 || !sent.headers.location?.endsWith('/confirmation')) failed += 1;
      }),
    );
  }
  return { perSecond: (ready.length / (performance.now() - started)) * 1000, failed };
}

/** Bytes over the wire for a first visit of the home page (the page and all it links to) and a later page. */
async function measureWeight(port: number): Promise<{ firstVisit: number; laterPage: number }> {
  const home = await request(port, 'GET', '/', { ...BROWSER, cookie: 'lang=az' });
  const html = (await request(port, 'GET', '/', { 'accept-encoding': 'identity', cookie: 'lang=az' })).body.toString();
  const linked = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
  let firstVisit = home.body.length;
  for (const asset of new Set(linked)) {
    const raw = await request(port, 'GET', asset, BROWSER);
    firstVisit += raw.body.length;
    // The module imports govuk-frontend itself.
    const imported = /from '\.\/([^']+)'/.exec((await request(port, 'GET', asset, { 'accept-encoding': 'identity' })).body.toString())?.[1];
    if (imported) firstVisit += (await request(port, 'GET', `/assets/${imported}`, BROWSER)).body.length;
  }
  const later = await request(port, 'GET', '/services/temporary-residence-permit', { ...BROWSER, cookie: 'lang=az' });
  return { firstVisit, laterPage: later.body.length };
}

/** `npm start` on this (already built) checkout, to its first answer, with an embedded PostgreSQL of its own. */
async function measureStart(): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sms-bench-start-'));
  // Run as root, the embedded PostgreSQL runs as the postgres user, who must be able to enter it.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  // A first start makes the database (initdb); the second is what a developer waits for every day.
  let seconds = 0;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const started = performance.now();
    const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let errors = '';
    child.stderr!.on('data', (chunk) => (errors += chunk));
    let gone = false;
    child.once('exit', () => (gone = true));
    for (;;) {
      if (gone) throw new Error(`npm start exited before answering:\n${errors}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    seconds = (performance.now() - started) / 1000;
    const exited = new Promise((resolve) => (gone ? resolve(undefined) : child.once('exit', resolve)));
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await rm(dataDir, { recursive: true, force: true });
  return seconds;
}

async function main(): Promise<void> {
  const debug = (what: string) => process.env.BENCH_DEBUG && console.error(`[bench] ${what}`);
  const [app, bare] = await Promise.all([start('app-server.ts'), start('bare-server.ts')]);
  debug('started');
  const browser = new WireBrowser(app.port);
  await answerRegistration(browser);
  await uploadRegistrationDocuments(browser);
  debug('draft ready');
  const rows = await measurePages(app.port, bare, browser.cookie);
  debug('pages measured');
  const submissions = await measureSubmissions(app.port);
  debug('submissions measured');
  const weight = await measureWeight(app.port);
  app.child.send('stop');
  bare.child.send('stop');
  debug('weight measured');
  const startSeconds = await measureStart();

  console.log(`\n${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each, portal and bare server alternating\n`);
  console.log('| page | bytes sent | portal req/s | bare req/s | ratio | portal p99 ms | bare p99 ms | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.page} | ${row.bytes} | ${row.portal.toFixed(0)} | ${row.bare.toFixed(0)} | ${(row.portal / row.bare).toFixed(2)} | ${row.p99.toFixed(0)} | ${row.bareP99.toFixed(0)} | ${row.errors} |`);
  }
  console.log(`\nsubmissions (check answers POSTed, 10 at a time): ${submissions.perSecond.toFixed(1)}/s, ${submissions.failed} failed of ${SUBMISSIONS}`);
  console.log(`first visit of the home page (page, CSS, scripts, icon, compressed): ${(weight.firstVisit / 1024).toFixed(1)} KB; a later page: ${(weight.laterPage / 1024).toFixed(1)} KB`);
  console.log(`npm start on an unchanged checkout, to its first answer: ${startSeconds.toFixed(1)} s`);
  if (process.env.BENCH_BACKOFFICE !== '0') await benchBackoffice();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
