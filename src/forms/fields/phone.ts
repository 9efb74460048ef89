import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { LRUCache } from 'lru-cache';
import { refuse } from './shared.js';
import { textLikeModule } from './text-like.js';
import type { CommonOptions, FieldCommon } from './types.js';

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

/**
 * Numbers as written on check your answers, kept: that page writes every phone of the journey on
 * each visit, and parsing them against the library's metadata each time cost the page 0.25–1.1 ms of
 * CPU a request under load (measured alternately with and without this). A number is personal: it
 * is let go ten minutes after it was written, as the walks that hold it are.
 */
const written = new LRUCache<string, string>({ max: 2000, ttl: 10 * 60 * 1000, ttlAutopurge: true });

export function formatPhone(e164: string): string {
  let text = written.get(e164);
  if (text === undefined) {
    text = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
    written.set(e164, text);
  }
  return text;
}

export const phoneModule = textLikeModule<PhoneField>({
  codes: ['required', 'phone', 'characters'],
  check: (_field, value, ctx) => (value.length <= 30 && parsePhone(value)) || refuse(ctx, 'phone'),
  params: (field) => ({ type: 'tel', autocomplete: field.autocomplete ?? 'tel', spellcheck: false, classes: 'govuk-input--width-20' }),
  summary: (_field, value) => ({ text: formatPhone(String(value)) }),
});
