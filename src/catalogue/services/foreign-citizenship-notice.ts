import { date, fieldsNamed, select, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import { question } from '../../forms/steps/question.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { identityFields, nameIn, travelDocumentStep } from '../blocks/person.js';
import { DEFAULT_DOCUMENT, type ServiceDefinition } from '../types.js';
import { COURT_WITHIN_30_DAYS, toConfirm } from '../legal.js';

const documents = {
  foreignPassport: { id: 'foreignPassport', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  azerbaijaniIdCard: { id: 'azerbaijaniIdCard', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 },
} as const;

// The identity block's name and date of birth; a citizen is not asked their citizenship or place of birth.
const nameAndBirth = fieldsNamed(identityFields, 'surname', 'givenNames', 'patronymic', 'dateOfBirth');

const steps = [
  // A citizen, named as on the Azerbaijani identity card, with its personal identification number.
  question('citizen', [
    ...nameAndBirth,
    text('fin', { uppercase: true, strip: /[\s-]/g, pattern: /^[0-9A-Z]{7}$/, width: '10', spellcheck: false }),
  ]),
  // Foreign countries only: Azerbaijan is not on the list, and an "AZ" sent anyway is refused as no answer.
  question('foreign-citizenship', [select('foreignCitizenship', 'foreignCountries'), date('acquiredOn', { time: 'notFuture' })]),
  travelDocumentStep('foreign-passport', { issuedBy: 'foreignCountries' }),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    { id: 'person', steps: ['citizen'] },
    { id: 'foreign', steps: ['foreign-citizenship', 'foreign-passport'] },
    ...CLOSING_SECTIONS,
  ],
  checks: [
    {
      step: 'foreign-citizenship',
      field: 'acquiredOn',
      uses: ['citizen'],
      run: (answers) => (answers['foreign-citizenship']!.acquiredOn < answers.citizen!.dateOfBirth ? { code: 'beforeBirth' } : null),
    },
  ],
  person: {
    name: nameIn('citizen'),
    dateOfBirth: ['citizen', 'dateOfBirth'],
    documentNumber: ['foreign-passport', 'documentNumber'],
    citizenship: ['foreign-citizenship', 'foreignCitizenship'],
    email: ['contact', 'email'],
  },
});

export const foreignCitizenshipNotice: ServiceDefinition = {
  id: 'foreign-citizenship-notice',
  number: 11,
  group: 'citizenship',
  kind: 'application',
  deadline: { standard: { amount: 30, unit: 'days' } },
  fee: { kind: 'free' },
  documents: Object.values(documents),
  journey,
  version: 1,
  // Article 10 of the Law on Citizenship asks for the notice; it names no ground for refusing one.
  decision: {
    grants: 'decision',
    numberPrefix: 'XV',
    refusals: { falseInformation: toConfirm('citizenshipLaw'), documentsIncomplete: toConfirm('citizenshipLaw'), conditionsNotMet: toConfirm('citizenshipLaw') },
    appeal: COURT_WITHIN_30_DAYS,
    fourEyes: false,
  },
};
