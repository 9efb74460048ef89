import { addDays } from '../../forms/dates.js';
import type { Answers, FieldError, Journey, StepContext, Warning } from '../../forms/journey.js';
import { addressFields, checkTravelDocument, contactStep, identityFields, travelDocumentFields } from '../blocks/identity.js';
import { DEFAULT_DOCUMENT, type ServiceDefinition } from '../types.js';

/** Days after entry to register; citizens of Kazakhstan have longer by agreement. */
export const REGISTRATION_DAYS = 15;
export const REGISTRATION_DAYS_BY_CITIZENSHIP: Readonly<Record<string, number>> = { KZ: 30 };

export function registrationDeadline(entryDate: string, citizenship: string): string {
  return addDays(entryDate, REGISTRATION_DAYS_BY_CITIZENSHIP[citizenship] ?? REGISTRATION_DAYS);
}

const hostStepFor: Record<string, string> = { hostPerson: 'host-person', hostOrganisation: 'host-organisation' };

function checkEntry(values: Answers): FieldError[] {
  const errors: FieldError[] = [];
  if (values.visaType !== 'visaFree' && !values.visaNumber) errors.push({ field: 'visaNumber', code: 'requiredForVisa' });
  if (values.departureDate && values.entryDate && values.departureDate < values.entryDate) {
    errors.push({ field: 'departureDate', code: 'beforeEntry', part: 'day' });
  }
  return errors;
}

function warnings(answers: Answers, context: StepContext): Warning[] {
  if (!answers.entryDate || !answers.citizenship) return [];
  const deadline = registrationDeadline(answers.entryDate, answers.citizenship);
  return context.today > deadline ? [{ code: 'lateRegistration', values: { deadline } }] : [];
}

const journey: Journey = {
  steps: [
    { id: 'who-applies', fields: [{ name: 'applicantType', type: 'radios', options: ['hostPerson', 'hostOrganisation', 'foreigner'] }] },
    { id: 'identity', fields: identityFields },
    { id: 'travel-document', fields: travelDocumentFields, check: checkTravelDocument },
    {
      id: 'entry',
      fields: [
        { name: 'entryDate', type: 'date', when: 'notFuture' },
        { name: 'purpose', type: 'radios', options: ['tourism', 'business', 'work', 'study', 'family', 'medical', 'transit', 'other'] },
        { name: 'visaType', type: 'radios', options: ['eVisa', 'visa', 'visaFree'] },
        { name: 'visaNumber', type: 'text', optional: true, uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9-]{4,30}$/, width: '20' },
        { name: 'departureDate', type: 'date', when: 'future' },
      ],
      check: checkEntry,
    },
    {
      id: 'address',
      fields: addressFields,
      next: (answers) => hostStepFor[answers.applicantType ?? ''] ?? 'contact',
    },
    {
      id: 'host-person',
      fields: [
        { name: 'hostName', type: 'text', maxLength: 150, autocomplete: 'name' },
        { name: 'hostFin', type: 'text', uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9]{7}$/, width: '10', spellcheck: false },
        { name: 'hostPhone', type: 'tel', width: '20', inputmode: 'tel' },
        { name: 'hostConsent', type: 'consent' },
      ],
      next: () => 'contact',
    },
    {
      id: 'host-organisation',
      fields: [
        { name: 'organisationName', type: 'text', maxLength: 200, autocomplete: 'organization' },
        { name: 'organisationTaxNumber', type: 'text', strip: /\s/g, pattern: /^\d{10}$/, width: '10', inputmode: 'numeric' },
        { name: 'organisationPhone', type: 'tel', width: '20', inputmode: 'tel' },
        { name: 'organisationConsent', type: 'consent' },
      ],
      next: () => 'contact',
    },
    contactStep,
  ],
  identity: (answers) => ({
    documentNumber: answers.documentNumber ?? '',
    citizenship: answers.citizenship ?? '',
    dateOfBirth: answers.dateOfBirth ?? '',
  }),
  warnings,
};

export const registrationAtPlaceOfStay: ServiceDefinition = {
  id: 'registration-at-place-of-stay',
  number: 1,
  group: 'stayAndResidence',
  kind: 'application',
  deadline: { standard: { amount: 1, unit: 'workingDays' } },
  fee: { kind: 'free' },
  documents: [
    { id: 'passportPagesWithVisa', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'hostPropertyDocument', required: false, ...DEFAULT_DOCUMENT },
  ],
  journey,
};
