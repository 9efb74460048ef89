import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { formatMoney } from '../../src/i18n/format.js';
import { loadResources } from '../../src/i18n/i18n.js';
import { DASH, LANGUAGES, type Language } from '../../src/i18n/languages.js';
import { LOCALES_DIR, VIEWS_DIR } from '../../src/paths.js';

/**
 * The rules of locales/GLOSSARY.md a machine can check, over every value of every locale file:
 * Azerbaijani and Russian are written, not copied from the English; each language keeps to its
 * script, its dash and its quotation marks; the variants the glossary forbids do not come back;
 * nothing is said twice, such as a document's "(if you have it)"; the Migration Code's terms are
 * said one way in every namespace; no suffix is glued to a value put in by code; and numbers are
 * written as the application's own formatter writes them.
 */

interface Forbidden {
  text: string;
  whole?: boolean;
  use: string;
  why: string;
}

/** A concept said one way: `use` the chosen wording, `not` the variants that must not come back. */
interface Term {
  concept: string;
  /** How the English names it; empty when English has no wording of its own to find it by. */
  en: string[];
  az: { use: string[]; not?: string[] };
  ru: { use: string[]; not?: string[] };
  why: string;
}

interface Glossary {
  dashes: Record<Language, string>;
  quotes: Record<Language, string[]>;
  forbidden: Record<Language, Forbidden[]>;
  terms: { list: Term[] };
}

const GLOSSARY = JSON.parse(readFileSync(path.join(LOCALES_DIR, 'glossary.json'), 'utf8')) as Glossary;
const TERMS = GLOSSARY.terms.list;

interface Value {
  /** The file under locales/<lang>/, such as `services/work-permit.json`. */
  file: string;
  key: string;
  text: string;
}

function filesUnder(directory: string, extension: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return filesUnder(full, extension);
    return entry.name.endsWith(extension) ? [full] : [];
  });
}

function flatten(node: unknown, prefix: string, out: [string, string][]): [string, string][] {
  if (typeof node === 'string') out.push([prefix, node]);
  else if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

function valuesOf(language: Language): Value[] {
  const folder = path.join(LOCALES_DIR, language);
  return filesUnder(folder, '.json').flatMap((full) => {
    const file = path.relative(folder, full).split(path.sep).join('/');
    return flatten(JSON.parse(readFileSync(full, 'utf8')), '', []).map(([key, text]) => ({ file, key, text }));
  });
}

const VALUES = Object.fromEntries(LANGUAGES.map((language) => [language, valuesOf(language)])) as Record<Language, Value[]>;
const WRITTEN: Language[] = ['az', 'ru'];
const where = (value: Value) => `${value.file} ${value.key}: ${value.text}`;

/** Interpolations, i18next's `{{name}}` and GOV.UK Frontend's `%{count}`: filled in by code, in no language. */
const PLACEHOLDER = /\{\{[^}]*\}\}|%\{[^}]*\}/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL_PATTERN = /https?:\/\/\S+/g;

/** Values that are names in every language: the same letters are right in all three. */
function isName(value: Value): boolean {
  // Places of Azerbaijan: many are spelled alike in Azerbaijani and in English (Astara, Lerik).
  if (value.file === 'places.json') return true;
  // Each language named in itself, on the back-office's language choice.
  if (value.file === 'backoffice.json' && value.key.startsWith('languages.')) return true;
  return false;
}

/** Left once names, numbers and codes (PDF, AZN, MB, AZ1000) are taken out: the words. */
function words(text: string): string {
  return text
    .replace(PLACEHOLDER, ' ')
    .replace(EMAIL, ' ')
    .replace(URL_PATTERN, ' ')
    .replace(/\b[A-Z0-9]{2,}(?:-[A-Z0-9]+)*\b/g, ' ')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}

/**
 * Values an Azerbaijani or Russian page rightly shows exactly as the English one does, each with
 * its reason. Names, numbers and codes are found without a list (see `isName` and `words`).
 */
const SAME_AS_ENGLISH: Record<'az' | 'ru', { text: string; why: string }[]> = {
  az: [{ text: 'Status', why: 'Azerbaijani writes the loanword status as English does (the back-office column, as "müraciətin statusu" on public pages)' }],
  ru: [],
};

