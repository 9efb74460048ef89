import type { Language } from './languages.js';

/**
 * The countries the portal offers wherever it asks for one (a citizenship, the state that issued a
 * travel document, the country of a job or of studies), reviewed once against the positions of the
 * Republic of Azerbaijan. Data, not logic: a change here is a decision, and it is made here only.
 *
 * Source: ISO 3166-1 alpha-2 as the i18n-iso-countries package (7.14) carries it, which is the 249
 * codes of the standard and XK, a user-assigned code the package adds for Kosovo. Every code of the
 * package is either offered (STATES, TERRITORIES) or not offered with its reason (NOT_OFFERED); a
 * unit test holds the three to the package, so a code a new version brings is decided here before
 * anyone is offered it.
 *
 * - STATES: the 193 members of the United Nations, the Holy See and the State of Palestine, which
 *   Azerbaijan recognised in 1988. Azerbaijan itself is among them; the lists where only foreigners
 *   answer leave it out (see `foreignCountries` in src/forms/options.ts).
 * - TERRITORIES: inhabited territories of other states, and the Cook Islands and Niue (in free
 *   association with New Zealand). None is a state and no recognition is in question: each has its
 *   own ISO code and name, people born or living there know themselves by it, several issue their
 *   own travel documents (the Hong Kong and Macao SAR passports, those of the British overseas
 *   territories), and one can work or study there. Their names in the lists never call them states.
 * - NOT_OFFERED: entities Azerbaijan does not recognise as states, and territories no one lives in.
 */

export const STATES = [
  'AD', 'AE', 'AF', 'AG', 'AL', 'AM', 'AO', 'AR', 'AT', 'AU', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF',
  'BG', 'BH', 'BI', 'BJ', 'BN', 'BO', 'BR', 'BS', 'BT', 'BW', 'BY', 'BZ', 'CA', 'CD', 'CF', 'CG',
  'CH', 'CI', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO',
  'DZ', 'EC', 'EE', 'EG', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FM', 'FR', 'GA', 'GB', 'GD', 'GE', 'GH',
  'GM', 'GN', 'GQ', 'GR', 'GT', 'GW', 'GY', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IN', 'IQ',
  'IR', 'IS', 'IT', 'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KZ',
  'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MG',
  'MH', 'MK', 'ML', 'MM', 'MN', 'MR', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NE', 'NG',
  'NI', 'NL', 'NO', 'NP', 'NR', 'NZ', 'OM', 'PA', 'PE', 'PG', 'PH', 'PK', 'PL', 'PS', 'PT', 'PW',
  'PY', 'QA', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SI', 'SK', 'SL', 'SM',
  'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SY', 'SZ', 'TD', 'TG', 'TH', 'TJ', 'TL', 'TM', 'TN', 'TO',
  'TR', 'TT', 'TV', 'TZ', 'UA', 'UG', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VN', 'VU', 'WS', 'YE',
  'ZA', 'ZM', 'ZW',
] as const;

export const TERRITORIES = [
  'AI', 'AS', 'AW', 'AX', 'BL', 'BM', 'BQ', 'CC', 'CK', 'CW', 'CX', 'FK', 'FO', 'GF', 'GG', 'GI',
  'GL', 'GP', 'GU', 'HK', 'IM', 'JE', 'KY', 'MF', 'MO', 'MP', 'MQ', 'MS', 'NC', 'NF', 'NU', 'PF',
  'PM', 'PN', 'PR', 'RE', 'SH', 'SJ', 'SX', 'TC', 'TK', 'VG', 'VI', 'WF', 'YT',
] as const;

