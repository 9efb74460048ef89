import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, submitForm, textOf } from '../support/html.js';
import { APPLY } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('CSRF', () => {
  it('a POST without a token gets a 403 page in the user language', async () => {
    const agent = t.agent();
    await agent.get(`${APPLY}/who-applies?lang=ru`).expect(200);
    const before = await t.db('drafts').count<{ count: string }[]>('* as count');
    const response = await agent.post(`${APPLY}/who-applies`).type('form').send({ applicantType: 'foreigner' }).expect(403);
    const $ = parse(response);
    expect($('html').attr('lang')).toBe('ru');
    expect(textOf($, 'h1')).toBe('Срок действия страницы истёк');
    // Nothing was saved: no draft was made.
    expect(await t.db('drafts').count<{ count: string }[]>('* as count')).toEqual(before);
  });

  it('a wrong token is refused too, in Azerbaijani by default', async () => {
    const agent = t.agent();
    await agent.get(`${APPLY}/who-applies`).expect(200);
    const response = await agent.post(`${APPLY}/who-applies`).type('form').send({ applicantType: 'foreigner', _csrf: 'forged' }).expect(403);
    expect(textOf(parse(response), 'h1')).toBe('Səhifənin müddəti bitib');
  });

  it('a POST with no session at all (expired) gets the same page, not an error', async () => {
    const response = await t.agent().post(`${APPLY}/check?lang=en`).type('form').send({ _csrf: 'whatever' }).expect(403);
    expect(textOf(parse(response), 'h1')).toBe('Your page has expired');
  });
});

describe('what a browser can send that we refuse', () => {
  it('a body over the limit gets a translated 413 page', async () => {
    const response = await t
      .agent()
      .post(`${APPLY}/who-applies?lang=en`)
      .type('form')
      .send({ applicantType: 'x'.repeat(200_000) })
      .expect(413);
    expect(textOf(parse(response), 'h1')).toBe('What you sent is too large');
  });

  it('a malformed address gets a translated 400 page, not a 500', async () => {
    const response = await t.agent().get('/services/%E0%A4%A?lang=en');
    expect(response.status).toBeLessThan(500);
    expect(parse(response)('html').attr('lang')).toBe('en');
  });

  it('an unknown service cannot be started or answered', async () => {
    await t.agent().get('/services/nope/start').expect(404);
    await t.agent().get('/services/nope/apply/identity').expect(404);
    // An instant service answers on its own page: it has no application form to start.
    await t.agent().get('/services/travel-ban-check/start').expect(404);
  });

  it('an unknown step of a known service is a page not found; a known one not reached yet leads to the first unfinished step', async () => {
    const agent = t.agent();
    await agent.get(`${APPLY}/nonsense?lang=en`).expect(404);
    await submitForm(agent, `${APPLY}/who-applies`, { applicantType: 'foreigner' });
    await agent.get(`${APPLY}/nonsense`).expect(404);
    await agent.get(`${APPLY}/contact`).expect(303).expect('location', `${APPLY}/identity`);
  });

  it('repeated and array-valued fields do not break a step', async () => {
    const agent = t.agent();
    const page = await agent.get(`${APPLY}/who-applies?lang=en`);
    const token = parse(page)('input[name="_csrf"]').attr('value')!;
    const response = await agent.post(`${APPLY}/who-applies`).type('form').send(`applicantType=foreigner&applicantType=hostPerson&_csrf=${encodeURIComponent(token)}`);
    expect(response.status).toBe(303);
  });
});
