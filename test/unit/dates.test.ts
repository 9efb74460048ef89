import { describe, expect, it } from 'vitest';
import { addMonths, addWorkingDays, ageOn, readDateParts, todayInBaku } from '../../src/forms/dates.js';
import { dueDate } from '../../src/forms/steps/fee.js';

describe('dates', () => {
  it('refuses dates that do not exist', () => {
    expect(readDateParts({ day: '31', month: '2', year: '2026' })).toMatchObject({ ok: false, code: 'invalid', part: 'day' });
    expect(readDateParts({ day: '29', month: '2', year: '2023' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(readDateParts({ day: '29', month: '2', year: '2024' })).toEqual({ ok: true, iso: '2024-02-29' });
    expect(readDateParts({ day: ' 7 ', month: '03', year: '1990' })).toEqual({ ok: true, iso: '1990-03-07' });
    expect(readDateParts({ day: '', month: '', year: '' })).toMatchObject({ code: 'required' });
    expect(readDateParts({ day: '1', month: '', year: '2000' })).toMatchObject({ code: 'incomplete', part: 'month' });
  });

  it('counts working days, skipping weekends', () => {
    expect(addWorkingDays('2026-11-24', 1)).toBe('2026-11-25'); // Tuesday → Wednesday
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Friday → Monday
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday → Monday
    expect(addWorkingDays('2026-11-24', 20)).toBe('2026-12-22');
  });

  it('reads a month and a year alone', () => {
    expect(readDateParts({ day: '', month: '3', year: '2021' }, 'month')).toEqual({ ok: true, iso: '2021-03' });
    expect(readDateParts({ day: '', month: '13', year: '2021' }, 'month')).toMatchObject({ ok: false, code: 'invalid', part: 'month' });
    expect(readDateParts({ day: '', month: '', year: '' }, 'month')).toMatchObject({ code: 'required', part: 'month' });
  });

  it('due dates follow the unit and the speed of the deadline', () => {
    const deadline = { standard: { amount: 1, unit: 'workingDays' as const }, faster: { amount: 30, unit: 'days' as const } };
    expect(dueDate(deadline, 'standard', '2026-11-27')).toBe('2026-11-30');
    expect(dueDate(deadline, 'faster', '2026-11-27')).toBe('2026-12-27');
    // A speed the deadline does not have falls back to the standard one.
    expect(dueDate(deadline, 'fastest', '2026-11-27')).toBe('2026-11-30');
  });

  it('months and ages', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15');
    expect(ageOn('2008-11-25', '2026-11-24')).toBe(17);
    expect(ageOn('2008-11-24', '2026-11-24')).toBe(18);
  });

  it('today is the date in Baku', () => {
    expect(todayInBaku(new Date('2026-11-24T21:00:00Z'))).toBe('2026-11-25');
    expect(todayInBaku(new Date('2026-11-24T19:59:00Z'))).toBe('2026-11-24');
    // Asked again within a minute, and across midnight in Baku at the minute.
    expect(todayInBaku(new Date('2026-11-24T19:59:59.999Z'))).toBe('2026-11-24');
    expect(todayInBaku(new Date('2026-11-24T20:00:00Z'))).toBe('2026-11-25');
    expect(todayInBaku(new Date('2026-11-24T19:59:30Z'))).toBe('2026-11-24');
  });
});

describe('dates in words', async () => {
  const { formatDate } = await import('../../src/i18n/format.js');
  it('read naturally in each language, and a sentence can end on one', () => {
    expect(formatDate('2026-11-17', 'en')).toBe('17 November 2026');
    expect(formatDate('2026-11-17', 'az')).toBe('17 noyabr 2026');
    expect(formatDate('2026-11-17', 'ru')).toBe('17 ноября 2026');
  });

  it('write every day of two centuries as Intl does, in every language', async () => {
    const { LANGUAGES, INTL_LOCALE } = await import('../../src/i18n/languages.js');
    for (const language of LANGUAGES) {
      const intl = new Intl.DateTimeFormat(INTL_LOCALE[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      for (let time = Date.UTC(1900, 0, 1); time < Date.UTC(2101, 0, 1); time += 86_400_000) {
        const day = new Date(time);
        expect(formatDate(day.toISOString().slice(0, 10), language)).toBe(intl.format(day).replace(/\s*г\.$/, ''));
      }
    }
    expect(formatDate('0999-05-01', 'en')).toBe('1 May 999');
  });
});
