import { expect } from 'vitest';
import { formatDate, formatMoney } from '../../../src/i18n/format.js';
import { createI18n, translator } from '../../../src/i18n/i18n.js';
import type { Language } from '../../../src/i18n/languages.js';
import { fieldViews } from '../../../src/forms/field-views.js';
import { fieldModule, type Field } from '../../../src/forms/fields/index.js';
import type { FieldView, SummaryValue } from '../../../src/forms/fields/types.js';
import type { Answers, FieldError, StepContext } from '../../../src/forms/model.js';
import { stepRows, summaryText } from '../../../src/forms/render-answers.js';
import type { Step } from '../../../src/forms/steps/types.js';
import { validateFields } from '../../../src/forms/steps/question.js';
import { fieldWords, type Reader, type WordScope } from '../../../src/forms/words.js';

/*
 * What every field and step test needs: the real words (createI18n over locales/), a reader per
 * language, a fixed today, and a field checked, drawn and summed up the way the engine does it
 * (validateFields for a step, fieldViews for a page, the module's summary for check your answers).
 */

/** A Monday: the date rules of a field are checked against it. */
export const TODAY = '2026-03-16';

const i18n = createI18n();

export function readerIn(lang: Language = 'en'): Reader {
  return { t: translator(i18n, lang), lang, formatDate: (iso) => formatDate(iso, lang), formatMoney: (amount) => formatMoney(amount, lang) };
}

/** The English words of a key, to compare a view model with; a key with no words is a mistake of the test. */
export function en(key: string, values?: Record<string, unknown>): string {
  if (!i18n.exists(key, { ...values, lng: 'en' })) throw new Error(`No English words at ${key}`);
  return readerIn('en').t(key, values);
}

export function contextOf(answers: Answers = {}): StepContext {
  return { today: TODAY, answers };
}

/** What the field reads of a posted form. */
export function posted(field: Field, body: Record<string, unknown>): unknown {
  return fieldModule(field).read(field, body);
}

/** One field checked as its step checks it: the value accepted, absent when nothing was given to an optional field. */
export function accepted(field: Field, raw: unknown, answers: Answers = {}): unknown {
  const result = validateFields([field], raw === undefined ? {} : { [field.name]: raw }, contextOf(answers));
  if (!result.ok) throw new Error(`${field.name} refused ${JSON.stringify(raw)}: ${JSON.stringify(result.errors)}`);
  return result.values[field.name];
}

/** One field refused: its error, a code the field declares (never words), with its part and figures. */
export function refused(field: Field, raw: unknown, answers: Answers = {}): FieldError {
  const result = validateFields([field], raw === undefined ? {} : { [field.name]: raw }, contextOf(answers));
  if (result.ok) throw new Error(`${field.name} accepted ${JSON.stringify(raw)}`);
  expect(result.errors).toHaveLength(1);
  const error = result.errors[0]!;
  expect(error.field).toBe(field.name);
  expect(fieldModule(field).codes).toContain(error.code);
  expect(error.code).toMatch(/^[a-z][A-Za-z]*$/);
  return error;
}

/** The code alone, for a table of refused inputs. */
export function codeOf(field: Field, raw: unknown, answers: Answers = {}): string {
  return refused(field, raw, answers).code;
}

export interface Drawing {
  scope: WordScope;
  raw?: unknown;
  error?: FieldError;
  lang?: Language;
  /** Other fields on the same page: the field is then not the page heading. */
  besides?: readonly Field[];
}

/** The field as the page draws it: its govuk macro and the parameters the template receives. */
export function drawn(field: Field, drawing: Drawing): FieldView {
  const views = fieldViews([field, ...(drawing.besides ?? [])], {
    scope: drawing.scope,
    reader: readerIn(drawing.lang),
    raw: drawing.raw === undefined ? {} : { [field.name]: drawing.raw },
    errors: drawing.error ? [drawing.error] : [],
    answers: {},
  });
  return views[0]!;
}

/** The message a view shows under the field: its words come from this key, after "Error:" for a screen reader. */
export function expectErrorMessage(view: FieldView, key: string, values?: Record<string, unknown>): void {
  expect(view.params.errorMessage).toEqual({ text: en(key, values), visuallyHiddenText: en('common:errorPrefix') });
}

export function expectNoErrorMessage(view: FieldView): void {
  expect(view.params.errorMessage).toBeUndefined();
}

/** The answer as check your answers shows it, and as a mail or a PDF reads it. */
export function summaryOf(field: Field, value: unknown, scope: WordScope, lang: Language = 'en'): { value: SummaryValue; text: string } {
  const reader = readerIn(lang);
  const summary = fieldModule(field).summary(field, value, fieldWords(reader, scope, field.name), reader);
  return { value: summary, text: summaryText(summary) };
}

/** The items of a choice field as the template receives them, without their words. */
export function itemStates(view: FieldView): { value?: string; checked?: boolean }[] {
  return (view.params.items as { value?: string; checked?: boolean }[]).map(({ value, checked }) => ({ value, checked }));
}

/** A step's rows on check your answers, as plain text: the question, then the answer. */
export function rowsOf(service: string, step: Step, answers: Answers, lang: Language = 'en'): [string, string][] {
  return stepRows({ id: service, deadline: null }, step, answers, readerIn(lang)).map((row) => [row.key.text, summaryText(row.value)]);
}
