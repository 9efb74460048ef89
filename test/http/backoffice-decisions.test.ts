import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/applications/status.js';
import type { ApplicationRow } from '../../src/db/tables.js';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { fileApplication, type Filed } from '../support/applications.js';
import { errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { postFrom, signedInOfficer, signIn } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let now = new Date('2026-11-24T08:00:00Z'); // Tuesday
let officerAgent: Agent;
let officer: OfficerRow;
let supervisorAgent: Agent;
let supervisor: OfficerRow;
let secondSupervisorAgent: Agent;

const SERVICES = ['registration-at-place-of-stay', 'temporary-residence-permit', 'permanent-residence-permit', 'work-permit'];

beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  officerAgent = t.agent();
  officer = await signedInOfficer(t.db, officerAgent, { services: SERVICES, name: 'Nigar Əhmədova' });
  supervisorAgent = t.agent();
  supervisor = await signedInOfficer(t.db, supervisorAgent, { role: 'supervisor', services: SERVICES, name: 'Rauf Abbasov' });
  secondSupervisorAgent = t.agent();
  await signedInOfficer(t.db, secondSupervisorAgent, { role: 'supervisor', services: SERVICES, name: 'Leyla Kərimova' });
});
afterAll(async () => t.close());

const PATHS: Record<Status, Status[]> = {
  submitted: [],
  in_review: ['in_review'],
  awaiting_applicant: ['in_review', 'awaiting_applicant'],
  pending_confirmation: ['in_review', 'pending_confirmation'],
  approved: ['in_review', 'approved'],
  refused: ['in_review', 'refused'],
  withdrawn: ['withdrawn'],
};

/** A case in a status, held by the officer, moved there through the state machine as the database allows. */
async function caseIn(status: Status, filed: Filed = {}, holder: OfficerRow | null = officer): Promise<ApplicationRow> {
  const row = await fileApplication(t.db, filed);
  for (const step of PATHS[status]) {
    await t.db('applications')
      .where({ id: row.id })
      .update({ status: step, ...(step === 'pending_confirmation' ? { proposed_decision: { outcome: 'refused', reasons: ['groundsNotProven'], decidedBy: officer.id } } : {}) });
  }
  await t.db('applications').where({ id: row.id }).update({ assigned_officer: holder?.id ?? null });
  return (await t.db('applications').where({ id: row.id }).first())!;
}

async function casePage(agent: Agent, reference: string) {
  return agent.get(`/backoffice/cases/${reference}?lang=en`).expect(200);
}

/** Performs an action from the case page as an officer would: its button, or its form then its button. */
async function act(agent: Agent, reference: string, action: string, fields: Record<string, string | string[]> = {}) {
  const page = await casePage(agent, reference);
  const version = parse(page)('input[name="version"]').first().attr('value') ?? String((await t.db('applications').where({ reference }).first())!.version);
  const form = await agent.get(`/backoffice/cases/${reference}/${action}`);
  const source = form.status === 200 ? form : page;
  return postFrom(agent, source, `/backoffice/cases/${reference}/${action}`, { version, ...(fields as Record<string, string>) });
}

async function expectStatus(answer: Promise<Awaited<ReturnType<typeof act>>>, status: number) {
  const response = await answer;
  expect(response.status, response.text.slice(0, 500)).toBe(status);
  return response;
}

const row = (reference: string) => t.db('applications').where({ reference }).first() as Promise<ApplicationRow>;

