import { z } from 'zod';
import { optionValues, type OptionSource } from '../options.js';
import type { FieldError } from '../model.js';
import type { FieldWords, Reader } from '../words.js';
import type { Body } from './types.js';

/** Adds an issue whose message is a code; the locale files hold the words. */
export function refuse(ctx: z.RefinementCtx, code: string, params?: { part?: string; values?: Record<string, string | number> }): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: code, params });
  return z.NEVER;
}

/** The first string a posted field holds ('' when none: a list keeps only its first). */
export function firstString(body: Body, name: string): string {
  const value = body[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

export function asString(raw: unknown): string {
  return typeof raw === 'string' ? raw : '';
}

export function errorMessage(words: FieldWords, reader: Reader, error: FieldError | undefined): { text: string; visuallyHiddenText: string } | undefined {
  if (!error) return undefined;
  return { text: words.error(error.code, formatValues(error.values, reader)), visuallyHiddenText: reader.t('common:errorPrefix') };
}

/** ISO dates in an error's figures read as dates in the page language. */
export function formatValues(values: Record<string, string | number> | undefined, reader: Reader): Record<string, string | number> | undefined {
  if (!values) return undefined;
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? reader.formatDate(value) : value]),
  );
}

export function hintParams(words: FieldWords): { text: string } | undefined {
  const hint = words.hint();
  return hint ? { text: hint } : undefined;
}

/** The label, marked "(optional)" in the page language when the field may be left empty. */
function labelText(words: FieldWords, reader: Reader, optional: boolean | undefined): string {
  const label = words.label();
  return optional ? `${label} ${reader.t('forms:optionalMarker')}` : label;
}

function labelParams(text: string, single: boolean): Record<string, unknown> {
  return { text, classes: single ? 'govuk-label--l' : 'govuk-label--s', isPageHeading: single };
}

export function fieldsetParams(text: string, single: boolean): Record<string, unknown> {
  return { legend: { text, classes: single ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--s', isPageHeading: single } };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Text with its line breaks kept, for a summary row. */
export function linesHtml(lines: string | string[]): { html: string } {
  const list = Array.isArray(lines) ? lines : lines.split('\n');
  return { html: list.map(escapeHtml).join('<br>') };
}

export type NamedField = { name: string; optional?: boolean };

/** What a field with a label of its own shares (an input, a text area, a drop-down): its name and its words. */
export function labelledParams(field: NamedField, error: FieldError | undefined, words: FieldWords, reader: Reader, single: boolean): Record<string, unknown> {
  return {
    id: field.name,
    name: field.name,
    label: labelParams(labelText(words, reader, field.optional), single),
    hint: hintParams(words),
    errorMessage: errorMessage(words, reader, error),
  };
}

/** What a field of several inputs shares (options, a date's parts): its words as the legend of a fieldset. */
export function fieldsetWords(field: NamedField, error: FieldError | undefined, words: FieldWords, reader: Reader, single: boolean): Record<string, unknown> {
  return {
    fieldset: fieldsetParams(labelText(words, reader, field.optional), single),
    hint: hintParams(words),
    errorMessage: errorMessage(words, reader, error),
  };
}

/** What govukRadios and govukCheckboxes share: the field's name, and its words as the legend of a fieldset. */
export function choiceParams(field: NamedField, error: FieldError | undefined, words: FieldWords, reader: Reader, single: boolean): Record<string, unknown> {
  return { name: field.name, idPrefix: field.name, ...fieldsetWords(field, error, words, reader, single) };
}

/** One choice of a fixed list; an answer not on the list is treated as no answer. */
function choiceSchema(options: readonly string[] | OptionSource, optional: boolean | undefined): z.ZodType {
  const allowed = new Set(optionValues(options));
  return z.unknown().transform((raw, ctx) => {
    const value = asString(raw).trim();
    if (!value && optional) return undefined;
    return allowed.has(value) ? value : refuse(ctx, 'required');
  });
}

/** How a field with one answer from a list (radios, a drop-down) is read and checked: its first string, which must be on the list. */
export const ONE_CHOICE = {
  codes: ['required'],
  read: (field: NamedField, body: Body) => firstString(body, field.name),
  empty: () => '',
  schema: (field: { options: readonly string[] | OptionSource; optional?: boolean }) => choiceSchema(field.options, field.optional),
} as const;
