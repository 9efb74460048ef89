import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInBaku } from '../../src/forms/dates.js';
import { LIMITS } from '../../src/security/limits.js';
import { formatDate } from '../../src/i18n/format.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { registrationSteps } from '../fixtures/services.js';
import { errorSummary, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { answerStep, applyPath, dateFields } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SERVICE = 'registration-at-place-of-stay';
const APPLY = applyPath(SERVICE);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock, limits: LIMITS });
});
afterAll(async () => t.close());

/** Answers up to the address step, then presses "Save and come back later" on it with something typed. */
async function saveHalfWay(): Promise<{ agent: Agent; code: string }> {
  const agent = t.agent();
  await agent.get(`/services/${SERVICE}/start?lang=en`);
  for (const step of registrationSteps('foreigner').slice(0, 4)) await answerStep(agent, APPLY, step);
  const saved = await submitForm(agent, `${APPLY}/address`, { city: 'baku', street: 'Füzuli küçəsi', action: 'save' });
  expect(saved.headers.location).toBe(`${APPLY}/saved`);
  const page = parse(await agent.get(`${APPLY}/saved`).expect(200));
  const code = page('[data-resume-code]').text().trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return { agent, code };
}

/** Sends the resume form, choosing the detail given (the date of birth or the document number) as a person does. */
async function resume(agent: Agent, fields: Record<string, string>) {
  const identifier = 'documentNumber' in fields ? 'documentNumber' : 'dateOfBirth-day' in fields ? 'dateOfBirth' : undefined;
  return submitForm(agent, '/resume?lang=en', identifier ? { identifier, ...fields } : fields);
}

