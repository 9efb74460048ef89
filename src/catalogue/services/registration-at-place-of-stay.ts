import { addDays } from '../../time/calendar.js';
import { consent, date, phone, radios, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import type { Answers } from '../../forms/model.js';
import { notice } from '../../forms/steps/notice.js';
import { question } from '../../forms/steps/question.js';
import { addressStep } from '../blocks/address.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { FIN, TAX_NUMBER } from '../blocks/organisation.js';
import { FOREIGNER_REFS, identityStep, travelDocumentStep } from '../blocks/person.js';
import { DEFAULT_DOCUMENT, type ServiceDefinition } from '../types.js';
import { COURT_WITHIN_30_DAYS, toConfirm } from '../legal.js';

/** Days after entry to register; citizens of Kazakhstan have longer by agreement. */
export const REGISTRATION_DAYS = 15;
const REGISTRATION_DAYS_BY_CITIZENSHIP: Readonly<Record<string, number>> = { KZ: 30 };

/** How a foreigner entered: the registration asks it, and the deadline calculator too. */
export const VISA_TYPES = ['eVisa', 'visa', 'visaFree'] as const;
export type VisaType = (typeof VISA_TYPES)[number];

/** Days a visa-free entry allows the foreigner to stay. */
export const VISA_FREE_STAY_DAYS = 90;

/** The days a citizen of this country has to register after entry. */
export function registrationDays(citizenship: string): number {
  return REGISTRATION_DAYS_BY_CITIZENSHIP[citizenship] ?? REGISTRATION_DAYS;
}

/**
 * The last day to register. Periods in days run from the day after the entry (the day of entry is
 * day 0), as every period of this portal does.
 */
export function registrationDeadline(entryDate: string, citizenship: string): string {
  return addDays(entryDate, registrationDays(citizenship));
}

/** The last day of a visa-free stay, counted as the registration deadline is. */
export function visaFreeStayEnds(entryDate: string): string {
  return addDays(entryDate, VISA_FREE_STAY_DAYS);
}

const documents = {
  passportPages: { id: 'passportPagesWithVisa', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  propertyDocument: { id: 'hostPropertyDocument', required: true, ...DEFAULT_DOCUMENT },
} as const;

/** A person hosts: the owner or tenant of a home, who shows the ownership or lease document. */
function hostIsPerson(answers: Answers): boolean {
  const applicant = answers['who-applies']?.applicantType;
  return applicant === 'hostPerson' || (applicant === 'foreigner' && answers.host?.hostKind === 'person');
}

const hostName = text('hostName', { maxLength: 150, letters: true, autocomplete: 'name' });
const hostFin = text('hostFin', FIN);
const organisationName = text('organisationName', { maxLength: 200, autocomplete: 'organization' });
const organisationTaxNumber = text('organisationTaxNumber', TAX_NUMBER);

const steps = [
  question('who-applies', [radios('applicantType', ['hostPerson', 'hostOrganisation', 'foreigner'])]),
  identityStep('identity'),
  travelDocumentStep('travel-document'),
  question(
    'entry',
    [
      date('entryDate', { time: 'notFuture' }),
      radios('purpose', ['tourism', 'business', 'work', 'study', 'family', 'medical', 'transit', 'other']),
      radios('visaType', VISA_TYPES, {
        reveal: {
          eVisa: [text('eVisaNumber', { uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9-]{4,30}$/, width: '20', spellcheck: false })],
          visa: [text('visaNumber', { uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9-]{4,30}$/, width: '20', spellcheck: false })],
        },
      }),
      date('departureDate', { time: 'future' }),
    ],
    {
      check: (values) => (values.departureDate < values.entryDate ? [{ field: 'departureDate', code: 'beforeEntry', part: 'day' }] : []),
    },
  ),
  // Right after the entry date is known, not only at the end: the applicant learns what a late registration means.
  notice('late-registration', {
    values: (answers) => ({ deadline: registrationDeadline(String(answers.entry?.entryDate), String(answers.identity?.citizenship)) }),
  }),
  addressStep('address'),
  question('host-person', [hostName, hostFin, phone('hostPhone'), consent('hostConsent')]),
  question('host-organisation', [organisationName, organisationTaxNumber, phone('organisationPhone'), consent('organisationConsent')]),
  question('host', [
    radios('hostKind', ['person', 'organisation'], { reveal: { person: [hostName, hostFin], organisation: [organisationName, organisationTaxNumber] } }),
    phone('hostPhone'),
    consent('hostAgrees'),
  ]),
  ...closingSteps(documents, { askedWhen: { propertyDocument: hostIsPerson } }),
] as const;

function isLate(answers: { entry?: { entryDate: string }; identity?: { citizenship: string } }, today: string): string | null {
  if (!answers.entry || !answers.identity) return null;
  const deadline = registrationDeadline(answers.entry.entryDate, answers.identity.citizenship);
  return today > deadline ? deadline : null;
}

const journey = defineJourney({
  steps,
  sections: [
    { id: 'applicant', steps: ['who-applies'] },
    { id: 'person', steps: ['identity', 'travel-document', 'entry', 'late-registration'] },
    { id: 'stay', steps: ['address', 'host-person', 'host-organisation', 'host'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: {
    'late-registration': (answers, { today }) => isLate(answers, today) !== null,
    'host-person': (answers) => answers['who-applies']?.applicantType === 'hostPerson',
    'host-organisation': (answers) => answers['who-applies']?.applicantType === 'hostOrganisation',
    host: (answers) => answers['who-applies']?.applicantType === 'foreigner',
  },
  person: FOREIGNER_REFS,
  warnings: (answers, { today }) => {
    const deadline = isLate(answers, today);
    return deadline ? [{ code: 'lateRegistration', values: { deadline } }] : [];
  },
});

// Article 21 of the Migration Code governs this registration and lists no ground for refusing it: every basis is for the Service to confirm.
const REGISTRATION_REFUSALS = {
  falseInformation: toConfirm('migrationCode'),
  documentsIncomplete: toConfirm('migrationCode'),
  entryBan: toConfirm('migrationCode'),
  securityThreat: toConfirm('migrationCode'),
};

export const registrationAtPlaceOfStay: ServiceDefinition = {
  id: 'registration-at-place-of-stay',
  number: 1,
  group: 'stayAndResidence',
  kind: 'application',
  deadline: { standard: { amount: 1, unit: 'workingDays' } },
  fee: { kind: 'free' },
  documents: Object.values(documents),
  journey,
  version: 1,
  decision: { grants: 'registration', numberPrefix: 'QEY', validityMonths: { default: 3, max: 12 }, validUntilAnswer: ['entry', 'departureDate'], refusals: REGISTRATION_REFUSALS, appeal: COURT_WITHIN_30_DAYS, fourEyes: false },
};
