import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseReference } from '../../src/applications/reference.js';
import { dateFields } from '../support/journey.js';
import { csrfTokenFrom, errorSummary, parse, submitForm, textOf } from '../support/html.js';
import { answerAll, APPLY, fixedClock, pathFor, SERVICE, validAnswers, type ApplicantType } from '../support/registration.js';
import { applicationWhere, applicationsWhereAnswer } from '../support/rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

const LATE_ENTRY = dateFields('entryDate', '2026-11-01');

describe('registration at the place of stay, end to end', () => {
  it.each<ApplicantType>(['hostPerson', 'hostOrganisation', 'foreigner'])('%s applies and gets a reference', async (kind) => {
    const agent = t.agent();
    const last = await answerAll(agent, kind, {}, '?lang=en');
    // The last section done: back to the task list, which now offers to check and send.
    expect(last.headers.location).toBe(APPLY);
    const tasks = parse(await agent.get(APPLY).expect(200));
    expect(tasks('.govuk-task-list__item a').last().attr('href')).toBe(`${APPLY}/check`);

    const check = parse(await agent.get(`${APPLY}/check`).expect(200));
    expect(textOf(check, 'h1')).toBe('Check your answers before sending your application');
    const cards = check('.govuk-summary-card__title').toArray().map((h) => check(h).text().trim());
    expect(cards).toEqual(['Who is applying', 'The person who is staying', 'Where they stay', 'Contact details', 'Documents']);
    expect(check.text()).toContain('Məmmədova');
    expect(check.text()).toContain('27 March 1990');
    expect(check.text()).toContain('+994 50 765 43 21');
    expect(check.text()).toContain('passport.pdf');
    // Labels on the summary never say "(optional)".
    expect(check('.govuk-summary-list__key').text()).not.toContain('(optional)');
    // One change link per card.
    expect(check('.govuk-summary-card').length).toBe(check('.govuk-summary-card__actions a').length);

    const sent = await submitForm(agent, `${APPLY}/check`, {});
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`${APPLY}/confirmation`);

    const confirmation = parse(await agent.get(`${APPLY}/confirmation`).expect(200));
    expect(textOf(confirmation, '.govuk-panel__title')).toBe('Application sent');
    const shown = confirmation('[data-reference]').text().trim();
    expect(shown).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Submitted on Tuesday 24 November 2026: one working day later.
    expect(confirmation.text()).toContain('25 November 2026');
    expect(confirmation.text()).toContain('shahla@example.com');

    const row = await applicationWhere(t.db, { reference: normaliseReference(shown)! });
    expect(row).toMatchObject({
      service_id: SERVICE,
      service_version: 1,
      status: 'submitted',
      language: 'en',
      document_number: 'U12345678',
      citizenship: 'TR',
      date_of_birth: '1990-03-27',
      legal_due_date: '2026-11-25',
      fee_amount: null,
    });
    expect(row.answers.identity).toMatchObject({ surname: 'Məmmədova', givenNames: 'Şəhla', patronymic: 'Ağa qızı' });
    expect(row.answers['who-applies'].applicantType).toBe(kind);
    expect(Object.keys(row.answers)).toEqual(expect.arrayContaining(pathFor(kind)));
    expect('host-person' in row.answers).toBe(kind === 'hostPerson');
    expect('host-organisation' in row.answers).toBe(kind === 'hostOrganisation');
    expect('host' in row.answers).toBe(kind === 'foreigner');
    const events = await t.db('application_events').where({ application_id: row.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'status', to_status: 'submitted', from_status: null, actor: 'applicant' });
  });

  it('stores Cyrillic and Azerbaijani names exactly as typed, and leaves out an empty optional answer', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', { identity: { surname: 'Щукина', givenNames: 'Алёна', patronymic: '' } });
    await submitForm(agent, `${APPLY}/check`, {}).then((r) => expect(r.status).toBe(303));
    const [row] = await applicationsWhereAnswer(t.db, 'identity', 'surname', 'Щукина');
    expect(row!.answers.identity.givenNames).toBe('Алёна');
    expect('patronymic' in row!.answers.identity).toBe(false);
  });

  it('opening the form makes no draft; the first answer does', async () => {
    const before = await t.db('drafts').count<{ count: string }[]>('* as count');
    const agent = t.agent();
    await agent.get(`/services/${SERVICE}/start`).expect(303).expect('location', APPLY);
    await agent.head(`${APPLY}/who-applies`).expect(200);
    await agent.get(`${APPLY}/who-applies`).expect(200);
    expect(await t.db('drafts').count<{ count: string }[]>('* as count')).toEqual(before);
    await submitForm(agent, `${APPLY}/who-applies`, { applicantType: 'foreigner' }).then((r) => expect(r.status).toBe(303));
    expect(Number((await t.db('drafts').count<{ count: string }[]>('* as count'))[0]!.count)).toBe(Number(before[0]!.count) + 1);
  });

  it('sends anyone who types a later step back to the first unfinished one', async () => {
    const agent = t.agent();
    await submitForm(agent, `${APPLY}/who-applies`, { applicantType: 'foreigner' });
    await agent.get(`${APPLY}/contact`).expect(303).expect('location', `${APPLY}/identity`);
    await agent.get(`${APPLY}/check`).expect(303).expect('location', APPLY);
    await agent.get(`${APPLY}/confirmation`).expect(303).expect('location', `${APPLY}/check`);
    // A host's own step is not on a foreigner's path at all.
    await agent.get(`${APPLY}/host-person`).expect(303).expect('location', `${APPLY}/identity`);
  });

  it('without a draft, a later step sends the user to the service page with a notice', async () => {
    const agent = t.agent();
    const response = await agent.get(`${APPLY}/identity?lang=en`).expect(303);
    expect(response.headers.location).toBe(`/services/${SERVICE}?expired=1`);
    const page = parse(await agent.get(response.headers.location!));
    expect(page('.govuk-notification-banner').text()).toContain('start again');
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

  it('a card change link goes through its section and back to check your answers; a change of path asks what is missing', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', {}, '?lang=en');
    const check = parse(await agent.get(`${APPLY}/check`));
    const changeLinks = check('.govuk-summary-card__actions a').toArray().map((a) => check(a).attr('href'));
    expect(changeLinks).toContain(`${APPLY}/address?change=1`);

    const changed = await submitForm(agent, `${APPLY}/address?change=1`, { city: 'ganja', street: 'Atatürk prospekti', building: '3', apartment: '', postcode: '' });
    // The section goes on to the host step, in change mode, then back to the summary.
    expect(changed.headers.location).toBe(`${APPLY}/host?change=1`);
    const host = await submitForm(agent, `${APPLY}/host?change=1`, validAnswers('foreigner').host!);
    expect(host.headers.location).toBe(`${APPLY}/check`);
    expect(textOf(parse(await agent.get(`${APPLY}/check`)), 'main')).toContain('Ganja');

    // Now the host applies: the host's own details are needed before the summary.
    const switched = await submitForm(agent, `${APPLY}/who-applies?change=1`, { applicantType: 'hostOrganisation' });
    expect(switched.headers.location).toBe(`${APPLY}/host-organisation`);
  });

  it('tells right after the entry step that the registration is late, and still accepts it', async () => {
    const agent = t.agent();
    await agent.get(`/services/${SERVICE}/start?lang=en`);
    const answers = validAnswers('foreigner');
    for (const step of ['who-applies', 'identity', 'travel-document']) await submitForm(agent, `${APPLY}/${step}`, answers[step]!);
    const entry = await submitForm(agent, `${APPLY}/entry`, { ...answers.entry, ...LATE_ENTRY });
    expect(entry.headers.location).toBe(`${APPLY}/late-registration`);
    const notice = parse(await agent.get(`${APPLY}/late-registration`).expect(200));
    expect(textOf(notice, 'h1')).toBe('The deadline to register has passed');
    expect(textOf(notice, 'main')).toContain('The last day to register was 16 November 2026');
    expect(textOf(notice, 'main')).toContain('fine');
    // Continue on the notice goes to the task list (end of the section), then the rest as usual.
    const read = await submitForm(agent, `${APPLY}/late-registration`, {});
    expect(read.headers.location).toBe(APPLY);

    await answerAll(agent, 'foreigner', { entry: LATE_ENTRY });
    const check = parse(await agent.get(`${APPLY}/check`).expect(200));
    expect(textOf(check, '.govuk-warning-text__text')).toContain('The last day to register was 16 November 2026');
    const sent = await submitForm(agent, `${APPLY}/check`, {});
    expect(sent.headers.location).toBe(`${APPLY}/confirmation`);
    const confirmation = parse(await agent.get(`${APPLY}/confirmation`));
    expect(confirmation.text()).toContain('a fine may be charged');
  });

  it('gives citizens of Kazakhstan 30 days', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', { identity: { citizenship: 'KZ' }, entry: LATE_ENTRY }, '?lang=en');
    const check = parse(await agent.get(`${APPLY}/check`));
    expect(check('.govuk-warning-text').length).toBe(0);
  });

  it('the visa number is asked under the visa kind chosen, and ignored when hidden', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner', {}, '?lang=en');
    const page = parse(await agent.get(`${APPLY}/entry`).expect(200));
    // Both revealed inputs are on the page (each under its option), so it works without JavaScript.
    expect(page('#eVisaNumber').length).toBe(1);
    expect(page('#visaNumber').length).toBe(1);
    expect(page('#conditional-visaType').length + page('[id^="conditional-visaType"]').length).toBeGreaterThan(0);
    // Visa-free with a number still typed in a hidden field: not checked, not stored.
    const visaFree = await submitForm(agent, `${APPLY}/entry`, { ...validAnswers('foreigner').entry, visaType: 'visaFree', eVisaNumber: '!!bad!!', visaNumber: 'also bad' });
    expect(visaFree.status).toBe(303);
    const draft = await t.db('drafts').orderBy('updated_at', 'desc').first();
    expect(draft!.answers.entry).not.toHaveProperty('eVisaNumber');
    expect(draft!.answers.entry).not.toHaveProperty('visaNumber');
    const check = parse(await agent.get(`${APPLY}/check`));
    expect(check.text()).not.toContain('E-visa number');
    // A visa chosen without its number: the error is on the revealed field.
    const noNumber = await submitForm(agent, `${APPLY}/entry`, { ...validAnswers('foreigner').entry, visaType: 'visa', visaNumber: '' });
    expect(noNumber.status).toBe(400);
    expect(errorSummary(parse(noNumber))).toEqual([{ text: 'Enter the visa number', href: '#visaNumber' }]);
  });

  it('the form carries its CSRF token', async () => {
    const agent = t.agent();
    expect(csrfTokenFrom(await agent.get(`${APPLY}/who-applies`))).toMatch(/.{20,}/);
  });
});
