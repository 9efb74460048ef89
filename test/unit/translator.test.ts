import { describe, expect, it } from 'vitest';
import { createI18n, translator } from '../../src/i18n/i18n.js';

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
