/**
 * `npm run bench`: each page of the portal through real HTTP, from this process, measured three
 * ways in one run, round after round: the portal; the framework floor (test/bench/app-server.ts with
 * BENCH_ROLE=floor: the app from the same factory, its middleware and session on PostgreSQL, answering
 * the page's captured bytes from memory); and a bare Node server sending the very same bytes. Reported
 * as requests per second, each ratio (portal/floor, floor/bare, portal/bare) and p99 latency. The
 * catalogue's pages are answered before Express by both portal and floor, so they are compared with
 * the bare server only. Then what compressing a dynamic page costs at each setting, the rate of whole
 * submissions (check answers POSTed, applications made) in one process and in a cluster, the weight of
 * a first and a later visit, and how long `npm start` takes to its first answer on an unchanged
 * checkout; then the back-office (backoffice.ts) at 10,000 and 1,000,000 applications. Loopback only, bounded.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { freePort } from '../../src/db/embedded.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { PRODUCTION_ENV } from '../support/production.js';
import type { CapturedPage } from './app-server.js';
import { benchBackoffice } from './backoffice.js';
import { answerRegistration, REGISTRATION_APPLY, request, tokenOf, uploadRegistrationDocuments, WireBrowser, type Raw } from '../support/wire.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
/** The cluster the submissions are also measured on, as production runs: one worker per core. */
const CLUSTER_WORKERS = Number(process.env.BENCH_WORKERS ?? os.availableParallelism());
/** As a browser asks: compressed if the server compresses. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd', accept: 'text/html' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface Server {
  child: ChildProcess;
  port: number;
  databaseUrl: string;
}

function start(script: string, env: Record<string, string> = {}): Promise<Server> {
  const child = fork(path.join(HERE, script), { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number; databaseUrl: string }) => resolve({ child, ...message }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function stop(server: Server): Promise<unknown> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.send('stop');
  return exited;
}

/** Gives a floor or bare server the page it is to answer, and waits until it has it. */
function teach(server: Server, page: CapturedPage): Promise<void> {
  return new Promise((resolve) => {
    server.child.once('message', () => resolve());
    // The bare server reads the answer's fields, the floor the page.
    server.child.send({ ...page, page });
  });
}

/** A person in the middle of a registration: each connection of the load is one, with its own session and draft. */
interface Person {
  cookie: string;
  token: string;
}

interface Page {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** The request each connection sends, as its person. */
  request: (person: Person) => { headers: Record<string, string>; body?: string };
  /** Catalogue pages: answered before Express by the portal and the floor alike. */
  catalogue?: boolean;
}

