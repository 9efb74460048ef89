import { describe, expect, it } from 'vitest';
import { number } from '../../../src/forms/fields/index.js';
import { accepted, codeOf, drawn, en, expectErrorMessage, expectNoErrorMessage, posted, readerIn, refused, summaryOf } from './support.js';

const POSITION = { service: 'work-permit', step: 'position' };
const salary = number('monthlySalary', { money: true, min: 1, max: 1_000_000 });
const count = number('monthlySalary', { width: '3' });

describe('a number field', () => {
  it('reads the first string posted, and gives an accepted number back as typed', () => {
    expect(posted(salary, { monthlySalary: '1 200' })).toBe('1 200');
    expect(posted(salary, {})).toBe('');
  });

  it('accepts a whole number with the separators people put between thousands', () => {
    for (const typed of ['1200', '1 200', '1,200', '1.200', "1'200", '1’200']) expect(accepted(salary, typed)).toBe(1200);
    expect(accepted(count, '0')).toBe(0);
  });

  it('refuses with codes, and says the limit', () => {
    expect(codeOf(salary, '')).toBe('required');
    expect(codeOf(salary, '12a')).toBe('wholeNumber');
    expect(codeOf(salary, '-5')).toBe('wholeNumber');
    expect(codeOf(salary, '1'.repeat(13))).toBe('wholeNumber');
    expect(refused(salary, '0')).toMatchObject({ code: 'tooSmall', values: { min: 1 } });
    expect(refused(salary, '1000001')).toMatchObject({ code: 'tooBig', values: { max: 1_000_000 } });
    expect(codeOf(salary, '1\u00002')).toBe('characters');
    expect(accepted(number('monthlySalary', { optional: true }), ' ')).toBeUndefined();
  });

  it('draws a numeric govukInput, with the currency beside a sum of money', () => {
    const empty = drawn(salary, { scope: POSITION });
    expect(empty.params).toMatchObject({ id: 'monthlySalary', value: '', type: 'text', inputmode: 'numeric', classes: 'govuk-input--width-10', suffix: { text: en('common:currency') } });
    expectNoErrorMessage(empty);
    const filled = drawn(count, { scope: POSITION, raw: '12' });
    expect(filled.params).toMatchObject({ value: '12', classes: 'govuk-input--width-3', suffix: undefined });
  });

  it('draws the service\'s words for its error', () => {
    const view = drawn(salary, { scope: POSITION, raw: '0', error: { field: 'monthlySalary', code: 'tooSmall', values: { min: 1 } } });
    expectErrorMessage(view, 'services/work-permit:steps.position.fields.monthlySalary.errors.tooSmall');
  });

  it('reads in a summary as money in the page language, or as the number', () => {
    expect(summaryOf(salary, 1200, POSITION).text).toBe(readerIn('en').formatMoney(1200));
    expect(summaryOf(salary, 1200, POSITION, 'az').text).toBe(readerIn('az').formatMoney(1200));
    expect(summaryOf(count, 12, POSITION).text).toBe('12');
  });
});
