import { describe, expect, it } from 'vitest';
import { longText } from '../../../src/forms/fields/index.js';
import { DEFAULT_LONG_TEXT_LENGTH } from '../../../src/forms/fields/long-text.js';
import { accepted, codeOf, drawn, en, expectErrorMessage, expectNoErrorMessage, posted, refused, summaryOf } from './support.js';

const NEED = { service: 'work-permit', step: 'need' };
const reason = longText('foreignWorkerReason', { maxLength: 20, rows: 4 });
const unlimited = longText('foreignWorkerReason');

describe('a long text field', () => {
  it('reads the first string posted under its name', () => {
    expect(posted(reason, { foreignWorkerReason: ['first', 'second'] })).toBe('first');
    expect(posted(reason, {})).toBe('');
  });

  it('keeps the line breaks of an answer', () => {
    expect(accepted(reason, 'One line\r\nanother')).toBe('One line\nanother');
  });

  it('refuses with codes, counting characters as a reader does', () => {
    expect(codeOf(reason, '')).toBe('required');
    expect(codeOf(reason, 'bad\u0007bell')).toBe('characters');
    expect(refused(reason, 'x'.repeat(21))).toMatchObject({ code: 'tooLong', values: { max: 20 } });
    expect(accepted(reason, 'é'.repeat(20))).toHaveLength(20);
    expect(refused(unlimited, 'x'.repeat(DEFAULT_LONG_TEXT_LENGTH + 1)).values).toEqual({ max: DEFAULT_LONG_TEXT_LENGTH });
  });

  it('draws a govukCharacterCount with its limit and the counter in the page language', () => {
    const view = drawn(reason, { scope: NEED });
    expect(view.macro).toBe('govukCharacterCount');
    expect(view.params).toMatchObject({ id: 'foreignWorkerReason', name: 'foreignWorkerReason', value: '', rows: 4, maxlength: 20 });
    expect(view.params.label).toMatchObject({ text: 'Why do you need a foreign worker for this job?', isPageHeading: true });
    expect(view.params.textareaDescriptionText).toBe(en('forms:characterCount.description', { max: 20 }));
    expect(view.params.charactersUnderLimitText).toEqual(en('forms:characterCount.under', { returnObjects: true }));
    expect(drawn(unlimited, { scope: NEED }).params).toMatchObject({ rows: 6, maxlength: DEFAULT_LONG_TEXT_LENGTH });
    expectNoErrorMessage(view);
    const ru = drawn(reason, { scope: NEED, lang: 'ru' });
    expect(ru.params.textareaDescriptionText).not.toBe(view.params.textareaDescriptionText);
  });

  it('draws what was typed and its error', () => {
    const view = drawn(reason, { scope: NEED, raw: 'typed', error: { field: 'foreignWorkerReason', code: 'required' } });
    expect(view.params.value).toBe('typed');
    expectErrorMessage(view, 'services/work-permit:steps.need.fields.foreignWorkerReason.errors.required');
  });

  it('reads in a summary line by line, escaped', () => {
    expect(summaryOf(reason, 'a <b>\nc', NEED)).toEqual({ value: { html: 'a &#60;b&#62;<br>c' }, text: 'a <b>\nc' });
  });
});
