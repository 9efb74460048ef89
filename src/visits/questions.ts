import { identityFields, travelDocumentFields } from '../catalogue/blocks/person.js';
import { email, fieldNamed, text } from '../forms/fields/index.js';
import type { LookupQuestion } from '../lookups/page.js';
import { SERVICE } from './paths.js';

const documentNumber = fieldNamed(travelDocumentFields, 'documentNumber');

/** Who the visit is for: fixed once booked, and asked again with the code to change or cancel it. */
export const VISIT_DETAILS: LookupQuestion = {
  service: SERVICE,
  namespace: 'queue',
  page: 'details',
  fields: [documentNumber, fieldNamed(identityFields, 'dateOfBirth'), email('email', { optional: true, autocomplete: 'email', spellcheck: false })],
};
export const VISIT_MANAGE: LookupQuestion = {
  service: SERVICE,
  namespace: 'queue',
  page: 'manage',
  fields: [text('bookingCode', { maxLength: 30, spellcheck: false, width: '20' }), documentNumber],
};
