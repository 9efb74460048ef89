import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { makeOfficer, PASSWORD, postFrom, signedInOfficer, signIn } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.agent();
  await signedInOfficer(t.db, admin, { role: 'admin', services: [] });
});
afterAll(async () => t.close());

describe('an account that would see no application', () => {
  it.each(['officer', 'supervisor'])('the admins’ form refuses a new %s with no service, and says why', async (role) => {
    const form = await admin.get('/backoffice/admin/officers/new?lang=en').expect(200);
    const refused = await postFrom(admin, form, '/backoffice/admin/officers/new', { name: 'Nobody Yet', email: `${role}.none@migration.gov.az`, role, language: 'en', active: 'yes' }).expect(400);
    expect(errorSummary(parse(refused))).toEqual([{ text: 'Choose at least one service: an officer or a supervisor without one would see no application', href: '#services' }]);
    expect(textOf(parse(refused), '#services-error')).toContain('Choose at least one service');
    expect(await t.db('officers').where({ email: `${role}.none@migration.gov.az` }).first()).toBeUndefined();
  });

  it('the form refuses taking the last service away, and an admin needs none', async () => {
    const subject = await makeOfficer(t.db, { services: ['work-permit'] });
    const form = await admin.get(`/backoffice/admin/officers/${subject.id}?lang=ru`).expect(200);
    const refused = await postFrom(admin, form, `/backoffice/admin/officers/${subject.id}`, { name: subject.name, role: 'officer', language: 'en', active: 'yes' }).expect(400);
    expect(errorSummary(parse(refused))[0]!.text).toBe('Выберите хотя бы одну услугу: сотрудник или руководитель без услуг не увидит ни одного заявления');
    expect((await t.db('officers').where({ id: subject.id }).first())!.services).toEqual(['work-permit']);
    await postFrom(admin, form, `/backoffice/admin/officers/${subject.id}`, { name: subject.name, role: 'admin', language: 'en', active: 'yes' }).expect(303);
    expect((await t.db('officers').where({ id: subject.id }).first())!.role).toBe('admin');
  });

  it('an officer already without services (made before this rule) is told why the queue is empty', async () => {
    const agent = t.agent();
    await signedInOfficer(t.db, agent, { role: 'supervisor', services: [] });
    const queue = parse(await agent.get('/backoffice/queue?lang=en').expect(200));
    expect(textOf(queue, 'main .govuk-warning-text')).toContain('You have not been given any service to work on, so no application can be shown here.');
    const working = t.agent();
    await signedInOfficer(t.db, working, { services: ['work-permit'] });
    expect(parse(await working.get('/backoffice/queue?lang=en').expect(200))('main .govuk-warning-text').length).toBe(0);
  });
});

describe('the language chosen before signing in', () => {
  it.each(['en', 'ru'] as const)('is kept after signing in, on the first page (%s), whatever the account’s own', async (lang) => {
    const officer = await makeOfficer(t.db, { language: 'az', mustChange: true });
    const agent = t.agent();
    const answer = await signIn(agent, officer.email, PASSWORD, lang);
    expect(answer.headers.location).toBe('/backoffice/password');
    const page = parse(await agent.get('/backoffice/password').expect(200));
    expect(page('html').attr('lang')).toBe(lang);
    expect(textOf(page, 'h1')).toBe({ en: 'Change your password', ru: 'Смена пароля' }[lang]);
  });

  it('a browser that asks for English reads the sign-in page in English, and so the pages after it', async () => {
    const officer = await makeOfficer(t.db, { language: 'az' });
    const agent = t.agent();
    const form = await agent.get('/backoffice/sign-in').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
    expect(parse(form)('html').attr('lang')).toBe('en');
    await postFrom(agent, form, '/backoffice/sign-in', { email: officer.email, password: PASSWORD }).set('Accept-Language', 'en-GB,en;q=0.9').expect(303);
    const queue = parse(await agent.get('/backoffice/queue').set('Accept-Language', 'en-GB,en;q=0.9').expect(200));
    expect(textOf(queue, 'h1')).toBe('Applications');
  });

  it('with no language asked for by this browser, the account’s own', async () => {
    const officer = await makeOfficer(t.db, { language: 'ru' });
    const agent = t.agent();
    await signIn(agent, officer.email, PASSWORD, null);
    expect(parse(await agent.get('/backoffice/queue').expect(200))('html').attr('lang')).toBe('ru');
  });
});
