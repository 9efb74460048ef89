import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, parse } from '../support/html.js';
import { answerAll, APPLY, fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

async function applicationsOf(email: string): Promise<number> {
  const rows = await t.db('applications').whereRaw(`answers->'contact'->>'email' = ?`, [email]).count<{ count: string }[]>('* as count');
  return Number(rows[0]?.count);
}

describe('one draft makes exactly one application', () => {
  it('refresh of the confirmation and back-and-resubmit', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', { contact: { email: 'once@example.com' } });
    const token = csrfTokenFrom(await agent.get(`${APPLY}/check`));
    await agent.post(`${APPLY}/check`).type('form').send({ _csrf: token }).expect(303);
    const first = parse(await agent.get(`${APPLY}/confirmation`).expect(200))('[data-reference]').text();
    // Refresh.
    const again = parse(await agent.get(`${APPLY}/confirmation`).expect(200))('[data-reference]').text();
    expect(again).toBe(first);
    // Back to the check page (the browser's cached copy) and press send again: that page's token is spent.
    await agent.post(`${APPLY}/check`).type('form').send({ _csrf: token }).expect(403);
    // Reloading the check page leads to the confirmation, and sending with a fresh token changes nothing.
    await agent.get(`${APPLY}/check`).expect(303).expect('location', `${APPLY}/confirmation`);
    const resent = await agent.post(`${APPLY}/check`).type('form').send({ _csrf: csrfTokenFrom(await agent.get('/resume')) }).expect(303);
    expect(resent.headers.location).toBe(`${APPLY}/confirmation`);
    // A step of the sent draft now leads to its confirmation, not to a second form.
    await agent.get(`${APPLY}/identity`).expect(303).expect('location', `${APPLY}/confirmation`);
    expect(await applicationsOf('once@example.com')).toBe(1);
  });

  it('the same draft sent from two tabs at the same moment', async () => {
    const agent = t.agent();
    await answerAll(agent, 'hostPerson', { contact: { email: 'tabs@example.com' } });
    const token = csrfTokenFrom(await agent.get(`${APPLY}/check`));
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => agent.post(`${APPLY}/check`).type('form').send({ _csrf: token })),
    );
    // Each is led to the confirmation, or, arriving after the first renewed the token, told its page expired.
    for (const response of responses) {
      expect([303, 403]).toContain(response.status);
      if (response.status === 303) expect(response.headers.location).toBe(`${APPLY}/confirmation`);
    }
    expect(responses.some((response) => response.status === 303)).toBe(true);
    expect(await applicationsOf('tabs@example.com')).toBe(1);
    const events = await t
      .db('application_events')
      .join('applications', 'applications.id', 'application_events.application_id')
      .whereRaw(`answers->'contact'->>'email' = ?`, ['tabs@example.com'])
      .count<{ count: string }[]>('* as count');
    expect(Number(events[0]?.count)).toBe(1);
  });

  it('starting again after sending opens a new, empty draft', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', { contact: { email: 'twice@example.com' } });
    const token = csrfTokenFrom(await agent.get(`${APPLY}/check`));
    await agent.post(`${APPLY}/check`).type('form').send({ _csrf: token }).expect(303);
    await agent.get('/services/registration-at-place-of-stay/start').expect(303).expect('location', APPLY);
    const tasks = parse(await agent.get(`${APPLY}?lang=en`).expect(200));
    expect(tasks('.govuk-task-list__status').first().text()).toContain('Not started');
    const page = parse(await agent.get(`${APPLY}/who-applies`).expect(200));
    expect(page('input[name="applicantType"]:checked').length).toBe(0);
  });
});
