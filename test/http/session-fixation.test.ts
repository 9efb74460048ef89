import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/knex.js';
import { createLogger } from '../../src/logger.js';
import { registrationSteps } from '../fixtures/services.js';
import { parse, submitForm, type Agent } from '../support/html.js';
import { answerStep } from '../support/journey.js';
import { APPLY } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { PRODUCTION_ENV } from '../support/production.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const cookiesOf = (response: { headers: Record<string, unknown> }) => ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []);
const sessionCookieOf = (response: { headers: Record<string, unknown> }) => cookiesOf(response).find((cookie) => /^(__Host-)?sms\.sid=/.test(cookie))?.split(';')[0];

/** The surname the victim types, and where the attacker would read it: the step's own page. */
const SURNAME = 'Qurbanova';

async function attackerSession(): Promise<string> {
  // Any session of the attacker's own will do: here, one that began a form of another service.
  const attacker = t.agent();
  const began = await submitForm(attacker, '/services/work-permit/apply/exemptions', { workerExemptions: 'none', action: 'continue' });
  expect(began.status).toBe(303);
  const cookie = sessionCookieOf(began);
  expect(cookie).toBeDefined();
  return cookie!;
}

/** A browser holding the cookie the attacker planted (through a shared computer, a subdomain or a link of a careless proxy). */
function plantedBrowser(cookie: string): Agent {
  const victim = t.agent();
  victim.jar.setCookie(cookie, '127.0.0.1', '/');
  return victim;
}

describe('session fixation: a session id planted in the victim’s browser', () => {
  it('does not read the answers of the draft the victim begins in it, and the victim goes on to the end of the form', async () => {
    const planted = await attackerSession();
    const victim = plantedBrowser(planted);
    const steps = registrationSteps('foreigner');
    // The victim begins a form and types a name.
    for (const step of steps.slice(0, 2)) await answerStep(victim, APPLY, step.step === 'identity' ? { ...step, fields: { ...step.fields, surname: SURNAME } } : step);

    // The attacker, still holding the planted id, opens the step the victim answered.
    const attacker = supertest(t.app);
    const read = await attacker.get(`${APPLY}/identity`).set('Cookie', planted);
    expect(read.text).not.toContain(SURNAME);
    expect(read.status).toBe(303);
    expect(read.headers.location).toBe('/services/registration-at-place-of-stay?expired=1');

    // The victim is unaffected: the answers are there, and the rest of the form goes on to the check page.
    const identity = parse(await victim.get(`${APPLY}/identity`).expect(200));
    expect(identity('#surname').val()).toBe(SURNAME);
    for (const step of steps.slice(2)) await answerStep(victim, APPLY, step);
    await victim.get(`${APPLY}/check`).expect(200);
  });
});

describe('the production session cookie', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'sms-tls-'));
  let server: Server;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // A certificate of the test's own, so the app is reached over TLS as a browser reaches it in production.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', path.join(folder, 'key.pem'), '-out', path.join(folder, 'cert.pem')], { stdio: 'ignore' });
    const config = parseConfig({ ...PRODUCTION_ENV, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' });
    const db = createDatabase(t.databaseUrl, 2);
    const sessionPool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    const app = createApp({ config, db, sessionPool, logger: createLogger('silent') });
    server = createServer({ key: readFileSync(path.join(folder, 'key.pem')), cert: readFileSync(path.join(folder, 'cert.pem')) }, app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await sessionPool.end();
      await db.destroy();
    };
  });
  afterAll(async () => {
    await close?.();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is __Host- prefixed: Secure, Path=/, no Domain, HttpOnly; and so is the form token’s', async () => {
    const browser = supertest.agent(base).disableTLSCerts();
    const page = await browser.get('/services/work-permit/apply/exemptions').set('Accept-Language', 'en').expect(200);
    const token = parse(page)('input[name="_csrf"]').val() as string;
    const answered = await browser.post('/services/work-permit/apply/exemptions').type('form').send({ _csrf: token, workerExemptions: 'none', action: 'continue' }).expect(303);
    const cookies = [...cookiesOf(page), ...cookiesOf(answered)].filter((cookie) => !cookie.startsWith('lang='));
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const cookie of cookies) {
      const [pair, ...attributes] = cookie.split(/;\s*/);
      expect(pair).toMatch(/^__Host-/);
      expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure']));
      expect(attributes.some((attribute) => /^domain=/i.test(attribute))).toBe(false);
    }
    expect(cookies.some((cookie) => cookie.startsWith('__Host-sms.sid='))).toBe(true);
  });
});
