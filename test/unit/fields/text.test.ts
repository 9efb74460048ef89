import { describe, expect, it } from 'vitest';
import { text } from '../../../src/forms/fields/index.js';
import { DEFAULT_TEXT_LENGTH } from '../../../src/forms/fields/text.js';
import { accepted, codeOf, drawn, expectErrorMessage, expectNoErrorMessage, posted, refused, summaryOf } from './support.js';

const PERMIT = { service: 'temporary-residence-permit', step: 'application-type' };
const IDENTITY = { service: 'work-permit', step: 'worker-identity' };
const permitNumber = text('currentPermitNumber', { uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9-]{4,20}$/, width: '20', spellcheck: false });
const surname = text('surname', { letters: true, autocomplete: 'family-name' });
const patronymic = text('patronymic', { letters: true, optional: true });

describe('a text field', () => {
  it('reads the first string posted under its name', () => {
    expect(posted(surname, { surname: 'Aliyev' })).toBe('Aliyev');
    expect(posted(surname, { surname: ['Aliyev', 'Mammadov'] })).toBe('Aliyev');
    expect(posted(surname, {})).toBe('');
    expect(posted(surname, { surname: { nested: 'x' } })).toBe('');
  });

  it('accepts an answer trimmed, stripped and in upper case before its pattern', () => {
    expect(accepted(surname, '  Aliyev  ')).toBe('Aliyev');
    expect(accepted(permitNumber, 'ab 12 34')).toBe('AB1234');
  });

  it('refuses with codes, never words', () => {
    expect(codeOf(surname, '')).toBe('required');
    expect(codeOf(surname, '   ')).toBe('required');
    expect(codeOf(surname, '1234')).toBe('noLetters');
    expect(codeOf(surname, 'A\u0000B')).toBe('characters');
    expect(codeOf(permitNumber, 'AB!')).toBe('format');
    expect(refused(surname, 'a'.repeat(DEFAULT_TEXT_LENGTH + 1))).toEqual({ field: 'surname', code: 'tooLong', values: { max: DEFAULT_TEXT_LENGTH } });
    expect(accepted(surname, 'a'.repeat(DEFAULT_TEXT_LENGTH))).toHaveLength(DEFAULT_TEXT_LENGTH);
  });

  it('may be left empty when optional, and is then absent', () => {
    expect(accepted(patronymic, '')).toBeUndefined();
    expect(codeOf(patronymic, '123')).toBe('noLetters');
  });

  it('draws a govukInput: empty, as the page heading when alone', () => {
    const view = drawn(surname, { scope: IDENTITY });
    expect(view.macro).toBe('govukInput');
    expect(view.params).toMatchObject({
      id: 'surname',
      name: 'surname',
      value: '',
      type: 'text',
      autocomplete: 'family-name',
      label: { text: 'Surname', classes: 'govuk-label--l', isPageHeading: true },
    });
    expectNoErrorMessage(view);
  });

  it('draws what was typed, its hint, its width, and "(optional)" beside other fields', () => {
    const filled = drawn(permitNumber, { scope: PERMIT, raw: 'ab 12', besides: [surname] });
    expect(filled.params).toMatchObject({ value: 'ab 12', classes: 'govuk-input--width-20', spellcheck: false, hint: { text: 'On your residence permit card' } });
    expect(filled.params.label).toEqual({ text: 'Number of your current permit', classes: 'govuk-label--s', isPageHeading: false });
    const optional = drawn(patronymic, { scope: IDENTITY, besides: [surname] });
    expect((optional.params.label as { text: string }).text).toBe('Patronymic (optional)');
  });

  it('draws its error from the most particular words there are, with the figures', () => {
    const view = drawn(permitNumber, { scope: PERMIT, raw: 'AB!', error: { field: 'currentPermitNumber', code: 'format' } });
    expectErrorMessage(view, 'services/temporary-residence-permit:steps.application-type.fields.currentPermitNumber.errors.format');
    expect(view.params.value).toBe('AB!');
    const tooLong = drawn(surname, { scope: IDENTITY, error: { field: 'surname', code: 'tooLong', values: { max: 100 } } });
    expectErrorMessage(tooLong, 'forms:fields.surname.errors.tooLong', { max: 100 });
    expect((tooLong.params.errorMessage as { text: string }).text).toContain('100');
  });

  it('reads in a summary as it was accepted', () => {
    expect(summaryOf(permitNumber, 'AB1234', PERMIT)).toEqual({ value: { text: 'AB1234' }, text: 'AB1234' });
  });
});
