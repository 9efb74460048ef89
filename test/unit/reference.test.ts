import { describe, expect, it } from 'vitest';
import { formatReference, newReference, normaliseReference } from '../../src/applications/reference.js';

describe('reference numbers', () => {
  it('are 12 characters from an unambiguous alphabet and do not repeat', () => {
    const many = Array.from({ length: 5000 }, newReference);
    expect(new Set(many).size).toBe(many.length);
    for (const reference of many.slice(0, 100)) expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
  });

  it('are accepted back in any case, with or without separators', () => {
    const reference = newReference();
    const shown = formatReference(reference);
    expect(shown).toMatch(/^.{4}-.{4}-.{4}$/);
    expect(normaliseReference(shown)).toBe(reference);
    expect(normaliseReference(shown.toLowerCase())).toBe(reference);
    expect(normaliseReference(` ${reference.slice(0, 6)} ${reference.slice(6)} `)).toBe(reference);
  });

  it('read O as 0 and I or L as 1, as people type them', () => {
    const reference = '0' + newReference().slice(1, 11);
    const full = normaliseReference(reference + 'X') ?? reference;
    const withCheck = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'].map((c) => reference + c).find((candidate) => normaliseReference(candidate));
    expect(withCheck).toBeDefined();
    expect(normaliseReference('O' + withCheck!.slice(1))).toBe(withCheck);
    expect(full.length).toBeGreaterThan(0);
  });

  it('catch every single mistyped character', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let n = 0; n < 50; n += 1) {
      const reference = newReference();
      for (let i = 0; i < reference.length; i += 1) {
        for (const c of alphabet) {
          if (c === reference[i]) continue;
          const typo = reference.slice(0, i) + c + reference.slice(i + 1);
          expect(normaliseReference(typo)).toBeNull();
        }
      }
    }
  });

  it('refuse what is not a reference', () => {
    expect(normaliseReference('')).toBeNull();
    expect(normaliseReference('ABC')).toBeNull();
    expect(normaliseReference('ÄÖÜ123456789')).toBeNull();
  });

  it('are not in sequence: two drawn one after the other share no pattern', () => {
    const a = newReference();
    const b = newReference();
    expect(a.slice(0, 11)).not.toBe(b.slice(0, 11));
  });
});
