import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactFor } from '../../src/content/contact.js';
import { createI18n, translator } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { OFFICE_IDS, VISIT_PURPOSES } from '../../src/visits/model.js';
import { openOfficesForTrying } from '../../src/visits/demo.js';
import { parse, textOf } from '../support/html.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SERVICE_PAGE = '/services/online-queue';
const BOOK = '/services/online-queue/book';
// Tuesday 24 November 2026, 12:00 in Baku.
const NOW = new Date('2026-11-24T08:00:00Z');
const words = createI18n();
const callCentre = contactFor('sms').callCentre;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db('visit_bookings').delete();
  await t.db('visit_offices').delete();
});

async function page(path: string) {
  return parse(await t.agent().get(path).expect(200));
}

/** The notice a person reads where no office takes bookings: what cannot be booked, the call centre, the offices' page. */
function notice($: ReturnType<typeof parse>) {
  const box = $('[data-no-bookings]');
  return {
    kind: box.attr('data-no-bookings'),
    text: box.text().replace(/\s+/g, ' ').trim(),
    listed: box.find('li').toArray().map((item) => $(item).text().trim()),
    officesLink: box.find('a[href="/offices"]').length,
  };
}

describe('where no office takes bookings, the queue says so before anyone chooses', () => {
  it.each(LANGUAGES)('on a fresh install (no office open) the service page and the purpose page say it, with the call centre and the offices (%s)', async (lang) => {
    const say = translator(words, lang);
    const service = await page(`${SERVICE_PAGE}?lang=${lang}`);
    expect(notice(service)).toMatchObject({ kind: 'all', officesLink: 1 });
    expect(notice(service).text).toContain(say('queue:noBookings.all'));
    expect(notice(service).text).toContain(callCentre);
    // Nothing to start: the button would only lead to the same news.
    expect(service('a.govuk-button--start').length).toBe(0);

    const purposes = await page(`${BOOK}?lang=${lang}`);
    expect(purposes('input[name="purpose"]').length).toBe(0);
    expect(purposes('form button').length).toBe(0);
    expect(textOf(purposes, 'h1')).toBe(say('queue:choose.purpose.title'));
    expect(notice(purposes)).toMatchObject({ kind: 'all', officesLink: 1 });
    expect(notice(purposes).text).toContain(callCentre);
    expect(notice(purposes).text).toContain(say('help:callHours.sms'));
  });

  it('offers only the purposes some open office takes, and names the others with whom to call instead', async () => {
    await t.db('visit_offices').insert([
      { office_id: 'ganja', accepting: true, purposes: ['biometrics'], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00', closes_at: '13:00', slot_minutes: 30, seats: 1, days_ahead: 14 },
      // Closed: what it would take does not count.
      { office_id: 'sumgait', accepting: false, purposes: ['permitCard', 'consultation'], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00', closes_at: '13:00', slot_minutes: 30, seats: 1, days_ahead: 14 },
    ]);
    const service = await page(`${SERVICE_PAGE}?lang=en`);
    expect(notice(service)).toMatchObject({ kind: 'some', listed: ['Collecting a permit card', 'Consultation'], officesLink: 1 });
    expect(notice(service).text).toContain('At the moment no office is taking bookings online for:');
    expect(notice(service).text).toContain('call the call centre on (012) 919 (Monday to Friday, 09:00 to 18:00)');
    expect(service('a.govuk-button--start').attr('href')).toBe(BOOK);

    const purposes = await page(`${BOOK}?lang=ru`);
    expect(purposes('input[name="purpose"]').toArray().map((input) => purposes(input).attr('value'))).toEqual(['biometrics']);
    expect(notice(purposes)).toMatchObject({ kind: 'some', listed: ['permitCard', 'consultation'].map((purpose) => translator(words, 'ru')(`queue:purposes.${purpose}`)) });
  });

  it('an office page reached for a purpose nobody takes (an old link, or closed meanwhile) says the same, never a dead end', async () => {
    await t.db('visit_offices').insert({ office_id: 'ganja', accepting: true, purposes: ['biometrics'], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00', closes_at: '13:00', slot_minutes: 30, seats: 1, days_ahead: 14 });
    const offices = await page(`${BOOK}/office?purpose=consultation&lang=en`);
    expect(offices('input[name="office"]').length).toBe(0);
    expect(textOf(offices, 'h1')).toBe('Which office will you come to?');
    expect(notice(offices)).toMatchObject({ kind: 'some', listed: ['Consultation'], officesLink: 1 });
    expect(notice(offices).text).toContain('(012) 919');
  });

  it('the service page follows the offices as they open and close: it is not kept from an earlier rendering', async () => {
    expect(notice(await page(`${SERVICE_PAGE}?lang=az`)).kind).toBe('all');
    await t.db('visit_offices').insert({ office_id: 'ganja', accepting: true, purposes: [...VISIT_PURPOSES], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00', closes_at: '13:00', slot_minutes: 30, seats: 1, days_ahead: 14 });
    const open = await page(`${SERVICE_PAGE}?lang=az`);
    expect(open('[data-no-bookings]').length).toBe(0);
    expect(open('a.govuk-button--start').attr('href')).toBe(BOOK);
    await t.db('visit_offices').update({ accepting: false });
    expect(notice(await page(`${SERVICE_PAGE}?lang=az`)).kind).toBe('all');
  });
});

describe('in development the offices open so that the queue can be tried at once', () => {
  it('production and tests open nothing', async () => {
    expect(await openOfficesForTrying(t.db, 'production')).toEqual([]);
    expect(await openOfficesForTrying(t.db, 'test')).toEqual([]);
    expect(await t.db('visit_offices')).toEqual([]);
    expect(notice(await page(`${BOOK}?lang=en`)).kind).toBe('all');
  });

  it('a development start opens every office for every purpose, and a visit can be chosen down to a time', async () => {
    expect(await openOfficesForTrying(t.db, 'development')).toEqual([...OFFICE_IDS]);
    const service = await page(`${SERVICE_PAGE}?lang=en`);
    expect(service('[data-no-bookings]').length).toBe(0);
    const purposes = await page(`${BOOK}?lang=en`);
    expect(purposes('[data-no-bookings]').length).toBe(0);
    expect(purposes('input[name="purpose"]').length).toBe(VISIT_PURPOSES.length);
    const offices = await page(`${BOOK}/office?purpose=biometrics&lang=en`);
    expect(offices('input[name="office"]').toArray().map((input) => offices(input).attr('value'))).toEqual([...OFFICE_IDS]);
    // Working days 09:00–18:00 from today: Tuesday's afternoon, then the next days.
    const days = await page(`${BOOK}/date?purpose=biometrics&office=ganja&lang=en`);
    expect(days('input[name="date"]').first().attr('value')).toBe('2026-11-24');
    const times = await page(`${BOOK}/time?purpose=biometrics&office=ganja&date=2026-11-25&lang=en`);
    expect(times('input[name="time"]').first().attr('value')).toBe('09:00');
    expect(times('input[name="time"]').last().attr('value')).toBe('17:40');
  });

  it('opens only a database where no office was ever set up: a supervisor’s settings stay as they are', async () => {
    await openOfficesForTrying(t.db, 'development');
    await t.db('visit_offices').whereNot({ office_id: 'ganja' }).update({ accepting: false });
    expect(await openOfficesForTrying(t.db, 'development')).toEqual([]);
    expect((await t.db('visit_offices').where({ accepting: true })).map((row: { office_id: string }) => row.office_id)).toEqual(['ganja']);
  });
});
