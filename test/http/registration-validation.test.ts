import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSummary, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { APPLY, fixedClock, SERVICE, validAnswers } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

async function atIdentity(lang: string): Promise<Agent> {
  const agent = t.agent();
  await agent.get(`/services/${SERVICE}/start?lang=${lang}`).expect(303);
  await submitForm(agent, `${APPLY}/who-applies`, { applicantType: 'foreigner' });
  return agent;
}

const identity = validAnswers('foreigner').identity!;

const RU_TOO_LONG_100 = 'Ответ должен быть не длиннее 100 символов';
const RU_SURNAME_LETTERS = 'Фамилия должна содержать буквы';
const EN_CHARACTERS = 'The answer contains a character that cannot be used, such as a control character. Type it again without copying it';
const RU_CHARACTERS = 'Ответ содержит недопустимый символ, например служебный. Наберите ответ заново, не копируя его';

/** Each case: what is sent to the identity step, and the one error expected in each language. */
const identityCases: { name: string; change: Record<string, string>; href: string; en: string; ru: string }[] = [
  { name: 'surname missing', change: { surname: '  ' }, href: '#surname', en: 'Enter the surname', ru: 'Введите фамилию' },
  { name: 'surname too long', change: { surname: 'A'.repeat(101) }, href: '#surname', en: 'The surname must be 100 characters or fewer', ru: 'Фамилия должна быть не длиннее 100 символов' },
  { name: 'given names missing', change: { givenNames: '' }, href: '#givenNames', en: 'Enter the given names', ru: 'Введите имя' },
  { name: 'given names too long', change: { givenNames: 'B'.repeat(101) }, href: '#givenNames', en: 'The given names must be 100 characters or fewer', ru: 'Имя должно быть не длиннее 100 символов' },
  { name: 'patronymic too long', change: { patronymic: 'C'.repeat(101) }, href: '#patronymic', en: 'The answer must be 100 characters or fewer', ru: RU_TOO_LONG_100 },
  { name: 'a surname of invisible characters only', change: { surname: '\u200B\u200F ' }, href: '#surname', en: 'Enter the surname', ru: 'Введите фамилию' },
  { name: 'a surname with no letter', change: { surname: '---' }, href: '#surname', en: 'The surname must contain letters', ru: RU_SURNAME_LETTERS },
  { name: 'a right-to-left override in a name', change: { givenNames: 'Ali\u202Eve' }, href: '#givenNames', en: EN_CHARACTERS, ru: RU_CHARACTERS },
  { name: 'date of birth missing', change: { 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '' }, href: '#dateOfBirth-day', en: 'Enter the date of birth', ru: 'Введите дату рождения' },
  { name: 'date of birth without a month', change: { 'dateOfBirth-month': '' }, href: '#dateOfBirth-month', en: 'The date must include a day, a month and a year', ru: 'Дата должна включать день, месяц и год' },
  { name: '31 February', change: { 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1990' }, href: '#dateOfBirth-day', en: 'Enter a real date, for example 27 3 1990', ru: 'Введите существующую дату, например 27 3 1990' },
  { name: 'month 13', change: { 'dateOfBirth-month': '13' }, href: '#dateOfBirth-month', en: 'Enter a real date, for example 27 3 1990', ru: 'Введите существующую дату, например 27 3 1990' },
  { name: 'two-digit year', change: { 'dateOfBirth-year': '90' }, href: '#dateOfBirth-year', en: 'Enter a real date, for example 27 3 1990', ru: 'Введите существующую дату, например 27 3 1990' },
  { name: 'letters in a date', change: { 'dateOfBirth-day': 'ab' }, href: '#dateOfBirth-day', en: 'Enter a real date, for example 27 3 1990', ru: 'Введите существующую дату, например 27 3 1990' },
  { name: 'born in the future', change: { 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '2027' }, href: '#dateOfBirth-day', en: 'The date of birth must be in the past', ru: 'Дата рождения должна быть в прошлом' },
  { name: 'sex missing', change: { sex: '' }, href: '#sex', en: 'Select the sex as shown in the travel document', ru: 'Выберите пол, как указано в проездном документе' },
  { name: 'sex not an option', change: { sex: 'other' }, href: '#sex', en: 'Select the sex as shown in the travel document', ru: 'Выберите пол, как указано в проездном документе' },
  { name: 'citizenship missing', change: { citizenship: '' }, href: '#citizenship', en: 'Select the citizenship, or stateless person', ru: 'Выберите гражданство или «Лицо без гражданства»' },
  { name: 'citizenship not a country', change: { citizenship: 'XX' }, href: '#citizenship', en: 'Select the citizenship, or stateless person', ru: 'Выберите гражданство или «Лицо без гражданства»' },
  { name: 'place of birth missing', change: { placeOfBirth: '' }, href: '#placeOfBirth', en: 'Enter the place of birth', ru: 'Введите место рождения' },
];

describe.each(['en', 'ru'] as const)('validation in %s', (lang) => {
  it('who applies: nothing chosen', async () => {
    const agent = t.agent();
    await agent.get(`/services/${SERVICE}/start?lang=${lang}`).expect(303);
    const response = await submitForm(agent, `${APPLY}/who-applies`, {});
    expect(response.status).toBe(400);
    const $ = parse(response);
    const expected = { en: 'Select who is applying', ru: 'Выберите, кто подаёт заявление' }[lang];
    expect(errorSummary($)).toEqual([{ text: expected, href: '#applicantType' }]);
    expect(textOf($, '#applicantType-error')).toContain(expected);
    expect($('title').text()).toMatch({ en: /^Error: /, ru: /^Ошибка: / }[lang]);
    expect(textOf($, '.govuk-error-summary__title')).toBe({ en: 'There is a problem', ru: 'Исправьте ошибки' }[lang]);
  });

  it('who applies: a value that is not an option', async () => {
    const agent = t.agent();
    await agent.get(`/services/${SERVICE}/start?lang=${lang}`).expect(303);
    const response = await submitForm(agent, `${APPLY}/who-applies`, { applicantType: 'alien' });
    expect(response.status).toBe(400);
    expect(errorSummary(parse(response))[0]?.href).toBe('#applicantType');
  });

  it.each(identityCases)('identity: $name', async ({ change, href, ...messages }) => {
    const agent = await atIdentity(lang);
    const response = await submitForm(agent, `${APPLY}/identity`, { ...identity, ...change });
    expect(response.status).toBe(400);
    const $ = parse(response);
    expect(errorSummary($)).toEqual([{ text: messages[lang], href }]);
    expect($('.govuk-error-message').text()).toContain(messages[lang]);
    expect($('title').text()).toMatch({ en: /^Error: /, ru: /^Ошибка: / }[lang]);
    // The target of the summary link exists, and what was typed is still there.
    expect($(href).length).toBe(1);
    expect($('#placeOfBirth').val()).toBe(change.placeOfBirth ?? identity.placeOfBirth);
    expect($('#dateOfBirth-month').val()).toBe(change['dateOfBirth-month'] ?? identity['dateOfBirth-month']);
  });

  it('identity: everything wrong at once lists every error in page order', async () => {
    const agent = await atIdentity(lang);
    const response = await submitForm(agent, `${APPLY}/identity`, {});
    const hrefs = errorSummary(parse(response)).map((error) => error.href);
    expect(hrefs).toEqual(['#surname', '#givenNames', '#dateOfBirth-day', '#sex', '#citizenship', '#placeOfBirth']);
  });
});

describe('the error state survives a change of language', () => {
  it('shows the same errors, translated, with the answers kept', async () => {
    const agent = await atIdentity('en');
    await submitForm(agent, `${APPLY}/identity`, { ...identity, surname: '' });
    const $ = parse(await agent.get(`${APPLY}/identity?lang=ru`).expect(200));
    expect(errorSummary($)).toEqual([{ text: 'Введите фамилию', href: '#surname' }]);
    expect($('#givenNames').val()).toBe('Şəhla');
  });
});

describe('later steps', () => {
  async function atStep(step: string): Promise<Agent> {
    const agent = await atIdentity('en');
    const answers = validAnswers('foreigner');
    for (const previous of ['identity', 'travel-document', 'entry', 'address', 'host']) {
      if (previous === step) break;
      await submitForm(agent, `${APPLY}/${previous}`, answers[previous]!);
    }
    return agent;
  }

  it('an expired travel document and an expiry before issue', async () => {
    const agent = await atStep('travel-document');
    const base = validAnswers('foreigner')['travel-document']!;
    const expired = await submitForm(agent, `${APPLY}/travel-document`, { ...base, 'documentExpiryDate-year': '2025' });
    expect(errorSummary(parse(expired))[0]?.text).toContain('has expired');
    const upsideDown = await submitForm(agent, `${APPLY}/travel-document`, { ...base, 'documentIssueDate-year': '2026', 'documentIssueDate-month': '1', 'documentExpiryDate-year': '2026', 'documentExpiryDate-month': '12', 'documentExpiryDate-day': '1' });
    expect(upsideDown.status).toBe(303);
    const bad = await submitForm(agent, `${APPLY}/travel-document`, { ...base, documentNumber: 'AB!' });
    expect(errorSummary(parse(bad))[0]?.text).toBe('The travel document number must be 5 to 20 letters or numbers');
  });

  it('entry in the future, a visa without a number, departure before entry', async () => {
    const agent = await atStep('entry');
    const base = validAnswers('foreigner').entry!;
    const future = await submitForm(agent, `${APPLY}/entry`, { ...base, 'entryDate-day': '25' });
    expect(errorSummary(parse(future))[0]).toEqual({ text: 'The date of entry must be today or in the past', href: '#entryDate-day' });
    const noVisa = await submitForm(agent, `${APPLY}/entry`, { ...base, eVisaNumber: '' });
    expect(errorSummary(parse(noVisa))[0]).toEqual({ text: 'Enter the e-visa number', href: '#eVisaNumber' });
    const before = await submitForm(agent, `${APPLY}/entry`, { ...base, 'departureDate-day': '19', 'departureDate-month': '11', 'departureDate-year': '2026' });
    expect(errorSummary(parse(before))[0]?.href).toBe('#departureDate-day');
    const visaFree = await submitForm(agent, `${APPLY}/entry`, { ...base, visaType: 'visaFree', eVisaNumber: '' });
    expect(visaFree.status).toBe(303);
  });

  it('contact: email and phone formats', async () => {
    const agent = await atStep('contact');
    await submitForm(agent, `${APPLY}/address`, validAnswers('foreigner').address!);
    const response = await submitForm(agent, `${APPLY}/contact`, { email: 'not-an-email', phone: '050 123', preferredLanguage: 'ru' });
    expect(errorSummary(parse(response)).map((error) => error.href)).toEqual(['#email', '#phone']);
    const fixed = await submitForm(agent, `${APPLY}/contact`, { email: 'a@example.az', phone: '00994 (50) 123-45-67', preferredLanguage: 'ru' });
    // The end of the contact section: back to the task list.
    expect(fixed.headers.location).toBe(APPLY);
    const draft = await t.db('drafts').orderBy('updated_at', 'desc').first();
    expect(draft!.answers.contact!.phone).toBe('00994 (50) 123-45-67');
  });
});