/**
 * Latin letters a Russian value may hold, each with its reason. Interpolations, e-mail addresses
 * and web addresses are taken out first.
 */
const LATIN_IN_RUSSIAN: { token: RegExp; why: string }[] = [
  { token: /^(AZN|PDF|JPEG|JPG|PNG|CSV)$/, why: 'the currency code and file formats, written so on every page and in every program' },
  { token: /^SHA$/, why: 'SHA-256, the checksum a receipt gives of each file, named so in Russian too' },
  { token: /^(CV|QR|TOTP|IP)$/, why: 'abbreviations Russian writes in Latin letters: CV (резюме), QR-код, TOTP codes, IP-адрес' },
  { token: /^cookie$/, why: '"файлы cookie", as Russian websites name them' },
  { token: /^[IVX]+$/, why: 'Roman numerals: инвалидность I группы' },
  { token: /^[BC]$/, why: 'гепатиты B и C are named with Latin letters' },
  { token: /^(?=[A-Z0-9]*\d)[A-Z0-9]+$/, why: 'example numbers of documents, codes and postcodes: AZ1000, IS260000123, 7KQ4-M2XD-93PH' },
  { token: /^AB$/, why: 'the series of an example birth certificate number, II-AB 123456' },
  { token: /^(WCAG|A|AA)$/, why: 'the accessibility standard and its conformance levels, named so in Russian too' },
  { token: /^(NVDA|JAWS|VoiceOver|JavaScript|Chromium|axe|core)$/, why: 'names of screen readers, a browser and a testing tool (axe-core) in the accessibility statement' },
];

/** Cyrillic an Azerbaijani value may hold: none but the back-office's name of Russian in Russian (a name, see `isName`). */
const CYRILLIC = /[\u0400-\u04FF]/;

/** Proper names Russian texts write in Azerbaijani, taken out whole rather than letting their pieces ("t") pass as tokens. */
const PROPER_NAMES = /ASAN xidmət/gi;

