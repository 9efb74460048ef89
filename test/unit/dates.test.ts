import { describe, expect, it } from 'vitest';
import { addWorkingDays, readDateParts, todayInBaku } from '../../src/forms/dates.js';
import { legalDueDate } from '../../src/forms/submit.js';

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

  it('due dates follow the unit of the deadline', () => {
    expect(legalDueDate({ standard: { amount: 1, unit: 'workingDays' } }, '2026-11-27')).toBe('2026-11-30');
    expect(legalDueDate({ standard: { amount: 30, unit: 'days' } }, '2026-11-27')).toBe('2026-12-27');
  });

  it('today is the date in Baku', () => {
    expect(todayInBaku(new Date('2026-11-24T21:00:00Z'))).toBe('2026-11-25');
    expect(todayInBaku(new Date('2026-11-24T19:59:00Z'))).toBe('2026-11-24');
  });
});

describe('dates in words', async () => {
  const { formatDate } = await import('../../src/i18n/format.js');
  it('read naturally in each language, and a sentence can end on one', () => {
    expect(formatDate('2026-11-17', 'en')).toBe('17 November 2026');
    expect(formatDate('2026-11-17', 'az')).toBe('17 noyabr 2026');
    expect(formatDate('2026-11-17', 'ru')).toBe('17 ноября 2026');
  });
});
