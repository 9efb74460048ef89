import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { parse } from '../support/html.js';
import { startServer } from '../support/server-process.js';

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

  it('in production never makes demo officers', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-server-prod-'));
    await chmod(folder, 0o755);
    const server = await startServer({ DATA_DIR: folder, NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), PAYMENT_PROVIDER: 'none' });
    try {
      expect(server.output()).not.toContain('demo');
      await supertest(server.base).get('/backoffice/sign-in').expect(200);
    } finally {
      const done = server.exited();
      server.child.kill('SIGTERM');
      await done;
      await rm(folder, { recursive: true, force: true });
    }
  }, 90_000);
});
