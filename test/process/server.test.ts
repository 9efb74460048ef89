import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { startClamd } from '../support/clamd.js';
import { freshDatabase } from '../support/fresh-database.js';
import { parse } from '../support/html.js';
import { startServer } from '../support/server-process.js';
import { PRODUCTION_ENV } from '../support/production.js';

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
    const first = await startServer({ DATA_DIR: dataDir }, port);

    // Development on an empty database: one demo officer per role, printed once, able to sign in.
    const demo = [...first.output().matchAll(/^\s+(officer|supervisor|admin)\s+(\S+@demo\.migration\.test)\s+(\S+)$/gm)];
    expect(demo.map((match) => match[1])).toEqual(['officer', 'supervisor', 'admin']);
    expect(logLines(first.output()).filter((line) => /virus scanner/.test(String(line.msg)))).toEqual([
      expect.objectContaining({ level: 40, msg: 'no virus scanner (CLAMD_SOCKET unset): uploaded files are kept marked "not scanned"' }),
    ]);
    const officer = supertest.agent(base);
    const signIn = await officer.get('/backoffice/sign-in').expect(200);
    await officer
      .post('/backoffice/sign-in')
      .type('form')
      .send({ email: demo[0]![2], password: demo[0]![3], _csrf: parse(signIn)('input[name="_csrf"]').attr('value') })
      .expect(303);
    await officer.get('/backoffice/queue').expect(200);

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
    const exited = first.exited();
    first.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    const { code, ms } = await exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    const second = await startServer({ DATA_DIR: dataDir }, port);
    expect(second.output()).not.toContain('@demo.migration.test');
    try {
      const resumed = parse(await agent.get('/services/registration-at-place-of-stay/apply/who-applies').expect(200));
      expect(resumed('input[value="hostOrganisation"]').attr('checked')).toBeDefined();
    } finally {
      const done = second.exited();
      second.child.kill('SIGINT');
      expect((await done).code).toBe(0);
    }
  }, 90_000);

  it('in production never makes demo officers, and names its virus scanner with its version', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-server-prod-'));
    await chmod(folder, 0o755);
    const clamd = await startClamd();
    const server = await startServer({ ...PRODUCTION_ENV, DATA_DIR: folder, CLAMD_SOCKET: clamd.socket });
    try {
      expect(server.output()).not.toContain('demo');
      // Said while the first pages are already served: a worker listens once the database is ready.
      await expect.poll(() => logLines(server.output()).find((line) => line.msg === 'virus scanner ready'), { timeout: 20_000 }).toMatchObject({ level: 30, scanner: `clamd at ${clamd.socket}`, version: expect.stringMatching(/^ClamAV \d/) });
      await supertest(server.base).get('/backoffice/sign-in').expect(200);
    } finally {
      const done = server.exited();
      server.child.kill('SIGTERM');
      await done;
      await rm(folder, { recursive: true, force: true });
      await clamd.close();
    }
  }, 90_000);

  it('starts with its scanner out of reach, saying so in one error line with the cause', async () => {
    const missing = path.join(dataDir, 'no-clamd.sock');
    const server = await startServer({ DATABASE_URL: await freshDatabase(), SESSION_SECRET: 's'.repeat(40), CLAMD_SOCKET: missing });
    try {
      const lines = logLines(server.output()).filter((line) => /virus scanner/.test(String(line.msg)));
      expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'virus scanner out of reach: uploads are refused until it answers', scanner: `clamd at ${missing}` })]);
      expect(String(lines[0]!.cause)).toContain('ENOENT');
      await supertest(server.base).get('/').expect(200);
    } finally {
      const done = server.exited();
      server.child.kill('SIGTERM');
      await done;
    }
  }, 90_000);
});

/** The JSON lines of a server's log. */
function logLines(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}
