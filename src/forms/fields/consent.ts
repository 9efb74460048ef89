import { z } from 'zod';
import { errorMessage, fieldsetParams, firstString, hintParams, refuse } from './shared.js';
import type { CommonOptions, FieldCommon, FieldModule } from './types.js';

// A consent is ticked or the person cannot go on: an optional one would read "(optional)" nowhere and still be refused.
export type ConsentOptions = Omit<CommonOptions, 'optional'> & { readonly optional?: never };

export interface ConsentField<N extends string = string> extends Omit<FieldCommon<N>, 'optional'>, ConsentOptions {
  readonly type: 'consent';
  readonly __value?: 'yes';
}

export function consent<const N extends string, const O extends ConsentOptions = object>(name: N, options?: O): ConsentField<N> & NoInfer<O> {
  return { type: 'consent', name, ...(options as O) };
}

/** A statement the applicant must tick to go on, such as the host's agreement. */
export const consentModule: FieldModule<ConsentField> = {
  codes: ['required'],
  read: (field, body) => firstString(body, field.name),
  empty: () => '',
  schema: () => z.unknown().transform((raw, ctx) => (raw === 'yes' ? ('yes' as const) : refuse(ctx, 'required'))),
  view: (field, raw, error, words, reader, { single }) => ({
    name: field.name,
    macro: 'govukCheckboxes',
    params: {
      name: field.name,
      idPrefix: field.name,
      fieldset: fieldsetParams(words.label(), single),
      hint: hintParams(words),
      errorMessage: errorMessage(words, reader, error),
      items: [{ value: 'yes', text: words.part('statement'), checked: raw === 'yes' }],
    },
  }),
  summary: (_field, _value, words) => ({ text: words.part('statement') }),
};