describe('each action, from each status', () => {
  const ALLOWED: Record<string, Status[]> = {
    'request-information': ['in_review'],
    'information-received': ['awaiting_applicant'],
    approve: ['in_review'],
    refuse: ['in_review'],
  };
  const STATUSES = Object.keys(PATHS) as Status[];
  const cases = Object.entries(ALLOWED).flatMap(([action, allowed]) => STATUSES.map((status) => [action, status, allowed.includes(status)] as const));
  const FIELDS: Record<string, Record<string, string | string[]>> = {
    'request-information': { message: 'Please upload the lease contract.' },
    approve: { address: 'Nizami küçəsi 10, Bakı', 'validUntil-day': '15', 'validUntil-month': '1', 'validUntil-year': '2027' },
    refuse: { reasons: ['falseInformation'] },
  };

  it.each(cases)('%s from %s: allowed %s', async (action, status, allowed) => {
    const application = await caseIn(status);
    const before = await row(application.reference);
    const answer = await act(officerAgent, application.reference, action, FIELDS[action] ?? {});
    if (allowed) {
      expect(answer.status, answer.text.slice(0, 300)).toBe(303);
      expect((await row(application.reference)).version).toBe(before.version + 1);
    } else {
      expect(answer.status).toBe(409);
      const after = await row(application.reference);
      expect(after.status).toBe(before.status);
      expect(after.version).toBe(before.version);
    }
  });

  it('the case page offers only what can be done now', async () => {
    const open = await caseIn('in_review');
    const $ = parse(await casePage(officerAgent, open.reference));
    const buttons = $('.app-inline-forms .govuk-button').toArray().map((button) => $(button).text().trim());
    expect(buttons).toEqual(['Ask the applicant for more', 'Approve', 'Refuse', 'Release']);
    const decided = await caseIn('approved');
    expect(parse(await casePage(officerAgent, decided.reference))('.app-inline-forms').length).toBe(0);
  });
});

describe('asking the applicant for more', () => {
  it('refuses an empty message in the page language, then pauses the clock and moves the due date on by the days it stood still', async () => {
    const application = await caseIn('in_review', { due: '2026-11-25' });
    const form = await officerAgent.get(`/backoffice/cases/${application.reference}/request-information?lang=az`).expect(200);
    const empty = await postFrom(officerAgent, form, `/backoffice/cases/${application.reference}/request-information`, { version: String(application.version), message: '  ', documents: 'passportPagesWithVisa' }).expect(400);
    expect(errorSummary(parse(empty))).toEqual([{ text: 'Müraciət edənin nə göndərməli olduğunu yazın', href: '#message' }]);
    expect(parse(empty)('input[value="passportPagesWithVisa"]').attr('checked')).toBeDefined();

    await postFrom(officerAgent, form, `/backoffice/cases/${application.reference}/request-information`, {
      version: String(application.version),
      message: 'Kirayə müqaviləsinin surətini yükləyin.\nHər səhifəni.',
      documents: ['passportPagesWithVisa', 'notADocument'] as unknown as string,
    }).expect(303);
    const waiting = await row(application.reference);
    expect(waiting).toMatchObject({ status: 'awaiting_applicant', paused_since: '2026-11-24' });
    const request = await t.db('information_requests').where({ application_id: application.id }).first();
    expect(request).toMatchObject({ message: 'Kirayə müqaviləsinin surətini yükləyin.\nHər səhifəni.', documents: ['passportPagesWithVisa'], requested_by: officer.id });

    // Answered the next Monday: 4 working days later (Wed, Thu, Fri, Mon); registration is counted in working days.
    now = new Date('2026-11-30T08:00:00Z');
    // Days later the officer signs in again (the idle timeout ended the old session).
    await signIn(officerAgent, officer.email);
    (await expectStatus(act(officerAgent, application.reference, 'information-received'), 303));
    const back = await row(application.reference);
    expect(back).toMatchObject({ status: 'in_review', paused_since: null, paused_days: 4, legal_due_date: '2026-12-01' });
    const page = parse(await casePage(officerAgent, application.reference));
    expect(page('main').text()).toContain('paused for 4 days');
    now = new Date('2026-11-24T08:00:00Z');
  });
});

