import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LOCALES_DIR } from '../paths.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.js';

export type Resources = Record<Language, Record<string, unknown>>;

/** JSON files under a folder, by path without the extension: 'common', 'services/work-permit'. */
function jsonFiles(folder: string, prefix = ''): [string, string][] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry): [string, string][] => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return jsonFiles(full, `${prefix}${entry.name}/`);
    return entry.name.endsWith('.json') ? [[`${prefix}${entry.name.slice(0, -'.json'.length)}`, full]] : [];
  });
}

/**
 * Every JSON file under locales/<lang>/, read once at boot; a file's path is its namespace, so a
 * service's own words are `services/<id>` and shared ones `forms`, `common`.
 */
export function loadResources(directory = LOCALES_DIR): Resources {
  const resources = {} as Resources;
  for (const language of LANGUAGES) {
    resources[language] = Object.fromEntries(
      jsonFiles(path.join(directory, language)).map(([namespace, file]) => [namespace, JSON.parse(readFileSync(file, 'utf8'))]),
    );
  }
  return resources;
}

export function createI18n(resources: Resources = loadResources()): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    // No silent fallback to another language: a gap is a bug, and the locale test finds it.
    fallbackLng: false,
    ns: Object.keys(resources[DEFAULT_LANGUAGE]),
    defaultNS: 'common',
    // Nunjucks escapes output; escaping here too would show &amp; to the user.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  } as Parameters<typeof instance.init>[0]);
  return instance;
}

const translators = new WeakMap<i18n, Map<Language, TFunction>>();

/** Options that change which words are found, never what is put into them: safe to keep the answer of. */
const WORD_OPTIONS = new Set(['defaultValue', 'returnObjects', 'lng']);

/** What a frozen options object adds to a key, found once: such an object (`{ defaultValue: '' }`) is shared by every call. */
const frozenOptionKeys = new WeakMap<object, string | null>();

function optionsKey(options: object): string | null {
  const known = frozenOptionKeys.get(options);
  if (known !== undefined) return known;
  let key: string | null = JSON.stringify(options);
  for (const [name, value] of Object.entries(options)) {
    if (!WORD_OPTIONS.has(name) || (typeof value !== 'string' && typeof value !== 'boolean')) key = null;
  }
  if (Object.isFrozen(options)) frozenOptionKeys.set(options, key);
  return key;
}

function memoKey(key: unknown, options: unknown): string | undefined {
  const keys = typeof key === 'string' ? key : Array.isArray(key) && key.every((item) => typeof item === 'string') ? key.join('\u0001') : undefined;
  if (keys === undefined) return undefined;
  if (options === undefined) return keys;
  if (typeof options !== 'object' || options === null) return undefined;
  const added = optionsKey(options);
  return added === null ? undefined : `${keys}\u0002${added}`;
}

/** A value as the locale files put it in: `{{name}}`, with no format and no nesting (none of them has any). */
const PLACEHOLDER = /\{\{(\w+)\}\}/g;
/** Options that choose another key (plural forms, context) or shape the answer: such calls go to i18next whole. */
const CHOOSING_OPTIONS = new Set(['count', 'context', 'ordinal', 'returnObjects', 'returnDetails', 'replace', 'interpolation', 'skipInterpolation', 'postProcess', 'ns', 'keyPrefix', 'lngs']);

/**
 * The words of a call that puts values in, filled here from the words as written (kept, as they
 * hold nothing personal), where i18next would resolve the key again and interpolate (about 16 µs):
 * a size on check your answers, an error naming a limit. Undefined where i18next must answer: an
 * option that chooses the key, a value that is not a string or a number, a placeholder given no
 * value, a format or a nesting.
 */
function fillWritten(written: (key: unknown, wordOptions: Record<string, unknown>) => unknown, key: unknown, options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
  const wordOptions: Record<string, unknown> = {};
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) {
    if (CHOOSING_OPTIONS.has(name)) return undefined;
    if (WORD_OPTIONS.has(name)) wordOptions[name] = value;
    else if (typeof value === 'string') values[name] = value;
    else if (typeof value === 'number') values[name] = String(value);
    else return undefined;
  }
  const words = written(key, wordOptions);
  if (typeof words !== 'string' || words.includes('$t(')) return undefined;
  let complete = true;
  const filled = words.replace(PLACEHOLDER, (_placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) complete = false;
    return value ?? '';
  });
  return complete && !filled.includes('{{') ? filled : undefined;
}

/**
 * A language's `t`, keeping the answer to each key once found. i18next resolves a key anew on
 * each call (namespace, fallbacks, plural and context rules: about 16 µs), a form page asks for
 * a few hundred, and the words do not change while the process runs. Calls that put values into
 * the words (counts, dates, names) are never kept: they may carry personal data. Those with plain
 * values are filled from the words as written, which are kept (`fillWritten`).
 */
export function translator(instance: i18n, language: Language): TFunction {
  let byLanguage = translators.get(instance);
  if (!byLanguage) translators.set(instance, (byLanguage = new Map()));
  const known = byLanguage.get(language);
  if (known) return known;
  const fixed = instance.getFixedT(language) as unknown as (...args: unknown[]) => unknown;
  const resolved = new Map<string, unknown>();
  const remembered = (memo: string, find: () => unknown) => {
    if (resolved.has(memo)) return resolved.get(memo);
    const found = find();
    resolved.set(memo, found);
    return found;
  };
  const written = (key: unknown, wordOptions: Record<string, unknown>) => {
    // Most such calls carry values only: their words are found by the key alone, with no options to write out.
    const memo = memoKey(key, Object.keys(wordOptions).length ? wordOptions : undefined);
    return memo === undefined ? undefined : remembered(`${memo}\u0003written`, () => fixed(key, { ...wordOptions, skipInterpolation: true }));
  };
  const t = ((key: unknown, options?: unknown, ...rest: unknown[]) => {
    if (rest.length) return fixed(key, options, ...rest);
    const memo = memoKey(key, options);
    if (memo !== undefined) return remembered(memo, () => fixed(key, options));
    return fillWritten(written, key, options) ?? fixed(key, options);
  }) as unknown as TFunction;
  byLanguage.set(language, t);
  return t;
}
