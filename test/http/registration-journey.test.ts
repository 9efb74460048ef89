import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseReference } from '../../src/applications/reference.js';
import { csrfTokenFrom, parse, submitForm, textOf } from '../support/html.js';
import { answerAll, APPLY, fixedClock, pathFor, SERVICE, type ApplicantType } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

describe('registration at the place of stay, end to end', () => {
  it.each<ApplicantType>(['hostPerson', 'hostOrganisation', 'foreigner'])('%s applies and gets a reference', async (kind) => {
    const agent = t.agent();
    const last = await answerAll(agent, kind, {}, '?lang=en');
    expect(last.headers.location).toBe(`${APPLY}/check`);

    const check = parse(await agent.get(`${APPLY}/check`).expect(200));
    expect(textOf(check, 'h1')).toBe('Check your answers before sending your application');
    const headings = check('h2.govuk-heading-m').toArray().map((h) => check(h).text().trim());
    expect(headings).toContain('The person who is staying');
    expect(headings.includes('The host')).toBe(kind === 'hostPerson');
    expect(headings.includes('The host organisation')).toBe(kind === 'hostOrganisation');
    expect(check.text()).toContain('Məmmədova');
    expect(check.text()).toContain('27 March 1990');

    const sent = await submitForm(agent, `${APPLY}/check`, {});
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`${APPLY}/confirmation`);

    const confirmation = parse(await agent.get(`${APPLY}/confirmation`).expect(200));
    expect(textOf(confirmation, '.govuk-panel__title')).toBe('Application sent');
    const shown = confirmation('[data-reference]').text().trim();
    expect(shown).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Submitted on Tuesday 24 November 2026: one working day later.
    expect(confirmation.text()).toContain('25 November 2026');

    const row = await t.db('applications').where({ reference: normaliseReference(shown) }).first();
    expect(row).toMatchObject({
      service_id: SERVICE,
      status: 'submitted',
      language: 'en',
      document_number: 'U12345678',
      citizenship: 'TR',
      date_of_birth: '1990-03-27',
      legal_due_date: '2026-11-25',
    });
    expect(row.answers).toMatchObject({ surname: 'Məmmədova', givenNames: 'Şəhla', patronymic: 'Ağa qızı', applicantType: kind });
    expect('hostFin' in row.answers).toBe(kind === 'hostPerson');
    expect('organisationTaxNumber' in row.answers).toBe(kind === 'hostOrganisation');
    const events = await t.db('application_events').where({ application_id: row.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'status', to_status: 'submitted', from_status: null, actor: 'applicant' });
  });

  it('stores Cyrillic and Azerbaijani names exactly as typed', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', { identity: { surname: 'Щукина', givenNames: 'Алёна', patronymic: '' } });
    await submitForm(agent, `${APPLY}/check`, {}).then((r) => expect(r.status).toBe(303));
    const row = await t.db('applications').whereRaw(`answers->>'surname' = ?`, ['Щукина']).first();
    expect(row.answers.givenNames).toBe('Алёна');
    expect(row.answers.patronymic).toBe('');
  });

  it('sends anyone who types a later step back to the first unfinished one', async () => {
    const agent = t.agent();
    await agent.get(`/services/${SERVICE}/start`).expect(303);
    await agent.get(`${APPLY}/address`).expect(303).expect('location', `${APPLY}/who-applies`);
    await submitForm(agent, `${APPLY}/who-applies`, { applicantType: 'foreigner' });
    await agent.get(`${APPLY}/contact`).expect(303).expect('location', `${APPLY}/identity`);
    await agent.get(`${APPLY}/check`).expect(303).expect('location', `${APPLY}/identity`);
    await agent.get(`${APPLY}/confirmation`).expect(303).expect('location', `${APPLY}/check`);
    // A host step is not on a foreigner's path at all.
    await agent.get(`${APPLY}/host-person`).expect(303).expect('location', `${APPLY}/identity`);
  });

  it('without a draft, sends the user to the service page with a notice', async () => {
    const agent = t.agent();
    const response = await agent.get(`${APPLY}/identity?lang=en`).expect(303);
    expect(response.headers.location).toBe(`/services/${SERVICE}?expired=1`);
    const page = parse(await agent.get(response.headers.location!));
    expect(page('.govuk-notification-banner').text()).toContain('Start again');
  });

  it('keeps every answer on back, refresh and a change of language', async () => {
    const agent = t.agent();
    await answerAll(agent, 'hostPerson', {}, '?lang=ru');
    const identity = parse(await agent.get(`${APPLY}/identity?lang=az`).expect(200));
    expect(identity('html').attr('lang')).toBe('az');
    expect(identity('#surname').val()).toBe('Məmmədova');
    expect(identity('#dateOfBirth-day').val()).toBe('27');
    expect(identity('#citizenship option[selected]').val()).toBe('TR');
    const host = parse(await agent.get(`${APPLY}/host-person?lang=en`).expect(200));
    expect(host('#hostFin').val()).toBe('5abc12d');
    expect(host('#hostConsent').attr('checked')).toBeDefined();
  });

  it('change links come back to check your answers, and a change of path asks what is missing', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', {}, '?lang=en');
    const check = parse(await agent.get(`${APPLY}/check`));
    const changeLinks = check('.govuk-summary-list__actions a').toArray().map((a) => check(a).attr('href'));
    expect(changeLinks).toContain(`${APPLY}/address?change=1#street`);

    const changed = await submitForm(agent, `${APPLY}/address?change=1`, { city: 'ganja', street: 'Atatürk prospekti', building: '3', apartment: '', postcode: '' });
    expect(changed.headers.location).toBe(`${APPLY}/check`);
    expect(parse(await agent.get(`${APPLY}/check`)).text()).toContain('Ganja');

    // Now the host applies: the host's details are needed before the summary.
    const switched = await submitForm(agent, `${APPLY}/who-applies?change=1`, { applicantType: 'hostOrganisation' });
    expect(switched.headers.location).toBe(`${APPLY}/host-organisation`);
  });

  it('warns about late registration but still accepts it', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', { entry: { 'entryDate-day': '1', 'entryDate-month': '11', 'entryDate-year': '2026' } }, '?lang=en');
    const check = parse(await agent.get(`${APPLY}/check`));
    expect(textOf(check, '.govuk-warning-text__text')).toContain('The last day to register was 16 November 2026');
    const sent = await submitForm(agent, `${APPLY}/check`, {});
    expect(sent.headers.location).toBe(`${APPLY}/confirmation`);
    const confirmation = parse(await agent.get(`${APPLY}/confirmation`));
    expect(confirmation.text()).toContain('a fine may be charged');
  });

  it('gives citizens of Kazakhstan 30 days', async () => {
    const agent = t.agent();
    await answerAll(
      agent,
      'foreigner',
      { identity: { citizenship: 'KZ' }, entry: { 'entryDate-day': '1', 'entryDate-month': '11', 'entryDate-year': '2026' } },
      '?lang=en',
    );
    const check = parse(await agent.get(`${APPLY}/check`));
    expect(check('.govuk-warning-text').length).toBe(0);
  });

  it('walks every step in order for each kind of applicant', async () => {
    for (const kind of ['hostPerson', 'hostOrganisation', 'foreigner'] as const) {
      const agent = t.agent();
      const start = await agent.get(`/services/${SERVICE}/start`).expect(303);
      expect(start.headers.location).toBe(`${APPLY}/who-applies`);
      const steps = pathFor(kind);
      const { validAnswers } = await import('../support/registration.js');
      const answers = validAnswers(kind);
      for (let i = 0; i < steps.length; i += 1) {
        const response = await submitForm(agent, `${APPLY}/${steps[i]}`, answers[steps[i]!]!);
        expect(response.headers.location).toBe(`${APPLY}/${steps[i + 1] ?? 'check'}`);
      }
    }
  });

  it('the form carries its CSRF token', async () => {
    const agent = t.agent();
    await agent.get(`/services/${SERVICE}/start`);
    expect(csrfTokenFrom(await agent.get(`${APPLY}/who-applies`))).toMatch(/.{20,}/);
  });
});