/** Codes of the package the portal never offers, each with the reason. */
export const NOT_OFFERED: Readonly<Record<string, string>> = {
  XK: 'Kosovo: Azerbaijan does not recognise its declaration of independence and supports the territorial integrity of Serbia. Not an ISO 3166-1 code at all, only one the package adds. Offered neither as a citizenship nor as an issuing state; a person from Kosovo answers another citizenship they hold, Serbia (RS) included.',
  EH: 'Western Sahara: Azerbaijan supports the territorial integrity of Morocco and does not recognise the "Sahrawi Arab Democratic Republic" (the package even calls the territory САДР in Russian). No one holds a Western Sahara citizenship it recognises; a place there is in Morocco (MA).',
  TW: 'Taiwan: Azerbaijan follows the one-China policy and recognises the People\'s Republic of China as the sole government of China, Taiwan included; the package names it "Taiwan, Province of China" in English and "Китайская Республика" in Russian. Offered neither as a state of citizenship nor as an issuing state. Decision, for the Service to confirm: a person from Taiwan answers China (CN); the officer reads the travel document itself from its uploaded pages.',
  AQ: 'Antarctica: no state\'s territory under the Antarctic Treaty, no permanent population; no one holds its citizenship or a document it issues. Someone who worked at a research station answers the country that runs it.',
  BV: 'Bouvet Island (Norway): uninhabited.',
  HM: 'Heard Island and McDonald Islands (Australia): uninhabited.',
  TF: 'French Southern Territories: no permanent population, only staff of research stations; their people are citizens of France (FR).',
  UM: 'United States Minor Outlying Islands: no permanent population; anyone there is a citizen of the United States (US) or of another state.',
  GS: 'South Georgia and the South Sandwich Islands: no permanent population, only staff of research stations.',
  IO: 'British Indian Ocean Territory (the Chagos Archipelago): no permanent population since its people were removed, only military staff and contractors; its sovereignty is claimed by Mauritius (MU). Chagossians answer the citizenship they hold.',
};

export type CountryCode = (typeof STATES)[number] | (typeof TERRITORIES)[number];

/** Every code offered, in code order; each page sorts it by the names in its own language. */
export const OFFERED_COUNTRIES: readonly CountryCode[] = [...STATES, ...TERRITORIES].sort();

export const AZERBAIJAN: CountryCode = 'AZ';

/**
 * Names that replace the package's where it is wrong or unclear for a reader of the portal: names a
 * state no longer uses, a name that contradicts Azerbaijan's recognition (Palestine), two states
 * both called "Congo", acronyms and inverted forms ("Korea, Republic of") where a reader looks for the
 * usual short name, and Russian forms the states themselves use (Кыргызстан, Туркменистан, Молдова).
 */
export const COUNTRY_NAMES: Readonly<Partial<Record<CountryCode, Readonly<Partial<Record<Language, string>>>>>> = {
  AE: { ru: 'Объединённые Арабские Эмираты' },
  AX: { en: 'Åland Islands' },
  BN: { en: 'Brunei' },
  CD: { az: 'Konqo Demokratik Respublikası', en: 'Democratic Republic of the Congo' },
  CF: { ru: 'Центральноафриканская Республика' },
  CG: { az: 'Konqo Respublikası', en: 'Republic of the Congo' },
  CI: { az: 'Kot-d’İvuar' },
  CN: { ru: 'Китай' },
  CV: { en: 'Cabo Verde' },
  CZ: { az: 'Çexiya' },
  FM: { en: 'Micronesia' },
  FO: { ru: 'Фарерские острова' },
  GF: { ru: 'Французская Гвиана' },
  GM: { en: 'Gambia' },
  KG: { ru: 'Кыргызстан' },
  KP: { ru: 'Корейская Народно-Демократическая Республика' },
  KR: { en: 'South Korea' },
  LA: { en: 'Laos' },
  MD: { en: 'Moldova', ru: 'Молдова' },
  NL: { en: 'Netherlands' },
  PS: { az: 'Fələstin' },
  RE: { en: 'Réunion' },
  SY: { en: 'Syria' },
  SZ: { az: 'Esvatini' },
  TM: { ru: 'Туркменистан' },
  TR: { en: 'Türkiye' },
  US: { ru: 'Соединённые Штаты Америки' },
  VG: { en: 'British Virgin Islands' },
  VI: { en: 'United States Virgin Islands' },
  ZA: { az: 'Cənubi Afrika Respublikası', ru: 'Южно-Африканская Республика' },
};