describe('approving', () => {
  it('a temporary residence permit gets a number made by the system and the validity of the period paid for', async () => {
    const application = await caseIn('in_review', { service: 'temporary-residence-permit' });
    await t.db('applications').where({ id: application.id }).update({ period: 'year1' });
    const form = parse(await officerAgent.get(`/backoffice/cases/${application.reference}/approve?lang=en`).expect(200));
    expect([form('#validUntil-day').val(), form('#validUntil-month').val(), form('#validUntil-year').val()]).toEqual(['23', '11', '2027']);
    const late = (await expectStatus(act(officerAgent, application.reference, 'approve', { 'validUntil-day': '24', 'validUntil-month': '11', 'validUntil-year': '2027' }), 400));
    expect(errorSummary(parse(late))).toEqual([{ text: 'The date must be between 24 November 2026 and 23 November 2027', href: '#validUntil-day' }]);
    expect(parse(late)('#validUntil-day').val()).toBe('24');
    const bad = (await expectStatus(act(officerAgent, application.reference, 'approve', { 'validUntil-day': '31', 'validUntil-month': '2', 'validUntil-year': '2027' }), 400));
    expect(errorSummary(parse(bad))[0]!.text).toBe('Enter a real date, for example 31 12 2027');
    (await expectStatus(act(officerAgent, application.reference, 'approve', { 'validUntil-day': '30', 'validUntil-month': '6', 'validUntil-year': '2027', note: 'Documents checked.' }), 303));
    const approved = await row(application.reference);
    expect(approved).toMatchObject({ status: 'approved', valid_from: '2026-11-24', valid_until: '2027-06-30' });
    expect(approved.permit_number).toMatch(/^MYI26\d{7}$/);
    expect(approved.decision).toMatchObject({ outcome: 'approved', grants: 'permit', note: 'Documents checked.', decidedBy: officer.id });
    const page = parse(await casePage(officerAgent, application.reference));
    expect(page('main').text()).toContain(approved.permit_number!);
    expect(page('main').text()).toContain('from 24 November 2026 to 30 June 2027');
  });

  it('a registration keeps the registered address and its valid-until date', async () => {
    const application = await caseIn('in_review');
    await t.db('applications').where({ id: application.id }).update({ answers: { ...application.answers, entry: { departureDate: '2027-01-15' }, address: { street: 'Nizami küçəsi', building: '10', city: 'baku' } } });
    const form = parse(await officerAgent.get(`/backoffice/cases/${application.reference}/approve`).expect(200));
    expect(form('#address').val()).toBe('Nizami küçəsi, 10, Bakı şəhəri');
    expect(form('#validUntil-year').val()).toBe('2027');
    const empty = (await expectStatus(act(officerAgent, application.reference, 'approve', { address: '', 'validUntil-day': '15', 'validUntil-month': '1', 'validUntil-year': '2027' }), 400));
    expect(errorSummary(parse(empty))[0]).toEqual({ text: 'Enter the registered address', href: '#address' });
    (await expectStatus(act(officerAgent, application.reference, 'approve', { address: 'Nizami küçəsi 10, Bakı', 'validUntil-day': '15', 'validUntil-month': '1', 'validUntil-year': '2027' }), 303));
    expect(await row(application.reference)).toMatchObject({ status: 'approved', valid_until: '2027-01-15', decision: { address: 'Nizami küçəsi 10, Bakı' } });
    // A registration carries its number like any approval.
    expect((await row(application.reference)).permit_number).toMatch(/^QEY26\d{7}$/);
  });
});

describe('refusing', () => {
  it('asks for at least one of the service’s reasons, and keeps each with its legal basis', async () => {
    const application = await caseIn('in_review', { service: 'temporary-residence-permit' });
    const none = (await expectStatus(act(officerAgent, application.reference, 'refuse', { note: 'Kept note' }), 400));
    expect(errorSummary(parse(none))).toEqual([{ text: 'Choose at least one reason', href: '#reasons' }]);
    expect(parse(none)('#note').text()).toBe('Kept note');
    (await expectStatus(act(officerAgent, application.reference, 'refuse', { reasons: ['abroadTooLong', 'entryBan', 'notAReason'] as unknown as string }), 303));
    const refused = await row(application.reference);
    expect(refused).toMatchObject({ status: 'refused', decision: { outcome: 'refused', reasons: ['abroadTooLong', 'entryBan'] } });
    const page = parse(await officerAgent.get(`/backoffice/cases/${application.reference}?lang=ru`));
    expect(page('main').text()).toContain('Въезд заявителя в Азербайджанскую Республику запрещён. (Миграционный кодекс Азербайджанской Республики, статья 50.1.6)');
  });
});

