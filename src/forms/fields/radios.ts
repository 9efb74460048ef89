import { isSource, sourceItems, sourceText, type OptionSource } from '../options.js';
import type { RadiosField, RadiosOptions } from './field.js';
import { asString, choiceParams, ONE_CHOICE } from './shared.js';
import type { FieldWords, Reader } from '../words.js';
import type { FieldModule } from './types.js';

export type { RadiosField, RadiosOptions };

export function radios<const N extends string, const O extends string, const P extends RadiosOptions<O> = object>(
  name: N,
  options: readonly O[],
  more?: P,
): RadiosField<N, O> & NoInfer<P>;
export function radios<const N extends string, const P extends RadiosOptions = object>(name: N, options: OptionSource, more?: P): RadiosField<N, string> & NoInfer<P>;
export function radios(name: string, options: readonly string[] | OptionSource, more?: RadiosOptions): RadiosField {
  return { type: 'radios', name, options, ...more };
}

function optionText(field: RadiosField, option: string, words: FieldWords, reader: Reader): string {
  return field.optionsFrom ? reader.t(`${field.optionsFrom}.${option}`) : words.option(option);
}

export const radiosModule: FieldModule<RadiosField> = {
  ...ONE_CHOICE,
  view: (field, raw, error, words, reader, { single }) => {
    let value = asString(raw);
    if (raw === undefined && field.defaultFromLanguage) value = reader.lang;
    const items = isSource(field.options)
      ? sourceItems(field.options, reader)
      : field.options.map((option) => {
          const hint = words.optionHint(option);
          return { value: option, text: optionText(field, option, words, reader), ...(hint ? { hint: { text: hint } } : {}) };
        });
    return {
      name: field.name,
      macro: 'govukRadios',
      params: {
        ...choiceParams(field, error, words, reader, single),
        items,
        value,
        classes: [items.length > 6 ? 'govuk-radios--small' : '', field.inline ? 'govuk-radios--inline' : ''].join(' ').trim() || undefined,
      },
    };
  },
  summary: (field, value, words, reader) => ({
    text: isSource(field.options) ? sourceText(field.options, String(value), reader) : optionText(field, String(value), words, reader),
  }),
  nested: (field) => Object.values(field.reveal ?? {}).flatMap((fields) => fields ?? []),
  revealed: (field, value) => (typeof value === 'string' ? (field.reveal?.[value] ?? []) : []),
};
