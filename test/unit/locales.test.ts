import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICES, GROUP_ORDER } from '../../src/catalogue/index.js';
import { PLACE_IDS } from '../../src/catalogue/places.js';
import { STATUSES } from '../../src/applications/status.js';
import { createI18n, loadResources } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { optionValues } from '../../src/forms/options.js';
import { PROJECT_ROOT, VIEWS_DIR } from '../../src/paths.js';

const resources = loadResources();
const i18n = createI18n(resources);

function flatKeys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => flatKeys(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

function keysOf(language: (typeof LANGUAGES)[number]): Set<string> {
  return new Set(
    Object.entries(resources[language]).flatMap(([namespace, tree]) => flatKeys(tree).map((key) => `${namespace}:${key}`)),
  );
}

/** A key exists when i18next can say it in that language without falling back. */
function exists(key: string, language: string): boolean {
  return i18n.exists(key, { lng: language }) || i18n.exists(key, { lng: language, count: 2 });
}

function walk(directory: string, extension: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return walk(full, extension);
    return entry.name.endsWith(extension) ? [full] : [];
  });
}

describe('translations', () => {
  it('every key exists in all three languages', () => {
    const all = LANGUAGES.map(keysOf);
    const union = new Set(all.flatMap((keys) => [...keys]));
    for (const [index, language] of LANGUAGES.entries()) {
      const missing = [...union].filter((key) => !all[index]!.has(key));
      expect(missing, `missing in ${language}`).toEqual([]);
    }
  });

  it('no translation is empty', () => {
    for (const language of LANGUAGES) {
      const empty = [...keysOf(language)].filter((key) => {
        const [namespace, rest] = key.split(':') as [string, string];
        const value = rest.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], resources[language][namespace]);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty, language).toEqual([]);
    }
  });

  it('every key a template or source file names literally exists', () => {
    const files = [...walk(VIEWS_DIR, '.njk'), ...walk(path.join(PROJECT_ROOT, 'src'), '.ts')];
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*["'`]((?:common|forms|services|places):[\w.-]+)["'`]/g)) {
        // A key built from a prefix ("forms:steps." + id) is checked from the definitions below.
        if (!match[1]!.endsWith('.')) used.add(match[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(40);
    for (const language of LANGUAGES) {
      const missing = [...used].filter((key) => !exists(key, language));
      expect(missing, `used but not in ${language}`).toEqual([]);
    }
  });

  it('every key a service definition leads to exists', () => {
    const keys: string[] = [];
    for (const group of GROUP_ORDER) keys.push(`services:groups.${group}`);
    keys.push('common:authority.sms', 'forms:date.day', 'forms:date.month', 'forms:date.year', 'forms:warnings.lateRegistration');
    for (const status of STATUSES) keys.push(`common:statuses.${status}`);
    for (const place of PLACE_IDS) keys.push(`places:places.${place}`);
    for (const service of SERVICES) {
      for (const part of ['name', 'summary', 'who', 'result', 'rules']) keys.push(`services:services.${service.id}.${part}`);
      for (const document of service.documents) keys.push(`services:documents.${document.id}`);
      if (service.fee.kind === 'schedule') {
        for (const speed of service.fee.speeds) keys.push(`services:speeds.${speed}`);
        for (const row of service.fee.rows) keys.push(`services:periods.${row.period}`);
        if (service.fee.noteKey) keys.push(`services:services.${service.id}.${service.fee.noteKey}`);
      }
      if (service.deadline) for (const duration of Object.values(service.deadline)) keys.push(`common:duration.${duration!.unit}`);
      for (const step of service.journey?.steps ?? []) {
        keys.push(`forms:steps.${step.id}.title`);
        for (const field of step.fields) {
          keys.push(`forms:fields.${field.name}.label`);
          if (field.type === 'consent') keys.push(`forms:fields.${field.name}.statement`);
          if ((field.type === 'radios' || field.type === 'select') && Array.isArray(field.options)) {
            for (const value of optionValues(field)) keys.push(`forms:fields.${field.name}.options.${value}`);
          }
        }
      }
    }
    for (const language of LANGUAGES) {
      const missing = keys.filter((key) => !exists(key, language));
      expect(missing, `needed but not in ${language}`).toEqual([]);
    }
  });

  it('every error code a validator can return has words', () => {
    const generic = ['required', 'incomplete', 'invalid', 'future', 'past', 'tooLong', 'format', 'email', 'phone'];
    const specific = ['beforeIssue', 'requiredForVisa', 'beforeEntry'];
    for (const language of LANGUAGES) {
      expect(generic.filter((code) => !exists(`forms:errors.${code}`, language))).toEqual([]);
      const fields = resources[language].forms as { fields: Record<string, { errors?: Record<string, string> }> };
      const allSpecific = Object.values(fields.fields).flatMap((field) => Object.keys(field.errors ?? {}));
      expect(specific.filter((code) => !allSpecific.includes(code))).toEqual([]);
      // A field-specific message only for a code some validator returns.
      expect(allSpecific.filter((code) => ![...generic, ...specific].includes(code))).toEqual([]);
    }
  });
});
