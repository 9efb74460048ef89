import { addDays, addMonths, daysBetween } from '../../time/calendar.js';
import { consent, date, longText, number, radios, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import { notice } from '../../forms/steps/notice.js';
import { feeStep } from '../../forms/steps/fee.js';
import { question } from '../../forms/steps/question.js';
import { addressStep } from '../blocks/address.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { FIN, TAX_NUMBER } from '../blocks/organisation.js';
import { FOREIGNER_REFS, identityStep, travelDocumentStep } from '../blocks/person.js';
import { DEFAULT_DOCUMENT, type Deadline, type Fee, type PeriodId, type ServiceDefinition } from '../types.js';
import { COURT_WITHIN_30_DAYS, migrationCode, toConfirm } from '../legal.js';

/** Apply at least this many days before the current stay or permit ends. */
const DAYS_BEFORE_END = 30;
/** The passport must stay valid this long after the permit asked for ends. */
const PASSPORT_MONTHS_BEYOND_PERMIT = 3;
/** Published thresholds of two grounds, in manat. */
const MINIMUM_INVESTMENT = 500_000;
const MINIMUM_PROPERTY_OR_DEPOSIT = 100_000;

const deadline: Deadline = {
  standard: { amount: 20, unit: 'workingDays' },
  faster: { amount: 15, unit: 'workingDays' },
};

/*
 * The catalogue lists 30, 60, 120, 180, 240, 300, 360 AZN for periods from 3 months to 3 years
 * (10 AZN a month), faster 40 … 480 (a third more). Rows hold the periods the portal offers;
 * 18 and 30 months are in feeNote.
 */
const fee: Fee = {
  kind: 'schedule',
  speeds: ['standard', 'faster'],
  rows: [
    { period: 'months3', amounts: [30, 40] },
    { period: 'months6', amounts: [60, 80] },
    { period: 'year1', amounts: [120, 160] },
    { period: 'years2', amounts: [240, 320] },
    { period: 'years3', amounts: [360, 480] },
  ],
  noteKey: 'feeNote',
};

const PERIOD_MONTHS: Partial<Record<PeriodId, number>> = { months3: 3, months6: 6, year1: 12, years2: 24, years3: 36 };

const documents = {
  passportPages: { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  photo: { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'], maxFiles: 2 },
  healthCertificate: { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
  groundEvidence: { id: 'residenceGroundEvidence', required: true, ...DEFAULT_DOCUMENT, maxFiles: 3 },
  legalStayProof: { id: 'legalStayProof', required: true, ...DEFAULT_DOCUMENT },
  housingDocument: { id: 'housingDocument', required: true, ...DEFAULT_DOCUMENT },
} as const;

const name = <const N extends string>(field: N) => text(field, { maxLength: 150, letters: true });
const endDate = <const N extends string>(field: N) => date(field, { time: 'notPast' });

const steps = [
  question(
    'application-type',
    [radios('applicationType', ['issue', 'extension'], { reveal: { issue: [endDate('stayEndDate')], extension: [text('currentPermitNumber', { uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9-]{4,20}$/, width: '20', spellcheck: false }), endDate('permitEndDate')] } })],
    {
      check: (values, { today }) => {
        const [field, end] = values.applicationType === 'extension' ? ['permitEndDate', values.permitEndDate] : ['stayEndDate', values.stayEndDate];
        if (!end || daysBetween(today, end) >= DAYS_BEFORE_END) return [];
        return [{ field, code: 'tooLate', part: 'day', values: { lastDay: addDays(end, -DAYS_BEFORE_END) } }];
      },
    },
  ),
  identityStep('identity'),
  travelDocumentStep('travel-document'),
  question('ground', [
    radios('residenceGround', ['relativeOfCitizen', 'familyOfPermitHolder', 'highlyQualified', 'workPermit', 'investment', 'property', 'companyHead', 'study', 'other'], {
      reveal: {
        relativeOfCitizen: [name('relativeName'), text('relativeFin', FIN), text('relationship', { maxLength: 50 })],
        familyOfPermitHolder: [name('permitHolderName'), text('permitHolderPermitNumber', { uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9-]{4,20}$/, width: '20' })],
        highlyQualified: [text('specialistEmployer', { maxLength: 200 })],
        workPermit: [text('workPermitNumber', { uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9-]{4,20}$/, width: '20' })],
        investment: [number('investmentAmount', { money: true, min: MINIMUM_INVESTMENT, width: '20' })],
        property: [number('propertyValue', { money: true, min: MINIMUM_PROPERTY_OR_DEPOSIT, width: '20' })],
        companyHead: [text('companyName', { maxLength: 200 }), text('companyTaxNumber', TAX_NUMBER)],
        study: [text('institutionName', { maxLength: 200 })],
        other: [longText('otherGround', { maxLength: 5000, rows: 5 })],
      },
    }),
  ]),
  question('absence', [radios('abroadOverLimit', ['no', 'yes'], { inline: true })]),
  // Told before paying: a permit is refused to someone abroad more than 90 days in 180.
  notice('absence-warning'),
  addressStep('address'),
  question('housing', [radios('housing', ['own', 'hosted'], { reveal: { hosted: [name('hostName'), text('hostFin', FIN), consent('hostAgrees')] } })]),
  feeStep('fee', { fee, deadline }),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    { id: 'application', steps: ['application-type'] },
    { id: 'person', steps: ['identity', 'travel-document'] },
    { id: 'ground', steps: ['ground', 'absence', 'absence-warning'] },
    { id: 'home', steps: ['address', 'housing'] },
    { id: 'fee', steps: ['fee'] },
    ...CLOSING_SECTIONS,
  ],
  conditions: {
    // Highly qualified specialists are exempt from the 90-days-in-180 rule.
    absence: (answers) => answers.ground?.residenceGround !== 'highlyQualified',
    'absence-warning': (answers) => answers.absence?.abroadOverLimit === 'yes',
  },
  checks: [
    {
      step: 'fee',
      field: 'period',
      uses: ['travel-document'],
      run: (answers) => {
        const chosen = answers.fee!;
        const needed = addMonths(chosen.dueDate, (PERIOD_MONTHS[chosen.period] ?? 0) + PASSPORT_MONTHS_BEYOND_PERMIT);
        const expiry = answers['travel-document']!.documentExpiryDate;
        return expiry < needed ? { code: 'passportTooShort', values: { expiry, needed } } : null;
      },
    },
  ],
  person: FOREIGNER_REFS,
});

// Migration Code 50.1 (a temporary residence permit is not given or extended; 48.1 refuses only on these) and 47.1 (apply at least 30 days before).
const TEMPORARY_RESIDENCE_REFUSALS = {
  falseInformation: migrationCode('50.1.2'),
  documentsIncomplete: migrationCode('50.1.3'),
  groundsNotProven: toConfirm('migrationCode'),
  entryBan: migrationCode('50.1.6'),
  securityThreat: migrationCode('50.1.1'),
  abroadTooLong: migrationCode('50.1.8'),
  lateApplication: migrationCode('47.1'),
};

export const temporaryResidencePermit: ServiceDefinition = {
  id: 'temporary-residence-permit',
  number: 3,
  group: 'stayAndResidence',
  kind: 'application',
  deadline,
  fee,
  documents: Object.values(documents),
  journey,
  version: 1,
  decision: { grants: 'permit', numberPrefix: 'MYI', validityMonths: { default: 12, max: 36 }, refusals: TEMPORARY_RESIDENCE_REFUSALS, appeal: COURT_WITHIN_30_DAYS, fourEyes: false },
};
