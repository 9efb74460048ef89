import countries from 'i18n-iso-countries';
import az from 'i18n-iso-countries/langs/az.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ru from 'i18n-iso-countries/langs/ru.json' with { type: 'json' };
import type { Language } from './languages.js';

countries.registerLocale(az);
countries.registerLocale(en);
countries.registerLocale(ru);

export const STATELESS = 'stateless';

export const COUNTRY_CODES: readonly string[] = Object.keys(countries.getAlpha2Codes());

/** The short name people look for ("Iran", "Россия"), unless that is an acronym ("UK", "США"). */
export function countryName(code: string, language: Language): string | undefined {
  const alias = countries.getName(code, language, { select: 'alias' });
  const usable = alias && !/^[\p{Lu}.]{2,5}$/u.test(alias) && !alias.includes('(');
  return usable ? alias : countries.getName(code, language, { select: 'official' });
}

const sortedCache = new Map<Language, { value: string; text: string }[]>();

/** Countries sorted the way a reader of that language expects. */
export function countryOptions(language: Language): { value: string; text: string }[] {
  let options = sortedCache.get(language);
  if (!options) {
    const collator = new Intl.Collator(language);
    options = COUNTRY_CODES.map((code) => ({ value: code, text: countryName(code, language) ?? code })).sort((a, b) =>
      collator.compare(a.text, b.text),
    );
    sortedCache.set(language, options);
  }
  return options;
}
