/**
 * The back-office part of `npm run bench`: the queue's first page, a later keyset page, a search
 * by name and by document number, and a case page, each at 10,000 and at 1,000,000 applications
 * (BENCH_BACKOFFICE_SIZES), through real HTTP to the portal in its own process. Reports p95 (of
 * every response, not an estimate) and the ratio of the largest size's p95 to the smallest's,
 * then the plans PostgreSQL chose for the queue and search queries at the largest size.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createOfficer } from '../../src/backoffice/officers/repository.js';
import { filterOf, readQueueParams } from '../../src/backoffice/queues/routes.js';
import { queueQuery } from '../../src/backoffice/queues/query.js';
import { SERVICES } from '../../src/catalogue/index.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { createDatabase, type Database } from '../../src/db/knex.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { todayInBaku } from '../../src/forms/dates.js';
import { seedApplications } from '../../src/seed/applications.js';
import { databaseUrlFor } from '../support/database-url.js';
import { WireBrowser } from '../support/wire.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SIZES = (process.env.BENCH_BACKOFFICE_SIZES ?? '10000,1000000').split(',').map(Number);
// As many requests at once as the machine has cores (a back-office of a hundred officers, each opening a page every
// few seconds, asks fewer); BENCH_BACKOFFICE_CONNECTIONS=4 shows the queueing behind them.
const CONNECTIONS = Number(process.env.BENCH_BACKOFFICE_CONNECTIONS ?? Math.max(2, os.availableParallelism()));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const PASSWORD = 'bench-officer-passphrase-2026';

interface Measured {
  page: string;
  p50: number;
  p95: number;
  perSecond: number;
  errors: number;
}

function startPortal(databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(HERE, 'app-server.ts'), { execArgv: ['--import', 'tsx'], env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`app-server exited with ${code}`)));
  });
}

/** Every response's time, so p95 is read from all of them rather than from a histogram's buckets. */
async function measure(port: number, page: string, pathname: string, cookie: string): Promise<Measured> {
  const times: number[] = [];
  await autocannon({ url: `http://127.0.0.1:${port}${pathname}`, connections: CONNECTIONS, duration: 1, headers: { cookie, 'accept-encoding': 'gzip, br' } });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `http://127.0.0.1:${port}${pathname}`, connections: CONNECTIONS, duration: SECONDS, headers: { cookie, 'accept-encoding': 'gzip, br' } }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(times.length * share))] ?? 0;
  return { page, p50: at(0.5), p95: at(0.95), perSecond: result.requests.average, errors: result.errors + result.non2xx };
}

async function signIn(port: number, email: string): Promise<WireBrowser> {
  const browser = new WireBrowser(port);
  const answer = await browser.answer('/backoffice/sign-in', { email, password: PASSWORD });
  if (answer.status !== 303) throw new Error(`sign-in answered ${answer.status}`);
  return browser;
}

async function pagesAt(db: Database, port: number, email: string): Promise<Measured[]> {
  const browser = await signIn(port, email);
  let later = '/backoffice/queue';
  for (let page = 0; page < 4; page += 1) {
    const html = (await browser.get(later)).body.toString();
    later = /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? later;
  }
  const sample = (await db('applications').whereIn('status', ['in_review', 'submitted']).orderBy('submitted_at', 'desc').first('reference', 'document_number'))!;
  const pages = [
    ['queue, first page', '/backoffice/queue'],
    ['queue, 5th page (keyset)', later],
    ['search by name', `/backoffice/queue?q=${encodeURIComponent('Məmmədova Aysel')}&status=all`],
    ['search by document number', `/backoffice/queue?q=${sample.document_number}&status=all`],
    ['case page', `/backoffice/cases/${sample.reference}`],
  ] as const;
  const rows: Measured[] = [];
  for (const [name, pathname] of pages) rows.push(await measure(port, name, pathname, browser.cookie));
  return rows;
}

