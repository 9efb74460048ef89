import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { firstString, inputParams, refuse, typedText } from './shared.js';
import type { CommonOptions, FieldCommon, FieldModule } from './types.js';

export interface PhoneOptions extends CommonOptions {
  readonly autocomplete?: string;
}

export interface PhoneField<N extends string = string> extends FieldCommon<N>, PhoneOptions {
  readonly type: 'phone';
  /** E.164, such as +994501234567. */
  readonly __value?: string;
}

export function phone<const N extends string, const O extends PhoneOptions = object>(name: N, options?: O): PhoneField<N> & NoInfer<O> {
  return { type: 'phone', name, ...(options as O) };
}

/** Numbers written the Azerbaijani way (050 123 45 67) need no country code. */
const DEFAULT_REGION = 'AZ';

/** Stored in E.164, whatever way it was typed: `050 123 45 67`, `(050) 123-45-67`, `994501234567`. */
export function parsePhone(typed: string): string | undefined {
  const parsed = parsePhoneNumberFromString(typed, DEFAULT_REGION);
  return parsed?.isValid() ? parsed.number : undefined;
}

export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

export const phoneModule: FieldModule<PhoneField> = {
  codes: ['required', 'phone', 'characters'],
  read: (field, body) => firstString(body, field.name),
  empty: () => '',
  schema: (field) => typedText(field, (value, ctx) => (value.length <= 30 && parsePhone(value)) || refuse(ctx, 'phone')),
  view: (field, raw, error, words, reader, { single }) => ({
    name: field.name,
    macro: 'govukInput',
    params: {
      ...inputParams(field, raw, error, words, reader, single),
      type: 'tel',
      autocomplete: field.autocomplete ?? 'tel',
      spellcheck: false,
      classes: 'govuk-input--width-20',
    },
  }),
  summary: (_field, value) => ({ text: formatPhone(String(value)) }),
};
