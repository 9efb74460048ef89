import { describe, expect, it } from 'vitest';
import { errorList } from '../../../src/forms/field-views.js';
import { date } from '../../../src/forms/fields/index.js';
import { fieldModule } from '../../../src/forms/fields/index.js';
import { accepted, drawn, en, expectErrorMessage, expectNoErrorMessage, posted, readerIn, refused, summaryOf, TODAY } from './support.js';

const IDENTITY = { service: 'work-permit', step: 'worker-identity' };
const HISTORY = { service: 'work-permit', step: 'work-history' };
const birth = date('dateOfBirth', { time: 'past', autocomplete: 'bday' });
const started = date('jobStart', { precision: 'month', time: 'notFuture' });
const ends = date('documentExpiryDate', { time: 'future', optional: true });

const parts = (day: string, month: string, year: string) => ({ day, month, year });

describe('a date field', () => {
  it('reads its three inputs, or a month and a year alone', () => {
    expect(posted(birth, { 'dateOfBirth-day': '7', 'dateOfBirth-month': ['3', '4'], 'dateOfBirth-year': '1990' })).toEqual(parts('7', '3', '1990'));
    expect(posted(started, { 'jobStart-day': '7', 'jobStart-month': '3', 'jobStart-year': '2021' })).toEqual(parts('', '3', '2021'));
    expect(fieldModule(birth).empty(birth)).toEqual(parts('', '', ''));
  });

  it('accepts an ISO date, or an ISO month, and gives it back as the inputs would hold it', () => {
    expect(accepted(birth, parts(' 7 ', '03', '1990'))).toBe('1990-03-07');
    expect(accepted(started, parts('', '3', '2021'))).toBe('2021-03');
    expect(fieldModule(birth).asRaw!(birth, '1990-03-07')).toEqual(parts('7', '3', '1990'));
    expect(fieldModule(started).asRaw!(started, '2021-03')).toEqual(parts('', '3', '2021'));
  });

  it('refuses with a code and the input it is about', () => {
    expect(refused(birth, parts('', '', ''))).toMatchObject({ code: 'required', part: 'day' });
    expect(refused(birth, parts('7', '', '1990'))).toMatchObject({ code: 'incomplete', part: 'month' });
    expect(refused(birth, parts('31', '2', '1990'))).toMatchObject({ code: 'invalid', part: 'day' });
    expect(refused(birth, parts('1', '13', '1990'))).toMatchObject({ code: 'invalid', part: 'month' });
    expect(refused(birth, parts('1', '1', '90'))).toMatchObject({ code: 'invalid', part: 'year' });
    expect(refused(birth, parts('x', '1', '1990'))).toMatchObject({ code: 'invalid', part: 'day' });
    expect(refused(started, parts('', '', ''))).toMatchObject({ code: 'required', part: 'month' });
    expect(refused(birth, 'not parts')).toMatchObject({ code: 'required' });
  });

  it('checks the date against today in Baku', () => {
    const [year, month, day] = TODAY.split('-') as [string, string, string];
    const today = parts(day, month, year);
    expect(refused(birth, today)).toMatchObject({ code: 'future', part: 'day' });
    expect(accepted(date('dateOfBirth', { time: 'notFuture' }), today)).toBe(TODAY);
    expect(refused(ends, today)).toMatchObject({ code: 'past', part: 'day' });
    expect(accepted(date('documentExpiryDate', { time: 'notPast' }), today)).toBe(TODAY);
    expect(accepted(started, parts('', month, year))).toBe(TODAY.slice(0, 7));
    expect(refused(started, parts('', String(Number(month) + 1), year))).toMatchObject({ code: 'future', part: 'month' });
    expect(accepted(ends, parts('', '', ''))).toBeUndefined();
  });

  it('draws a govukDateInput: empty, filled, and with the wrong input marked', () => {
    const empty = drawn(birth, { scope: IDENTITY });
    expect(empty.macro).toBe('govukDateInput');
    expect(empty.params).toMatchObject({ id: 'dateOfBirth', namePrefix: 'dateOfBirth', hint: { text: en('forms:fields.dateOfBirth.hint') } });
    expect(empty.params.items).toEqual([
      { name: 'day', label: 'Day', value: '', classes: 'govuk-input--width-2', autocomplete: 'bday-day', inputmode: 'numeric' },
      { name: 'month', label: 'Month', value: '', classes: 'govuk-input--width-2', autocomplete: 'bday-month', inputmode: 'numeric' },
      { name: 'year', label: 'Year', value: '', classes: 'govuk-input--width-4', autocomplete: 'bday-year', inputmode: 'numeric' },
    ]);
    expectNoErrorMessage(empty);

    const wrong = drawn(birth, { scope: IDENTITY, raw: parts('7', '', '1990'), error: { field: 'dateOfBirth', code: 'incomplete', part: 'month' } });
    const items = wrong.params.items as { name: string; value: string; classes: string }[];
    expect(items.map((item) => item.value)).toEqual(['7', '', '1990']);
    expect(items.map((item) => item.classes.includes('govuk-input--error'))).toEqual([false, true, false]);
    expectErrorMessage(wrong, 'forms:errors.incomplete');
    // An error of the whole date marks every input.
    const whole = drawn(birth, { scope: IDENTITY, error: { field: 'dateOfBirth', code: 'required' } });
    expect((whole.params.items as { classes: string }[]).every((item) => item.classes.includes('govuk-input--error'))).toBe(true);
  });

  it('draws a month as two inputs, in the page language', () => {
    const view = drawn(started, { scope: HISTORY, lang: 'az' });
    expect((view.params.items as { name: string; label: string; autocomplete?: string }[]).map(({ name, label, autocomplete }) => ({ name, label, autocomplete }))).toEqual([
      { name: 'month', label: readerIn('az').t('forms:date.month'), autocomplete: undefined },
      { name: 'year', label: readerIn('az').t('forms:date.year'), autocomplete: undefined },
    ]);
  });

  it('links an error in the summary to the input it is about', () => {
    const reader = readerIn('en');
    const errors = [
      { field: 'dateOfBirth', code: 'incomplete', part: 'year' },
      { field: 'jobStart', code: 'required' },
    ];
    expect(errorList([birth, started], { scope: HISTORY, reader, errors })).toEqual([
      { text: en('forms:errors.incomplete'), href: '#dateOfBirth-year' },
      { text: en('services/work-permit:steps.work-history.fields.jobStart.errors.required'), href: '#jobStart-month' },
    ]);
  });

  it('reads in a summary as a date or a month in the page language', () => {
    expect(summaryOf(birth, '1990-03-07', IDENTITY).text).toBe(readerIn('en').formatDate('1990-03-07'));
    expect(summaryOf(birth, '1990-03-07', IDENTITY, 'ru').text).toBe(readerIn('ru').formatDate('1990-03-07'));
    expect(summaryOf(started, '2021-03', HISTORY).text).toBe('March 2021');
  });
});
