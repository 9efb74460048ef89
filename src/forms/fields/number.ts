import { refuse } from './shared.js';
import { textLikeModule } from './text-like.js';
import type { CommonOptions, FieldCommon, Width } from './types.js';

export interface NumberOptions extends CommonOptions {
  readonly min?: number;
  readonly max?: number;
  /** A sum of money in manat: shown with the currency beside the input and in the summary. */
  readonly money?: boolean;
  readonly width?: Width;
}

export interface NumberField<N extends string = string> extends FieldCommon<N>, NumberOptions {
  readonly type: 'number';
  readonly __value?: number;
}

export function number<const N extends string, const O extends NumberOptions = object>(name: N, options?: O): NumberField<N> & NoInfer<O> {
  return { type: 'number', name, ...(options as O) };
}

/** A whole number; spaces and the separators people put between thousands are allowed. */
export const numberModule = textLikeModule<NumberField>({
  codes: ['required', 'wholeNumber', 'tooSmall', 'tooBig', 'characters'],
  asRaw: (_field, value) => String(value),
  check: (field, digits, ctx) => {
    if (!/^\d{1,12}$/.test(digits)) return refuse(ctx, 'wholeNumber');
    const value = Number(digits);
    if (field.min !== undefined && value < field.min) return refuse(ctx, 'tooSmall', { values: { min: field.min } });
    if (field.max !== undefined && value > field.max) return refuse(ctx, 'tooBig', { values: { max: field.max } });
    return value;
  },
  typing: () => ({ prepare: (value) => value.replace(/[\s,.'’]/g, '') }),
  params: (field, reader) => ({
    type: 'text',
    inputmode: 'numeric',
    spellcheck: false,
    suffix: field.money ? { text: reader.t('common:currency') } : undefined,
    classes: `govuk-input--width-${field.width ?? '10'}`,
  }),
  summary: (field, value, _words, reader) => ({ text: field.money ? reader.formatMoney(Number(value)) : String(value) }),
});
