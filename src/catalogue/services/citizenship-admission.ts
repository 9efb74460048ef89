import { checkboxes, longText, number, radios, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import { question } from '../../forms/steps/question.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { foreignerRefs, identityStep, travelDocumentStep } from '../blocks/person.js';
import { LONG_ANSWER, REPRESENTATION_PROOF, whoApplies } from '../blocks/representative.js';
import { DEFAULT_DOCUMENT } from '../types.js';
import { citizenshipApplication } from '../blocks/citizenship.js';


const documents = {
  passport: { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  residencePermit: { id: 'residencePermitCard', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 },
  photo: { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'] },
  health: { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
  representation: REPRESENTATION_PROOF,
} as const;

const LANGUAGE_LEVELS = ['native', 'fluent', 'basic', 'none'] as const;
const INCOME = ['employment', 'business', 'pension', 'family', 'savings', 'other'] as const;

const applicant = whoApplies('person');

const steps = [
  ...applicant.steps,
  identityStep('person'),
  travelDocumentStep('travel-document'),
  question('residence', [
    text('residencePermitNumber', { uppercase: true, strip: /[\s-]/g, pattern: /^[0-9A-Z]{5,20}$/, width: '20', spellcheck: false }),
    number('yearsOfLegalResidence', { min: 0, max: 100, width: '3' }),
  ]),
  question('language', [radios('azerbaijaniLevel', [...LANGUAGE_LEVELS])]),
  question('means', [checkboxes('incomeSources', [...INCOME]), longText('meansDetails', { maxLength: 2000, rows: 4 })]),
  question('reasons', [longText('reasons', LONG_ANSWER)]),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    applicant.section,
    { id: 'person', steps: ['person', 'travel-document'] },
    { id: 'life', steps: ['residence', 'language', 'means', 'reasons'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: applicant.conditions,
  checks: applicant.checks,
  person: foreignerRefs('person'),
});

export const citizenshipAdmission = citizenshipApplication({
  id: 'citizenship-admission',
  number: 8,
  days: 90,
  documents,
  journey,
  version: 1,
  numberPrefix: 'VQ',
  conditionsArticle: '14',
  securityThreat: true,
});
