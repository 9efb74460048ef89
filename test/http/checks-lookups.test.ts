import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { searchableText } from '../../src/applications/search-text.js';
import { LIMITS } from '../../src/security/limits.js';
import { fileApplication } from '../support/applications.js';
import { errorSummary, parse, submitForm, textOf } from '../support/html.js';
import { dateFields } from '../support/journey.js';
import { makeOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const BAN_CHECK = '/services/travel-ban-check/check';
const STATUS_CHECK = '/services/registration-status/check';

let t: TestApp;
beforeAll(async () => {
  // The published limits: these are what the tests of the limits count against.
  t = await startTestApp({ clock: () => NOW, limits: LIMITS });
});
afterAll(async () => t.close());
// Each test starts with no attempts counted from the test's address.
beforeEach(async () => {
  await t.db('rate_limits').delete();
});

async function lookup(path: string, fields: Record<string, string>, lang = 'en') {
  return submitForm(t.agent(), `${path}?lang=${lang}`, fields);
}

/** What a reader sees of the answer, without the form token or the language links. */
function answerOf(html: string): string {
  return textOf(parse(html), 'main');
}

describe('check for a travel ban', () => {
  const PERSON = { surname: 'Məmmədova', givenNames: 'Şəhla Əli', ...dateFields('dateOfBirth', '1990-03-27'), citizenship: 'TR', documentNumber: 'U12345678' };

  beforeAll(async () => {
    const officer = await makeOfficer(t.db, { role: 'supervisor' });
    const ban = (overrides: Record<string, unknown>) => ({
      surname: 'Məmmədova',
      given_names: 'Şəhla Əli',
      date_of_birth: '1990-03-27',
      citizenship: 'TR',
      document_number: 'U12345678',
      search_name: searchableText('Məmmədova Şəhla Əli'),
      kind: 'entryBan',
      authority: 'Dövlət Sərhəd Xidməti',
      legal_basis: 'Miqrasiya Məcəlləsi, 16-cı maddə',
      starts_on: '2026-01-10',
      ends_on: '2027-06-30',
      created_by: officer.id,
      ...overrides,
    });
    await t.db('travel_bans').insert([
      ban({}),
      // Another person's: lifted, ended, and not yet in force; none of them is found.
      ban({ document_number: 'P7000001', lifted_at: NOW, lifted_by: officer.id }),
      ban({ document_number: 'P7000002', starts_on: '2025-01-01', ends_on: '2026-11-23' }),
      ban({ document_number: 'P7000003', starts_on: '2026-12-01', ends_on: null }),
    ]);
  });

  it('the service page starts it', async () => {
    const $ = parse(await t.agent().get('/services/travel-ban-check?lang=en').expect(200));
    expect($('a.govuk-button--start').attr('href')).toBe(BAN_CHECK);
    expect(textOf(parse(await t.agent().get(`${BAN_CHECK}?lang=en`).expect(200)), 'h1')).toBe("The person's details");
  });

  it('all five details matching: the kind, the authority to contact and the end date, nothing else', async () => {
    const response = await lookup(BAN_CHECK, PERSON);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const $ = parse(response);
    expect(textOf($, 'h1')).toBe('A restriction exists');
    expect(textOf($, '.govuk-summary-card__title')).toBe('Entry ban');
    expect(textOf($, '.govuk-summary-card .govuk-summary-list')).toBe('Authority to contact Dövlət Sərhəd Xidməti In force until 30 June 2027');
    expect(response.text).not.toContain('16-cı maddə');
    expect(response.text).not.toContain('10 January 2026');
  });

  it('names compare without case or accents, and the document number without spaces or dashes, as the register searches', async () => {
    const $ = parse(await lookup(BAN_CHECK, { ...PERSON, surname: 'MAMMADOVA', givenNames: 'sahla  ali', documentNumber: 'u 1234-5678' }, 'ru'));
    expect(textOf($, 'h1')).toBe('Ограничение есть');
    expect(textOf($, '.govuk-summary-card__title')).toBe('Запрет на въезд');
  });

  it('no record, and a near match (any one detail wrong, or a name only in part), give the very same answer', async () => {
    const none = await lookup(BAN_CHECK, { ...PERSON, documentNumber: 'X99999999' });
    expect(none.status).toBe(200);
    expect(textOf(parse(none), 'h1')).toBe('No restriction found');
    const near = [
      { surname: 'Məmmədov' },
      { givenNames: 'Şəhla' },
      dateFields('dateOfBirth', '1990-03-28'),
      { citizenship: 'AZ' },
      { documentNumber: 'U12345679' },
    ];
    for (const change of near) {
      const answer = await lookup(BAN_CHECK, { ...PERSON, ...change });
      expect(answer.status, JSON.stringify(change)).toBe(200);
      expect(answerOf(answer.text), JSON.stringify(change)).toBe(answerOf(none.text));
    }
  });

  it('a lifted restriction, one that has ended and one not yet in force are not found', async () => {
    for (const documentNumber of ['P7000001', 'P7000002', 'P7000003']) {
      expect(textOf(parse(await lookup(BAN_CHECK, { ...PERSON, documentNumber })), 'h1'), documentNumber).toBe('No restriction found');
    }
  });

  it('questions left unanswered are listed in the error summary, and nothing is counted', async () => {
    const $ = parse(await lookup(BAN_CHECK, { citizenship: 'TR' }, 'az'));
    expect(errorSummary($).map((error) => error.href)).toEqual(['#surname', '#givenNames', '#dateOfBirth-day', '#documentNumber']);
    expect(await t.db('rate_limits').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
  });

  it('is limited per document number, whatever the address: names and dates cannot be tried in turn', async () => {
    for (let attempt = 0; attempt < LIMITS.banCheckPerDocument.attempts; attempt += 1) {
      await lookup(BAN_CHECK, { ...PERSON, ...dateFields('dateOfBirth', `1990-01-${String(attempt + 1).padStart(2, '0')}`) }).then((answer) => expect(answer.status).toBe(200));
    }
    const refused = await lookup(BAN_CHECK, PERSON, 'ru');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(textOf(parse(refused), 'h1')).toBe('Слишком много попыток');
    expect(refused.text).not.toContain('Dövlət Sərhəd Xidməti');
    // The counter names no document number.
    const keys = (await t.db('rate_limits').select('key')).map((row) => row.key);
    expect(keys.join(' ')).not.toContain('U12345678');
  });

  it('is limited per address', async () => {
    await lookup(BAN_CHECK, PERSON).then((answer) => expect(answer.status).toBe(200));
    // As if this address had already checked as often as it may, each time another person.
    await t.db('rate_limits').where('key', 'like', 'banCheck:ip:%').update({ hits: LIMITS.banCheckPerAddress.attempts });
    const refused = await lookup(BAN_CHECK, { ...PERSON, documentNumber: 'Z1234567' }, 'az');
    expect(refused.status).toBe(429);
    expect(textOf(parse(refused), 'h1')).toBe('Həddən çox cəhd');
  });
});

describe('check the status of a registration', () => {
  const PERSON = { documentNumber: 'C01X00T47', citizenship: 'DE', ...dateFields('dateOfBirth', '1985-07-14') };

  /** A registration an officer approved, valid until the day given. */
  async function approvedRegistration(options: { documentNumber: string; validUntil: string; status?: 'approved' | 'refused' | 'submitted' }) {
    const row = await fileApplication(t.db, { documentNumber: options.documentNumber, citizenship: 'DE' });
    await t.db('applications').where({ id: row.id }).update({
      date_of_birth: '1985-07-14',
      answers: { identity: { surname: 'Müller', givenNames: 'Jörg', dateOfBirth: '1985-07-14', citizenship: 'DE' }, address: { city: 'ganja', street: 'Atatürk prospekti', building: '17A', apartment: '42' } },
    });
    if (options.status === 'submitted') return;
    await t.db('applications').where({ id: row.id }).update({ status: 'in_review' });
    await t.db('applications').where({ id: row.id }).update({ status: options.status ?? 'approved', valid_from: '2026-10-01', valid_until: options.status === 'refused' ? null : options.validUntil });
  }

  beforeAll(async () => {
    await approvedRegistration({ documentNumber: 'C01X00T47', validUntil: '2026-12-20' });
    // The same person's earlier registration, long ended: the latest is the one shown.
    await approvedRegistration({ documentNumber: 'C01X00T47', validUntil: '2026-03-01' });
    await approvedRegistration({ documentNumber: 'C01X00T48', validUntil: '2026-11-01' });
    await approvedRegistration({ documentNumber: 'C01X00T49', validUntil: '2026-12-20', status: 'refused' });
    await approvedRegistration({ documentNumber: 'C01X00T50', validUntil: '2026-12-20', status: 'submitted' });
  });

  it('the service page starts it', async () => {
    const $ = parse(await t.agent().get('/services/registration-status?lang=en').expect(200));
    expect($('a.govuk-button--start').attr('href')).toBe(STATUS_CHECK);
  });

  it('registered: the city and street, never the building or flat, and until when', async () => {
    const response = await lookup(STATUS_CHECK, { ...PERSON, documentNumber: 'c01x 00t47' });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const $ = parse(response);
    expect(textOf($, 'h1')).toBe('The person is registered');
    expect(textOf($, '.govuk-summary-list')).toBe('Address Atatürk prospekti, Ganja Registered until 20 December 2026');
    expect(textOf($, 'main')).not.toMatch(/17A|42/);
    expect(textOf(parse(await lookup(STATUS_CHECK, PERSON, 'az')), '.govuk-summary-list')).toBe('Ünvan Atatürk prospekti, Gəncə Qeydiyyatın bitmə tarixi 20 dekabr 2026');
  });

  it('a registration that has ended says when', async () => {
    const $ = parse(await lookup(STATUS_CHECK, { ...PERSON, documentNumber: 'C01X00T48' }, 'ru'));
    expect(textOf($, 'h1')).toBe('Действующей регистрации нет');
    expect(textOf($, '.govuk-summary-list')).toBe('Адрес Atatürk prospekti, Гянджа Регистрация закончилась 1 ноября 2026');
  });

  it('no record, a near match, a refused and an undecided application give the very same answer', async () => {
    const none = await lookup(STATUS_CHECK, { ...PERSON, documentNumber: 'N0000000' });
    expect(textOf(parse(none), 'h1')).toBe('No registration found with these details');
    const others = [{ citizenship: 'AT' }, dateFields('dateOfBirth', '1985-07-15'), { documentNumber: 'C01X00T46' }, { documentNumber: 'C01X00T49' }, { documentNumber: 'C01X00T50' }];
    for (const change of others) {
      const answer = await lookup(STATUS_CHECK, { ...PERSON, ...change });
      expect(answer.status).toBe(200);
      expect(answerOf(answer.text), JSON.stringify(change)).toBe(answerOf(none.text));
    }
  });

  it('is limited per document number and per address, with a translated 429', async () => {
    for (let attempt = 0; attempt < LIMITS.statusCheckPerDocument.attempts; attempt += 1) {
      await lookup(STATUS_CHECK, { ...PERSON, ...dateFields('dateOfBirth', `1985-01-${String(attempt + 1).padStart(2, '0')}`) }).then((answer) => expect(answer.status).toBe(200));
    }
    const refused = await lookup(STATUS_CHECK, PERSON);
    expect(refused.status).toBe(429);
    expect(textOf(parse(refused), 'h1')).toBe('Too many attempts');
    expect(refused.text).not.toContain('Atatürk');
    await t.db('rate_limits').delete();
    for (let attempt = 0; attempt < LIMITS.statusCheckPerAddress.attempts; attempt += 1) {
      await lookup(STATUS_CHECK, { ...PERSON, documentNumber: `D${100000 + attempt}` }).then((answer) => expect(answer.status).toBe(200));
    }
    const byAddress = await lookup(STATUS_CHECK, PERSON, 'ru');
    expect(byAddress.status).toBe(429);
    expect(textOf(parse(byAddress), 'h1')).toBe('Слишком много попыток');
  });
});
