import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/security/limits.js';
import { errorSummary, parse, submitForm, textOf } from '../support/html.js';
import { makeOfficer, PASSWORD, signIn } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let now = new Date('2026-11-24T08:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ clock: () => now, limits: LIMITS });
});
afterAll(async () => t.close());
// Every browser here comes from 127.0.0.1: each test starts with no tries counted from it.
beforeEach(async () => {
  await t.db('rate_limits').delete();
});

const sessionCookie = (cookies: string[] | string | undefined) => ([] as string[]).concat(cookies ?? []).find((cookie) => cookie.startsWith('sms.sid='))?.split(';')[0];

describe('signing in', () => {
  it('anonymous is sent to the sign-in page, and back to where they were going after it', async () => {
    const officer = await makeOfficer(t.db);
    const agent = t.agent();
    const refused = await agent.get('/backoffice/queue?status=all').expect(303);
    expect(refused.headers.location).toBe('/backoffice/sign-in?next=%2Fbackoffice%2Fqueue%3Fstatus%3Dall');
    const page = await agent.get(refused.headers.location!).expect(200);
    const token = parse(page)('input[name="_csrf"]').attr('value')!;
    const next = parse(page)('input[name="next"]').attr('value')!;
    const signedIn = await agent.post('/backoffice/sign-in').type('form').send({ email: officer.email.toUpperCase(), password: PASSWORD, next, _csrf: token }).expect(303);
    expect(signedIn.headers.location).toBe('/backoffice/queue?status=all');
    const queue = await agent.get('/backoffice/queue').expect(200);
    expect(queue.headers['cache-control']).toBe('no-store');
    expect(textOf(parse(queue), 'h1')).toBe('Applications');
    expect(await t.db('audit_log').where({ officer_id: officer.id, action: 'sign-in' })).toHaveLength(1);
  });

  it('never sends an officer to another site after signing in', async () => {
    const officer = await makeOfficer(t.db);
    const agent = t.agent();
    const page = await agent.get('/backoffice/sign-in');
    const token = parse(page)('input[name="_csrf"]').attr('value')!;
    for (const next of ['//evil.example/backoffice/', 'https://evil.example/', '/backoffice\\@evil']) {
      const answer = await agent.post('/backoffice/sign-in').type('form').send({ email: officer.email, password: PASSWORD, next, _csrf: token });
      if (answer.status === 303) expect(answer.headers.location).toBe('/backoffice');
      await agent.get('/backoffice/queue');
    }
  });

  it('issues a new session id at sign-in (no fixation) and another at sign-out', async () => {
    const officer = await makeOfficer(t.db);
    // Reading the page makes no session; the browser holds one of its own (a form begun), which sign-in must not keep.
    const agent = t.agent();
    const begun = await submitForm(agent, '/services/work-permit/apply/exemptions', { workerExemptions: 'none', action: 'continue' });
    const before = sessionCookie(begun.headers['set-cookie']);
    expect(before).toBeDefined();
    const page = await agent.get('/backoffice/sign-in');
    const token = parse(page)('input[name="_csrf"]').attr('value')!;
    const answer = await agent.post('/backoffice/sign-in').type('form').send({ email: officer.email, password: PASSWORD, _csrf: token }).expect(303);
    const after = sessionCookie(answer.headers['set-cookie']);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // The old id is worth nothing: a browser still holding it is not signed in.
    const stale = await t.agent().get('/backoffice/queue').set('Cookie', before!).expect(303);
    expect(stale.headers.location).toContain('/backoffice/sign-in');

    const queue = await agent.get('/backoffice/queue').expect(200);
    const out = await agent.post('/backoffice/sign-out').type('form').send({ _csrf: parse(queue)('input[name="_csrf"]').attr('value') }).expect(303);
    expect(out.headers.location).toBe('/backoffice/sign-in?reason=signedOut');
    expect(sessionCookie(out.headers['set-cookie'])).not.toBe(after);
    await agent.get('/backoffice/queue').expect(303);
    expect(await t.db('audit_log').where({ officer_id: officer.id, action: 'sign-out' })).toHaveLength(1);
  });

  it('answers an unknown email, a wrong password and a closed account with the very same words', async () => {
    const officer = await makeOfficer(t.db);
    const closed = await makeOfficer(t.db);
    await t.db('officers').where({ id: closed.id }).update({ active: false });
    const answers = [];
    for (const [email, password] of [
      ['nobody-here@sms.test', PASSWORD],
      [officer.email, 'wrong-password-entirely'],
      [closed.email, PASSWORD],
    ] as const) {
      const answer = await signIn(t.agent(), email, password);
      expect(answer.status).toBe(400);
      answers.push(errorSummary(parse(answer)));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]).toEqual(answers[2]);
    expect(answers[0]![0]!.text).toBe('The email address or password is wrong. After 5 wrong tries from one device, it has to wait before trying again, longer after each further wrong try.');
  });

  it('after 5 wrong passwords from one client, that client waits a minute, then twice as long after each further wrong try; nobody else waits', async () => {
    const officer = await makeOfficer(t.db);
    // The officer's own browser, which signed in before.
    const own = t.agent();
    expect((await signIn(own, officer.email)).status).toBe(303);
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await signIn(t.agent(), officer.email, 'not-the-password-123')).status).toBe(400);
    const waiting = await t.db('sign_in_failures').where('key', 'like', 'client:%').andWhere('locked_until', '>', now);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.locked_until.getTime()).toBe(now.getTime() + 60_000);
    // The client that must wait: even the right password is refused, with the same words as any mistake.
    const refused = await signIn(t.agent(), officer.email);
    expect(refused.status).toBe(400);
    expect(errorSummary(parse(refused))[0]!.text).toContain('The email address or password is wrong.');
    // The officer's browser is another client: it signs in at once.
    expect((await signIn(own, officer.email)).status).toBe(303);

    // Each wrong try while waiting, or after, doubles the wait.
    expect((await t.db('sign_in_failures').where({ key: waiting[0]!.key }).first()).locked_until.getTime()).toBe(now.getTime() + 2 * 60_000);
    now = new Date(now.getTime() + 2 * 60_000 + 1000);
    expect((await signIn(t.agent(), officer.email, 'not-the-password-123')).status).toBe(400);
    expect((await t.db('sign_in_failures').where({ key: waiting[0]!.key }).first()).locked_until.getTime()).toBe(now.getTime() + 4 * 60_000);
    now = new Date(now.getTime() + 4 * 60_000 + 1000);
    expect((await signIn(t.agent(), officer.email)).status).toBe(303);
    // A right password forgets that client's failures.
    expect(await t.db('sign_in_failures').where({ key: waiting[0]!.key })).toHaveLength(0);
    const refusals = await t.db('audit_log').where({ officer_id: officer.id, action: 'sign-in-refused' }).orderBy('id').select('details');
    expect(refusals.map((entry) => entry.details.why)).toEqual(['password', 'password', 'password', 'password', 'password', 'waiting', 'password']);
  });

  it('counts tries from one address across accounts (password spraying): past the limit a 429 with Retry-After, but not for a browser that signed in before', async () => {
    const officer = await makeOfficer(t.db);
    const own = t.agent();
    expect((await signIn(own, officer.email)).status).toBe(303);
    await t.db('rate_limits').delete();
    let last;
    for (let attempt = 0; attempt <= LIMITS.signInPerAddress.attempts; attempt += 1) last = await signIn(t.agent(), `someone-${attempt}@sms.test`, 'whatever-it-is-123');
    expect(last!.status).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(textOf(parse(last!), 'h1')).not.toBe('');
    expect((await signIn(t.agent(), officer.email)).status).toBe(429);
    expect((await signIn(own, officer.email)).status).toBe(303);
    // No counter's key holds an email address.
    const keys = [...(await t.db('rate_limits').select('key')), ...(await t.db('sign_in_failures').select('key'))].map((row) => row.key as string);
    expect(keys.length).toBeGreaterThan(LIMITS.signInPerAddress.attempts);
    expect(keys.some((key) => key.includes('someone') || key.includes('sms.test'))).toBe(false);
    await t.db('rate_limits').delete();
  });

  it('shows the sign-in errors in the language of the page', async () => {
    const agent = t.agent();
    const page = await agent.get('/backoffice/sign-in?lang=ru');
    const answer = await agent.post('/backoffice/sign-in').type('form').send({ email: '', password: '', _csrf: parse(page)('input[name="_csrf"]').attr('value') }).expect(400);
    const $ = parse(answer);
    expect(errorSummary($)).toEqual([
      { text: 'Введите рабочий адрес электронной почты', href: '#email' },
      { text: 'Введите пароль', href: '#password' },
    ]);
    expect($('title').text()).toMatch(/^Ошибка/);
  });
});

