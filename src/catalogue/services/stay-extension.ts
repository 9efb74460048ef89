import { addDays, ageOn, daysBetween } from '../../time/calendar.js';
import { date, longText, radios } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import { feeStep } from '../../forms/steps/fee.js';
import { question } from '../../forms/steps/question.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { ADULT_AGE, REPRESENTATION_PROOF, whoApplies } from '../blocks/representative.js';
import { FOREIGNER_REFS, identityStep, travelDocumentStep } from '../blocks/person.js';
import { DEFAULT_DOCUMENT, type Deadline, type Fee, type ServiceDefinition } from '../types.js';
import { COURT_WITHIN_30_DAYS, migrationCode, toConfirm } from '../legal.js';

/** The Service must have the application at least this many days before the stay ends. */
const DAYS_BEFORE_STAY_ENDS = 3;

const deadline: Deadline = {
  standard: { amount: 3, unit: 'workingDays' },
  faster: { amount: 1, unit: 'workingDays' },
};

const fee: Fee = {
  kind: 'schedule',
  speeds: ['standard', 'faster'],
  rows: [
    { period: 'days30', amounts: [30, 50] },
    { period: 'days60', amounts: [60, 100] },
  ],
  noteKey: 'feeNote',
  reductions: { minor: 50 },
};

const documents = {
  passportPages: { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  groundEvidence: { id: 'extensionGroundEvidence', required: true, ...DEFAULT_DOCUMENT, maxFiles: 3 },
  representation: REPRESENTATION_PROOF,
} as const;

const details = <const N extends string>(name: N) => longText(name, { maxLength: 5000, rows: 5 });

const applicant = whoApplies('identity', { representativeFin: false });

const steps = [
  ...applicant.steps,
  identityStep('identity'),
  travelDocumentStep('travel-document'),
  question('current-stay', [date('stayEndDate', { time: 'notPast' })], {
    check: (values, { today }) =>
      daysBetween(today, values.stayEndDate) < DAYS_BEFORE_STAY_ENDS
        ? [{ field: 'stayEndDate', code: 'tooLate', part: 'day', values: { lastDay: addDays(values.stayEndDate, -DAYS_BEFORE_STAY_ENDS) } }]
        : [],
  }),
  question('ground', [
    radios('ground', ['medicalTreatment', 'relativeIllness', 'invitingOrganisation', 'transitStop', 'familyMember'], {
      reveal: {
        medicalTreatment: [details('medicalDetails')],
        relativeIllness: [details('relativeDetails')],
        invitingOrganisation: [details('invitationDetails')],
        transitStop: [details('transitDetails')],
        familyMember: [details('familyDetails')],
      },
    }),
  ]),
  feeStep('fee', {
    fee,
    deadline,
    reduction: (answers, { today }) => {
      const born = answers.identity?.dateOfBirth;
      return typeof born === 'string' && ageOn(born, today) < ADULT_AGE ? 'minor' : null;
    },
  }),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    applicant.section,
    { id: 'person', steps: ['identity', 'travel-document'] },
    { id: 'stay', steps: ['current-stay', 'ground'] },
    { id: 'fee', steps: ['fee'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: applicant.conditions,
  checks: applicant.checks,
  person: FOREIGNER_REFS,
});

// Migration Code 43.1 (a stay is not extended) and 42.4 (apply at least 3 working days before the stay ends).
const STAY_EXTENSION_REFUSALS = {
  falseInformation: migrationCode('43.1.3'),
  documentsIncomplete: toConfirm('migrationCode'),
  groundsNotProven: toConfirm('migrationCode'),
  entryBan: migrationCode('43.1.5'),
  securityThreat: migrationCode('43.1.1, 43.1.2'),
  lateApplication: migrationCode('42.4'),
};

export const stayExtension: ServiceDefinition = {
  id: 'stay-extension',
  number: 2,
  group: 'stayAndResidence',
  kind: 'application',
  deadline,
  fee,
  documents: Object.values(documents),
  journey,
  version: 1,
  decision: { grants: 'extension', numberPrefix: 'MOM', validAfterAnswer: ['current-stay', 'stayEndDate'], refusals: STAY_EXTENSION_REFUSALS, appeal: COURT_WITHIN_30_DAYS, fourEyes: false },
};
