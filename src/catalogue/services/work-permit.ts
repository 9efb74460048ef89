import { checkboxes, date, longText, number, select, text } from '../../forms/fields/index.js';
import { addMonths } from '../../time/calendar.js';
import { defineJourney } from '../../forms/journey.js';
import { exit } from '../../forms/steps/notice.js';
import { feeStep } from '../../forms/steps/fee.js';
import { question } from '../../forms/steps/question.js';
import { repeat } from '../../forms/steps/repeat.js';
import { addressStep } from '../blocks/address.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { employerStep } from '../blocks/organisation.js';
import { identityStep, nameIn, travelDocumentStep } from '../blocks/person.js';
import { DEFAULT_DOCUMENT, type Deadline, type Fee, type ServiceDefinition } from '../types.js';
import { COURT_WITHIN_30_DAYS, migrationCode, toConfirm } from '../legal.js';

export const workPermitDeadline: Deadline = {
  standard: { amount: 20, unit: 'workingDays' },
  faster: { amount: 15, unit: 'workingDays' },
  fastest: { amount: 10, unit: 'workingDays' },
};

export const workPermitFee: Fee = {
  kind: 'schedule',
  speeds: ['standard', 'faster', 'fastest'],
  rows: [
    { period: 'months3', amounts: [350, 500, 700] },
    { period: 'months6', amounts: [600, 700, 900] },
    { period: 'year1', amounts: [1000, 1200, 1400] },
  ],
  noteKey: 'feeNote',
};

const documents = {
  passportPages: { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  qualification: { id: 'qualificationDocument', required: true, ...DEFAULT_DOCUMENT, maxFiles: 3 },
  employerLetter: { id: 'employerLetter', required: true, ...DEFAULT_DOCUMENT },
  legalStayProof: { id: 'legalStayProof', required: true, ...DEFAULT_DOCUMENT },
  employerRegistration: { id: 'employerRegistration', required: true, ...DEFAULT_DOCUMENT, maxFiles: 3 },
  healthCertificate: { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
} as const;

/** How far back the worker's jobs are asked (the step's title says "in the last 5 years"). */
const HISTORY_YEARS = 5;

/** Workers who need no work permit (Migration Code): told before the employer starts. */
const EXEMPTIONS = ['permanentResidence', 'spouseOfCitizen', 'companyHead', 'diplomaticStaff', 'accreditedJournalist', 'internationalAgreement'] as const;

const steps = [
  question('exemptions', [checkboxes('workerExemptions', [...EXEMPTIONS, 'none'], { exclusive: 'none' })]),
  exit('exempt'),
  employerStep('employer'),
  addressStep('employer-address'),
  identityStep('worker-identity'),
  travelDocumentStep('worker-document'),
  repeat(
    'work-history',
    [
      text('jobEmployer', { maxLength: 200 }),
      // Azerbaijan is on the list: a worker may have worked here before.
      select('jobCountry', 'countries'),
      text('jobTitle', { maxLength: 150 }),
      date('jobStart', { precision: 'month', time: 'notFuture' }),
      date('jobEnd', { precision: 'month', time: 'notFuture', optional: true }),
    ],
    {
      min: 1,
      max: 15,
      describedBy: ['jobTitle', 'jobEmployer'],
      itemCheck: (job, { today }) => {
        if (!job.jobEnd) return [];
        if (job.jobEnd < job.jobStart) return [{ field: 'jobEnd', code: 'beforeStart', part: 'month' }];
        // The page asks for the jobs of the last 5 years: one that ended before them is refused, not kept without a word.
        const firstMonth = addMonths(today, -12 * HISTORY_YEARS).slice(0, 7);
        return job.jobEnd < firstMonth ? [{ field: 'jobEnd', code: 'tooLongAgo', part: 'month', values: { since: `${firstMonth}-01` } }] : [];
      },
    },
  ),
  question('position', [
    text('positionTitle', { maxLength: 150 }),
    // The national classification of occupations: a code of 4 to 6 digits.
    text('occupationCode', { strip: /[\s.-]/g, pattern: /^\d{4,6}$/, width: '10', inputmode: 'numeric' }),
    number('monthlySalary', { money: true, min: 1, max: 1_000_000 }),
    date('contractStart', { time: 'notPast' }),
  ]),
  addressStep('workplace'),
  question('need', [longText('foreignWorkerReason', { maxLength: 5000 })]),
  feeStep('fee', { fee: workPermitFee, deadline: workPermitDeadline }),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    { id: 'eligibility', steps: ['exemptions', 'exempt'] },
    { id: 'employer', steps: ['employer', 'employer-address'] },
    { id: 'worker', steps: ['worker-identity', 'worker-document', 'work-history'] },
    { id: 'job', steps: ['position', 'workplace', 'need'] },
    { id: 'fee', steps: ['fee'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: {
    exempt: (answers) => !!answers.exemptions?.workerExemptions.some((exemption) => exemption !== 'none'),
  },
  person: {
    name: nameIn('worker-identity'),
    dateOfBirth: ['worker-identity', 'dateOfBirth'],
    documentNumber: ['worker-document', 'documentNumber'],
    citizenship: ['worker-identity', 'citizenship'],
    email: ['contact', 'email'],
  },
});

// Migration Code 66.0 (the grounds for refusing a work permit; 67.7: a refusal cites them).
export const WORK_PERMIT_REFUSALS = {
  falseInformation: migrationCode('66.0.2'),
  documentsIncomplete: migrationCode('66.0.1'),
  groundsNotProven: toConfirm('migrationCode'),
  entryBan: toConfirm('migrationCode'),
  securityThreat: toConfirm('migrationCode'),
};

export const workPermit: ServiceDefinition = {
  id: 'work-permit',
  number: 5,
  group: 'work',
  kind: 'application',
  deadline: workPermitDeadline,
  fee: workPermitFee,
  documents: Object.values(documents),
  journey,
  version: 1,
  decision: { grants: 'permit', numberPrefix: 'IS', validityMonths: { default: 12, max: 12 }, refusals: WORK_PERMIT_REFUSALS, appeal: COURT_WITHIN_30_DAYS, fourEyes: false },
};
