import { fieldsNamed, longText, radios, select, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import { question } from '../../forms/steps/question.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { identityFields, nameIn } from '../blocks/person.js';
import { familyAsked, familySteps } from '../blocks/family.js';
import { LONG_ANSWER, REPRESENTATION_PROOF, whoApplies } from '../blocks/representative.js';
import { DEFAULT_DOCUMENT } from '../types.js';
import { citizenshipApplication } from '../blocks/citizenship.js';

const documents = {
  idCard: { id: 'azerbaijaniIdCard', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 },
  photo: { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'], maxFiles: 2 },
  family: { id: 'familyCompositionCertificate', required: true, ...DEFAULT_DOCUMENT },
  otherCitizenship: { id: 'otherCitizenshipProof', required: true, ...DEFAULT_DOCUMENT },
  representation: REPRESENTATION_PROOF,
} as const;

const fin = () => text('fin', { uppercase: true, strip: /[\s-]/g, pattern: /^[0-9A-Z]{7}$/, width: '10', spellcheck: false });
const nameAndBirth = fieldsNamed(identityFields, 'surname', 'givenNames', 'patronymic', 'dateOfBirth');

const applicant = whoApplies('citizen');

const steps = [
  ...applicant.steps,
  question('citizen', [...nameAndBirth, fin()]),
  // Foreign countries only: Azerbaijan is not on the list, and an "AZ" sent anyway is refused as no answer.
  question('other-citizenship', [radios('otherCitizenshipStatus', ['held', 'promised']), select('otherCountry', 'foreignCountries')]),
  question('reasons', [longText('reasons', LONG_ANSWER)]),
  ...familySteps(),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    applicant.section,
    { id: 'person', steps: ['citizen'] },
    { id: 'foreign', steps: ['other-citizenship', 'reasons'] },
    { id: 'family', steps: ['has-family', 'family'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: {
    ...applicant.conditions,
    family: familyAsked,
  },
  checks: applicant.checks,
  person: {
    name: nameIn('citizen'),
    dateOfBirth: ['citizen', 'dateOfBirth'],
    documentNumber: ['citizen', 'fin'],
    citizenship: ['other-citizenship', 'otherCountry'],
    email: ['contact', 'email'],
  },
});

export const citizenshipRenunciation = citizenshipApplication({
  id: 'citizenship-renunciation',
  number: 10,
  days: 90,
  documents,
  journey,
  version: 1,
  numberPrefix: 'VC',
  conditionsArticle: '17',
});
