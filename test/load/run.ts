/**
 * `npm run loadtest`: a crowd on loopback. LOADTEST_USERS (200) people at once for LOADTEST_SECONDS
 * (60), each over and over either filing a whole registration (every step, a document, sending,
 * the confirmation) or looking at pages. Then it reads the database: every reference a
 * confirmation page showed exists exactly once, and no application lacks its first event. Reports
 * requests per second, latency percentiles, errors and the app's peak memory (RSS).
 * Bounded in time and requests; loopback only; the app runs in its own process (test/bench/app-server.ts).
 * LOADTEST_PROFILE=<folder> writes the app's CPU profile there, to see where a crowd's time goes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { normaliseReference } from '../../src/applications/reference.js';
import { answerRegistration, sendRegistration, uploadRegistrationDocuments, WireBrowser, type Raw } from '../support/wire.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const USERS = Math.min(Number(process.env.LOADTEST_USERS ?? 200), 1000);
const SECONDS = Math.min(Number(process.env.LOADTEST_SECONDS ?? 60), 600);
const MAX_REQUESTS = Number(process.env.LOADTEST_MAX_REQUESTS ?? 500_000);
/** Of every hundred visits, how many file a whole application; the rest read pages. */
const JOURNEY_SHARE = Number(process.env.LOADTEST_JOURNEY_SHARE ?? 0.2);
const PAGES = ['/', '/services/work-permit', '/services/registration-at-place-of-stay', '/services/temporary-residence-permit', '/resume', '/cookies'];
const LANGUAGES = ['az', 'en', 'ru'];
const WORKERS = Number(process.env.LOADTEST_WORKERS ?? os.availableParallelism());
/**
 * The mean time, in ms, a person takes before each visit and before sending each form (drawn evenly
 * from 0 to twice it). 0, the default, makes the crowd click again the moment a page arrives: the
 * machine is then always full, and the wait is set by its speed alone (the ceiling line below).
 */
