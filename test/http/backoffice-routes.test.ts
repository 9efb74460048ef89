import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKOFFICE_ROUTES, type BackofficeRoute } from '../../src/backoffice/routes.js';
import { ROLES } from '../../src/backoffice/officers/roles.js';
import { newReference } from '../../src/applications/reference.js';
import { fileApplication } from '../support/applications.js';
import { csrfTokenFrom, parse, textOf, type Agent } from '../support/html.js';
import { makeOfficer, signedInOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let reference: string;
let documentId: string;
let banId: string;
beforeAll(async () => {
  t = await startTestApp();
  const application = await fileApplication(t.db, { service: 'work-permit' });
  reference = application.reference;
  await t.db('document_blobs').insert({ key: 'route-test', bytes: Buffer.from('%PDF-1.4 test') });
  const [document] = await t.db('documents')
    .insert({ application_id: application.id, step_id: 'documents', field: 'passport', storage_key: 'route-test', sha256: 'a'.repeat(64), media_type: 'application/pdf', size_bytes: 13, display_name: 'passport.pdf', draft_id: null })
    .returning('id');
  documentId = (document as { id: string }).id;
  const supervisor = await makeOfficer(t.db, { role: 'supervisor' });
  const [ban] = await t.db('travel_bans')
    .insert({ surname: 'Petrov', given_names: 'Ivan', date_of_birth: '1980-01-01', citizenship: 'RU', document_number: '751234567', search_name: 'petrov ivan', kind: 'entryBan', authority: 'Border Service', legal_basis: 'Article 16', starts_on: '2026-01-01', created_by: supervisor.id })
    .returning('id');
  banId = (ban as { id: string }).id;
});
afterAll(async () => t.close());

function urlOf(route: BackofficeRoute, ofCase = reference): string {
  return route.path.replace(':reference', ofCase).replace(':document', documentId).replace(':ban', banId).replace(':office', 'ganja');
}

/** Calls a route as a browser would: a GET, or a POST with a token of this session's own page. */
async function call(agent: Agent, route: BackofficeRoute, ofCase = reference) {
  if (route.method === 'get') return agent.get(urlOf(route, ofCase));
  const page = await agent.get('/backoffice/sign-in');
  const token = page.status === 200 ? csrfTokenFrom(page) : csrfTokenFrom(await agent.get('/backoffice/password'));
  return agent.post(urlOf(route, ofCase)).type('form').send({ _csrf: token, version: '0' });
}

const guarded = BACKOFFICE_ROUTES.filter((route) => route.access !== 'anyone');

describe('every back-office route checks who asks, on the server', () => {
  it('the table holds the routes the app serves', () => {
    expect(guarded.length).toBeGreaterThanOrEqual(8);
    expect(BACKOFFICE_ROUTES.filter((route) => route.access === 'anyone').map((route) => `${route.method} ${route.path}`)).toEqual(['get /backoffice/sign-in', 'post /backoffice/sign-in', 'get /backoffice/sign-in/code', 'post /backoffice/sign-in/code']);
  });

  it.each(guarded.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))('%s: anonymous is sent to sign in', async (_name, route) => {
    const answer = await call(t.agent(), route);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(/^\/backoffice\/sign-in/);
  });

  const limited = guarded.flatMap((route) => (Array.isArray(route.access) ? ROLES.filter((role) => !route.access.includes(role)).map((role) => [`${route.method.toUpperCase()} ${route.path} as ${role}`, route, role] as const) : []));
  it.each(limited)('%s: a translated 403', async (_name, route, role) => {
    const agent = t.agent();
    await signedInOfficer(t.db, agent, { role, services: ['work-permit'], language: 'ru' });
    const answer = await call(agent, route);
    expect(answer.status).toBe(403);
    expect(textOf(parse(answer), 'h1')).toBe('У вас нет доступа к этой странице');
  });

  const cases = guarded.filter((route) => route.path.includes(':reference'));
  it.each(cases.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))('%s: an officer of other services gets the very answer a reference nobody has gets', async (_name, route) => {
    const agent = t.agent();
    await signedInOfficer(t.db, agent, { role: 'supervisor', services: ['stay-extension'] });
    const answer = await call(agent, route);
    const unknown = await call(agent, route, newReference());
    expect(answer.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(answer.text).not.toContain('Həsənov');
    // The address it was asked for is in the language links; the page itself is the same as for no case at all.
    expect(parse(answer)('main').text()).toBe(parse(unknown)('main').text());
    expect(parse(answer)('title').text()).toBe(parse(unknown)('title').text());
  });

  it('a supervisor of the service gets each page', async () => {
    const agent = t.agent();
    await signedInOfficer(t.db, agent, { role: 'supervisor', services: ['work-permit'] });
    const forSupervisors = guarded.filter((candidate) => candidate.method === 'get' && (!Array.isArray(candidate.access) || candidate.access.includes('supervisor')));
    expect(forSupervisors.map((route) => route.path)).toEqual(expect.arrayContaining(['/backoffice/travel-bans/:ban', '/backoffice/visits', '/backoffice/visits/:office']));
    for (const route of forSupervisors) {
      const answer = await agent.get(urlOf(route));
      expect([200, 204, 303, 409], urlOf(route)).toContain(answer.status);
    }
  });

  it('an officer of the service gets each page', async () => {
    const agent = t.agent();
    await signedInOfficer(t.db, agent, { services: ['work-permit'] });
    const forOfficers = guarded.filter((candidate) => candidate.method === 'get' && (!Array.isArray(candidate.access) || candidate.access.includes('officer')));
    for (const route of forOfficers) {
      const answer = await agent.get(urlOf(route));
      // 409: an action's form on a case it cannot be done to now (the page says why).
      expect([200, 204, 303, 409], urlOf(route)).toContain(answer.status);
    }
  });
});
