import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { makeOfficer, PASSWORD, postFrom, signedInOfficer, signIn } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';

let t: TestApp;
let now = new Date('2026-11-24T08:00:00Z');
let admin: Agent;
let adminRow: OfficerRow;
beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  admin = t.agent();
  adminRow = await signedInOfficer(t.db, admin, { role: 'admin', services: [] });
});
afterAll(async () => t.close());

const codeAt = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

describe('admin pages', () => {
  it('an admin creates an officer, who signs in with the one-time password and must choose their own', async () => {
    const form = await admin.get('/backoffice/admin/officers/new?lang=en').expect(200);
    const missing = await postFrom(admin, form, '/backoffice/admin/officers/new', { name: '', email: 'not-an-email' }).expect(400);
    expect(errorSummary(parse(missing)).map((error) => error.text)).toEqual([
      "Enter the officer's full name",
      'Enter an email address in the right form, like name@migration.gov.az',
      'Choose a role',
    ]);
    const created = await postFrom(admin, form, '/backoffice/admin/officers/new', {
      name: 'Fidan Nəsirova',
      email: 'Fidan.Nasirova@Migration.gov.az',
      role: 'officer',
      services: ['work-permit', 'stay-extension', 'not-a-service'] as unknown as string,
      language: 'az',
      active: 'yes',
    }).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const password = parse(created)('[data-one-time-password]').text();
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const row = (await t.db('officers').where({ email: 'fidan.nasirova@migration.gov.az' }).first())!;
    expect(row).toMatchObject({ name: 'Fidan Nəsirova', role: 'officer', services: ['work-permit', 'stay-extension'], language: 'az', password_must_change: true });
    expect(row.password_hash).not.toContain(password);
    const again = await postFrom(admin, form, '/backoffice/admin/officers/new', { name: 'Fidan', email: 'fidan.nasirova@migration.gov.az', role: 'officer', services: 'work-permit' }).expect(400);
    expect(errorSummary(parse(again))[0]!.text).toBe('An account with this email address already exists');

    const officer = t.agent();
    expect((await signIn(officer, 'fidan.nasirova@migration.gov.az', password)).headers.location).toBe('/backoffice/password');
    const audit = await t.db('audit_log').where({ officer_id: adminRow.id, action: 'officer-created' }).first();
    expect(audit!.details).toMatchObject({ subject: row.id, role: 'officer' });
    expect(JSON.stringify(audit)).not.toContain(password);
  });

  it('changes role and services, deactivates, and resets a password (which unlocks)', async () => {
    const subject = await makeOfficer(t.db, { services: ['work-permit'] });
    const form = await admin.get(`/backoffice/admin/officers/${subject.id}`).expect(200);
    await postFrom(admin, form, `/backoffice/admin/officers/${subject.id}`, { name: subject.name, role: 'supervisor', services: ['work-permit', 'temporary-residence-permit'] as unknown as string, language: 'ru' }).expect(303);
    expect(await t.db('officers').where({ id: subject.id }).first()).toMatchObject({ role: 'supervisor', services: ['work-permit', 'temporary-residence-permit'], language: 'ru', active: false });
    expect((await signIn(t.agent(), subject.email)).status).toBe(400);

    await t.db('officers').where({ id: subject.id }).update({ active: true });
    // Someone tried the account until this address had to wait; the reset lets the officer in at once.
    for (let attempt = 0; attempt < 5; attempt += 1) await signIn(t.agent(), subject.email, 'not-the-password-123');
    expect((await signIn(t.agent(), subject.email)).status).toBe(400);
    const reset = await postFrom(admin, form, `/backoffice/admin/officers/${subject.id}/reset-password`).expect(200);
    const password = parse(reset)('[data-one-time-password]').text();
    expect((await signIn(t.agent(), subject.email, password)).headers.location).toBe('/backoffice/password');
    expect((await signIn(t.agent(), subject.email, PASSWORD)).status).toBe(400);
  });

  it('an admin cannot lock themselves out', async () => {
    const form = await admin.get(`/backoffice/admin/officers/${adminRow.id}?lang=en`).expect(200);
    const answer = await postFrom(admin, form, `/backoffice/admin/officers/${adminRow.id}`, { name: adminRow.name, role: 'admin', language: 'en' }).expect(400);
    expect(errorSummary(parse(answer))[0]!.text).toBe('You cannot deactivate your own account or take away your own administrator role');
  });

  it('an unknown officer id is a 404, not a 500', async () => {
    await admin.get('/backoffice/admin/officers/not-an-id').expect(404);
    await admin.get('/backoffice/admin/officers/00000000-0000-4000-8000-000000000000').expect(404);
  });
});

