import { characterCount, hasLetter } from '../../text/rules.js';
import { refuse } from './shared.js';
import { textLikeModule } from './text-like.js';
import type { CommonOptions, FieldCommon, Width } from './types.js';

export interface TextOptions extends CommonOptions {
  /** In characters as a reader counts them. */
  readonly maxLength?: number;
  /** Checked after `strip` and `uppercase`; failing it gives code `format`. */
  readonly pattern?: RegExp;
  readonly uppercase?: boolean;
  /** Characters dropped before the pattern is checked, such as spaces in a document number. */
  readonly strip?: RegExp;
  /** A name: it must hold at least one letter (code `noLetters`). */
  readonly letters?: boolean;
  readonly autocomplete?: string;
  readonly inputmode?: 'numeric' | 'text';
  readonly spellcheck?: false;
  readonly width?: Width;
}

export interface TextField<N extends string = string> extends FieldCommon<N>, TextOptions {
  readonly type: 'text';
  readonly __value?: string;
}

export const DEFAULT_TEXT_LENGTH = 100;

export function text<const N extends string, const O extends TextOptions = object>(name: N, options?: O): TextField<N> & NoInfer<O> {
  return { type: 'text', name, ...(options as O) };
}

/** One line of text, cleaned by the shared text rules, then the field's own. */
export const textModule = textLikeModule<TextField>({
  codes: ['required', 'tooLong', 'format', 'characters', 'noLetters'],
  check: (field, value, ctx) => {
    const max = field.maxLength ?? DEFAULT_TEXT_LENGTH;
    if (characterCount(value) > max) return refuse(ctx, 'tooLong', { values: { max } });
    if (field.pattern && !field.pattern.test(value)) return refuse(ctx, 'format');
    if (field.letters && !hasLetter(value)) return refuse(ctx, 'noLetters');
    return value;
  },
  typing: (field) => ({
    prepare: (value) => {
      const stripped = field.strip ? value.replace(field.strip, '') : value;
      return field.uppercase ? stripped.toUpperCase() : stripped;
    },
  }),
  params: (field) => ({
    type: 'text',
    autocomplete: field.autocomplete,
    inputmode: field.inputmode,
    spellcheck: field.spellcheck,
    classes: field.width ? `govuk-input--width-${field.width}` : undefined,
  }),
});
