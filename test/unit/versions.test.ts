import { describe, expect, it } from 'vitest';
import { identityStep, nameIn } from '../../src/catalogue/blocks/person.js';
import { findService } from '../../src/catalogue/index.js';
import type { ServiceDefinition } from '../../src/catalogue/types.js';
import { definitionAt, renderApplicationAnswers } from '../../src/catalogue/versions.js';
import { defineJourney } from '../../src/forms/journey.js';
import { formatDate, formatMoney } from '../../src/i18n/format.js';
import { createI18n } from '../../src/i18n/i18n.js';

const i18n = createI18n();
const reader = { t: i18n.getFixedT('en'), lang: 'en' as const, formatDate: (iso: string) => formatDate(iso, 'en'), formatMoney: (amount: number) => formatMoney(amount, 'en') };

/** The registration as it might have been before: the person asked under another step id. */
const registration = findService('registration-at-place-of-stay')!;
const versionZero: ServiceDefinition = {
  ...registration,
  version: 0,
  journey: defineJourney({
    steps: [identityStep('person')],
    sections: [{ id: 'person', steps: ['person'] }],
    person: { name: nameIn('person'), dateOfBirth: ['person', 'dateOfBirth'], documentNumber: ['person', 'surname'], citizenship: ['person', 'citizenship'], email: ['person', 'surname'] },
  }),
};

describe('applications keep the version of the definition they were made with', () => {
  it('finds the current definition for the current version, and an earlier one for an earlier version', () => {
    expect(definitionAt(registration.id, 1)).toBe(registration);
    expect(definitionAt(registration.id, 0, [versionZero])).toBe(versionZero);
    expect(definitionAt(registration.id, 0)).toBeUndefined();
  });

  it('reads old answers with the old definition, and new ones with the new', () => {
    const person = { surname: 'Məmmədova', givenNames: 'Şəhla', dateOfBirth: '1990-03-27', sex: 'female', citizenship: 'TR', placeOfBirth: 'İstanbul' };
    const old = renderApplicationAnswers({ service_id: registration.id, service_version: 0, answers: { person } }, reader, [versionZero]);
    expect(old.flatMap((card) => card.rows.map((row) => row.key.text))).toContain('Surname');
    expect(JSON.stringify(old)).toContain('27 March 1990');
    const current = renderApplicationAnswers({ service_id: registration.id, service_version: 1, answers: { identity: person } }, reader, [versionZero]);
    expect(current[0]!.title).toBe('The person who is staying');
    // The old answers under the current definition would show nothing of the person: the version matters.
    const misread = renderApplicationAnswers({ service_id: registration.id, service_version: 1, answers: { person } }, reader);
    expect(misread).toEqual([]);
  });
});
