import { isSource, sourceItems, sourceText, type OptionSource } from '../options.js';
import { choiceSchema } from './radios.js';
import { asString, errorMessage, firstString, hintParams, labelParams, labelText } from './shared.js';
import type { CommonOptions, FieldCommon, FieldModule } from './types.js';

export interface SelectOptions extends CommonOptions {
  readonly autocomplete?: string;
}

export interface SelectField<N extends string = string, O extends string = string> extends FieldCommon<N>, SelectOptions {
  readonly type: 'select';
  readonly options: readonly O[] | OptionSource;
  readonly __value?: O;
}

export function select<const N extends string, const P extends SelectOptions = object>(name: N, options: OptionSource, more?: P): SelectField<N> & NoInfer<P>;
export function select<const N extends string, const O extends string, const P extends SelectOptions = object>(
  name: N,
  options: readonly O[],
  more?: P,
): SelectField<N, O> & NoInfer<P>;
export function select(name: string, options: readonly string[] | OptionSource, more?: SelectOptions): SelectField {
  return { type: 'select', name, options, ...more };
}

/** A long list (countries, cities) in one drop-down. */
export const selectModule: FieldModule<SelectField> = {
  codes: ['required'],
  read: (field, body) => firstString(body, field.name),
  empty: () => '',
  schema: (field) => choiceSchema(field.options, field.optional),
  view: (field, raw, error, words, reader, { single }) => {
    const value = asString(raw);
    const items = isSource(field.options)
      ? sourceItems(field.options, reader)
      : field.options.map((option) => ({ value: option, text: words.option(option) }));
    return {
      name: field.name,
      macro: 'govukSelect',
      params: {
        id: field.name,
        name: field.name,
        label: labelParams(labelText(words, reader, field.optional), single),
        hint: hintParams(words),
        errorMessage: errorMessage(words, reader, error),
        items: [{ value: '', text: reader.t('forms:choose') }, ...items],
        value,
        autocomplete: field.autocomplete,
        classes: 'app-select',
      },
    };
  },
  summary: (field, value, words, reader) => ({
    text: isSource(field.options) ? sourceText(field.options, String(value), reader) : words.option(String(value)),
  }),
};