const IDENTITY = `${REGISTRATION_APPLY}/identity`;
const IDENTITY_ANSWERS = { surname: 'Məmmədova', givenNames: 'Şəhla', 'dateOfBirth-day': '27', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990', sex: 'female', citizenship: 'TR', placeOfBirth: 'İstanbul' };

const PAGES: Page[] = [
  { name: 'home (18 services)', method: 'GET', path: '/', request: () => ({ headers: { ...BROWSER, cookie: 'lang=en' } }), catalogue: true },
  { name: 'service page', method: 'GET', path: '/services/work-permit', request: () => ({ headers: { ...BROWSER, cookie: 'lang=ru' } }), catalogue: true },
  { name: 'form step GET', method: 'GET', path: IDENTITY, request: (person) => ({ headers: { ...BROWSER, cookie: person.cookie } }) },
  { name: 'check answers GET', method: 'GET', path: `${REGISTRATION_APPLY}/check`, request: (person) => ({ headers: { ...BROWSER, cookie: person.cookie } }) },
  {
    name: 'form step POST (303)',
    method: 'POST',
    path: IDENTITY,
    request: (person) => ({ headers: { ...BROWSER, ...FORM, cookie: person.cookie }, body: new URLSearchParams({ ...IDENTITY_ANSWERS, _csrf: person.token }).toString() }),
  },
];

function load(port: number, page: Page, people: Person[]): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}${page.path}`,
    method: page.method,
    connections: CONNECTIONS,
    duration: SECONDS,
    // Each connection is one person (its own cookie, form token and draft), not fifty tabs of one.
    setupClient: (client) => {
      const { headers, body } = page.request(people[next++ % people.length]!);
      client.setHeadersAndBody(headers, body);
    },
  });
}

interface Figures {
  rps: number;
  p99: number;
  errors: number;
}

interface Row {
  page: string;
  bytes: number;
  status: number;
  portal: Figures;
  floor?: Figures;
  bare: Figures;
}

function add(figures: Figures, result: autocannon.Result, expected: number): void {
  figures.rps += result.requests.average / ROUNDS;
  figures.p99 = Math.max(figures.p99, result.latency.p99);
  const right = expected === 303 ? result['3xx'] : result['2xx'];
  figures.errors += result.errors + result.timeouts + (result.requests.total - right > 0 ? result.requests.total - right : 0);
}

async function capture(app: Server, page: Page, person: Person): Promise<{ captured: CapturedPage; sample: Raw }> {
  const { headers, body } = page.request(person);
  const sample = await request(app.port, page.method, page.path, headers, body);
  const expected = page.method === 'POST' ? 303 : 200;
  if (sample.status !== expected) throw new Error(`${page.method} ${page.path} answered ${sample.status}`);
  const kept = Object.fromEntries(Object.entries(sample.headers).filter(([name]) => name !== 'date' && name !== 'set-cookie'));
  return { sample, captured: { method: page.method, path: page.path, status: sample.status, headers: kept, body: sample.body.toString('base64') } };
}

async function measurePages(app: Server, floor: Server, bare: Server, people: Person[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const page of PAGES) {
    const { captured, sample } = await capture(app, page, people[0]!);
    await teach(bare, captured);
    if (!page.catalogue) await teach(floor, captured);
    const servers = { portal: app, bare, ...(page.catalogue ? {} : { floor }) };
    const zero = (): Figures => ({ rps: 0, p99: 0, errors: 0 });
    const row: Row = { page: page.name, bytes: sample.body.length, status: sample.status, portal: zero(), bare: zero(), ...(page.catalogue ? {} : { floor: zero() }) };
    for (const server of Object.values(servers)) await load(server.port, page, people); // warm up
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, server] of Object.entries(servers)) add(row[name as 'portal']!, await load(server.port, page, people), sample.status);
    }
    rows.push(row);
  }
  return rows;
}

/** People with a registration answered up to check answers, each with the form token of the identity step. */
async function preparePeople(port: number, count: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let index = 0; index < count; index += 1) {
    const browser = new WireBrowser(port);
    await answerRegistration(browser);
    await uploadRegistrationDocuments(browser);
    const token = tokenOf(await browser.get(IDENTITY));
    people.push({ cookie: browser.cookie, token });
  }
  return people;
}

/**
 * What compressing a dynamic page costs, per page, at each setting the portal could choose: CPU time
 * (not the clock, which a busy machine stretches), the best of five passes.
 */
function measureCompression(html: Buffer): { setting: string; bytes: number; microseconds: number }[] {
  const window = { [constants.BROTLI_PARAM_LGWIN]: 18 };
  const settings: [string, (bytes: Buffer) => Buffer][] = [
    ['gzip 1', (bytes) => gzipSync(bytes, { level: 1 })],
    ['gzip 2', (bytes) => gzipSync(bytes, { level: 2 })],
    ['gzip 3', (bytes) => gzipSync(bytes, { level: 3 })],
    ['brotli 1', (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, ...window } })],
    ['brotli 4', (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, ...window } })],
  ];
  const times = 100;
  return settings.map(([setting, compress]) => {
    let best = Infinity;
    for (let pass = 0; pass < 5; pass += 1) {
      const started = process.cpuUsage();
      for (let index = 0; index < times; index += 1) compress(html);
      const used = process.cpuUsage(started);
      best = Math.min(best, (used.user + used.system) / times);
    }
    return { setting, bytes: compress(html).length, microseconds: best };
  });
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
        const sent = await browser.send('POST', `${REGISTRATION_APPLY}/check`, FORM, new URLSearchParams({ _csrf: token }).toString());
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
async function measureStart(env: Record<string, string>[]): Promise<number[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sms-bench-start-'));
  // Run as root, the embedded PostgreSQL runs as the postgres user, who must be able to enter it.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const once = async (extra: Record<string, string>) => {
    const started = performance.now();
    const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
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
    const seconds = (performance.now() - started) / 1000;
    const exited = new Promise((resolve) => (gone ? resolve(undefined) : child.once('exit', resolve)));
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return seconds;
  };
  // A first start makes the database (initdb); the later ones are what a developer waits for every day.
  await once({});
  const seconds: number[] = [];
  for (const extra of env) seconds.push(await once(extra));
  await rm(dataDir, { recursive: true, force: true });
  return seconds;
}

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (a / b).toFixed(2) : '–');

async function main(): Promise<void> {
  const debug = (what: string) => process.env.BENCH_DEBUG && console.error(`[bench] ${what}`);
  const load = os.loadavg();
  const [app, bare] = await Promise.all([start('app-server.ts'), start('bare-server.ts')]);
  const floor = await start('app-server.ts', { BENCH_ROLE: 'floor', DATABASE_URL: app.databaseUrl });
  debug('started');
  const people = await preparePeople(app.port, CONNECTIONS);
  debug('drafts ready');
  const rows = await measurePages(app, floor, bare, people);
  debug('pages measured');
  const compression = await Promise.all(
    [
      { page: 'form step', path: IDENTITY },
      { page: 'check answers', path: `${REGISTRATION_APPLY}/check` },
    ].map(async ({ page, path: pathname }) => {
      const html = (await request(app.port, 'GET', pathname, { cookie: people[0]!.cookie })).body;
      return { page, identity: html.length, sizes: measureCompression(html) };
    }),
  );
  // The pages above warmed the code of pages, not of sending: once to warm it, then measured, as the cluster's below.
  await measureSubmissions(app.port);
  const submissions = await measureSubmissions(app.port);
  const weight = await measureWeight(app.port);
  await Promise.all([stop(app), stop(floor), stop(bare)]);
  let clustered: { perSecond: number; failed: number } | undefined;
  if (CLUSTER_WORKERS > 1) {
    const many = await start('app-server.ts', { WORKERS: String(CLUSTER_WORKERS) });
    // Fresh workers run cold code; the single process above had minutes of pages to warm up on. Once to warm them.
    await measureSubmissions(many.port);
    clustered = await measureSubmissions(many.port);
    await stop(many);
  }
  debug('submissions measured');
  const loadAfter = os.loadavg();

  console.log(`\n${CONNECTIONS} connections (each a person with a session and a draft), ${ROUNDS} rounds of ${SECONDS} s each, portal, floor and bare server alternating`);
  console.log(`load average on this ${os.availableParallelism()}-core machine: ${load.map((figure) => figure.toFixed(1)).join(' ')} before, ${loadAfter.map((figure) => figure.toFixed(1)).join(' ')} after\n`);
  console.log('| page | bytes sent | portal req/s | floor req/s | bare req/s | portal/floor | floor/bare | portal/bare | p99 ms portal | floor | bare | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const { portal, floor: base, bare: raw } = row;
    console.log(
      `| ${row.page} | ${row.bytes} | ${portal.rps.toFixed(0)} | ${base ? base.rps.toFixed(0) : '–'} | ${raw.rps.toFixed(0)} | ${ratio(portal.rps, base?.rps)} | ${ratio(base?.rps, raw.rps)} | ${ratio(portal.rps, raw.rps)} | ${portal.p99.toFixed(0)} | ${base ? base.p99.toFixed(0) : '–'} | ${raw.p99.toFixed(0)} | ${portal.errors + (base?.errors ?? 0) + raw.errors} |`,
    );
  }
  console.log(`\ncompressing a dynamic page, per page (bytes, µs of CPU; ${compression[0]!.identity} and ${compression[1]!.identity} B as they are):`);
  for (const { page, sizes } of compression) console.log(`  ${page.padEnd(14)} ${sizes.map((size) => `${size.setting}: ${size.bytes} B ${size.microseconds.toFixed(0)} µs`).join(' | ')}`);
  console.log(`\nsubmissions (check answers POSTed, 10 at a time): one process ${submissions.perSecond.toFixed(1)}/s, ${submissions.failed} failed of ${SUBMISSIONS}`);
  if (clustered) console.log(`  ${CLUSTER_WORKERS} workers: ${clustered.perSecond.toFixed(1)}/s, ${clustered.failed} failed of ${SUBMISSIONS}`);
  console.log(`first visit of the home page (page, CSS, scripts, icon, compressed): ${(weight.firstVisit / 1024).toFixed(1)} KB; a later page: ${(weight.laterPage / 1024).toFixed(1)} KB`);
  // Measured after the figures above are printed, so that a start that fails does not take them with it.
  const [startOne, startCluster] = await measureStart([{}, { ...PRODUCTION_ENV, WORKERS: String(CLUSTER_WORKERS) }]);
  console.log(`npm start on an unchanged checkout, to its first answer: ${startOne!.toFixed(1)} s (development, one process); ${startCluster!.toFixed(1)} s (production, ${CLUSTER_WORKERS} workers)`);
  if (process.env.BENCH_BACKOFFICE !== '0') await benchBackoffice();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
