import { checkboxes, date, longText, select, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import { question } from '../../forms/steps/question.js';
import { repeat } from '../../forms/steps/repeat.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { identityStep, nameIn } from '../blocks/person.js';
import { LONG_ANSWER, REPRESENTATION_PROOF, whoApplies } from '../blocks/representative.js';
import { DEFAULT_DOCUMENT } from '../types.js';
import { citizenshipApplication } from '../blocks/citizenship.js';

const LONG_TEXT = { ...LONG_ANSWER, rows: 10 } as const;

const documents = {
  birthCertificate: { id: 'birthCertificate', required: true, ...DEFAULT_DOCUMENT },
  previousIdentity: { id: 'previousIdentityDocument', required: false, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  photo: { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'] },
  representation: REPRESENTATION_PROOF,
} as const;

/** Documents of Azerbaijan (and of the USSR before it) that someone whose citizenship is unclear may have held. */
const EARLIER_DOCUMENTS = ['azerbaijaniPassport', 'azerbaijaniIdCard', 'sovietPassport', 'residencePermit', 'none'] as const;

const applicant = whoApplies('person');

const steps = [
  ...applicant.steps,
  // "Citizenship now, as the person understands it": someone who holds themselves a citizen of Azerbaijan may say so.
  identityStep('person', { citizenship: 'countriesAndStateless' }),
  question('birth', [
    text('birthCertificateNumber', { uppercase: true, strip: /[\s-]/g, pattern: /^[0-9A-Z]{4,20}$/, width: '20', spellcheck: false }),
    select('motherCitizenship', 'countriesAndStateless', { optional: true }),
    select('fatherCitizenship', 'countriesAndStateless', { optional: true }),
  ]),
  // Every place lived in Azerbaijan, most recent first: where the person's citizenship is decided from.
  repeat('residence', [select('residencePlace', 'places'), date('residenceFrom', { precision: 'month', time: 'notFuture' }), date('residenceTo', { precision: 'month', time: 'notFuture', optional: true })], {
    min: 1,
    max: 20,
    describedBy: ['residencePlace'],
    itemCheck: (values) => (values.residenceTo && values.residenceTo < values.residenceFrom ? [{ field: 'residenceTo', code: 'beforeStart', part: 'month' }] : []),
  }),
  question('earlier-documents', [checkboxes('earlierDocuments', [...EARLIER_DOCUMENTS], { exclusive: 'none' }), longText('earlierDocumentDetails', { maxLength: 2000, rows: 4, optional: true })]),
  question('autobiography', [longText('autobiography', LONG_TEXT)]),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    applicant.section,
    { id: 'person', steps: ['person', 'birth'] },
    { id: 'history', steps: ['residence', 'earlier-documents', 'autobiography'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: applicant.conditions,
  checks: applicant.checks,
  person: {
    name: nameIn('person'),
    dateOfBirth: ['person', 'dateOfBirth'],
    // Someone whose citizenship is unclear may hold no passport: the birth certificate is the document here.
    documentNumber: ['birth', 'birthCertificateNumber'],
    citizenship: ['person', 'citizenship'],
    email: ['contact', 'email'],
  },
});

export const citizenshipDetermination = citizenshipApplication({
  id: 'citizenship-determination',
  number: 7,
  days: 30,
  documents,
  journey,
  version: 1,
  numberPrefix: 'VM',
  conditionsArticle: '5',
});
