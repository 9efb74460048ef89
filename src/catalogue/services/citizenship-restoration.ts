import { date, longText, radios, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import { question } from '../../forms/steps/question.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { familyAsked, familySteps } from '../blocks/family.js';
import { foreignerRefs, identityStep, travelDocumentStep } from '../blocks/person.js';
import { LONG_ANSWER, REPRESENTATION_PROOF, whoApplies } from '../blocks/representative.js';
import { DEFAULT_DOCUMENT } from '../types.js';
import { citizenshipApplication } from '../blocks/citizenship.js';


const documents = {
  photo: { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'] },
  identity: { id: 'identityDocument', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  termination: { id: 'terminationDecision', required: false, ...DEFAULT_DOCUMENT },
  family: { id: 'familyCompositionCertificate', required: true, ...DEFAULT_DOCUMENT },
  health: { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
  representation: REPRESENTATION_PROOF,
} as const;

const applicant = whoApplies('person');

const steps = [
  ...applicant.steps,
  // A former citizen, named as in the passport they hold now, with the citizenship they hold now.
  identityStep('person'),
  travelDocumentStep('travel-document'),
  question('former-citizenship', [
    date('endedOn', { time: 'notFuture' }),
    radios('endedHow', ['renounced', 'otherCitizenship', 'other']),
    text('decisionReference', { optional: true, maxLength: 100 }),
    longText('circumstances', LONG_ANSWER),
  ]),
  question('reasons', [longText('reasons', LONG_ANSWER)]),
  ...familySteps(),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    applicant.section,
    { id: 'person', steps: ['person', 'travel-document'] },
    { id: 'former', steps: ['former-citizenship', 'reasons'] },
    { id: 'family', steps: ['has-family', 'family'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: {
    ...applicant.conditions,
    family: familyAsked,
  },
  checks: [
    ...applicant.checks,
    {
      step: 'former-citizenship',
      field: 'endedOn',
      uses: ['person'],
      run: (answers) => (answers['former-citizenship']!.endedOn < answers.person!.dateOfBirth ? { code: 'beforeBirth' } : null),
    },
  ],
  person: foreignerRefs('person'),
});

export const citizenshipRestoration = citizenshipApplication({
  id: 'citizenship-restoration',
  number: 9,
  days: 90,
  documents,
  journey,
  version: 1,
  numberPrefix: 'VB',
  conditionsArticle: '15',
  securityThreat: true,
});
