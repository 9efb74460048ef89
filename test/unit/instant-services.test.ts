import { describe, expect, it } from 'vitest';
import { REGISTRATION_DAYS, registrationDeadline, VISA_FREE_STAY_DAYS } from '../../src/catalogue/services/registration-at-place-of-stay.js';
import { calculateDeadlines } from '../../src/lookups/deadline/calculate.js';
import { bookableDays, isAhead, isOffered, slotTimes, timeInBaku, type OfficeSettings } from '../../src/visits/model.js';

describe('the registration deadline calculator', () => {
  it('uses the registration service rules: 15 days (30 for Kazakhstan) and 90 days visa-free', () => {
    expect(REGISTRATION_DAYS).toBe(15);
    expect(VISA_FREE_STAY_DAYS).toBe(90);
    const visaFree = calculateDeadlines({ entryDate: '2026-11-20', citizenship: 'TR', visaType: 'visaFree' }, '2026-11-24');
    expect(visaFree).toEqual({ registrationDays: 15, longerByAgreement: false, registerBy: '2026-12-05', stayUntil: '2027-02-18', daysToRegister: 11, daysOfStay: 86, stayEndsFirst: false });
    expect(visaFree.registerBy).toBe(registrationDeadline('2026-11-20', 'TR'));
    const kazakh = calculateDeadlines({ entryDate: '2026-11-20', citizenship: 'KZ', visaType: 'eVisa', visaEndDate: '2026-12-10' }, '2026-12-25');
    expect(kazakh).toMatchObject({ registrationDays: 30, longerByAgreement: true, registerBy: '2026-12-20', stayUntil: '2026-12-10', daysToRegister: -5, daysOfStay: -15, stayEndsFirst: true });
  });
});

describe('the electronic queue', () => {
  const settings: OfficeSettings = {
    office_id: 'ganja', accepting: true, purposes: ['biometrics'], weekdays: [1, 2, 3, 4, 5], opens_at: '09:00:00', closes_at: '10:45:00',
    slot_minutes: 30, seats: 2, days_ahead: 7, version: 1, updated_by: null, updated_at: null,
  };

  it('slots start on the grid from opening and end by closing', () => {
    expect(slotTimes(settings)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('days are the office days from today, within the days ahead', () => {
    // Friday 27 November 2026: Friday, then Monday to Thursday.
    expect(bookableDays(settings, '2026-11-27')).toEqual(['2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('a slot is offered only ahead of now in Baku, on the grid', () => {
    expect(timeInBaku(new Date('2026-11-27T05:15:00Z'))).toBe('09:15');
    expect(isAhead('2026-11-27', '09:00', '2026-11-27', '09:15')).toBe(false);
    expect(isOffered(settings, '2026-11-27', '09:30', '2026-11-27', '09:15')).toBe(true);
    expect(isOffered(settings, '2026-11-27', '09:45', '2026-11-27', '09:15')).toBe(false);
    expect(isOffered(settings, '2026-11-28', '09:30', '2026-11-27', '09:15')).toBe(false);
    expect(isOffered(settings, '2026-12-04', '09:30', '2026-11-27', '09:15')).toBe(false);
  });
});