const PAUSE_MS = Math.max(0, Number(process.env.LOADTEST_PAUSE_MS ?? 0));
/** All the people's pauses, in ms, added up. */
let pausedMs = 0;
function pause(): Promise<void> {
  if (PAUSE_MS === 0) return Promise.resolve();
  const ms = Math.random() * 2 * PAUSE_MS;
  pausedMs += ms;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function startApp(): Promise<{ child: ChildProcess; port: number; databaseUrl: string }> {
  // With the heap limit `npm start` gives the portal (package.json), so its memory is what production's would be.
  const child = fork(path.join(HERE, '..', 'bench', 'app-server.ts'), {
    execArgv: ['--import', 'tsx', '--max-old-space-size=128', ...(process.env.LOADTEST_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOADTEST_PROFILE}`] : [])],
    env: { ...process.env, WORKERS: String(WORKERS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number; databaseUrl: string }) => resolve({ child, ...message }));
    child.once('exit', (code) => reject(new Error(`the app exited with ${code}`)));
  });
}

function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0; // gone
  }
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // gone
  }
}

/** A process and all it started, with their command names. */
function descendants(pid: number): { pid: number; command: string }[] {
  const children = read(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);
  return [{ pid, command: read(`/proc/${pid}/comm`).trim() }, ...children.flatMap(descendants)];
}

/** The app's Node processes: the one started here and, in a cluster, its workers (not its PostgreSQL). */
function appProcesses(root: number): number[] {
  return descendants(root).flatMap(({ pid, command }) => (command === 'node' ? [pid] : []));
}

/**
 * CPU seconds spent so far by the app's Node processes, its virus scanner and its PostgreSQL (with the connections
 * that already ended, which their server has counted as its children's). On a machine shared with
 * others, CPU per request says what the clock cannot.
 */
function cpuSeconds(root: number): { node: number; postgres: number; scanner: number } {
  const spent = { node: 0, postgres: 0, scanner: 0 };
  for (const { pid, command } of descendants(root)) {
    const fields = read(`/proc/${pid}/stat`).split(') ')[1]?.split(' ') ?? [];
    // utime, stime, cutime, cstime, in clock ticks (100 a second)
    const [user, system, childrenUser, childrenSystem] = [11, 12, 13, 14].map((index) => Number(fields[index] ?? 0) / 100);
    if (command === 'node') spent.node += user! + system!;
    if (command === 'postgres') spent.postgres += user! + system! + childrenUser! + childrenSystem!;
    if (command === 'clamd') spent.scanner += user! + system!;
  }
  return spent;
}

/** A request's kind: its path with what differs per visit (a step's form token, a reference) left out. */
function kindOf(pathname: string): string {
  const [route] = pathname.split('?');
  return route!.startsWith('/services/') && route!.includes('/apply/') ? route!.replace(/^\/services\/[^/]+\/apply\//, 'a step: ') : route!;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

async function main(): Promise<void> {
  const app = await startApp();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let failures = 0;
  const failureKinds = new Map<string, number>();
  const references: string[] = [];
  let journeysStarted = 0;
  const byKind = new Map<string, number[]>();
  const observe = (method: string, pathname: string, raw: Raw) => {
    latencies.push(raw.ms);
    const kind = `${method} ${kindOf(pathname)}`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), raw.ms]);
    statuses.set(raw.status, (statuses.get(raw.status) ?? 0) + 1);
  };
  const peakRss = new Map<number, number>();
  const sample = () => {
    for (const pid of appProcesses(app.child.pid!)) peakRss.set(pid, Math.max(peakRss.get(pid) ?? 0, rssMb(pid)));
  };
  sample();
  const sampler = setInterval(sample, 250);
  const cpuBefore = cpuSeconds(app.child.pid!);
  const crowdBefore = process.cpuUsage();

  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const user = async (index: number) => {
    while (performance.now() < deadline && latencies.length < MAX_REQUESTS) {
      const browser = new WireBrowser(app.port, observe, LANGUAGES[index % LANGUAGES.length]);
      browser.filling = pause;
      await pause();
      if (performance.now() >= deadline) break;
      try {
        if (Math.random() < JOURNEY_SHARE) {
          journeysStarted += 1;
          await answerRegistration(browser);
          await uploadRegistrationDocuments(browser);
          references.push(await sendRegistration(browser));
        } else {
          await browser.get(PAGES[Math.floor(Math.random() * PAGES.length)]!);
        }
      } catch (error) {
        failures += 1;
        const kind = String((error as Error).message).replace(/\d+/g, 'N');
        failureKinds.set(kind, (failureKinds.get(kind) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: USERS }, (_, index) => user(index)));
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const cpuAfter = cpuSeconds(app.child.pid!);
  const crowdSpent = process.cpuUsage(crowdBefore);

  // What the database holds after the crowd has gone.
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  const counts = await client.query<{ reference: string; count: string }>(
    'select reference, count(*) from applications where reference = any($1) group by reference',
    [references.map((reference) => normaliseReference(reference))],
  );
  const foundOnce = counts.rows.filter((row) => Number(row.count) === 1).length;
  const withoutEvent = await client.query<{ count: string }>(
    'select count(*) from applications a where not exists (select 1 from application_events e where e.application_id = a.id)',
  );
  const total = await client.query<{ count: string }>('select count(*) from applications');
  await client.end();
  app.child.send('stop');

  const sorted = latencies.sort((a, b) => a - b);
  const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  const pacing = PAUSE_MS > 0 ? `, pausing ${PAUSE_MS} ms on average before each visit and each form sent` : ', each clicking again the moment a page arrives';
  console.log(`\n${USERS} users for ${elapsed.toFixed(0)} s on loopback${pacing}, ${(JOURNEY_SHARE * 100).toFixed(0)}% of visits filing a whole registration\n`);
  console.log(`requests       ${sorted.length} (${(sorted.length / elapsed).toFixed(0)}/s)`);
  console.log(`latency ms     p50 ${percentile(sorted, 50).toFixed(1)}  p95 ${percentile(sorted, 95).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${percentile(sorted, 100).toFixed(0)}`);
  // Where the tail is: the kinds of request whose p95 is highest.
  const kinds = [...byKind].map(([kind, times]) => ({ kind, times: times.sort((a, b) => a - b) })).sort((a, b) => percentile(b.times, 95) - percentile(a.times, 95));
  for (const { kind, times } of kinds.slice(0, 6)) {
    console.log(`  ${kind.padEnd(30)} ${String(times.length).padStart(6)}×  p50 ${percentile(times, 50).toFixed(0)}  p95 ${percentile(times, 95).toFixed(0)}  p99 ${percentile(times, 99).toFixed(0)} ms`);
  }
  console.log(`statuses       ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ')}`);
  console.log(`5xx            ${serverErrors}`);
  console.log(`failed visits  ${failures}${failureKinds.size ? ` (${[...failureKinds].map(([kind, count]) => `${count}× ${kind}`).join('; ')})` : ''}`);
  console.log(`journeys       ${journeysStarted} begun, ${references.length} confirmed`);
  console.log(`database       ${foundOnce} of ${references.length} confirmed references found exactly once; ${total.rows[0]!.count} applications; ${withoutEvent.rows[0]!.count} without their first event`);
  const peaks = [...peakRss].map(([pid, mb]) => `${pid === app.child.pid ? (WORKERS > 1 ? 'primary' : 'app') : 'worker'} ${mb.toFixed(0)}`);
  const perRequest = (spent: number) => ((spent / Math.max(1, latencies.length)) * 1000).toFixed(1);
  const spent = {
    node: cpuAfter.node - cpuBefore.node,
    postgres: cpuAfter.postgres - cpuBefore.postgres,
    scanner: cpuAfter.scanner - cpuBefore.scanner,
    crowd: (crowdSpent.user + crowdSpent.system) / 1e6,
  };
  // A DATABASE_URL's server is not the app's child: its CPU is not counted, and the ceiling below is too high by as much.
  const postgres = process.env.DATABASE_URL ? 'not counted (DATABASE_URL)' : `${perRequest(spent.postgres)} ms`;
  console.log(
    `CPU/request    Node ${perRequest(spent.node)} ms, PostgreSQL ${postgres}, clamd ${perRequest(spent.scanner)} ms, the crowd itself ${perRequest(spent.crowd)} ms (load average ${os.loadavg()[0]!.toFixed(1)})`,
  );
  // Little's law for a crowd that asks again as soon as it is answered: the mean wait is the crowd over the rate,
  // and the rate cannot pass the cores over the CPU a request takes on this machine, the crowd's share included.
  // People who pause spend that time off the machine: the floor is lower by their pause per request, and nothing once they pause longer.
  const ceiling = (os.availableParallelism() * latencies.length) / (spent.node + spent.postgres + spent.scanner + spent.crowd);
  const floorMs = Math.max(0, (USERS / ceiling) * 1000 - pausedMs / Math.max(1, latencies.length));
  console.log(`ceiling        at most ${ceiling.toFixed(0)} requests/s with every core busy, so a mean wait of at least ${floorMs.toFixed(0)} ms for ${USERS} people (mean measured ${(sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length)).toFixed(0)} ms)`);
  console.log(`app RSS        peak per process, MB: ${peaks.join(', ')} (${WORKERS} worker${WORKERS > 1 ? 's' : ''})`);
  // Nothing lost is not enough: a visit that failed (a refused upload, say) or a journey that never reached its
  // confirmation is a failure of the run too, or a broken step would pass as "0 lost of 0".
  const ok =
    serverErrors === 0 && failures === 0 && references.length > 0 && foundOnce === references.length && Number(withoutEvent.rows[0]!.count) === 0;
  console.log(ok ? '\nOK' : '\nFAILED');
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
