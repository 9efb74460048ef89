import { ageOn } from '../../time/calendar.js';
import { date, fieldNamed, fieldsNamed, longText, radios, select, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import { known } from '../../forms/known-answer.js';
import { question } from '../../forms/steps/question.js';
import { repeat } from '../../forms/steps/repeat.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { identityFields, nameIn } from '../blocks/person.js';
import { ADULT_AGE, LONG_ANSWER } from '../blocks/representative.js';
import { DEFAULT_DOCUMENT, type ServiceDefinition } from '../types.js';
import { COURT_WITHIN_30_DAYS, toConfirm } from '../legal.js';

const documents = {
  // A bachelor's and a master's degree, each with its supplement.
  diploma: { id: 'diploma', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  cv: { id: 'cv', required: true, ...DEFAULT_DOCUMENT },
  photo: { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'] },
} as const;

/**
 * Men are called up for military service from 18 until 35 (Law on military duty and military
 * service). A man of 35 is still asked: asking one who has just aged out costs him a question,
 * while missing one still liable leaves the personnel officer without the answer they must have.
 */
const CALL_UP_AGE = { from: 18, to: 35 } as const;

const EDUCATION_LEVELS = ['secondary', 'vocational', 'bachelor', 'master', 'doctorate'] as const;
const LANGUAGE_LEVELS = ['native', 'fluent', 'good', 'basic'] as const;
const AREAS = ['migrationControl', 'registrationAndPermits', 'citizenship', 'legal', 'it', 'other'] as const;

const fin = () => text('fin', { uppercase: true, strip: /[\s-]/g, pattern: /^[0-9A-Z]{7}$/, width: '10', spellcheck: false });
// A citizen, named as on the identity card: not asked the citizenship the service is only for.
const nameBirthAndSex = fieldsNamed(identityFields, 'surname', 'givenNames', 'patronymic', 'dateOfBirth', 'sex');
const placeOfBirth = fieldNamed(identityFields, 'placeOfBirth');
const month = { precision: 'month', time: 'notFuture' } as const;

const steps = [
  question('applicant', [...nameBirthAndSex, fin(), placeOfBirth], {
    check: (values, { today }) => (ageOn(values.dateOfBirth, today) < ADULT_AGE ? [{ field: 'dateOfBirth', code: 'underAge', part: 'day' }] : []),
  }),
  question(
    'military-service',
    [
      radios('militaryStatus', ['served', 'deferred', 'exempt', 'notYetCalled'], {
        reveal: {
          served: [date('militaryServiceFrom', month), date('militaryServiceTo', month), text('militaryIdNumber', { maxLength: 30, width: '20', spellcheck: false })],
          deferred: [text('deferralReason', { maxLength: 300 })],
          exempt: [text('exemptionReason', { maxLength: 300 })],
        },
      }),
    ],
    {
      check: (values) =>
        values.militaryServiceFrom && values.militaryServiceTo && values.militaryServiceTo < values.militaryServiceFrom
          ? [{ field: 'militaryServiceTo', code: 'beforeStart', part: 'month' }]
          : [],
    },
  ),
  repeat(
    'education',
    [
      radios('educationLevel', [...EDUCATION_LEVELS]),
      text('institution', { maxLength: 200 }),
      // A school gives no speciality; a degree's is on its diploma, uploaded with the documents.
      text('speciality', { maxLength: 150, optional: true }),
      // Azerbaijan is on the list: most applicants studied here.
      select('educationCountry', 'countries'),
      date('studyStart', month),
      date('studyEnd', { ...month, optional: true }),
    ],
    {
      min: 1,
      max: 10,
      describedBy: ['educationLevel', 'institution'],
      itemCheck: (item) => (item.studyEnd && item.studyEnd < item.studyStart ? [{ field: 'studyEnd', code: 'beforeStart', part: 'month' }] : []),
    },
  ),
  // A graduate may not have worked yet, and a repeat holds at least one item: asked first, as family is.
  question('has-work-history', [radios('hasWorked', ['yes', 'no'], { inline: true })]),
  repeat(
    'work-history',
    [text('jobEmployer', { maxLength: 200 }), text('jobTitle', { maxLength: 150 }), date('jobStart', month), date('jobEnd', { ...month, optional: true })],
    {
      min: 1,
      max: 20,
      describedBy: ['jobTitle', 'jobEmployer'],
      itemCheck: (job) => (job.jobEnd && job.jobEnd < job.jobStart ? [{ field: 'jobEnd', code: 'beforeStart', part: 'month' }] : []),
    },
  ),
  repeat('languages', [text('languageName', { maxLength: 50, letters: true }), radios('languageLevel', [...LANGUAGE_LEVELS])], {
    min: 1,
    max: 10,
    describedBy: ['languageName', 'languageLevel'],
  }),
  question('position', [radios('preferredArea', [...AREAS], { reveal: { other: [text('otherArea', { maxLength: 150 })] } }), longText('motivation', LONG_ANSWER)]),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    { id: 'person', steps: ['applicant'] },
    { id: 'military', steps: ['military-service'] },
    { id: 'education', steps: ['education'] },
    { id: 'work', steps: ['has-work-history', 'work-history'] },
    { id: 'languages', steps: ['languages'] },
    { id: 'position', steps: ['position'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: {
    'military-service': (answers, { today }) => {
      const applicant = answers.applicant;
      if (applicant?.sex !== 'male') return false;
      const age = ageOn(applicant.dateOfBirth, today);
      return age >= CALL_UP_AGE.from && age <= CALL_UP_AGE.to;
    },
    'work-history': (answers) => answers['has-work-history']?.hasWorked === 'yes',
  },
  person: {
    name: nameIn('applicant'),
    dateOfBirth: ['applicant', 'dateOfBirth'],
    // The FIN names a citizen in every state register, as a passport number names a foreigner.
    documentNumber: ['applicant', 'fin'],
    citizenship: known('AZ'),
    email: ['contact', 'email'],
  },
});

export const serviceRecruitment: ServiceDefinition = {
  id: 'service-recruitment',
  number: 12,
  group: 'careers',
  kind: 'application',
  deadline: { standard: { amount: 30, unit: 'days' } },
  fee: { kind: 'free' },
  documents: Object.values(documents),
  journey,
  version: 1,
  // Approval invites the candidate to the next stage of selection; it grants nothing else.
  decision: { grants: 'decision', numberPrefix: 'MOQ', refusals: { falseInformation: toConfirm('serviceInMigrationBodies'), documentsIncomplete: toConfirm('serviceInMigrationBodies'), conditionsNotMet: toConfirm('serviceInMigrationBodies') }, appeal: COURT_WITHIN_30_DAYS, fourEyes: false },
};
