import type { TFunction } from 'i18next';
import { characterCount, cleanText as cleanTyped } from '../text/rules.js';
import { fieldsOf } from '../http/fields.js';

/** A refused field: its name (the input's id) and a code the locale files say in words. */
export interface BackofficeError {
  field: string;
  code: string;
  values?: Record<string, unknown>;
  /** The input the error summary links to, when not the field's own id (the day of a date). */
  target?: string;
}

/**
 * The error summary and each field's message, in the page language, for a back-office form.
 * Words are `backoffice:<form>.errors.<field>.<code>`: said for that field, never assembled from parts.
 */
export function errorsForView(t: TFunction, form: string, errors: readonly BackofficeError[], formatDate?: (iso: string) => string) {
  const byField: Record<string, { text: string }> = {};
  const errorList = errors.map((error) => {
    // Dates put into the words are written as the page's language writes them.
    const values = error.values && formatDate ? Object.fromEntries(Object.entries(error.values).map(([key, value]) => [key, typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value])) : error.values;
    const text = t(`backoffice:${form}.errors.${error.field}.${error.code}`, values);
    byField[error.field] ??= { text };
    return { text, href: `#${error.target ?? error.field}` };
  });
  return { errorList, byField };
}

/** One string from a form body: the first when a field was sent twice, '' when absent or not text. */
export function bodyText(body: unknown, name: string): string {
  const value = fieldsOf(body)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Text typed by an officer, under the same rules as an applicant's (text/rules.ts). */
export function officerText(value: string, options: { maxLength: number; multiline?: boolean }): { value: string; code?: 'characters' | 'tooLong' } {
  const cleaned = cleanTyped(value, options.multiline ?? false);
  if (!cleaned.ok) return { value: value.trim(), code: 'characters' };
  if (characterCount(cleaned.value) > options.maxLength) return { value: cleaned.value, code: 'tooLong' };
  return { value: cleaned.value };
}

