import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationSteps } from '../fixtures/services.js';
import { parse, textOf } from '../support/html.js';
import { answerSteps, fixtureFile, send } from '../support/journey.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let reference: string;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
  const applicant = t.agent();
  await answerSteps(applicant, 'registration-at-place-of-stay', registrationSteps('hostPerson'), '?lang=en');
  reference = await send(applicant, 'registration-at-place-of-stay');
});
afterAll(async () => t.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the case page', () => {
  it('an application sent on the public side is in the queue with its legal due date, and its page shows what was sent', async () => {
    const agent = t.agent();
    const officer = await signedInOfficer(t.db, agent, { services: ['registration-at-place-of-stay'] });
    const queue = parse(await agent.get('/backoffice/queue').expect(200));
    const row = queue('tbody tr').first();
    expect(row.text().replace(/-/g, '')).toContain(reference);
    expect(row.text()).toContain('Məmmədova Şəhla Ağa qızı');
    // Registration is decided within 1 working day: sent on Tuesday 24 November, due Wednesday.
    expect(row.text()).toContain('25 November 2026');

    const page = await agent.get(`/backoffice/cases/${reference}`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const $ = parse(page);
    expect(textOf($, 'h1')).toContain('Məmmədova Şəhla Ağa qızı');
    const answers = $('.govuk-summary-card').text();
    for (const sent of ['Məmmədova', 'Nizami küçəsi', 'Əliyev Rəşad', 'U12345678']) expect(answers).toContain(sent);
    expect($('.govuk-summary-card__title').length).toBeGreaterThan(3);

    const documents = $('a').filter((_index, link) => /\/documents\//.test($(link).attr('href') ?? ''));
    expect(documents.length).toBe(4);
    const view = await agent.get($(documents[0]).attr('href')!).buffer(true).expect(200);
    expect(view.headers['content-type']).toBe('application/pdf');
    expect(view.headers['content-disposition']).toMatch(/^inline; filename="passport.pdf"/);
    expect(view.headers['content-security-policy']).toContain('sandbox');
    expect(view.headers['x-content-type-options']).toBe('nosniff');
    expect(sha256(view.body as Buffer)).toBe(sha256(fixtureFile('passport.pdf')));
    const download = await agent.get($(documents[1]).attr('href')!).expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);

    const audit = await t.db('audit_log').where({ officer_id: officer.id }).orderBy('id');
    expect(audit.map((entry) => entry.action)).toEqual(['sign-in', 'queue-viewed', 'case-viewed', 'document-viewed', 'document-viewed']);
    expect(audit[3]!.document_id).not.toBeNull();
    expect(audit[2]!.ip).toBeTruthy();
  });

  it('the audit log can be added to, never changed or emptied', async () => {
    await expect(t.db('audit_log').update({ action: 'sign-out' })).rejects.toThrow(/append-only/);
    await expect(t.db('audit_log').delete()).rejects.toThrow(/append-only/);
    await expect(t.db.raw('truncate audit_log')).rejects.toThrow(/append-only/);
  });

  it('claim and release: each a POST that moves the case, writes its event and its audit row', async () => {
    const agent = t.agent();
    const officer = await signedInOfficer(t.db, agent, { services: ['registration-at-place-of-stay'], name: 'Aysel Quliyeva' });
    const page = await agent.get(`/backoffice/cases/${reference}`).expect(200);
    const claimed = await postFrom(agent, page, `/backoffice/cases/${reference}/claim`, { version: parse(page)('input[name="version"]').first().attr('value')! }).expect(303);
    const after = await agent.get(claimed.headers.location!).expect(200);
    expect(textOf(parse(after), '.govuk-notification-banner')).toContain('The application is yours to review.');
    expect(parse(after)('ol.govuk-list').text()).toContain('Aysel Quliyeva took the application');
    const row = (await t.db('applications').where({ reference }).first())!;
    expect(row).toMatchObject({ status: 'in_review', assigned_officer: officer.id, version: 1 });
    const events = await t.db('application_events').where({ application_id: row.id }).orderBy('id');
    expect(events.map((event) => [event.kind, event.to_status, event.actor])).toEqual([
      ['status', 'submitted', 'applicant'],
      ['status', 'in_review', `officer:${officer.id}`],
      ['claimed', null, `officer:${officer.id}`],
    ]);
    expect(await t.db('audit_log').where({ officer_id: officer.id, action: 'case-claimed', application_id: row.id })).toHaveLength(1);

    const released = await postFrom(agent, after, `/backoffice/cases/${reference}/release`, { version: '1' }).expect(303);
    expect((await t.db('applications').where({ reference }).first())!).toMatchObject({ status: 'in_review', assigned_officer: null, version: 2 });
    expect(released.headers.location).toContain('done=release');
  });

  it('two officers taking one case at once: one gets it, the other is told and sees the case as it now is', async () => {
    const first = t.agent();
    const second = t.agent();
    await signedInOfficer(t.db, first, { services: ['registration-at-place-of-stay'], name: 'Birinci' });
    await signedInOfficer(t.db, second, { services: ['registration-at-place-of-stay'], name: 'İkinci' });
    const [pageOne, pageTwo] = await Promise.all([first.get(`/backoffice/cases/${reference}`), second.get(`/backoffice/cases/${reference}`)]);
    const version = parse(pageOne)('input[name="version"]').first().attr('value')!;
    const answers = await Promise.all([
      postFrom(first, pageOne, `/backoffice/cases/${reference}/claim`, { version }),
      postFrom(second, pageTwo, `/backoffice/cases/${reference}/claim`, { version }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    expect(textOf(parse(loser), '.govuk-notification-banner')).toContain('Someone changed this application while you were looking at it.');
    const row = (await t.db('applications').where({ reference }).first())!;
    const claims = await t.db('application_events').where({ application_id: row.id, kind: 'claimed' });
    expect(claims).toHaveLength(2); // the earlier test's and this one's winner
    expect(row.version).toBe(3);
  });

  it('an unknown reference is a 404, a mistyped one too', async () => {
    const agent = t.agent();
    await signedInOfficer(t.db, agent, { services: ['registration-at-place-of-stay'] });
    await agent.get('/backoffice/cases/AAAA-BBBB-CCCC').expect(404);
    await agent.get('/backoffice/cases/%00%ff').expect((answer) => expect([400, 404]).toContain(answer.status));
    await agent.get(`/backoffice/cases/${reference}/documents/not-a-uuid`).expect(404);
  });
});