describe('passwords', () => {
  it('a password someone else set must be changed before anything else, under the rules', async () => {
    const officer = await makeOfficer(t.db, { mustChange: true });
    const agent = t.agent();
    const answer = await signIn(agent, officer.email);
    expect(answer.headers.location).toBe('/backoffice/password');
    expect((await agent.get('/backoffice/queue').expect(303)).headers.location).toBe('/backoffice/password');
    const page = await agent.get('/backoffice/password').expect(200);
    const token = parse(page)('input[name="_csrf"]').attr('value')!;
    const attempt = (fields: Record<string, string>) => agent.post('/backoffice/password').type('form').send({ ...fields, _csrf: token });

    const short = await attempt({ currentPassword: PASSWORD, newPassword: 'short-one', confirmPassword: 'short-one' }).expect(400);
    expect(errorSummary(parse(short))[0]!.text).toBe('The new password must be at least 12 characters long');
    const common = await attempt({ currentPassword: PASSWORD, newPassword: 'Password2026!!', confirmPassword: 'Password2026!!' }).expect(400);
    expect(errorSummary(parse(common))[0]!.text).toBe('This password is one of the most often used: choose another');
    const wrong = await attempt({ currentPassword: 'not-it-at-all-1', newPassword: 'a-new-long-passphrase', confirmPassword: 'a-new-long-passphrase' }).expect(400);
    expect(errorSummary(parse(wrong))[0]!.text).toBe('The current password is wrong');
    const mismatch = await attempt({ currentPassword: PASSWORD, newPassword: 'a-new-long-passphrase', confirmPassword: 'a-new-long-passphrasf' }).expect(400);
    expect(errorSummary(parse(mismatch))).toEqual([{ text: 'The two new passwords are not the same', href: '#confirmPassword' }]);
    // Nothing typed is sent back into a password field.
    expect(parse(mismatch)('input[type="password"]').toArray().every((input) => !input.attribs.value)).toBe(true);

    await attempt({ currentPassword: PASSWORD, newPassword: 'a-new-long-passphrase', confirmPassword: 'a-new-long-passphrase' }).expect(303);
    await agent.get('/backoffice/queue').expect(200);
    const row = await t.db('officers').where({ id: officer.id }).first();
    expect(row!.password_must_change).toBe(false);
    expect(row!.password_hash.startsWith('$argon2id$')).toBe(true);
    expect((await signIn(t.agent(), officer.email, 'a-new-long-passphrase')).status).toBe(303);
  });
});

