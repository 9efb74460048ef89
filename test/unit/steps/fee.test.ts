import { describe, expect, it } from 'vitest';
import { dueDate, feeFields, feeStep, reducedAmount, validateFee, type Fee } from '../../../src/forms/steps/fee.js';
import { contextOf, en, readerIn, rowsOf, TODAY } from '../fields/support.js';

const SERVICE = 'work-permit';
const schedule: Extract<Fee, { kind: 'schedule' }> = {
  kind: 'schedule',
  speeds: ['standard', 'faster'],
  rows: [
    { period: 'months3', amounts: [350, 500] },
    { period: 'year1', amounts: [1000, 1200] },
  ],
  reductions: { minor: 50 },
};
const deadline = { standard: { amount: 10, unit: 'workingDays' as const }, faster: { amount: 5, unit: 'days' as const } };
const fee = feeStep('fee', { fee: schedule, deadline, reduction: (answers) => (answers.person?.minor ? 'minor' : null) });
const single = feeStep('fee', { fee: { kind: 'schedule', speeds: ['standard'], rows: [{ period: 'single', amounts: [40] }] }, deadline });

describe('a fee step', () => {
  it('needs a fee table and a deadline', () => {
    expect(() => feeStep('fee', { fee: { kind: 'free' }, deadline })).toThrow(/fee table/);
    expect(() => feeStep('fee', { fee: schedule, deadline: null })).toThrow(/deadline/);
  });

  it('asks the period and the speed only when there is a choice, the same fields each time', () => {
    expect(feeFields(fee).map((field) => field.name)).toEqual(['period', 'speed']);
    expect(feeFields(fee)).toBe(feeFields(fee));
    expect(feeFields(single)).toEqual([]);
  });

  it('keeps the choice, the fee and the legal decision date', () => {
    expect(validateFee(fee, undefined, contextOf())).toEqual({ ok: false, errors: [] });
    expect(validateFee(fee, { period: 'year1', speed: 'faster' }, contextOf())).toEqual({
      ok: true,
      values: { period: 'year1', speed: 'faster', amount: 1200, dueDate: '2026-03-21' },
    });
    expect(validateFee(single, {}, contextOf())).toEqual({ ok: true, values: { period: 'single', speed: 'standard', amount: 40, dueDate: '2026-03-30' } });
  });

  it('refuses a choice not in the table, with codes', () => {
    expect(validateFee(fee, { period: 'years3', speed: '' }, contextOf())).toEqual({
      ok: false,
      errors: [
        { field: 'period', code: 'required' },
        { field: 'speed', code: 'required' },
      ],
    });
  });

  it('takes a reduction the answers give a right to off the table', () => {
    const result = validateFee(fee, { period: 'months3', speed: 'standard' }, contextOf({ person: { minor: true } }));
    expect(result).toMatchObject({ ok: true, values: { amount: 175, reduction: 'minor' } });
    expect(reducedAmount(schedule, 333, 'minor')).toBe(166.5);
    expect(reducedAmount(schedule, 333, 'unknown')).toBe(333);
    expect(reducedAmount(schedule, 333, null)).toBe(333);
  });

  it('counts the decision date in working days or in days, by speed, the standard one where a speed has none', () => {
    expect(dueDate(deadline, 'standard', TODAY)).toBe('2026-03-30');
    expect(dueDate(deadline, 'faster', TODAY)).toBe('2026-03-21');
    expect(dueDate(deadline, 'fastest', TODAY)).toBe('2026-03-30');
  });

  it('draws the choices with their words from the shared lists', () => {
    const [period, speed] = feeFields(fee);
    expect(period).toMatchObject({ type: 'radios', options: ['months3', 'year1'], optionsFrom: 'services:periods' });
    expect(speed).toMatchObject({ type: 'radios', options: ['standard', 'faster'], optionsFrom: 'services:speeds' });
  });

  it('reads on check your answers as the choices (in the service\'s words where it has them), the fee with its reduction, and the decision date', () => {
    const reader = readerIn('en');
    const values = { period: 'year1', speed: 'faster', amount: 600, reduction: 'minor', dueDate: '2026-03-21' };
    expect(rowsOf(SERVICE, fee, { fee: values })).toEqual([
      [en('services/work-permit:steps.fee.fields.period.label'), en('services:periods.year1')],
      [en('forms:fields.speed.label'), en('services:speeds.faster')],
      [en('forms:fee.amount'), `${reader.formatMoney(600)} (${en('forms:fee.reductions.minor')})`],
      [en('forms:fee.decisionBy'), reader.formatDate('2026-03-21')],
    ]);
    expect(rowsOf(SERVICE, single, { fee: { period: 'single', speed: 'standard', amount: 40, dueDate: '2026-03-30' } }, 'ru')).toEqual([
      [readerIn('ru').t('forms:fee.amount'), readerIn('ru').formatMoney(40)],
      [readerIn('ru').t('forms:fee.decisionBy'), readerIn('ru').formatDate('2026-03-30')],
    ]);
  });
});
