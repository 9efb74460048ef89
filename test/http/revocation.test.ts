import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { csrfTokenFrom, errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { decidedApplication } from '../support/decisions.js';
import { dateFields } from '../support/journey.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let caseworkerAgent: Agent;
let caseworker: OfficerRow;
let supervisorAgent: Agent;
let supervisor: OfficerRow;

beforeAll(async () => {
  t = await startTestApp({ clock: () => new Date('2026-11-24T09:00:00Z') });
  caseworkerAgent = t.agent();
  caseworker = await signedInOfficer(t.db, caseworkerAgent, { services: ['work-permit'], name: 'Nigar Əhmədova' });
  supervisorAgent = t.agent();
  supervisor = await signedInOfficer(t.db, supervisorAgent, { role: 'supervisor', services: ['work-permit'], name: 'Rauf Abbasov' });
});
afterAll(async () => t.close());

async function verify(number: string): Promise<string> {
  const agent = t.agent();
  const page = await agent.get('/verify?lang=en');
  const answer = await agent.post('/verify').type('form').send({ method: 'permitNumber', permitNumber: number, ...dateFields('dateOfBirth', '1988-05-04'), _csrf: csrfTokenFrom(page) });
  return textOf(parse(answer), 'h1');
}

describe('revoking a permit', () => {
  it('a supervisor revokes a permit with a reason: kept, on the history, audited, and every check then says revoked', async () => {
    const application = await decidedApplication(t.db, caseworkerAgent, caseworker);
    const number = application.permit_number!;
    expect(await verify(number)).not.toMatch(/revoked/i);
    // A caseworker is not offered it, and is refused if they try.
    const caseworkerPage = parse(await caseworkerAgent.get(`/backoffice/cases/${application.reference}?lang=en`).expect(200));
    expect(caseworkerPage('a[href$="/revoke"]').length).toBe(0);
    await caseworkerAgent.get(`/backoffice/cases/${application.reference}/revoke`).expect(403);

    const form = await supervisorAgent.get(`/backoffice/cases/${application.reference}/revoke?lang=en`).expect(200);
    const version = String(parse(form)('input[name="version"]').val());
    const empty = await postFrom(supervisorAgent, form, `/backoffice/cases/${application.reference}/revoke`, { version, note: '' });
    expect(empty.status).toBe(400);
    expect(errorSummary(parse(empty))[0]!.text).toBe('Say why the permit is revoked');
    const done = await postFrom(supervisorAgent, form, `/backoffice/cases/${application.reference}/revoke`, { version, note: 'The employer closed; the contract ended on 1 November.' });
    expect(done.status).toBe(303);

    const row = (await t.db('applications').where({ id: application.id }).first())!;
    expect(row.permit_revoked_by).toBe(supervisor.id);
    expect(row.permit_revoked_at).not.toBeNull();
    expect(await t.db('application_events').where({ application_id: application.id, kind: 'permit-revoked' }).select('details')).toEqual([{ details: { note: 'The employer closed; the contract ended on 1 November.' } }]);
    expect(await t.db('audit_log').where({ application_id: application.id, action: 'permit-revoked', officer_id: supervisor.id })).toHaveLength(1);
    expect(await verify(number)).toMatch(/revoked/i);
    // Once revoked, there is nothing more to revoke.
    await supervisorAgent.get(`/backoffice/cases/${application.reference}/revoke`).expect(409);
  });
});
