import { z } from 'zod';
import { isSource, optionValues, sourceItems, sourceText, type OptionSource } from '../options.js';
import type { Field } from './index.js';
import { asString, errorMessage, fieldsetParams, firstString, hintParams, labelText, refuse } from './shared.js';
import type { FieldWords, Reader } from '../words.js';
import type { CommonOptions, FieldCommon, FieldModule } from './types.js';

export interface RadiosOptions<O extends string = string> extends CommonOptions {
  /** Fields shown under an option (a conditional reveal): asked, checked and kept only when it is chosen. */
  readonly reveal?: { readonly [K in O]?: readonly Field[] };
  /** Filled in from the page language when nothing is saved yet (a `languages` list). */
  readonly defaultFromLanguage?: boolean;
  /** Options laid side by side (two short ones, like yes and no). */
  readonly inline?: boolean;
  /** Where the options' words are when a shared list has them (`services:periods`), instead of the field's own. */
  readonly optionsFrom?: string;
}

export interface RadiosField<N extends string = string, O extends string = string> extends FieldCommon<N>, RadiosOptions<O> {
  readonly type: 'radios';
  readonly options: readonly O[] | OptionSource;
  readonly __value?: O;
}

export function radios<const N extends string, const O extends string, const P extends RadiosOptions<O> = object>(
  name: N,
  options: readonly O[],
  more?: P,
): RadiosField<N, O> & NoInfer<P>;
export function radios<const N extends string, const P extends RadiosOptions = object>(name: N, options: OptionSource, more?: P): RadiosField<N, string> & NoInfer<P>;
export function radios(name: string, options: readonly string[] | OptionSource, more?: RadiosOptions): RadiosField {
  return { type: 'radios', name, options, ...more };
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

function optionText(field: RadiosField, option: string, words: FieldWords, reader: Reader): string {
  return field.optionsFrom ? reader.t(`${field.optionsFrom}.${option}`) : words.option(option);
}

export const radiosModule: FieldModule<RadiosField> = {
  codes: ['required'],
  read: (field, body) => firstString(body, field.name),
  empty: () => '',
  schema: (field) => choiceSchema(field.options, field.optional),
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
        name: field.name,
        idPrefix: field.name,
        fieldset: fieldsetParams(labelText(words, reader, field.optional), single),
        hint: hintParams(words),
        errorMessage: errorMessage(words, reader, error),
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
