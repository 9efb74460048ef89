import { PLACE_IDS } from '../i18n/places.js';
import { sortedByText } from '../i18n/collation.js';
import { countryName, countryOptions, COUNTRY_CODES, FOREIGN_COUNTRY_CODES, STATELESS } from '../i18n/countries.js';
import { LANGUAGES } from '../i18n/languages.js';
import type { Reader } from './words.js';

/**
 * Lists shared by many fields, with words that come from a library or a locale file of their own.
 * The country lists are the reviewed one (src/i18n/country-list.ts): `countries` where Azerbaijan is
 * a valid answer (a relative's citizenship, where a job was, who issued a document), `foreignCountries`
 * where only a foreign country is (a foreigner's citizenship, a citizen's other one). An answer not on
 * a field's list is refused like no answer, so a crafted "AZ" on a foreign list is refused too.
 */
export type OptionSource = 'countries' | 'countriesAndStateless' | 'foreignCountries' | 'foreignCountriesAndStateless' | 'places' | 'languages';

const VALUES: Record<OptionSource, readonly string[]> = {
  countries: COUNTRY_CODES,
  countriesAndStateless: [...COUNTRY_CODES, STATELESS],
  foreignCountries: FOREIGN_COUNTRY_CODES,
  foreignCountriesAndStateless: [...FOREIGN_COUNTRY_CODES, STATELESS],
  places: PLACE_IDS,
  languages: LANGUAGES,
};

export interface OptionItem {
  value: string;
  text: string;
  lang?: string;
}

export function isSource(options: unknown): options is OptionSource {
  return typeof options === 'string';
}

export function optionValues(options: readonly string[] | OptionSource): readonly string[] {
  return isSource(options) ? VALUES[options] : options;
}

export function sourceText(source: OptionSource, value: string, reader: Reader): string {
  switch (source) {
    case 'countries':
    case 'countriesAndStateless':
    case 'foreignCountries':
    case 'foreignCountriesAndStateless':
      return value === STATELESS ? reader.t('forms:stateless') : (countryName(value, reader.lang) ?? value);
    case 'places':
      return reader.t(`places:places.${value}`);
    case 'languages':
      return reader.t('common:languageName', { lng: value });
  }
}

const ITEMS = new Map<string, readonly OptionItem[]>();

/** The list in the order a reader of the page language expects; each language named in itself. Made once per language. */
export function sourceItems(source: OptionSource, reader: Reader): readonly OptionItem[] {
  const key = `${source} ${reader.lang}`;
  let items = ITEMS.get(key);
  if (!items) ITEMS.set(key, (items = makeSourceItems(source, reader)));
  return items;
}

function makeSourceItems(source: OptionSource, reader: Reader): OptionItem[] {
  const stateless = { value: STATELESS, text: reader.t('forms:stateless') };
  switch (source) {
    case 'countries':
      return countryOptions(reader.lang);
    case 'countriesAndStateless':
      return [stateless, ...countryOptions(reader.lang)];
    case 'foreignCountries':
      return countryOptions(reader.lang, { foreign: true });
    case 'foreignCountriesAndStateless':
      return [stateless, ...countryOptions(reader.lang, { foreign: true })];
    case 'languages':
      return LANGUAGES.map((value) => ({ value, text: sourceText(source, value, reader), lang: value }));
    case 'places':
      return sortedByText(
        PLACE_IDS.map((value) => ({ value, text: sourceText(source, value, reader) })),
        reader.lang,
      );
  }
}
