// The library without its entry point, which loads all of its 80 languages (50 ms of every process's start); ours are registered below.
import countries from 'i18n-iso-countries/index.js';
import az from 'i18n-iso-countries/langs/az.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ru from 'i18n-iso-countries/langs/ru.json' with { type: 'json' };
import { sortedByText } from './collation.js';
import { AZERBAIJAN, COUNTRY_NAMES, OFFERED_COUNTRIES, type CountryCode } from './country-list.js';
import type { Language } from './languages.js';

countries.registerLocale(az);
countries.registerLocale(en);
countries.registerLocale(ru);

export const STATELESS = 'stateless';

/** The countries the portal offers (src/i18n/country-list.ts), Azerbaijan among them. */
export const COUNTRY_CODES: readonly string[] = OFFERED_COUNTRIES;

/** The same without Azerbaijan: for a foreigner's citizenship, or the other citizenship of a citizen. */
export const FOREIGN_COUNTRY_CODES: readonly string[] = COUNTRY_CODES.filter((code) => code !== AZERBAIJAN);

/**
 * The name a reader looks for: the reviewed one where the list gives it, else the package's short
 * name ("Iran", "Россия") unless that is an acronym ("UK", "США"). Any ISO code has a name, so an
 * answer given before a code left the list still reads as it did.
 */
export function countryName(code: string, language: Language): string | undefined {
  const reviewed = COUNTRY_NAMES[code as CountryCode]?.[language];
  if (reviewed) return reviewed;
  const alias = countries.getName(code, language, { select: 'alias' });
  const usable = alias && !/^[\p{Lu}.]{2,5}$/u.test(alias) && !alias.includes('(');
  return usable ? alias : countries.getName(code, language, { select: 'official' });
}

const sortedCache = new Map<string, { value: string; text: string }[]>();

/** Countries sorted the way a reader of that language expects; with or without Azerbaijan. */
export function countryOptions(language: Language, options: { foreign?: boolean } = {}): { value: string; text: string }[] {
  const key = `${language} ${options.foreign ? 'foreign' : 'all'}`;
  let sorted = sortedCache.get(key);
  if (!sorted) {
    const codes = options.foreign ? FOREIGN_COUNTRY_CODES : COUNTRY_CODES;
    sorted = sortedByText(codes.map((code) => ({ value: code, text: countryName(code, language) ?? code })), language);
    sortedCache.set(key, sorted);
  }
  return sorted;
}
