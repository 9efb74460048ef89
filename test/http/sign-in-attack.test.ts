import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate, generateSecret } from 'otplib';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { LIMITS } from '../../src/security/limits.js';
import { csrfTokenFrom, errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { makeOfficer, PASSWORD } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The attack of issue 16: anyone who knew an officer's email could shut them out of the
 * back-office, five wrong passwords locking the account and ten tries in 15 minutes refusing even
 * the right password. Here thousands of failures come from a hundred addresses, some with forged
 * X-Forwarded-For values in front of the one the proxy wrote; then the officers sign in.
 * Behind a proxy on this machine (TRUST_PROXY=loopback), so each request's address is what the proxy says.
 */
let t: TestApp;
/** One server for the thousands of requests, rather than one per request. */
let server: Server;
let browserOf: () => Agent;
let now = new Date('2026-11-24T08:00:00Z');
let plain: OfficerRow;
let withCode: OfficerRow;
let secret: string;
let plainBrowser: Agent;
let codeBrowser: Agent;
const OFFICE = '192.0.2.10';

beforeAll(async () => {
  t = await startTestApp({ clock: () => now, limits: LIMITS, env: { TRUST_PROXY: 'loopback' } });
  server = createServer(t.app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browserOf = () => supertest.agent(base);
  plain = await makeOfficer(t.db);
  withCode = await makeOfficer(t.db);
  secret = generateSecret();
  await t.db('officers').where({ id: withCode.id }).update({ totp_secret: secret, totp_enabled: true });
  // Each has signed in before, from the office, in their own browser.
  plainBrowser = browserOf();
  expect((await signInFrom(plainBrowser, OFFICE, plain.email)).headers.location).toBe('/backoffice');
  codeBrowser = browserOf();
  expect((await signInFrom(codeBrowser, OFFICE, withCode.email)).headers.location).toBe('/backoffice/sign-in/code');
  expect((await codeFrom(codeBrowser, OFFICE, await nextCode())).headers.location).toBe('/backoffice');
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** A code of the officer's app, a step after the last one used (a code is never accepted twice). */
async function nextCode(): Promise<string> {
  now = new Date(now.getTime() + 30_000);
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}

async function signInFrom(agent: Agent, forwardedFor: string, email: string, password = PASSWORD) {
  const page = await agent.get('/backoffice/sign-in?lang=en').set('X-Forwarded-For', forwardedFor);
  return agent.post('/backoffice/sign-in').set('X-Forwarded-For', forwardedFor).type('form').send({ email, password, _csrf: csrfTokenFrom(page) });
}

async function codeFrom(agent: Agent, forwardedFor: string, code: string) {
  const page = await agent.get('/backoffice/sign-in/code?lang=en').set('X-Forwarded-For', forwardedFor);
  return agent.post('/backoffice/sign-in/code').set('X-Forwarded-For', forwardedFor).type('form').send({ code, _csrf: csrfTokenFrom(page) });
}

const ADDRESSES = 100;
const TRIES_PER_ACCOUNT = 10;

describe('thousands of failed sign-ins on two officers from a hundred addresses', () => {
  const seen = new Map<string, number>();

  it('the attacker gets the same refusal every time and is never signed in', { timeout: 600_000 }, async () => {
    const attacker = async (index: number) => {
      const real = `198.51.100.${index + 1}`;
      const browser = browserOf();
      let token: string | undefined;
      for (let attempt = 0; attempt < TRIES_PER_ACCOUNT; attempt += 1) {
        for (const officer of [plain, withCode]) {
          // Half of them write an address of their own before the one the proxy appends.
          const forwardedFor = attempt % 2 ? `10.${index}.${attempt}.7, ${real}` : real;
          token ??= csrfTokenFrom(await browser.get('/backoffice/sign-in?lang=en').set('X-Forwarded-For', forwardedFor));
          const answer = await browser.post('/backoffice/sign-in').set('X-Forwarded-For', forwardedFor).type('form').send({ email: officer.email, password: `guess-${index}-${attempt}`, _csrf: token });
          const what = answer.status === 303 ? `303 ${answer.headers.location}` : String(answer.status);
          seen.set(what, (seen.get(what) ?? 0) + 1);
          // Sent on to the code, the session is a new one, with a token of its own.
          if (answer.status === 303) token = undefined;
        }
      }
    };
    // Eight at a time, as many machines would.
    for (let start = 0; start < ADDRESSES; start += 8) await Promise.all(Array.from({ length: Math.min(8, ADDRESSES - start) }, (_, offset) => attacker(start + offset)));

    const failures = await t.db('audit_log').where({ action: 'sign-in-refused' }).count<{ count: string }[]>('* as count');
    expect(Number(failures[0]!.count)).toBeGreaterThanOrEqual(2 * ADDRESSES * TRIES_PER_ACCOUNT);
    // Refused with the same page, or (once the account is under attack from new clients) sent on to the code,
    // whatever the password: never signed in, never a 500, never a limit that the officer would meet too.
    expect([...seen.keys()].sort()).toEqual(['303 /backoffice/sign-in/code', '400']);
    expect(await t.db('audit_log').where({ action: 'sign-in' }).whereIn('officer_id', [plain.id, withCode.id])).toHaveLength(2);
  });

  it('what the attacker learns: the same page for every password, and a code it cannot give', async () => {
    const browser = browserOf();
    const address = '203.0.113.66';
    for (const password of ['another-guess-entirely', PASSWORD]) {
      const answer = await signInFrom(browser, address, plain.email, password);
      expect(answer.headers.location).toBe('/backoffice/sign-in/code');
      const page = await browser.get('/backoffice/sign-in/code?lang=en').set('X-Forwarded-For', address).expect(200);
      expect(page.text).toContain('data-guarded');
      const code = await codeFrom(browser, address, '123456');
      expect(code.status).toBe(400);
      expect(errorSummary(parse(code))[0]!.text).toContain('The code is wrong or has expired');
    }
    // Even the officer's right password with a code that is not theirs opens nothing.
    expect((await signInFrom(browser, address, withCode.email)).headers.location).toBe('/backoffice/sign-in/code');
    expect((await codeFrom(browser, address, '000000')).status).toBe(400);
    await browser.get('/backoffice/queue').set('X-Forwarded-For', address).expect(303);
    // An address that tried too often waits: there, the right password is refused like any other.
    const tried = browserOf();
    const refused = await signInFrom(tried, '198.51.100.1', plain.email);
    expect(refused.status).toBe(400);
    expect(errorSummary(parse(refused))[0]!.text).toContain('The email address or password is wrong.');
  });

  it('the officer\'s own browser signs in with the right password, from an address the attacker never used', async () => {
    const answer = await signInFrom(plainBrowser, '203.0.113.50', plain.email);
    expect(answer.headers.location).toBe('/backoffice');
    expect(textOf(parse(await plainBrowser.get('/backoffice/queue?lang=en').set('X-Forwarded-For', '203.0.113.50').expect(200)), 'h1')).toBe('Applications');
  });

  it('a new browser signs in from the office, an address the officer signed in from before', async () => {
    expect((await signInFrom(browserOf(), OFFICE, plain.email)).headers.location).toBe('/backoffice');
  });

  it('the officer with two-step sign-in signs in from a new browser and a new address with the password and the code', async () => {
    const browser = browserOf();
    const address = '203.0.113.51';
    expect((await signInFrom(browser, address, withCode.email)).headers.location).toBe('/backoffice/sign-in/code');
    expect((await codeFrom(browser, address, await nextCode())).headers.location).toBe('/backoffice');
    await browser.get('/backoffice/queue').set('X-Forwarded-For', address).expect(200);
    // And from their own browser, anywhere, as on any day.
    expect((await signInFrom(codeBrowser, '203.0.113.52', withCode.email)).headers.location).toBe('/backoffice/sign-in/code');
    expect((await codeBrowser.get('/backoffice/sign-in/code?lang=en').set('X-Forwarded-For', '203.0.113.52')).text).not.toContain('data-guarded');
    expect((await codeFrom(codeBrowser, '203.0.113.52', await nextCode())).headers.location).toBe('/backoffice');
  });

  it('without two-step sign-in, a new browser at a new address is asked for the code and told where to sign in instead', async () => {
    const browser = browserOf();
    expect((await signInFrom(browser, '203.0.113.53', plain.email)).headers.location).toBe('/backoffice/sign-in/code');
    const page = parse(await browser.get('/backoffice/sign-in/code?lang=en').set('X-Forwarded-For', '203.0.113.53').expect(200));
    expect(textOf(page, '[data-guarded]')).toContain('sign in from a computer or network you have signed in from before');
  });

  it('a day later, the attack over, a new browser at a new address signs in with the password alone', async () => {
    now = new Date(now.getTime() + 25 * 60 * 60_000);
    expect((await signInFrom(browserOf(), '203.0.113.54', plain.email)).headers.location).toBe('/backoffice');
  });
});
