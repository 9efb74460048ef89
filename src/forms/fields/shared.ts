import { z } from 'zod';
import { cleanText } from '../../text/rules.js';
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
export function labelText(words: FieldWords, reader: Reader, optional: boolean | undefined): string {
  const label = words.label();
  return optional ? `${label} ${reader.t('forms:optionalMarker')}` : label;
}

export function labelParams(text: string, single: boolean): Record<string, unknown> {
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

/**
 * The part every text-like field shares: one typed string, cleaned by the text rules (refused with
 * `characters`), made ready (`prepare`: spaces taken out, upper case), then empty as no answer
 * (`required`, or nothing for an optional field); what is left is the field's own to check.
 */
export function typedText<T>(
  field: { optional?: boolean },
  check: (value: string, ctx: z.RefinementCtx) => T,
  options: { multiline?: boolean; prepare?: (value: string) => string } = {},
): z.ZodType {
  return z.unknown().transform((raw, ctx) => {
    const cleaned = cleanText(asString(raw), options.multiline ?? false);
    if (!cleaned.ok) return refuse(ctx, cleaned.code);
    const value = options.prepare ? options.prepare(cleaned.value) : cleaned.value;
    if (!value) return field.optional ? undefined : refuse(ctx, 'required');
    return check(value, ctx);
  });
}

/** What govukInput, govukCharacterCount and their kind share: the field's name, its words, what was typed. */
export function inputParams(
  field: { name: string; optional?: boolean },
  raw: unknown,
  error: FieldError | undefined,
  words: FieldWords,
  reader: Reader,
  single: boolean,
): Record<string, unknown> {
  return {
    id: field.name,
    name: field.name,
    label: labelParams(labelText(words, reader, field.optional), single),
    hint: hintParams(words),
    errorMessage: errorMessage(words, reader, error),
    value: asString(raw),
  };
}

/** One choice of a fixed list; an answer not on the list is treated as no answer. */
export function choiceSchema(options: readonly string[] | OptionSource, optional: boolean | undefined): z.ZodType {
  const allowed = new Set(optionValues(options));
  return z.unknown().transform((raw, ctx) => {
    const value = asString(raw).trim();
    if (!value && optional) return undefined;
    return allowed.has(value) ? value : refuse(ctx, 'required');
  });
}
