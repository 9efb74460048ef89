import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { COUNTRY_CODES, countryName, countryOptions, FOREIGN_COUNTRY_CODES, STATELESS } from '../../src/i18n/countries.js';
import { NOT_OFFERED, OFFERED_COUNTRIES, STATES, TERRITORIES } from '../../src/i18n/country-list.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { allFields, type Field } from '../../src/forms/fields/index.js';
import { isSource, optionValues } from '../../src/forms/options.js';

describe('the reviewed list of countries', () => {
  it('decides every code the package knows: offered as a state or a territory, or not offered with a reason', () => {
    const packageCodes = Object.keys(countries.getAlpha2Codes()).sort();
    const decided = [...STATES, ...TERRITORIES, ...Object.keys(NOT_OFFERED)].sort();
    expect(decided).toEqual(packageCodes);
    expect(new Set(decided).size).toBe(decided.length);
    // The 193 members of the United Nations, the Holy See and the State of Palestine.
    expect(STATES.length).toBe(195);
    expect(STATES).toEqual(expect.arrayContaining(['AZ', 'PS', 'VA', 'AM', 'CY', 'IL', 'RS', 'MA', 'CN']));
    for (const [code, reason] of Object.entries(NOT_OFFERED)) expect(reason.length, code).toBeGreaterThan(20);
  });

  it('offers no entity Azerbaijan does not recognise as a state, and no territory nobody lives in', () => {
    for (const code of ['XK', 'EH', 'TW', 'AQ', 'BV', 'HM', 'TF', 'UM', 'GS', 'IO']) {
      expect(OFFERED_COUNTRIES, code).not.toContain(code);
      expect(COUNTRY_CODES, code).not.toContain(code);
    }
    expect(COUNTRY_CODES).toEqual(OFFERED_COUNTRIES);
    expect(COUNTRY_CODES.length).toBe(240);
  });

  it('lists without Azerbaijan hold every other offered country', () => {
    expect(FOREIGN_COUNTRY_CODES).not.toContain('AZ');
    expect(COUNTRY_CODES).toContain('AZ');
    expect([...FOREIGN_COUNTRY_CODES, 'AZ'].sort()).toEqual([...COUNTRY_CODES].sort());
    expect(optionValues('foreignCountries')).toEqual(FOREIGN_COUNTRY_CODES);
    expect(optionValues('foreignCountriesAndStateless')).toEqual([...FOREIGN_COUNTRY_CODES, STATELESS]);
    expect(optionValues('countries')).toEqual(COUNTRY_CODES);
    expect(optionValues('countriesAndStateless')).toEqual([...COUNTRY_CODES, STATELESS]);
  });

  it.each(LANGUAGES)('names each offered country once, by a name no other shares, in %s', (lang) => {
    const names = COUNTRY_CODES.map((code) => countryName(code, lang));
    expect(names.every((name) => typeof name === 'string' && name.length > 1)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => /^[\p{Lu}.]{2,5}$/u.test(name!))).toEqual([]);
    expect(countryOptions(lang).map((option) => option.value).sort()).toEqual([...COUNTRY_CODES].sort());
  });

  it('calls Palestine a state in Azerbaijani, as Azerbaijan recognises it, and the two Congos apart', () => {
    expect(countryName('PS', 'az')).toBe('Fələstin');
    expect(countryName('PS', 'ru')).toBe('Государство Палестина');
    expect(countryName('CG', 'en')).toBe('Republic of the Congo');
    expect(countryName('CD', 'en')).toBe('Democratic Republic of the Congo');
    expect(countryName('SZ', 'az')).toBe('Esvatini');
    expect(countryName('US', 'ru')).toBe('Соединённые Штаты Америки');
  });

  it('still names a code no longer offered, so an answer given before reads as it did', () => {
    expect(countryName('XK', 'en')).toBe('Kosovo');
  });
});

/** Every country list a form shows, by service, step and field. */
function countryFields(): { where: string; name: string; source: string }[] {
  const found: { where: string; name: string; source: string }[] = [];
  for (const service of SERVICES) {
    for (const step of service.journey?.steps ?? []) {
      const fields: readonly Field[] = step.kind === 'question' ? allFields(step.fields) : step.kind === 'repeat' ? allFields(step.item) : [];
      for (const field of fields) {
        if ((field.type === 'select' || field.type === 'radios') && isSource(field.options) && /countr/i.test(field.options)) {
          found.push({ where: `${service.id}/${step.id}/${field.name}`, name: field.name, source: field.options });
        }
      }
    }
  }
  return found;
}

describe('which country list each field offers', () => {
  const fields = countryFields();

  it('a foreigner’s citizenship, and a citizen’s other one, never offer Azerbaijan', () => {
    const foreign = fields.filter((field) => field.source.startsWith('foreign')).map((field) => field.where);
    expect(foreign.sort()).toEqual(
      [
        'citizenship-admission/person/citizenship',
        'citizenship-renunciation/other-citizenship/otherCountry',
        'citizenship-restoration/person/citizenship',
        'foreign-citizenship-notice/foreign-citizenship/foreignCitizenship',
        'foreign-citizenship-notice/foreign-passport/documentCountry',
        'permanent-residence-permit/identity/citizenship',
        'registration-at-place-of-stay/identity/citizenship',
        'stay-extension/identity/citizenship',
        'temporary-residence-permit/identity/citizenship',
        'work-permit-extension/worker-identity/citizenship',
        'work-permit/worker-identity/citizenship',
      ].sort(),
    );
  });

  it('Azerbaijan is offered where it is a true answer: a relative, a parent, someone unsure of their citizenship, a job, studies, a document’s issuer', () => {
    const withAzerbaijan = new Set(fields.filter((field) => !field.source.startsWith('foreign')).map((field) => field.name));
    expect([...withAzerbaijan].sort()).toEqual(['citizenship', 'documentCountry', 'educationCountry', 'fatherCitizenship', 'jobCountry', 'memberCitizenship', 'motherCitizenship']);
    expect(fields.find((field) => field.where === 'citizenship-determination/person/citizenship')?.source).toBe('countriesAndStateless');
  });

  it('“stateless” is offered wherever a person’s citizenship is asked', () => {
    // foreignCitizenship and otherCountry ask which country a citizen took; the rest ask someone's citizenship.
    const citizenships = fields.filter((field) => /itizenship$/.test(field.name) && field.name !== 'foreignCitizenship');
    expect(citizenships.length).toBeGreaterThan(10);
    for (const field of citizenships) expect(field.source, field.where).toMatch(/AndStateless$/);
  });
});
