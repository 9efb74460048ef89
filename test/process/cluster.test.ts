import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { newReference } from '../../src/applications/reference.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freePort } from '../../src/db/embedded.js';
import { freshDatabase } from '../support/fresh-database.js';
import { query, startServer, type ServerProcess } from '../support/server-process.js';
import { answerRegistration, expectStatus, REGISTRATION_APPLY, sendRegistration, tokenOf, uploadRegistrationDocuments, WireBrowser, type Raw } from '../support/wire.js';
import { shownReference } from '../support/html.js';

const running: ServerProcess[] = [];
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
});

async function cluster(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServer({ DATABASE_URL: databaseUrl, WORKERS: '2', ...env });
  running.push(server);
  // Ready as soon as one worker answers: wait for the other too.
  const deadline = Date.now() + 60_000;
  while (workerPids(server).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(workerPids(server)).toHaveLength(2);
  return server;
}

/** The log's JSON lines. */
function logLines(server: ServerProcess): Record<string, unknown>[] {
  return server
    .output()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return []; // a line still being written, or the demo accounts' text
      }
    });
}

/** Workers the primary saw listen, in order. */
function workerPids(server: ServerProcess): number[] {
  return logLines(server).flatMap((line) => (line.msg === 'worker listening' ? [line.worker as number] : []));
}

/** Which process answered each request, by the request id the app sent back and logged. */
function answeredBy(server: ServerProcess, requestIds: string[]): number[] {
  const byId = new Map(logLines(server).flatMap((line) => ((line.req as { id?: string } | undefined)?.id ? [[(line.req as { id: string }).id, line.pid as number]] : [])));
  return requestIds.map((id) => byId.get(id)!);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'identity' };
const CHECK = `${REGISTRATION_APPLY}/check`;