describe('two-step sign-in', () => {
  it('an officer turns it on; then sign-in needs a code, a code is never accepted twice, and wrong codes make the client wait', async () => {
    const agent = t.agent();
    const officer = await signedInOfficer(t.db, agent);
    const setup = await agent.get('/backoffice/two-factor?lang=en').expect(200);
    const $ = parse(setup);
    expect($('.app-qr svg').length).toBe(1);
    const secret = $('.app-secret').text().replace(/\s+/g, '');
    const wrong = await postFrom(agent, setup, '/backoffice/two-factor', { code: '000000' }).expect(400);
    expect(errorSummary(parse(wrong))[0]!.text).toBe('The code is wrong or has expired: type the code your app shows now');
    await postFrom(agent, setup, '/backoffice/two-factor', { code: await codeAt(secret, now) }).expect(303);
    expect(await t.db('officers').where({ id: officer.id }).first()).toMatchObject({ totp_enabled: true, totp_secret: secret });

    now = new Date(now.getTime() + 60_000);
    const next = t.agent();
    const password = await signIn(next, officer.email);
    expect(password.headers.location).toBe('/backoffice/sign-in/code');
    // Not signed in yet: the password alone opens nothing.
    expect((await next.get('/backoffice/queue')).status).toBe(303);
    const page = await next.get('/backoffice/sign-in/code').expect(200);
    const code = await codeAt(secret, now);
    await postFrom(next, page, '/backoffice/sign-in/code', { code }).expect(303);
    await next.get('/backoffice/queue').expect(200);

    // The same code again, in another browser within its 30 seconds: refused.
    const replay = t.agent();
    await signIn(replay, officer.email);
    const replayPage = await replay.get('/backoffice/sign-in/code');
    expect((await postFrom(replay, replayPage, '/backoffice/sign-in/code', { code })).status).toBe(400);
    for (let attempt = 0; attempt < 4; attempt += 1) await postFrom(replay, replayPage, '/backoffice/sign-in/code', { code: '123456' });
    // Five wrong codes from this client: it waits, and even the right code is refused meanwhile.
    expect(await t.db('sign_in_failures').where('locked_until', '>', now)).toHaveLength(1);
    now = new Date(now.getTime() + 30_000);
    expect((await postFrom(replay, replayPage, '/backoffice/sign-in/code', { code: await codeAt(secret, now) })).status).toBe(400);
  });

  it('an admin can require it of a role; an officer of that role must set it up before anything else', async () => {
    const form = await admin.get('/backoffice/admin/security').expect(200);
    await postFrom(admin, form, '/backoffice/admin/security', { totpRequired: 'supervisor' }).expect(303);
    expect((await t.db('role_policies').where({ role: 'supervisor' }).first())!.totp_required).toBe(true);
    const agent = t.agent();
    await signedInOfficer(t.db, agent, { role: 'supervisor' });
    const queue = await agent.get('/backoffice/queue');
    expect(queue.status).toBe(303);
    expect(queue.headers.location).toBe('/backoffice/two-factor');
    const page = await agent.get('/backoffice/two-factor?lang=en').expect(200);
    expect(textOf(parse(page), '.govuk-inset-text')).toContain('An administrator requires two-step sign-in for your role.');
    await postFrom(admin, form, '/backoffice/admin/security', {}).expect(303);
  });
});
