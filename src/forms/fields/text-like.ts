import { z } from 'zod';
import { cleanText } from '../../text/rules.js';
import type { FieldError } from '../model.js';
import type { FieldWords, Reader } from '../words.js';
import { asString, firstString, labelledParams, refuse, type NamedField } from './shared.js';
import type { FieldCommon, FieldModule } from './types.js';

/**
 * The part every text-like field shares: one typed string, cleaned by the text rules (refused with
 * `characters`), made ready (`prepare`: spaces taken out, upper case), then empty as no answer
 * (`required`, or nothing for an optional field); what is left is the field's own to check.
 */
function typedText<T>(
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
function inputParams(field: NamedField, raw: unknown, error: FieldError | undefined, words: FieldWords, reader: Reader, single: boolean): Record<string, unknown> {
  return { ...labelledParams(field, error, words, reader, single), value: asString(raw) };
}

/** What one text-like field type has of its own; the rest is the same for every field typed into a box. */
interface TextLikeSpec<F extends FieldCommon> {
  codes: readonly string[];
  /** The typed string, cleaned, made ready and not empty: the value to keep, or a refusal. */
  check: (field: F, value: string, ctx: z.RefinementCtx) => unknown;
  /** Several lines (`multiline`), and what is done to the string before it is checked (`prepare`). */
  typing?: (field: F) => { multiline?: boolean; prepare?: (value: string) => string };
  /** govukInput unless said otherwise. */
  macro?: string;
  /** The macro's parameters beyond the label, hint, error and value every such field has. */
  params: (field: F, reader: Reader) => Record<string, unknown>;
  summary?: FieldModule<F>['summary'];
  asRaw?: FieldModule<F>['asRaw'];
}

/**
 * A field typed as one string (a line, lines, an e-mail address, a number, a phone number): read as
 * the form's first string, empty as '', checked by the shared text rules then its own, drawn with
 * its words and what was typed, and summed up as the value unless it says otherwise.
 */
export function textLikeModule<F extends FieldCommon>(spec: TextLikeSpec<F>): FieldModule<F> {
  return {
    codes: spec.codes,
    read: (field, body) => firstString(body, field.name),
    empty: () => '',
    ...(spec.asRaw ? { asRaw: spec.asRaw } : {}),
    schema: (field) => typedText(field, (value, ctx) => spec.check(field, value, ctx), spec.typing?.(field)),
    view: (field, raw, error, words, reader, { single }) => ({
      name: field.name,
      macro: spec.macro ?? 'govukInput',
      params: { ...inputParams(field, raw, error, words, reader, single), ...spec.params(field, reader) },
    }),
    summary: spec.summary ?? ((_field, value) => ({ text: String(value) })),
  };
}