describe('save and come back later', () => {
  it('gives a code and the date the answers will be deleted; the same code again on reload', async () => {
    const { agent, code } = await saveHalfWay();
    const page = parse(await agent.get(`${APPLY}/saved`).expect(200));
    expect(page('[data-resume-code]').text().trim()).toBe(code);
    const draft = await t.db('drafts').whereNotNull('resume_code_hash').orderBy('updated_at', 'desc').first();
    // Deleted 30 days after it was last saved (by the database's clock), unless sent.
    expect(draft!.expires_at.getTime() - draft!.updated_at.getTime()).toBeCloseTo(30 * 86_400_000, -4);
    expect(textOf(page, 'main')).toContain(formatDate(todayInBaku(draft!.expires_at), 'en'));
    // Only a hash of the code is kept.
    expect(draft!.resume_code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(draft)).not.toContain(code.replace(/-/g, ''));
    // What was typed on the page where "save" was pressed is kept, half done as it is.
    expect(draft!.answers.address).toMatchObject({ city: 'baku', street: 'Füzuli küçəsi' });
  });

  it('resumes in another browser with the code and the date of birth, where it was left', async () => {
    const { code } = await saveHalfWay();
    const other = t.agent();
    const back = await resume(other, { resumeCode: code.toLowerCase().replace(/-/g, ' '), ...dateFields('dateOfBirth', '1990-03-27') });
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe(APPLY);
    const address = parse(await other.get(`${APPLY}/address`).expect(200));
    expect(address('#street').val()).toBe('Füzuli küçəsi');
    const identity = parse(await other.get(`${APPLY}/identity`).expect(200));
    expect(identity('#surname').val()).toBe('Məmmədova');
  });

  it('resumes with the document number instead, typed as people type it', async () => {
    const { code } = await saveHalfWay();
    const other = t.agent();
    const back = await resume(other, { resumeCode: code, documentNumber: 'u1234 5678' });
    expect(back.headers.location).toBe(APPLY);
  });

  it('a wrong date of birth answers exactly as an unknown code', async () => {
    const { code } = await saveHalfWay();
    const wrongPair = await resume(t.agent(), { resumeCode: code, ...dateFields('dateOfBirth', '1990-03-28') });
    const unknown = await resume(t.agent(), { resumeCode: '7KQ4-M2XD-93PH', ...dateFields('dateOfBirth', '1990-03-28') });
    const mistyped = await resume(t.agent(), { resumeCode: 'AAAA-AAAA-AAAA', ...dateFields('dateOfBirth', '1990-03-28') });
    for (const response of [wrongPair, unknown, mistyped]) {
      expect(response.status).toBe(400);
      expect(errorSummary(parse(response))).toEqual([
        {
          text: 'We could not find saved answers with these details. Check the code and the date of birth or document number. Answers are kept for 30 days after they were last saved',
          href: '#resumeCode',
        },
      ]);
    }
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/, '').replace(/value="[^"]*"/g, '');
    expect(strip(wrongPair.text)).toBe(strip(unknown.text));
  });

  it('asks for the code and a date of birth or document number', async () => {
    const response = await resume(t.agent(), { resumeCode: '' });
    expect(errorSummary(parse(response))[0]).toEqual({ text: 'Enter the code you were given when you saved your answers', href: '#resumeCode' });
    const noIdentifier = await resume(t.agent(), { resumeCode: '7KQ4-M2XD-93PH' });
    expect(errorSummary(parse(noIdentifier))).toEqual([{ text: 'Choose the date of birth or the travel document number', href: '#identifier' }]);
    const chosenButEmpty = await resume(t.agent(), { resumeCode: '7KQ4-M2XD-93PH', identifier: 'documentNumber', documentNumber: '' });
    expect(errorSummary(parse(chosenButEmpty))).toEqual([{ text: 'Enter the travel document number', href: '#documentNumber' }]);
  });

  it.each(LANGUAGES)('asks both as required in %s, with a choice of the detail as the tracking page does: nothing is marked optional', async (lang) => {
    const optional = createI18n().getFixedT(lang)('forms:optionalMarker');
    for (const url of [`/resume?lang=${lang}`, `/track?lang=${lang}`]) {
      const $ = parse(await t.agent().get(url).expect(200));
      expect(textOf($, 'main form'), url).not.toContain(optional);
      expect($('input[name="identifier"]').toArray().map((input) => $(input).attr('value')), url).toEqual(['dateOfBirth', 'documentNumber']);
      // Each detail is revealed under its own choice.
      expect($('[id^="conditional-identifier"] #dateOfBirth-day').length, url).toBe(1);
      expect($('[id^="conditional-identifier"] #documentNumber').length, url).toBe(1);
    }
  });

  it('saved before any date of birth is given, asks for one to protect the answers', async () => {
    const agent = t.agent();
    const saved = await submitForm(agent, `${APPLY}/who-applies?lang=en`, { applicantType: 'hostPerson', action: 'save' });
    expect(saved.headers.location).toBe(`${APPLY}/saved`);
    const ask = parse(await agent.get(`${APPLY}/saved`).expect(200));
    expect(ask('[data-resume-code]').length).toBe(0);
    expect(ask('#dateOfBirth-day').length).toBe(1);
    await submitForm(agent, `${APPLY}/saved`, dateFields('dateOfBirth', '1985-07-01')).then((r) => expect(r.headers.location).toBe(`${APPLY}/saved`));
    const code = parse(await agent.get(`${APPLY}/saved`).expect(200))('[data-resume-code]').text().trim();
    const back = await resume(t.agent(), { resumeCode: code, ...dateFields('dateOfBirth', '1985-07-01') });
    expect(back.headers.location).toBe(APPLY);
  });

  it('a sent draft cannot be resumed', async () => {
    const { agent, code } = await saveHalfWay();
    for (const step of registrationSteps('foreigner').slice(4)) await answerStep(agent, APPLY, step);
    await submitForm(agent, `${APPLY}/check`, {}).then((r) => expect(r.headers.location).toBe(`${APPLY}/confirmation`));
    const back = await resume(t.agent(), { resumeCode: code, ...dateFields('dateOfBirth', '1990-03-27') });
    expect(back.status).toBe(400);
  });
});

describe('attempts to resume', () => {
  it('are limited per code, counted in the database, and then refused even with the right pair', async () => {
    const { code } = await saveHalfWay();
    for (let attempt = 0; attempt < LIMITS.resumePerCode.attempts; attempt += 1) {
      await resume(t.agent(), { resumeCode: code, ...dateFields('dateOfBirth', '1970-01-01') }).then((r) => expect(r.status).toBe(400));
    }
    const blocked = await resume(t.agent(), { resumeCode: code, ...dateFields('dateOfBirth', '1990-03-27') });
    expect(blocked.status).toBe(429);
    expect(textOf(parse(blocked), 'h1')).toBe('Too many attempts');
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    const counter = await t.db('rate_limits').where('key', 'like', 'resume:code:%').orderBy('hits', 'desc').first();
    expect(counter!.hits).toBe(LIMITS.resumePerCode.attempts + 1);
  });

  it('are limited per address too, across codes', async () => {
    await t.db('rate_limits').where('key', 'like', 'resume:ip:%').delete();
    for (let attempt = 0; attempt < LIMITS.resumePerAddress.attempts; attempt += 1) {
      await resume(t.agent(), { resumeCode: `7KQ4-M2XD-93P${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[attempt % 32]}`, documentNumber: 'X1234567' });
    }
    const blocked = await resume(t.agent(), { resumeCode: '7KQ4-M2XD-93PH', documentNumber: 'X1234567' });
    expect(blocked.status).toBe(429);
    await t.db('rate_limits').where('key', 'like', 'resume:ip:%').delete();
  });
});
