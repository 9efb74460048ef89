import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newReference } from '../../src/applications/reference.js';
import { newResumeCode } from '../../src/forms/resume/codes.js';
import { newPaymentNumber } from '../../src/payments/numbers.js';
import { LIMITS } from '../../src/security/limits.js';
import { csrfTokenFrom } from '../support/html.js';
import { applyPath, dateFields } from '../support/journey.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The address every limit counts by is the one TRUST_PROXY makes it: with no proxy trusted, the
 * socket's; with one, what that proxy wrote last. Before: production trusted one hop whoever sent
 * it, so a new X-Forwarded-For per request walked around every limit (150 of 150 tracking lookups,
 * 1,000 of 1,000 permit checks, 100 of 100 drafts).
 */
interface Door {
  name: string;
  path: string;
  /** How many one address may try, as published. */
  limit: number;
  /** The form of the n-th try: each names another record, so only the limit per address can stop it. */
  fields: (n: number) => Record<string, string>;
}

const BIRTH = dateFields('dateOfBirth', '1990-03-27');
const DOORS: Door[] = [
  { name: 'tracking an application', path: '/track', limit: LIMITS.trackPerAddress.attempts, fields: () => ({ reference: newReference(), identifier: 'dateOfBirth', ...BIRTH }) },
  { name: 'checking a permit', path: '/verify', limit: LIMITS.verifyPerAddress.attempts, fields: (n) => ({ method: 'permitNumber', permitNumber: `MYI${260_000_000 + n}`, ...BIRTH }) },
  { name: 'beginning a form', path: `${applyPath('registration-at-place-of-stay')}/who-applies`, limit: LIMITS.startDraft.attempts, fields: () => ({ applicantType: 'foreigner' }) },
  { name: 'opening saved answers', path: '/resume', limit: LIMITS.resumePerAddress.attempts, fields: () => ({ resumeCode: newResumeCode(), identifier: 'dateOfBirth', ...BIRTH }) },
  { name: 'finding a fee', path: '/payments', limit: LIMITS.feeLookupPerAddress.attempts, fields: () => ({ paymentNumber: newPaymentNumber() }) },
  { name: 'checking a registration', path: '/services/registration-status/check', limit: LIMITS.statusCheckPerAddress.attempts, fields: (n) => ({ documentNumber: `P${7_100_000 + n}`, citizenship: 'TR', ...BIRTH }) },
  {
    name: 'checking for a travel ban',
    path: '/services/travel-ban-check/check',
    limit: LIMITS.banCheckPerAddress.attempts,
    fields: (n) => ({ surname: 'Məmmədova', givenNames: 'Şəhla', citizenship: 'TR', documentNumber: `P${7_200_000 + n}`, ...BIRTH }),
  },
  { name: 'an officer signing in', path: '/backoffice/sign-in', limit: LIMITS.signInPerAddress.attempts, fields: (n) => ({ email: `nobody-${n}@sms.test`, password: 'not-the-password-at-all' }) },
];

/** One try from a new browser, as a script makes it, with the X-Forwarded-For it chooses (or none). */
async function attempt(app: TestApp, door: Door, n: number, forwardedFor?: string): Promise<number> {
  const agent = app.agent();
  const page = await agent.get(`${door.path}?lang=en`);
  const post = agent.post(door.path).type('form');
  if (forwardedFor !== undefined) post.set('X-Forwarded-For', forwardedFor);
  return (await post.send({ ...door.fields(n), _csrf: csrfTokenFrom(page) })).status;
}

/** Tries one more time than the limit allows; the statuses, in order. */
async function overTheLimit(door: Door, apps: TestApp[], forwardedFor: (n: number) => string | undefined): Promise<number[]> {
  const statuses: number[] = [];
  for (let n = 0; n <= door.limit; n += 1) statuses.push(await attempt(apps[n % apps.length]!, door, n, forwardedFor(n)));
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
  return statuses;
}

