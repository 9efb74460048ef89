import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { parse } from '../support/html.js';

/** The real entry point, as `npm start` runs it, with its own embedded PostgreSQL. */
function startServer(dataDir: string, port: number): { child: ChildProcess; output: () => string } {
  let output = '';
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitUntilReady(base: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become ready:\n${output()}`);
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, ms: Date.now() - started })));
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sms-server-'));
  await chmod(dataDir, 0o755);
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  it('starts with an embedded PostgreSQL, serves, stops on SIGTERM, and keeps its data', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = startServer(dataDir, port);
    await waitUntilReady(base, first.output);

    const agent = supertest.agent(base);
    const home = await agent.get('/').expect(200);
    expect(parse(home)('html').attr('lang')).toBe('az');
    await agent.get('/healthz').expect(200);
    await agent.get('/services/registration-at-place-of-stay/start').expect(303);
    const page = await agent.get('/services/registration-at-place-of-stay/apply/who-applies').expect(200);
    const token = parse(page)('input[name="_csrf"]').attr('value')!;
    await agent.post('/services/registration-at-place-of-stay/apply/who-applies').type('form').send({ applicantType: 'hostOrganisation', _csrf: token }).expect(303);

    // A request in flight when SIGTERM arrives still gets its answer.
    // (supertest sends only when asked for the result, hence the then.)
    const inFlight = agent.get('/services/registration-at-place-of-stay/apply/who-applies').then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    const { code, ms } = await exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    const second = startServer(dataDir, port);
    try {
      await waitUntilReady(base, second.output);
      const resumed = parse(await agent.get('/services/registration-at-place-of-stay/apply/who-applies').expect(200));
      expect(resumed('input[value="hostOrganisation"]').attr('checked')).toBeDefined();
    } finally {
      const done = exitOf(second.child);
      second.child.kill('SIGINT');
      expect((await done).code).toBe(0);
    }
  }, 90_000);
});
