import { PLACE_IDS } from '../catalogue/places.js';
import { COUNTRY_CODES, STATELESS } from '../i18n/countries.js';
import { LANGUAGES } from '../i18n/languages.js';
import type { ChoiceField } from './journey.js';

const SOURCES = {
  countries: COUNTRY_CODES,
  countriesAndStateless: [...COUNTRY_CODES, STATELESS],
  places: PLACE_IDS,
  languages: LANGUAGES,
} as const;

export function optionValues(field: ChoiceField): readonly string[] {
  return typeof field.options === 'string' ? SOURCES[field.options] : field.options;
}
