import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { fileApplication } from '../support/applications.js';
import { dateFields } from '../support/journey.js';
import { errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
const NOW = new Date('2026-11-26T08:00:00Z'); // Thursday
let supervisor: Agent;
let supervisorRow: OfficerRow;
beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  supervisor = t.agent();
  supervisorRow = await signedInOfficer(t.db, supervisor, { role: 'supervisor', services: ['registration-at-place-of-stay', 'work-permit'], name: 'Elçin Rüstəmov' });
});
afterAll(async () => t.close());

const BAN = {
  surname: 'Петров',
  givenNames: 'Иван',
  ...dateFields('dateOfBirth', '1980-02-29'),
  citizenship: 'RU',
  documentNumber: '75 1234567',
  kind: 'entryBan',
  authority: 'Dövlət Sərhəd Xidməti',
  legalBasis: 'Miqrasiya Məcəlləsi, 16-cı maddə',
  ...dateFields('startsOn', '2026-01-10'),
};

describe('the travel-ban register', () => {
  it('a supervisor adds, changes and lifts a restriction; the lifted record stays with who lifted it', async () => {
    const form = await supervisor.get('/backoffice/travel-bans/new?lang=en').expect(200);
    const bad = await postFrom(supervisor, form, '/backoffice/travel-bans/new', { ...BAN, surname: '\u202E', ...dateFields('endsOn', '2025-01-01') }).expect(400);
    expect(errorSummary(parse(bad))).toEqual([
      { text: 'The surname holds characters that cannot be kept: remove them', href: '#surname' },
      { text: 'The end date must be on or after the start date', href: '#endsOn-day' },
    ]);
    expect(parse(bad)('#givenNames').val()).toBe('Иван');
    await postFrom(supervisor, form, '/backoffice/travel-bans/new', BAN).expect(303);
    const row = (await t.db('travel_bans').first())!;
    expect(row).toMatchObject({ surname: 'Петров', document_number: '751234567', date_of_birth: '1980-02-29', kind: 'entryBan', ends_on: null, created_by: supervisorRow.id });

    const list = await supervisor.get('/backoffice/travel-bans?q=petrov').expect(200);
    expect(parse(list)('tbody tr').length).toBe(0); // Latin spelling of a Cyrillic name is not the same name
    const found = await supervisor.get(`/backoffice/travel-bans?q=${encodeURIComponent('петров иван')}`).expect(200);
    expect(textOf(parse(found), 'tbody')).toContain('Entry ban');

    const edit = await supervisor.get(`/backoffice/travel-bans/${row.id}`).expect(200);
    expect(parse(edit)('#dateOfBirth-day').val()).toBe('29');
    await postFrom(supervisor, edit, `/backoffice/travel-bans/${row.id}`, { ...BAN, kind: 'exitRestriction', ...dateFields('endsOn', '2027-01-10'), version: '0' }).expect(303);
    // A second change from the old page (version 0) is refused and shows the record as it is now.
    const stale = await postFrom(supervisor, edit, `/backoffice/travel-bans/${row.id}`, { ...BAN, version: '0' }).expect(409);
    expect(parse(stale)('input[name="kind"][checked]').val()).toBe('exitRestriction');

    const current = await supervisor.get(`/backoffice/travel-bans/${row.id}`);
    await postFrom(supervisor, current, `/backoffice/travel-bans/${row.id}/lift`, { version: '1' }).expect(303);
    const lifted = (await t.db('travel_bans').where({ id: row.id }).first())!;
    expect(lifted).toMatchObject({ lifted_by: supervisorRow.id, kind: 'exitRestriction', ends_on: '2027-01-10' });
    expect(lifted.lifted_at).not.toBeNull();
    const page = await supervisor.get(`/backoffice/travel-bans/${row.id}?lang=en`).expect(200);
    expect(textOf(parse(page), '.govuk-inset-text')).toContain('Lifted by Elçin Rüstəmov');
    expect(parse(page)('form').length).toBe(1); // only sign-out: a lifted record cannot be changed
    const actions = (await t.db('audit_log').where({ officer_id: supervisorRow.id }).whereIn('action', ['travel-ban-added', 'travel-ban-changed', 'travel-ban-lifted']).orderBy('id')).map((entry) => entry.action);
    expect(actions).toEqual(['travel-ban-added', 'travel-ban-changed', 'travel-ban-lifted']);
  });

  it('an officer cannot open it', async () => {
    const officer = t.agent();
    await signedInOfficer(t.db, officer);
    await officer.get('/backoffice/travel-bans').expect(403);
  });
});