describe('idle timeout', () => {
  it('signs an officer out after 30 minutes without a request, and says why', async () => {
    const officer = await makeOfficer(t.db);
    const agent = t.agent();
    await signIn(agent, officer.email);
    now = new Date(now.getTime() + 29 * 60_000);
    await agent.get('/backoffice/queue').expect(200);
    now = new Date(now.getTime() + 29 * 60_000);
    await agent.get('/backoffice/queue').expect(200);
    now = new Date(now.getTime() + 31 * 60_000);
    const out = await agent.get('/backoffice/queue').expect(303);
    expect(out.headers.location).toBe('/backoffice/sign-in?next=%2Fbackoffice%2Fqueue&reason=idle');
    const page = await agent.get(out.headers.location!).expect(200);
    expect(textOf(parse(page), '.govuk-notification-banner__content')).toContain('You were signed out because you did nothing for a while.');
    expect(await t.db('audit_log').where({ officer_id: officer.id, action: 'signed-out-idle' })).toHaveLength(1);
  });
});

describe('language', () => {
  it('an officer who chose no language signs in to their own, and a language picked later is kept on the account', async () => {
    const officer = await makeOfficer(t.db, { language: 'ru' });
    const agent = t.agent();
    await signIn(agent, officer.email, PASSWORD, null);
    const queue = await agent.get('/backoffice/queue').expect(200);
    expect(parse(queue)('html').attr('lang')).toBe('ru');
    expect(textOf(parse(queue), 'h1')).toBe('Заявления');
    await agent.get('/backoffice/queue?lang=az').expect(200);
    expect((await t.db('officers').where({ id: officer.id }).first())!.language).toBe('az');
    const elsewhere = t.agent();
    await signIn(elsewhere, officer.email, PASSWORD, null);
    expect(textOf(parse(await elsewhere.get('/backoffice/queue')), 'h1')).toBe('Müraciətlər');
  });
});
