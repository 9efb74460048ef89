import { describe, expect, it } from 'vitest';
import { createI18n, loadResources, translator } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';

describe('a language’s t, keeping the words it found', () => {
  const i18n = createI18n();

  it('answers as i18next does, with options shared and frozen or made for the call', () => {
    const fixed = i18n.getFixedT('ru');
    const t = translator(i18n, 'ru');
    const optional = Object.freeze({ defaultValue: '' });
    for (let round = 0; round < 2; round += 1) {
      expect(t('forms:continue', optional)).toBe(fixed('forms:continue'));
      expect(t(['forms:fields.nothing.hint'], optional)).toBe('');
      expect(t(['forms:fields.nothing.hint'], { defaultValue: '' })).toBe('');
    }
  });

  it('puts values in anew on every call, even from a frozen object: they may be personal', () => {
    const t = translator(i18n, 'en');
    const key = 'forms:upload.sizeKb';
    expect(t(key, Object.freeze({ size: '12' }))).toContain('12');
    expect(t(key, Object.freeze({ size: '340' }))).toContain('340');
    const shared = Object.freeze({ size: '7', defaultValue: '' });
    expect(t(key, shared)).toContain('7');
    expect(t(key, shared)).toBe(i18n.getFixedT('en')(key, { size: '7' }));
  });
});

describe('words with values put in, filled from the words as written', () => {
  const i18n = createI18n();
  const resources = loadResources();

  /** Every string of a namespace with its key: 'steps.identity.title'. */
  function strings(tree: unknown, prefix = ''): [string, string][] {
    if (typeof tree === 'string') return [[prefix, tree]];
    if (typeof tree !== 'object' || tree === null) return [];
    return Object.entries(tree).flatMap(([name, value]) => strings(value, prefix ? `${prefix}.${name}` : name));
  }

  it.each(LANGUAGES.map((language) => [language]))('answers as i18next does for every string with values in %s, with plain and personal values', (language) => {
    const fixed = i18n.getFixedT(language);
    const t = translator(i18n, language);
    let compared = 0;
    for (const [namespace, tree] of Object.entries(resources[language])) {
      for (const [key, words] of strings(tree)) {
        const names = [...words.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]!);
        if (!names.length) continue;
        const values = Object.fromEntries(names.map((name, index) => [name, index % 2 ? 12 + index : `Şəhla & <Anna> ${index}`]));
        for (const options of [values, { ...values, defaultValue: '' }]) {
          expect(t(`${namespace}:${key}`, options), `${namespace}:${key}`).toBe(fixed(`${namespace}:${key}`, options));
        }
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('leaves to i18next a call that chooses the key or lacks a value', () => {
    const t = translator(i18n, 'en');
    const fixed = i18n.getFixedT('en');
    expect(t('forms:upload.sizeKb', {})).toBe(fixed('forms:upload.sizeKb', {}));
    expect(t(['forms:fields.nothing.hint', 'forms:upload.sizeKb'], { size: '3' })).toBe(fixed(['forms:fields.nothing.hint', 'forms:upload.sizeKb'], { size: '3' }));
    expect(t('forms:fields.nothing.hint', { defaultValue: 'of {{size}}', size: '9' })).toBe('of 9');
  });
});