const refusedAt = (statuses: number[]) => statuses.indexOf(429) + 1;
/** A new address per try, in the documentation ranges. */
const anotherAddress = (n: number) => `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}`;

let plain: TestApp;
let plainSecond: TestApp;
let proxied: TestApp;
let proxiedSecond: TestApp;
beforeAll(async () => {
  plain = await startTestApp({ limits: LIMITS });
  // A second instance on the same database, as behind a load balancer.
  plainSecond = await startTestApp({ limits: LIMITS, databaseUrl: plain.databaseUrl });
  // Behind a proxy on this machine: the tests' requests come from 127.0.0.1, as a local proxy's would.
  proxied = await startTestApp({ limits: LIMITS, databaseUrl: plain.databaseUrl, env: { TRUST_PROXY: 'loopback' } });
  proxiedSecond = await startTestApp({ limits: LIMITS, databaseUrl: plain.databaseUrl, env: { TRUST_PROXY: '127.0.0.1, ::1' } });
});
afterAll(async () => {
  for (const app of [proxiedSecond, proxied, plainSecond, plain]) await app?.close();
});
beforeEach(async () => {
  await plain.db('rate_limits').delete();
});

describe('no proxy trusted (TRUST_PROXY unset): the socket is the client', () => {
  it.each(DOORS.map((door) => [door.name, door] as const))('%s: a forged X-Forwarded-For changes nothing; the limit is met at the same count', async (_name, door) => {
    const honest = await overTheLimit(door, [plain], () => undefined);
    expect(refusedAt(honest)).toBe(door.limit + 1);
    await plain.db('rate_limits').delete();
    const forged = await overTheLimit(door, [plain], anotherAddress);
    expect(refusedAt(forged)).toBe(door.limit + 1);
    // Counted under the socket's address, never under one the client wrote.
    const keys = (await plain.db('rate_limits').select('key')).map((row) => row.key as string);
    expect(keys.some((key) => key.endsWith(':ip:127.0.0.1'))).toBe(true);
    expect(keys.some((key) => key.includes('198.51.'))).toBe(false);
  });

  it('two instances on one database count one client together, whatever it writes', async () => {
    const door = DOORS[0]!;
    const statuses = await overTheLimit(door, [plain, plainSecond], anotherAddress);
    expect(refusedAt(statuses)).toBe(door.limit + 1);
  });
});

describe('behind a trusted proxy (TRUST_PROXY=loopback): the address the proxy wrote', () => {
  const door = DOORS[1]!;

  it('each client the proxy names is counted on its own, and one client meets its limit', async () => {
    const many = await overTheLimit(door, [proxied], anotherAddress);
    expect(many).not.toContain(429);
    const one = await overTheLimit(door, [proxied], () => '203.0.113.7');
    expect(refusedAt(one)).toBe(door.limit + 1);
  });

  it('what a client wrote before the proxy appended its address is not read', async () => {
    // The client sends its own X-Forwarded-For; the proxy appends the address it really came from.
    const statuses = await overTheLimit(door, [proxied], (n) => `${anotherAddress(n)}, 203.0.113.8`);
    expect(refusedAt(statuses)).toBe(door.limit + 1);
  });

  it('an IPv6 client is counted by its /64, the block its holder can choose any address of', async () => {
    const statuses = await overTheLimit(door, [proxied], (n) => `2001:db8:7:9:${(n + 1).toString(16)}::1`);
    expect(refusedAt(statuses)).toBe(door.limit + 1);
  });

  it('two instances behind the proxy count one client together', async () => {
    const statuses = await overTheLimit(door, [proxied, proxiedSecond], () => '203.0.113.9');
    expect(refusedAt(statuses)).toBe(door.limit + 1);
    await plain.db('rate_limits').delete();
    expect(await overTheLimit(door, [proxied, proxiedSecond], anotherAddress)).not.toContain(429);
  });
});