function latinTokens(text: string): string[] {
  const bare = text.replace(PLACEHOLDER, ' ').replace(EMAIL, ' ').replace(URL_PATTERN, ' ').replace(PROPER_NAMES, ' ');
  return [...bare.matchAll(/[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*/g)].map((match) => match[0]);
}


/**
 * A glossary pattern as a regular expression: whole words, any case, a word ending in `*` taking
 * any ending ("icazə*" is icazəsi, icazəsinin, icazəniz). A hyphenated word is one word: "office"
 * is not found in "back-office".
 */
function termPattern(pattern: string): RegExp {
  const words = pattern
    .trim()
    .split(/\s+/)
    .map((word) => (word.endsWith('*') ? `${escapeRegExp(word.slice(0, -1))}\\p{L}*` : escapeRegExp(word)));
  return new RegExp(`(?<![\\p{L}\\p{N}-])${words.join('\\s+')}(?![\\p{L}\\p{N}-])`, 'iu');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a value says one of the patterns, in its own words: values put in by code ("{{office}}")
 * are not words. Azerbaijani's capital İ has no one-letter lower case: "İcazə" is read as "icazə".
 */
function saysAny(text: string, patterns: readonly string[]): boolean {
  const own = text.replace(PLACEHOLDER, ' ').replace(/İ/g, 'i');
  return patterns.some((pattern) => termPattern(pattern).test(own));
}

/**
 * A value put in by code with a suffix glued to it ("{{min}}-dən"): the suffix's vowel harmony
 * depends on how the value is read (5-dən, 6-dan, 0-dan, 10-dan), which the words cannot know.
 */
const GLUED_SUFFIX = /(?:\{\{[^}]*\}\}|%\{[^}]*\})(?=[-'’]?\p{L})/u;

/**
 * A number written with its thousands grouped (500 000, 500.000, 500,000), not a phone number,
 * a date (27 3 1990) or a code: a group of three digits not followed by more digits.
 */
const GROUPED_NUMBER = /(?<![\d.,+])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?!\d|[ \u00a0\u202f]\d)/gu;
const SPACES = /[ \u00a0\u202f]/gu;

describe('wording', () => {
  it('the application writes the dashes the glossary chooses', () => {
    expect(DASH).toEqual({ az: GLOSSARY.dashes.az, en: GLOSSARY.dashes.en, ru: GLOSSARY.dashes.ru });
  });

  it.each(WRITTEN)('%s: no value is the English one copied, but for names, numbers, codes and the listed exceptions', (language) => {
    const english = new Map(VALUES.en.map((value) => [`${value.file} ${value.key}`, value.text]));
    const allowed = new Set(SAME_AS_ENGLISH[language as 'az' | 'ru'].map((entry) => entry.text));
    const copied = VALUES[language].filter(
      (value) => english.get(`${value.file} ${value.key}`) === value.text && !isName(value) && words(value.text) !== '' && !allowed.has(value.text),
    );
    expect(copied.map(where)).toEqual([]);
  });

  it('each exception to "not the English one" is still needed', () => {
    for (const language of WRITTEN) {
      const english = new Set(VALUES.en.map((value) => value.text));
      for (const entry of SAME_AS_ENGLISH[language as 'az' | 'ru']) {
        expect(VALUES[language].some((value) => value.text === entry.text) && english.has(entry.text), `${language}: ${entry.text}`).toBe(true);
      }
    }
  });

  it('Azerbaijani and English values hold no Cyrillic letters', () => {
    for (const language of ['az', 'en'] as const) {
      const mixed = VALUES[language].filter((value) => !isName(value) && CYRILLIC.test(value.text));
      expect(mixed.map(where), language).toEqual([]);
    }
  });

  it('Russian values hold Latin letters only in the listed tokens', () => {
    const mixed = VALUES.ru.flatMap((value) =>
      isName(value) ? [] : latinTokens(value.text).filter((token) => !LATIN_IN_RUSSIAN.some((allowed) => allowed.token.test(token))).map((token) => `${token} in ${where(value)}`),
    );
    expect(mixed).toEqual([]);
  });

  it('each Latin token allowed in Russian is still used', () => {
    const tokens = VALUES.ru.filter((value) => !isName(value)).flatMap((value) => latinTokens(value.text));
    for (const allowed of LATIN_IN_RUSSIAN) expect(tokens.some((token) => allowed.token.test(token)), allowed.why).toBe(true);
  });

  it.each(LANGUAGES)('%s: no variant the glossary forbids', (language) => {
    const found = GLOSSARY.forbidden[language].flatMap((rule) =>
      VALUES[language]
        .filter((value) => (rule.whole ? value.text.trim().toLowerCase() === rule.text.toLowerCase() : value.text.toLowerCase().includes(rule.text.toLowerCase())))
        .map((value) => `"${rule.text}" (use ${rule.use}: ${rule.why}) in ${where(value)}`),
    );
    expect(found).toEqual([]);
  });

  it('reads every namespace the application loads, services/*.json included', () => {
    const resources = loadResources();
    for (const language of LANGUAGES) {
      const loaded = Object.keys(resources[language]).map((namespace) => `${namespace}.json`);
      expect([...new Set(VALUES[language].map((value) => value.file))].sort(), language).toEqual(loaded.sort());
    }
  });

  it.each(WRITTEN)('%s: no variant of a term the glossary chooses, in any namespace', (language) => {
    const found = TERMS.flatMap((term) =>
      (term[language as 'az' | 'ru'].not ?? []).flatMap((variant) =>
        VALUES[language].filter((value) => !isName(value) && saysAny(value.text, [variant])).map((value) => `"${variant}" (${term.concept}: ${term.why}) in ${where(value)}`),
      ),
    );
    expect(found).toEqual([]);
  });

  it.each(WRITTEN)('%s: a concept the English names is named with the glossary\'s term, never a second way', (language) => {
    const english = new Map(VALUES.en.map((value) => [`${value.file} ${value.key}`, value.text]));
    const otherwise = VALUES[language].flatMap((value) => {
      const inEnglish = english.get(`${value.file} ${value.key}`);
      if (inEnglish === undefined || isName(value)) return [];
      return TERMS.filter((term) => saysAny(inEnglish, term.en) && !saysAny(value.text, term[language as 'az' | 'ru'].use)).map(
        (term) => `${term.concept} (${term[language as 'az' | 'ru'].use.join(' / ')}) in ${where(value)} [en: ${inEnglish}]`,
      );
    });
    expect(otherwise).toEqual([]);
  });

  it('each term of the glossary is still said, in English and in its chosen words', () => {
    const unused = TERMS.flatMap((term) => [
      ...(term.en.length > 0 && !VALUES.en.some((value) => saysAny(value.text, term.en)) ? [`en: ${term.concept}`] : []),
      ...WRITTEN.filter((language) => !VALUES[language].some((value) => saysAny(value.text, term[language as 'az' | 'ru'].use))).map((language) => `${language}: ${term.concept}`),
    ]);
    expect(unused).toEqual([]);
  });

  it.each(LANGUAGES)('%s: no suffix glued to a number or other value put in by code', (language) => {
    const glued = VALUES[language].filter((value) => GLUED_SUFFIX.test(value.text));
    expect(glued.map(where)).toEqual([]);
  });

  it.each(LANGUAGES)('%s: a number with thousands is written as the application\'s formatter writes it', (language) => {
    const wrong = VALUES[language].flatMap((value) =>
      [...value.text.matchAll(GROUPED_NUMBER)]
        .map((match) => ({ written: match[0], formatted: formatMoney(Number(match[0].replace(/\D/g, '')), language).replace(/\u00a0AZN$/, '') }))
        .filter(({ written, formatted }) => written.replace(SPACES, ' ') !== formatted.replace(SPACES, ' '))
        .map(({ written, formatted }) => `${written} (write ${formatted}) in ${where(value)}`),
    );
    expect(wrong).toEqual([]);
  });

  it.each(LANGUAGES)('%s: one kind of dash, and no hyphen standing for one', (language) => {
    const dashes = ['\u2013', '\u2014', '\u2012', '\u2015'].filter((dash) => dash !== GLOSSARY.dashes[language]);
    const wrong = VALUES[language].filter((value) => dashes.some((dash) => value.text.includes(dash)) || / - |--/.test(value.text.replace(PLACEHOLDER, '')));
    expect(wrong.map(where)).toEqual([]);
  });

  it('templates write no dash of their own, but the language\'s {{ dash }}', () => {
    const files = filesUnder(VIEWS_DIR, '.njk').filter((file) => /[\u2012-\u2015]/.test(readFileSync(file, 'utf8')));
    expect(files.map((file) => path.relative(VIEWS_DIR, file))).toEqual([]);
  });

  it.each(LANGUAGES)('%s: only the quotation marks the glossary chooses', (language) => {
    const marks = ['«', '»', '‘', '’', '“', '”', '„', '‚', '"'].filter((mark) => !GLOSSARY.quotes[language].includes(mark));
    const wrong = VALUES[language].filter((value) => marks.some((mark) => value.text.includes(mark)));
    expect(wrong.map(where)).toEqual([]);
  });

  it.each(LANGUAGES)('%s: no parenthesis said twice in a row', (language) => {
    const twice = VALUES[language].filter((value) => /\(([^()]+)\)\s*\(\1\)/iu.test(value.text));
    expect(twice.map(where)).toEqual([]);
  });

  it.each(LANGUAGES)('%s: an optional document is said "if you have it" once, by the page', (language) => {
    // views/pages/service.njk puts common:service.ifYouHaveIt after the name of each document not required.
    const value = (file: string, key: string) => VALUES[language].find((candidate) => candidate.file === file && candidate.key === key)!.text;
    const suffix = value('common.json', 'service.ifYouHaveIt');
    const condition = suffix.replace(/[()]/g, '').trim().split(/\s+/)[0]!.toLowerCase();
    const optional = new Set(SERVICES.flatMap((service) => service.documents.filter((document) => !document.required).map((document) => document.id)));
    expect(optional.size).toBeGreaterThan(0);
    for (const id of optional) {
      const shown = `${value('services.json', `documents.${id}`)} ${suffix}`;
      const times = shown.toLowerCase().split(/[^\p{L}]+/u).filter((word) => word === condition).length;
      expect(times, shown).toBe(1);
      expect(/\(([^()]+)\)\s*\(\1\)/iu.test(shown), shown).toBe(false);
    }
  });
});
