import { describe, expect, it } from 'vitest';
import { phone } from '../../../src/forms/fields/index.js';
import { formatPhone, parsePhone } from '../../../src/forms/fields/phone.js';
import { accepted, codeOf, drawn, expectErrorMessage, expectNoErrorMessage, posted, summaryOf } from './support.js';

const CONTACT = { service: 'work-permit', step: 'contact' };
const number = phone('phone');

describe('a phone field', () => {
  it('reads the first string posted under its name', () => {
    expect(posted(number, { phone: ['050 123 45 67', 'x'] })).toBe('050 123 45 67');
  });

  it('stores a number in E.164, however it was written', () => {
    for (const typed of ['050 123 45 67', '(050) 123-45-67', '994501234567', '+994 50 123 45 67']) expect(accepted(number, typed)).toBe('+994501234567');
    expect(accepted(number, '+44 20 7946 0958')).toBe('+442079460958');
    expect(parsePhone('12')).toBeUndefined();
  });

  it('refuses with codes', () => {
    expect(codeOf(number, '')).toBe('required');
    expect(codeOf(number, '12345')).toBe('phone');
    expect(codeOf(number, `050 123 45 67${' '.repeat(20)}0`)).toBe('phone');
    expect(codeOf(number, '050\u0000123')).toBe('characters');
    expect(accepted(phone('phone', { optional: true }), '')).toBeUndefined();
  });

  it('draws a govukInput of type tel, empty, filled and with an error', () => {
    const empty = drawn(number, { scope: CONTACT });
    expect(empty.params).toMatchObject({ id: 'phone', name: 'phone', type: 'tel', autocomplete: 'tel', classes: 'govuk-input--width-20', value: '' });
    expect(empty.params.hint).toEqual({ text: expect.any(String) });
    expectNoErrorMessage(empty);
    expect(drawn(phone('phone', { autocomplete: 'off' }), { scope: CONTACT, raw: '050' }).params).toMatchObject({ autocomplete: 'off', value: '050' });
    expectErrorMessage(drawn(number, { scope: CONTACT, raw: '050', error: { field: 'phone', code: 'phone' } }), 'forms:errors.phone');
  });

  it('reads in a summary written internationally', () => {
    expect(summaryOf(number, '+994501234567', CONTACT).text).toBe('+994 50 123 45 67');
    expect(formatPhone('not a number')).toBe('not a number');
  });
});
