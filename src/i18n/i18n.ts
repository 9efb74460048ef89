import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LOCALES_DIR } from '../paths.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.js';

export type Translate = TFunction;
export type Resources = Record<Language, Record<string, unknown>>;

/** Every locales/<lang>/<namespace>.json, read once at boot. */
export function loadResources(directory = LOCALES_DIR): Resources {
  const resources = {} as Resources;
  for (const language of LANGUAGES) {
    const folder = path.join(directory, language);
    resources[language] = Object.fromEntries(
      readdirSync(folder)
        .filter((file) => file.endsWith('.json'))
        .map((file) => [file.slice(0, -'.json'.length), JSON.parse(readFileSync(path.join(folder, file), 'utf8'))]),
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
