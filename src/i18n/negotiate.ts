import { DEFAULT_LANGUAGE, isLanguage, type Language } from './languages.js';

/**
 * Languages whose readers are best served by one of ours. Turkish readers understand Azerbaijani;
 * in the countries around Azerbaijan (and among Ukrainians and Belarusians), Russian is the second
 * language most people read. Everyone else reads English more likely than Azerbaijani.
 */
const NEAREST: Readonly<Record<string, Language>> = {
  az: 'az',
  tr: 'az',
  en: 'en',
  ru: 'ru',
  uk: 'ru',
  be: 'ru',
  kk: 'ru',
  ky: 'ru',
  uz: 'ru',
  tg: 'ru',
  ka: 'ru',
  hy: 'ru',
};

/** `ru-RU`, `ru_RU`, `RU` and `ru` are all Russian: the primary subtag, in lower case. */
function primarySubtag(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** A `?lang=` value, read without regard to case (`RU`, `Ru`); anything else is no choice. */
export function askedLanguage(value: string | null | undefined): Language | undefined {
  const lowered = value?.trim().toLowerCase();
  return isLanguage(lowered) ? lowered : undefined;
}

/**
 * The language for a first visit, from the browser's languages in order of preference (as
 * Accept-Language lists them, best first): the first one we write or one whose readers read ours;
 * if the browser names only others (or any, `*`), English; if it names none, Azerbaijani.
 */
export function languageForBrowser(preferred: readonly string[]): Language {
  const named = preferred.map(primarySubtag).filter((tag) => tag !== '');
  if (named.length === 0) return DEFAULT_LANGUAGE;
  for (const tag of named) {
    const nearest = NEAREST[tag];
    if (nearest) return nearest;
  }
  return 'en';
}
