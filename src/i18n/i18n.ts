import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LOCALES_DIR } from '../paths.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.js';

export type Translate = TFunction;
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
