import { isOneOf } from '../text/one-of.js';
export const LANGUAGES = ['az', 'en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'az';

export function isLanguage(value: unknown): value is Language {
  return isOneOf(LANGUAGES, value);
}

/** The locale Intl formats with: English dates read "15 February 2026", as in the UK style guide. */
export const INTL_LOCALE: Record<Language, string> = { az: 'az', en: 'en-GB', ru: 'ru' };

/**
 * The one dash each language writes (locales/glossary.json): Russian the em dash, the others the
 * en dash. Templates put it between the parts of a title as `{{ dash }}`, never a dash of their own.
 */
export const DASH: Record<Language, string> = { az: '\u2013', en: '\u2013', ru: '\u2014' };
