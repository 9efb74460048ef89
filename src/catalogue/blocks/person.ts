import { date, radios, select, text } from '../../forms/fields/index.js';
import { question } from '../../forms/steps/question.js';

/** The common blocks of the catalogue, defined once: a service asks them under step ids and words of its own. */

const NAME = { maxLength: 100, letters: true, spellcheck: false } as const;

export const identityFields = [
  text('surname', { ...NAME, autocomplete: 'family-name' }),
  text('givenNames', { ...NAME, autocomplete: 'given-name' }),
  text('patronymic', { ...NAME, optional: true, autocomplete: 'additional-name' }),
  date('dateOfBirth', { time: 'past', autocomplete: 'bday' }),
  radios('sex', ['female', 'male'], { inline: true }),
  select('citizenship', 'countriesAndStateless'),
  text('placeOfBirth', { maxLength: 100 }),
] as const;

/** Who the application is about, as in their travel document. */
export function identityStep<const Id extends string>(id: Id) {
  return question(id, identityFields, { block: 'identity' });
}

export const travelDocumentFields = [
  text('documentNumber', { uppercase: true, strip: /[\s-]/g, pattern: /^[A-Z0-9]{5,20}$/, width: '20', spellcheck: false }),
  select('documentCountry', 'countries'),
  date('documentIssueDate', { time: 'notFuture' }),
  date('documentExpiryDate', { time: 'future' }),
] as const;

export function travelDocumentStep<const Id extends string>(id: Id) {
  return question(id, travelDocumentFields, {
    block: 'travelDocument',
    check: (values) =>
      values.documentExpiryDate <= values.documentIssueDate ? [{ field: 'documentExpiryDate', code: 'beforeIssue', part: 'day' }] : [],
  });
}

/** Document numbers are compared without spaces, dashes or case. */
export function normaliseDocumentNumber(value: string): string {
  return value.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Where a journey that asks `identityStep('identity')`, `travelDocumentStep('travel-document')` and `contactStep('contact')` names its person. */
export const FOREIGNER_REFS = {
  dateOfBirth: ['identity', 'dateOfBirth'],
  documentNumber: ['travel-document', 'documentNumber'],
  citizenship: ['identity', 'citizenship'],
  email: ['contact', 'email'],
} as const;
