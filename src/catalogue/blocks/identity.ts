import type { Field, FieldError, Step } from '../../forms/journey.js';

/** The common blocks of the catalogue, defined once and reused by every journey that asks them. */

const NAME = { type: 'text', maxLength: 100, spellcheck: false } as const;

export const identityFields: readonly Field[] = [
  { name: 'surname', ...NAME, autocomplete: 'family-name' },
  { name: 'givenNames', ...NAME, autocomplete: 'given-name' },
  { name: 'patronymic', ...NAME, optional: true, autocomplete: 'additional-name' },
  { name: 'dateOfBirth', type: 'date', when: 'past', autocomplete: 'bday' },
  { name: 'sex', type: 'radios', options: ['female', 'male'] },
  { name: 'citizenship', type: 'select', options: 'countriesAndStateless' },
  { name: 'placeOfBirth', type: 'text', maxLength: 100 },
];

export const travelDocumentFields: readonly Field[] = [
  {
    name: 'documentNumber',
    type: 'text',
    uppercase: true,
    strip: /[\s-]/g,
    pattern: /^[A-Z0-9]{5,20}$/,
    width: '20',
    spellcheck: false,
  },
  { name: 'documentCountry', type: 'select', options: 'countries' },
  { name: 'documentIssueDate', type: 'date', when: 'notFuture' },
  { name: 'documentExpiryDate', type: 'date', when: 'future' },
];

export function checkTravelDocument(values: Record<string, string>): FieldError[] {
  const issue = values.documentIssueDate;
  const expiry = values.documentExpiryDate;
  return issue && expiry && expiry <= issue ? [{ field: 'documentExpiryDate', code: 'beforeIssue', part: 'day' }] : [];
}

export const contactFields: readonly Field[] = [
  { name: 'email', type: 'email', autocomplete: 'email', spellcheck: false, inputmode: 'email' },
  { name: 'phone', type: 'tel', autocomplete: 'tel', width: '20', inputmode: 'tel' },
  { name: 'preferredLanguage', type: 'radios', options: 'languages', defaultFromLanguage: true },
];

export const addressFields: readonly Field[] = [
  { name: 'city', type: 'select', options: 'places' },
  { name: 'street', type: 'text', maxLength: 150, autocomplete: 'address-line1' },
  { name: 'building', type: 'text', maxLength: 20, width: '10' },
  { name: 'apartment', type: 'text', maxLength: 20, width: '10', optional: true },
  {
    name: 'postcode',
    type: 'text',
    optional: true,
    uppercase: true,
    strip: /[\s-]/g,
    pattern: /^(AZ)?\d{4}$/,
    width: '10',
    autocomplete: 'postal-code',
  },
];

export const contactStep: Step = { id: 'contact', fields: contactFields, next: () => null };
