import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/security/limits.js';
import { csrfTokenFrom, errorSummary, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { dateFields } from '../support/journey.js';
import { postFrom, signedInOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const BOOK = '/services/online-queue/book';
const MANAGE = '/services/online-queue/manage';
// Tuesday 24 November 2026, 12:00 in Baku.
const START = new Date('2026-11-24T08:00:00Z');
let now = START;

let t: TestApp;
let limited: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  // The same database behind an instance with the published limits.
  limited = await startTestApp({ clock: () => now, databaseUrl: t.databaseUrl, limits: LIMITS });
});
afterAll(async () => {
  await limited.close();
  await t.close();
});
beforeEach(async () => {
  now = START;
  await t.db('visit_bookings').delete();
  await t.db('visit_offices').delete();
  await t.db('rate_limits').delete();
});

/** An office taking bookings: weekdays 09:00–13:00 in 30-minute slots, one person at a time, two weeks ahead. */
async function openOffice(officeId: string, overrides: Record<string, unknown> = {}) {
  await t.db('visit_offices').insert({ office_id: officeId, accepting: true, purposes: ['biometrics', 'permitCard', 'consultation'], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00', closes_at: '13:00', slot_minutes: 30, seats: 1, days_ahead: 14, ...overrides });
}

interface Visit {
  purpose: string;
  office: string;
  date: string;
  time: string;
}

function detailsUrl(visit: Visit): string {
  return `${BOOK}/details?${new URLSearchParams({ ...visit })}`;
}

/** Opens the details page of a chosen time, as a browser that went through the choices. */
async function openDetails(agent: Agent, visit: Visit, lang = 'en') {
  return agent.get(`${detailsUrl(visit)}&lang=${lang}`);
}

async function book(agent: Agent, visit: Visit, person: { documentNumber: string; dateOfBirth?: string }, lang = 'en') {
  const page = await openDetails(agent, visit, lang);
  return postFrom(agent, page, `${BOOK}/details`, { ...visit, documentNumber: person.documentNumber, ...dateFields('dateOfBirth', person.dateOfBirth ?? '1990-03-27') });
}

/** Books, and reads the code off the confirmation page. */
async function bookAndReadCode(agent: Agent, visit: Visit, person: { documentNumber: string; dateOfBirth?: string }): Promise<string> {
  const sent = await book(agent, visit, person);
  expect(sent.status, textOf(parse(sent), '.govuk-error-summary')).toBe(303);
  expect(sent.headers.location).toBe(`${BOOK}/confirmation`);
  const confirmation = parse(await agent.get(`${BOOK}/confirmation?lang=en`).expect(200));
  return textOf(confirmation, '[data-booking-code]');
}

async function openBooking(agent: Agent, code: string, documentNumber: string, lang = 'en') {
  return submitForm(agent, `${MANAGE}?lang=${lang}`, { bookingCode: code, documentNumber });
}

const WEDNESDAY: Visit = { purpose: 'biometrics', office: 'ganja', date: '2026-11-25', time: '10:00' };

describe('supervisors set how an office takes bookings', () => {
  it('a supervisor opens an office to bookings; it is checked, kept with its version and audited', async () => {
    const supervisor = t.agent();
    const row = await signedInOfficer(t.db, supervisor, { role: 'supervisor' });
    const list = parse(await supervisor.get('/backoffice/visits?lang=en').expect(200));
    expect(list('tbody tr').length).toBeGreaterThanOrEqual(9);
    expect(textOf(list, '[data-office="ganja"]')).toContain('Not taking bookings');
    const form = await supervisor.get('/backoffice/visits/ganja?lang=en').expect(200);
    const bad = await postFrom(supervisor, form, '/backoffice/visits/ganja', { accepting: 'yes', opensAt: '18:00', closesAt: '9:00', slotMinutes: '2', seats: '0', daysAhead: '14', version: '' }).expect(400);
    expect(errorSummary(parse(bad))).toEqual([
      { text: 'Select at least one purpose', href: '#purposes' },
      { text: 'Select at least one day', href: '#weekdays' },
      { text: 'The closing time must be after the opening time', href: '#closesAt' },
      { text: 'A time slot must be between 5 and 240 minutes long', href: '#slotMinutes' },
      { text: 'The number of people must be between 1 and 100', href: '#seats' },
    ]);
    const good = { accepting: 'yes', purposes: ['biometrics', 'permitCard'], weekdays: ['1', '2', '3', '4', '5'], opensAt: '9:00', closesAt: '13:00', slotMinutes: '30', seats: '2', daysAhead: '10', version: '' };
    await supervisor.post('/backoffice/visits/ganja').type('form').send({ ...good, _csrf: csrfTokenFrom(form) }).expect(303);
    const saved = await t.db('visit_offices').where({ office_id: 'ganja' }).first();
    expect(saved).toMatchObject({ accepting: true, purposes: ['biometrics', 'permitCard'], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00:00', closes_at: '13:00:00', slot_minutes: 30, seats: 2, days_ahead: 10, version: 1, updated_by: row.id });
    expect(textOf(parse(await supervisor.get('/backoffice/visits?lang=en')), '[data-office="ganja"] [data-capacity]')).toBe('16');
    // A second save from the page as it was first seen is refused, showing the settings as they are now.
    const stale = await supervisor.post('/backoffice/visits/ganja').type('form').send({ ...good, seats: '5', _csrf: csrfTokenFrom(form) }).expect(409);
    expect(parse(stale)('#seats').val()).toBe('2');
    const edit = await supervisor.get('/backoffice/visits/ganja?lang=ru').expect(200);
    expect(textOf(parse(edit), '[data-capacity]')).toBe('С такими настройками отдел приёма принимает до 16 посетителей в день.');
    await supervisor.post('/backoffice/visits/ganja').type('form').send({ ...good, accepting: 'no', version: '1', _csrf: csrfTokenFrom(edit) }).expect(303);
    expect((await t.db('visit_offices').where({ office_id: 'ganja' }).first()).version).toBe(2);
    const audited = await t.db('audit_log').where({ officer_id: row.id, action: 'visit-office-changed' }).orderBy('id');
    expect(audited.map((entry) => entry.details)).toEqual([
      expect.objectContaining({ office: 'ganja', accepting: true, purposes: 'biometrics,permitCard', seats: 2 }),
      expect.objectContaining({ office: 'ganja', accepting: false }),
    ]);
    await supervisor.get('/backoffice/visits/nowhere').expect(404);
  });

  it('an officer or an admin cannot open them', async () => {
    const officer = t.agent();
    await signedInOfficer(t.db, officer);
    await officer.get('/backoffice/visits').expect(403);
  });
});

describe('booking a visit', () => {
  it('purpose, office, day and time, one page each with no script, then who comes: a booking code', async () => {
    await openOffice('ganja', { purposes: ['biometrics'] });
    await openOffice('shaki', { purposes: ['consultation'] });
    const agent = t.agent();
    const service = parse(await agent.get('/services/online-queue?lang=en').expect(200));
    expect(service('a.govuk-button--start').attr('href')).toBe(BOOK);
    const purpose = parse(await agent.get(`${BOOK}?lang=en`).expect(200));
    expect(textOf(purpose, 'h1')).toBe('Why are you coming?');
    expect(purpose('form').attr('method')).toBe('get');
    // Only what an open office takes is offered; the page names the rest (test/http/queue-availability.test.ts).
    expect(purpose('input[name="purpose"]').map((_i, input) => purpose(input).val()).get()).toEqual(['biometrics', 'consultation']);
    const unanswered = await agent.get(`${BOOK}/office?lang=en`).expect(400);
    expect(errorSummary(parse(unanswered))).toEqual([{ text: 'Select why you are coming', href: '#purpose' }]);
    const offices = parse(await agent.get(`${BOOK}/office?purpose=biometrics`).expect(200));
    expect(offices('input[name="office"]').map((_i, input) => offices(input).val()).get()).toEqual(['ganja']);
    const days = parse(await agent.get(`${BOOK}/date?purpose=biometrics&office=ganja`).expect(200));
    const dayValues = days('input[name="date"]').map((_i, input) => days(input).val()).get();
    // Today (after noon: one slot left), then weekdays only, within 14 days.
    expect(dayValues[0]).toBe('2026-11-24');
    expect(dayValues).not.toContain('2026-11-28');
    expect(dayValues.at(-1)).toBe('2026-12-07');
    expect(textOf(days, 'label[for="date"]')).toBe('Tuesday, 24 November 2026');
    expect(textOf(days, '#date-item-hint')).toBe('1 free time');
    const times = parse(await agent.get(`${BOOK}/time?purpose=biometrics&office=ganja&date=2026-11-25`).expect(200));
    expect(times('input[name="time"]').map((_i, input) => times(input).val()).get()).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30']);
    const today = parse(await agent.get(`${BOOK}/time?purpose=biometrics&office=ganja&date=2026-11-24`).expect(200));
    expect(today('input[name="time"]').map((_i, input) => today(input).val()).get()).toEqual(['12:30']);
    const details = await openDetails(agent, WEDNESDAY);
    expect(details.status).toBe(200);
    expect(textOf(parse(details), '.govuk-summary-list')).toContain('Wednesday, 25 November 2026');
    const invalid = await postFrom(agent, details, `${BOOK}/details`, { ...WEDNESDAY }).expect(400);
    expect(errorSummary(parse(invalid)).map((error) => error.href)).toEqual(['#documentNumber', '#dateOfBirth-day']);
    const code = await bookAndReadCode(agent, WEDNESDAY, { documentNumber: 'u 1234-5678' });
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const row = await t.db('visit_bookings').first();
    expect(row).toMatchObject({ office_id: 'ganja', purpose: 'biometrics', day: '2026-11-25', starts: '10:00:00', seat: 1, document_number: 'U12345678', date_of_birth: '1990-03-27', status: 'booked', language: 'en' });
    expect(row.code_hash).not.toContain(code.replace(/-/g, ''));
    // The time is taken now: it is offered no more.
    const after = parse(await agent.get(`${BOOK}/time?purpose=biometrics&office=ganja&date=2026-11-25`).expect(200));
    expect(after('input[name="time"]').map((_i, input) => after(input).val()).get()).not.toContain('10:00');
  });

  it('a time taken by someone else between choosing it and booking it is refused, with the other times offered', async () => {
    await openOffice('ganja');
    const slow = t.agent();
    const page = await openDetails(slow, WEDNESDAY);
    await bookAndReadCode(t.agent(), WEDNESDAY, { documentNumber: 'A1111111' });
    const refused = await postFrom(slow, page, `${BOOK}/details`, { ...WEDNESDAY, documentNumber: 'B2222222', ...dateFields('dateOfBirth', '1980-01-01') });
    expect(refused.status).toBe(409);
    const $ = parse(refused);
    expect(errorSummary($)).toEqual([{ text: 'The time you chose has just been taken by someone else. Choose another time', href: '#time' }]);
    expect($('input[name="time"]').map((_i, input) => $(input).val()).get()).not.toContain('10:00');
    expect(await t.db('visit_bookings').count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
  });

  it('one booking to come per person and purpose; another purpose is another booking; a visit past frees the person to book again', async () => {
    await openOffice('ganja');
    await bookAndReadCode(t.agent(), WEDNESDAY, { documentNumber: 'C3333333' });
    const again = await book(t.agent(), { ...WEDNESDAY, time: '11:00' }, { documentNumber: 'c333 3333', dateOfBirth: '1970-01-01' }, 'az');
    expect(again.status).toBe(409);
    expect(errorSummary(parse(again))).toEqual([{ text: 'Bu sənədin sahibinin bu məqsəd üçün artıq sifarişi var. Onu başqa vaxta keçirmək üçün sifariş kodundan istifadə edin', href: '#documentNumber' }]);
    await bookAndReadCode(t.agent(), { ...WEDNESDAY, purpose: 'consultation', time: '11:00' }, { documentNumber: 'C3333333' });
    // Thursday: Wednesday's visit has passed.
    now = new Date('2026-11-26T05:00:00Z');
    await bookAndReadCode(t.agent(), { ...WEDNESDAY, date: '2026-11-27' }, { documentNumber: 'C3333333' });
    const rows = await t.db('visit_bookings').where({ document_number: 'C3333333' }).orderBy('created_at');
    expect(rows.map((row) => [row.purpose, row.day, row.status])).toEqual([
      ['biometrics', '2026-11-25', 'ended'],
      ['consultation', '2026-11-25', 'booked'],
      ['biometrics', '2026-11-27', 'booked'],
    ]);
  });

  it('a choice not offered (a closed office, a weekend, a time off the grid, a time past) is asked again', async () => {
    await openOffice('ganja');
    await openOffice('shaki', { accepting: false });
    for (const [visit, page] of [
      [{ ...WEDNESDAY, office: 'shaki' }, '#office'],
      [{ ...WEDNESDAY, date: '2026-11-28' }, '#date'],
      [{ ...WEDNESDAY, time: '10:15' }, '#time'],
      [{ ...WEDNESDAY, date: '2026-11-24', time: '09:00' }, '#time'],
    ] as const) {
      const answer = await openDetails(t.agent(), visit);
      expect(answer.status, JSON.stringify(visit)).toBe(400);
      expect(errorSummary(parse(answer))[0]!.href).toBe(page);
    }
  });
});

describe('changing or cancelling a booking with its code and document number', () => {
  it('a wrong document number is answered exactly as an unknown code; the right one opens the booking', async () => {
    await openOffice('ganja');
    const code = await bookAndReadCode(t.agent(), WEDNESDAY, { documentNumber: 'D4444444' });
    const unknown = parse(await openBooking(t.agent(), 'ZZZZ-ZZZZ-ZZZZ', 'D4444444'));
    const wrongPerson = parse(await openBooking(t.agent(), code, 'D4444445'));
    expect(errorSummary(unknown)).toEqual([{ text: 'We could not find a booking with these details. Check the code and the document number. A cancelled booking, or one whose time has passed, cannot be changed', href: '#bookingCode' }]);
    expect(textOf(wrongPerson, 'main')).toBe(textOf(unknown, 'main'));
    const agent = t.agent();
    const opened = await openBooking(agent, code.toLowerCase().replace(/-/g, ' '), 'd444 4444');
    expect(opened.status).toBe(303);
    const $ = parse(await agent.get(`${MANAGE}/booking?lang=en`).expect(200));
    expect(textOf($, '.govuk-summary-list')).toContain('Wednesday, 25 November 2026');
    expect(textOf($, '.govuk-summary-list')).toContain('10:00');
  });

  it('moving a booking frees its old time; cancelling returns its time to the pool', async () => {
    await openOffice('ganja');
    const code = await bookAndReadCode(t.agent(), WEDNESDAY, { documentNumber: 'E5555555' });
    const agent = t.agent();
    await openBooking(agent, code, 'E5555555').then((answer) => expect(answer.status).toBe(303));
    // The change pages start from the booking as it is: its office chosen.
    const offices = parse(await agent.get(`${MANAGE}/change?lang=en`).expect(200));
    expect(offices('input[name="office"][checked]').val()).toBe('ganja');
    const times = await agent.get(`${MANAGE}/change/time?office=ganja&date=2026-11-26&lang=en`).expect(200);
    expect(parse(times)('form').attr('method')).toBe('post');
    await postFrom(agent, times, `${MANAGE}/change`, { office: 'ganja', date: '2026-11-26', time: '09:30' }).expect(303);
    const moved = await t.db('visit_bookings').where({ document_number: 'E5555555' }).first();
    expect(moved).toMatchObject({ day: '2026-11-26', starts: '09:30:00', document_number: 'E5555555', date_of_birth: '1990-03-27', status: 'booked' });
    expect(textOf(parse(await agent.get(`${MANAGE}/booking?done=changed&lang=en`)), '.govuk-notification-banner')).toContain('Your visit has been moved to the new time.');
    // Wednesday 10:00 is free again: someone else books it.
    await bookAndReadCode(t.agent(), WEDNESDAY, { documentNumber: 'F6666666' });

    const confirm = await agent.get(`${MANAGE}/cancel?lang=en`).expect(200);
    await postFrom(agent, confirm, `${MANAGE}/cancel`).expect(303);
    expect((await t.db('visit_bookings').where({ document_number: 'E5555555' }).first()).status).toBe('cancelled');
    // The cancelled booking cannot be opened again; its time is offered and taken by another.
    expect(errorSummary(parse(await openBooking(t.agent(), code, 'E5555555')))[0]!.href).toBe('#bookingCode');
    await agent.get(`${MANAGE}/booking`).expect(303);
    const free = parse(await t.agent().get(`${BOOK}/time?purpose=biometrics&office=ganja&date=2026-11-26`));
    expect(free('input[name="time"]').map((_i, input) => free(input).val()).get()).toContain('09:30');
    await bookAndReadCode(t.agent(), { ...WEDNESDAY, date: '2026-11-26', time: '09:30' }, { documentNumber: 'G7777777' });
    // The same person may book the same purpose again once the cancelled one is gone.
    await bookAndReadCode(t.agent(), { ...WEDNESDAY, date: '2026-11-27' }, { documentNumber: 'E5555555' });
  });
});

describe('two people never get the last seat', () => {
  async function race(visits: Visit[]) {
    // Each its own browser, its form open, then all sent at once.
    const prepared = await Promise.all(
      visits.map(async (visit, index) => {
        const agent = t.agent();
        const page = await openDetails(agent, visit);
        return { agent, visit, token: csrfTokenFrom(page), documentNumber: `R${String(index).padStart(7, '0')}` };
      }),
    );
    return Promise.all(
      prepared.map(({ agent, visit, token, documentNumber }) =>
        agent.post(`${BOOK}/details`).type('form').send({ ...visit, documentNumber, ...dateFields('dateOfBirth', '1990-01-01'), _csrf: token }),
      ),
    );
  }

  it('50 people at once for 10 slots of one seat: exactly 10 bookings, one per slot', async () => {
    await openOffice('shaki', { opens_at: '09:00', closes_at: '14:00', slot_minutes: 30, seats: 1 });
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30'];
    const answers = await race(Array.from({ length: 50 }, (_, index) => ({ purpose: 'biometrics', office: 'shaki', date: '2026-11-25', time: times[index % 10]! })));
    expect(answers.filter((answer) => answer.status === 303)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(40);
    const rows = await t.db('visit_bookings').where({ office_id: 'shaki', status: 'booked' });
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row.starts)).size).toBe(10);
  });

  it('50 people at once for one slot of 10 seats: exactly 10 bookings, each its own seat', async () => {
    await openOffice('shaki', { seats: 10 });
    const answers = await race(Array.from({ length: 50 }, () => ({ purpose: 'permitCard', office: 'shaki', date: '2026-11-25', time: '11:00' })));
    expect(answers.filter((answer) => answer.status === 303)).toHaveLength(10);
    const rows = await t.db('visit_bookings').where({ office_id: 'shaki', status: 'booked' });
    expect(rows.map((row) => row.seat).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('the database itself refuses a second holder of a seat', async () => {
    await openOffice('shaki');
    const row = { code_hash: 'a', office_id: 'shaki', purpose: 'biometrics', day: '2026-11-25', starts: '09:00', seat: 1, document_number: 'X1', date_of_birth: '1990-01-01', language: 'en' };
    await t.db('visit_bookings').insert(row);
    await expect(t.db('visit_bookings').insert({ ...row, code_hash: 'b', document_number: 'X2' })).rejects.toMatchObject({ constraint: 'visit_bookings_seat' });
    await expect(t.db('visit_bookings').insert({ ...row, code_hash: 'c', seat: 2 })).rejects.toMatchObject({ constraint: 'visit_bookings_person' });
  });
});

describe('limits per address', () => {
  it('bookings made from one address, with a translated 429', async () => {
    await openOffice('ganja');
    const agent = limited.agent();
    await book(agent, { ...WEDNESDAY, time: '09:00' }, { documentNumber: 'H7777777' }).then((answer) => expect(answer.status).toBe(303));
    // As if this address had already booked as often as it may.
    await t.db('rate_limits').where('key', 'like', 'visitBooking:ip:%').update({ hits: LIMITS.visitBookingPerAddress.attempts });
    const refused = await book(agent, WEDNESDAY, { documentNumber: 'H8888888' }, 'ru');
    expect(refused.status).toBe(429);
    expect(textOf(parse(refused), 'h1')).toBe('Слишком много попыток');
    expect(await t.db('visit_bookings').count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
  });

  it('tries to open a booking, per code whatever the address', async () => {
    await openOffice('ganja');
    const code = await bookAndReadCode(t.agent(), WEDNESDAY, { documentNumber: 'J9999999' });
    for (let attempt = 0; attempt < LIMITS.visitLookupPerCode.attempts; attempt += 1) {
      await submitForm(limited.agent(), `${MANAGE}?lang=en`, { bookingCode: code, documentNumber: `K${attempt}000000` }).then((answer) => expect(answer.status).toBe(400));
    }
    const refused = await submitForm(limited.agent(), `${MANAGE}?lang=az`, { bookingCode: code, documentNumber: 'J9999999' });
    expect(refused.status).toBe(429);
    expect(textOf(parse(refused), 'h1')).toBe('Həddən çox cəhd');
  });
});