describe('four eyes', () => {
  it('a permanent residence decision waits for a supervisor other than the one who made it', async () => {
    const application = await caseIn('in_review', { service: 'permanent-residence-permit' }, supervisor);
    (await expectStatus(act(supervisorAgent, application.reference, 'approve', { 'validUntil-day': '23', 'validUntil-month': '11', 'validUntil-year': '2031' }), 303));
    const pending = await row(application.reference);
    expect(pending).toMatchObject({ status: 'pending_confirmation', permit_number: null, decision: null, proposed_decision: { outcome: 'approved', decidedBy: supervisor.id } });

    // The supervisor who decided cannot confirm; an officer cannot either.
    const own = await act(supervisorAgent, application.reference, 'confirm');
    expect(own.status).toBe(409);
    expect(textOf(parse(own), '.govuk-notification-banner')).toContain('A decision must be confirmed by a supervisor other than the officer who made it.');
    const page = await casePage(officerAgent, application.reference);
    expect((await postFrom(officerAgent, page, `/backoffice/cases/${application.reference}/confirm`, { version: String(pending.version) })).status).toBe(403);

    (await expectStatus(act(secondSupervisorAgent, application.reference, 'confirm'), 303));
    const final = await row(application.reference);
    expect(final.status).toBe('approved');
    expect(final.permit_number).toMatch(/^DYI26\d{7}$/);
    expect(final.decision).toMatchObject({ decidedBy: supervisor.id });
    expect(final.decision!.confirmedBy).not.toBe(supervisor.id);
    const events = await t.db('application_events').where({ application_id: application.id }).orderBy('id').select('kind', 'to_status');
    expect(events.map((event) => event.to_status ?? event.kind)).toEqual(['submitted', 'pending_confirmation', 'decision-proposed', 'approved', 'decided']);
  });

  it('a second supervisor can send a decision back, saying why', async () => {
    const application = await caseIn('in_review', { service: 'permanent-residence-permit' });
    (await expectStatus(act(officerAgent, application.reference, 'refuse', { reasons: 'conditionsNotMet' }), 303));
    const empty = (await expectStatus(act(supervisorAgent, application.reference, 'send-back', { note: '' }), 400));
    expect(errorSummary(parse(empty))[0]!.text).toBe('Say what should be looked at again');
    (await expectStatus(act(supervisorAgent, application.reference, 'send-back', { note: 'Check the residence years again.' }), 303));
    expect(await row(application.reference)).toMatchObject({ status: 'in_review', proposed_decision: null, decision: null });
  });
});

describe('two decisions at once', () => {
  it('an approval and a refusal sent together from two browsers: exactly one is made, the other is told', async () => {
    const application = await caseIn('in_review', { service: 'temporary-residence-permit' });
    // The officer holding the case is signed in twice (office computer and laptop): each session has its own form token.
    const secondBrowser = t.agent();
    await signIn(secondBrowser, officer.email);
    const approveForm = await officerAgent.get(`/backoffice/cases/${application.reference}/approve`);
    const refuseForm = await secondBrowser.get(`/backoffice/cases/${application.reference}/refuse`);
    const version = String(application.version);
    const validUntil = parse(approveForm);
    const answers = await Promise.all([
      postFrom(officerAgent, approveForm, `/backoffice/cases/${application.reference}/approve`, {
        version,
        'validUntil-day': String(validUntil('#validUntil-day').val()),
        'validUntil-month': String(validUntil('#validUntil-month').val()),
        'validUntil-year': String(validUntil('#validUntil-year').val()),
      }),
      postFrom(secondBrowser, refuseForm, `/backoffice/cases/${application.reference}/refuse`, { version, reasons: 'falseInformation' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409]);
    const decided = await row(application.reference);
    expect(['approved', 'refused']).toContain(decided.status);
    expect(await t.db('application_events').where({ application_id: application.id, kind: 'decided' })).toHaveLength(1);
  });
});

describe('reassigning', () => {
  it('a supervisor gives a case to an officer of its service; an officer cannot', async () => {
    const application = await caseIn('in_review', {}, null);
    const form = parse(await supervisorAgent.get(`/backoffice/cases/${application.reference}/reassign`).expect(200));
    expect(form('label').text()).toContain('Nigar Əhmədova');
    (await expectStatus(act(supervisorAgent, application.reference, 'reassign', { to: officer.id }), 303));
    expect((await row(application.reference)).assigned_officer).toBe(officer.id);
    expect((await officerAgent.get(`/backoffice/cases/${application.reference}/reassign`)).status).toBe(403);
    const stranger = await signedInOfficer(t.db, t.agent(), { services: ['stay-extension'] });
    expect((await act(supervisorAgent, application.reference, 'reassign', { to: stranger.id })).status).toBe(409);
  });
});