describe('a cluster of two workers (WORKERS=2)', () => {
  it('shares sessions and limits between its workers, and sums their figures on the metrics port only', { timeout: 180_000 }, async () => {
    const databaseUrl = await freshDatabase();
    const metricsPort = await freePort();
    const server = await cluster(databaseUrl, { METRICS_PORT: String(metricsPort) });
    // The start-up work is the primary's, done once: demo officers made and printed once.
    expect(server.output().match(/Demo back-office accounts/g)).toHaveLength(1);
    // Workers are forked before it, to load their code meanwhile, but none listens before it is done (the demo data is its last part).
    expect(server.output().indexOf('Portal listening')).toBeGreaterThan(server.output().indexOf('Demo back-office accounts'));
    // With fewer cores than processes, one core is left to the primary: the second worker starts once the first listens.
    const events = logLines(server).flatMap((line) => (line.msg === 'worker started' || line.msg === 'worker listening' ? [line.msg] : []));
    const atOnce = Math.min(2, Math.max(1, os.availableParallelism() - 1));
    expect(events).toEqual(atOnce === 1 ? ['worker started', 'worker listening', 'worker started', 'worker listening'] : ['worker started', 'worker started', 'worker listening', 'worker listening']);

    const requestIds: string[] = [];
    let posts = 0;
    const browser = new WireBrowser(server.port, (method, _path, raw) => {
      requestIds.push(raw.headers['x-request-id']!);
      if (method === 'POST' && raw.status === 303) posts += 1;
    });
    browser.newConnectionEach = true;
    await answerRegistration(browser);
    await uploadRegistrationDocuments(browser);
    const stepPosts = posts;
    const reference = await sendRegistration(browser);
    expect((await query<{ reference: string }>(databaseUrl, 'select reference from applications')).map((row) => row.reference)).toEqual([reference.replace(/-/g, '')]);
    // One journey, one session, answered by both workers.
    expect(new Set(answeredBy(server, requestIds))).toEqual(new Set(workerPids(server)));

    // Five tries of one code are allowed an hour, counted in PostgreSQL: the sixth is refused, whichever worker takes it.
    const code = newReference();
    const tries: string[] = [];
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const visitor = new WireBrowser(server.port, (_method, _path, raw) => tries.push(raw.headers['x-request-id']!));
      visitor.newConnectionEach = true;
      const raw = await visitor.answer('/resume', { resumeCode: code, identifier: 'dateOfBirth', 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '1990' });
      statuses.push(raw.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    expect(new Set(answeredBy(server, tries)).size).toBe(2);

    // The figures: never on the public port; on the metrics port, both workers' requests added up, by route pattern.
    expect((await fetch(`${server.base}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const stepCount = Number(/^http_request_duration_seconds_count\{method="POST",route="\/services\/:slug\/apply\/:step",status="303"\} (\d+)$/m.exec(metrics)?.[1]);
    expect(stepCount).toBe(stepPosts);
    expect(metrics).toMatch(/^portal_workers 2$/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    expect(metrics).not.toContain(reference.replace(/-/g, ''));

    server.child.kill('SIGTERM');
    expect((await server.exited()).code).toBe(0);
  });

  it('loses nothing when a worker is killed in the middle of sending applications: the client sends again, another worker answers, each application made once', { timeout: 240_000 }, async () => {
    const databaseUrl = await freshDatabase();
    const server = await cluster(databaseUrl);
    const browsers: WireBrowser[] = [];
    for (let index = 0; index < 16; index += 1) {
      const browser = new WireBrowser(server.port);
      await answerRegistration(browser);
      await uploadRegistrationDocuments(browser);
      browser.newConnectionEach = true;
      browsers.push(browser);
    }
    const tokens = await Promise.all(browsers.map(async (browser) => tokenOf(expectStatus(await browser.get(CHECK), 200, 'check'))));
    const [victim, survivor] = workerPids(server);

    // All sixteen press "Send" at once, spread over both workers; one worker dies as the first answer comes back.
    // A browser whose connection was cut sends the same form again, as a person pressing the button again would.
    const sendUntilAnswered = async (browser: WireBrowser, token: string): Promise<Raw> => {
      for (;;) {
        try {
          return await browser.send('POST', CHECK, FORM, new URLSearchParams({ _csrf: token }).toString());
        } catch {
          // cut off with its worker: sent again
        }
      }
    };
    const sends = browsers.map((browser, index) => sendUntilAnswered(browser, tokens[index]!));
    await Promise.race(sends);
    process.kill(victim!, 'SIGKILL');
    const answers = await Promise.all(sends);
    expect(answers.map((answer) => answer.status)).toEqual(browsers.map(() => 303));

    // The primary started another worker; the survivor never stopped.
    const deadline = Date.now() + 60_000;
    while (workerPids(server).length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(workerPids(server)).toHaveLength(3);
    expect(alive(survivor!)).toBe(true);
    expect(server.output()).toContain('worker died; starting another');

    const shown: string[] = [];
    for (const browser of browsers) {
      const confirmation = expectStatus(await browser.get(`${REGISTRATION_APPLY}/confirmation`), 200, 'confirmation');
      shown.push(shownReference(confirmation.body.toString())!.replace(/[^0-9A-Z]/g, ''));
    }
    const stored = await query<{ reference: string }>(databaseUrl, 'select reference from applications');
    expect(stored.map((row) => row.reference).sort()).toEqual([...shown].sort());
    expect(new Set(shown).size).toBe(16);
    const [orphans] = await query<{ count: string }>(databaseUrl, 'select count(*) from applications a where not exists (select 1 from application_events e where e.application_id = a.id)');
    expect(Number(orphans!.count)).toBe(0);

    server.child.kill('SIGTERM');
    expect((await server.exited()).code).toBe(0);
  });

  it('on SIGHUP replaces its workers one by one without refusing a request; on SIGTERM answers what is in flight and stops every process', { timeout: 180_000 }, async () => {
    const databaseUrl = await freshDatabase();
    const server = await cluster(databaseUrl);
    const first = workerPids(server);

    const browser = new WireBrowser(server.port);
    browser.newConnectionEach = true;
    expectStatus(await browser.answer(`${REGISTRATION_APPLY}/who-applies`, { applicantType: 'hostOrganisation' }), 303, 'who applies');
    const statuses: number[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) statuses.push((await browser.get(`${REGISTRATION_APPLY}/who-applies`)).status);
    })();
    server.child.kill('SIGHUP');
    const deadline = Date.now() + 90_000;
    while (!server.output().includes('workers replaced') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    reading = false;
    await reader;
    const replaced = workerPids(server).slice(2);
    expect(replaced).toHaveLength(2);
    expect(first.some(alive)).toBe(false);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));

    // A request in flight when SIGTERM arrives still gets its answer, and the draft it reads survived the new workers.
    const inFlight = browser.get(`${REGISTRATION_APPLY}/who-applies`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = server.exited();
    server.child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toMatch(/value="hostOrganisation" checked/);
    expect((await exited).code).toBe(0);
    expect(replaced.some(alive)).toBe(false);
  });

  it('gives up, stopping with 1, when its workers keep dying before they can listen (the port is taken)', { timeout: 180_000 }, async () => {
    const taken = net.createServer().listen(0);
    await new Promise((resolve) => taken.once('listening', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), WORKERS: '2', LOG_LEVEL: 'info', DATABASE_URL: await freshDatabase() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(output.match(/worker died; starting another/g)!.length).toBeGreaterThanOrEqual(4);
      expect(output).toContain('"msg":"stopped"');
    } finally {
      taken.close();
    }
  });
});