async function plans(db: Database, officerId: string): Promise<string> {
  const services = SERVICES.filter((service) => service.kind === 'application').map((service) => service.id);
  const today = todayInBaku(new Date());
  const cases: [string, Record<string, string>][] = [
    ['queue, first page', {}],
    ['search by name', { q: 'Məmmədova Aysel', status: 'all' }],
    ['search by document number', { q: 'A12345678', status: 'all' }],
  ];
  const out: string[] = [];
  for (const [name, query] of cases) {
    const built = queueQuery(db, filterOf(readQueueParams(query, services), services, today), officerId)!.limit(51).toSQL();
    const { rows } = await db.raw<{ rows: { 'QUERY PLAN': string }[] }>(`explain (analyze, buffers) ${built.sql}`, built.bindings as never);
    out.push(`-- ${name}\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`);
  }
  return out.join('\n\n');
}

export async function benchBackoffice(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-bench-bo-'));
  await chmod(folder, 0o755);
  let serverUrl = process.env.DATABASE_URL;
  let stop = async () => undefined as void;
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({ directory: path.join(folder, 'pg'), persistent: false });
    serverUrl = server.connectionString('postgres');
    stop = server.stop;
  }
  const results = new Map<number, Measured[]>();
  let lastPlans = '';
  try {
    for (const size of SIZES) {
      const name = `sms_bench_backoffice_${size}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${name}"`);
      await admin.query(`create database "${name}"`);
      await admin.end();
      const url = databaseUrlFor(serverUrl, name);
      const db = createDatabase(url, 4);
      await migrateToLatest(db);
      const seeded = performance.now();
      await seedApplications(db, size);
      console.error(`[bench] ${size} applications seeded in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);
      // A database just filled would vacuum and checkpoint while being measured: done first, as a live one has long done.
      await db.raw('vacuum analyze applications');
      await db.raw('vacuum analyze application_events');
      await db.raw('checkpoint').catch(() => undefined);
      const services = SERVICES.filter((service) => service.kind === 'application').map((service) => service.id);
      const officer = await createOfficer(db, { email: `bench-${size}@sms.test`, name: 'Bench Supervisor', role: 'supervisor', services, password: PASSWORD, mustChange: false });
      const portal = await startPortal(url);
      results.set(size, await pagesAt(db, portal.port, officer.email));
      portal.child.send('stop');
      await new Promise((resolve) => portal.child.once('exit', resolve));
      lastPlans = await plans(db, officer.id);
      await db.destroy();
    }
  } finally {
    await stop();
    await rm(folder, { recursive: true, force: true });
  }
  const first = SIZES[0]!;
  const last = SIZES[SIZES.length - 1]!;
  console.log(`\nBack-office at ${SIZES.map((size) => size.toLocaleString('en')).join(' and ')} applications, ${CONNECTIONS} connections, ${SECONDS} s a page\n`);
  console.log(`| page | ${SIZES.map((size) => `p50 / p95 ms at ${size.toLocaleString('en')} | req/s`).join(' | ')} | p95 ratio | errors |`);
  console.log(`|---|${SIZES.map(() => '---:|---:').join('|')}|---:|---:|`);
  const pages = results.get(first)!.map((row) => row.page);
  for (const page of pages) {
    const cells = SIZES.map((size) => {
      const row = results.get(size)!.find((candidate) => candidate.page === page)!;
      return `${row.p50.toFixed(0)} / ${row.p95.toFixed(0)} | ${row.perSecond.toFixed(0)}`;
    });
    const small = results.get(first)!.find((row) => row.page === page)!;
    const large = results.get(last)!.find((row) => row.page === page)!;
    const errors = SIZES.reduce((sum, size) => sum + results.get(size)!.find((row) => row.page === page)!.errors, 0);
    console.log(`| ${page} | ${cells.join(' | ')} | ${(large.p95 / Math.max(1, small.p95)).toFixed(2)} | ${errors} |`);
  }
  console.log(`\nPlans at ${last.toLocaleString('en')} applications (EXPLAIN ANALYZE, BUFFERS):\n\n${lastPlans}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchBackoffice().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