describe('the audit log page', () => {
  it('reads entries filtered by officer, case and dates, and records that it was read', async () => {
    const officer = t.agent();
    const officerRow = await signedInOfficer(t.db, officer, { services: ['work-permit'], name: 'Səbinə Quliyeva' });
    const application = await fileApplication(t.db, { service: 'work-permit' });
    await officer.get(`/backoffice/cases/${application.reference}`).expect(200);
    const byCase = parse(await supervisor.get(`/backoffice/audit?lang=en&reference=${application.reference.toLowerCase()}`).expect(200));
    expect(byCase('tbody tr').length).toBe(1);
    expect(byCase('tbody').text()).toContain('Səbinə Quliyeva');
    expect(byCase('tbody').text()).toContain('Opened an application');
    const byOfficer = parse(await supervisor.get(`/backoffice/audit?officer=${officerRow.id}`).expect(200));
    expect(byOfficer('tbody tr').length).toBe(2); // sign-in, case view
    // Entries are timed by the database's clock, not the app's: one an app cannot set.
    expect(parse(await supervisor.get('/backoffice/audit?from=2099-01-01')).text()).toContain('Nothing was recorded');
    expect(parse(await supervisor.get('/backoffice/audit?from=2000-01-01&to=2099-12-31'))('tbody tr').length).toBeGreaterThan(3);
    expect(parse(await supervisor.get('/backoffice/audit?reference=garbage&from=bad-date&officer=x'))('h1').text()).toBe('Audit log');
    expect(await t.db('audit_log').where({ officer_id: supervisorRow.id, action: 'audit-viewed' })).toHaveLength(5);
  });
});

describe('the dashboard', () => {
  it('counts by status, overdue, the median working days to decision and decisions this week', async () => {
    await t.db('applications').delete();
    const decided = async (submitted: string, decidedAt: string) => {
      const row = await fileApplication(t.db, { submittedAt: new Date(`${submitted}T09:00:00Z`) });
      await t.db('applications').where({ id: row.id }).update({ status: 'in_review' });
      await t.db('applications').where({ id: row.id }).update({ status: 'approved', decided_at: new Date(`${decidedAt}T10:00:00Z`), decision: { outcome: 'approved', grants: 'registration', decidedBy: supervisorRow.id } });
    };
    await decided('2026-11-16', '2026-11-18'); // Mon → Wed: 2 working days; this week? no (week began 23 Nov)
    await decided('2026-11-20', '2026-11-24'); // Fri → Tue: 2
    await decided('2026-11-23', '2026-11-26'); // Mon → Thu: 3
    await decided('2026-08-01', '2026-08-20'); // outside 90 days
    await fileApplication(t.db, { due: '2026-11-20' }); // overdue
    await fileApplication(t.db, { due: '2026-12-20' });
    const $ = parse(await supervisor.get('/backoffice/dashboard?lang=en').expect(200));
    expect($('[data-status="submitted"]').text()).toBe('2');
    expect($('[data-status="approved"]').text()).toBe('4');
    expect($('[data-overdue]').text()).toBe('1');
    expect($('.govuk-summary-list').text()).toContain('2 working days (3 decisions)');
    expect($('main').text()).toContain('Elçin Rüstəmov');
    const week = $('table').last().find('tbody td').text();
    expect(week).toBe('2');
  });
});

describe('CSV export', () => {
  it('holds exactly the rows of the filtered queue, with a header in the officer’s language', async () => {
    await t.db('applications').delete();
    for (let index = 0; index < 60; index += 1) await fileApplication(t.db, { surname: index % 2 ? 'Əliyeva' : 'Smith', givenNames: `N${index}`, service: index % 3 ? 'work-permit' : 'registration-at-place-of-stay' });
    const filter = 'service=work-permit&q=%C9%99liyeva';
    const pages: string[] = [];
    let href: string | undefined = `/backoffice/queue?${filter}`;
    while (href) {
      const page = parse(await supervisor.get(href).expect(200));
      pages.push(...page('tbody tr td:first-child a').toArray().map((link) => page(link).text()));
      href = page('a[rel="next"]').attr('href');
    }
    const csv = await supervisor.get(`/backoffice/queue.csv?${filter}&lang=ru`).expect(200).expect('Content-Type', /text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('Номер,Услуга,Заявитель,Гражданство,Подано,Срок решения,Осталось,Статус,Исполнитель');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(pages);
    expect(lines.slice(1).every((line) => line.includes('Əliyeva'))).toBe(true);
    expect(pages.length).toBe(20);
    const exported = await t.db('audit_log').where({ action: 'queue-exported' }).orderBy('id', 'desc').first();
    expect(exported!.details).toMatchObject({ rows: 20, service: 'work-permit', searched: true });
  });
});
