import { addMonths, ageOn } from '../../time/calendar.js';
import { checkboxes, date, file, longText, number, radios, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import type { FieldError } from '../../forms/model.js';
import { feeStep } from '../../forms/steps/fee.js';
import { notice } from '../../forms/steps/notice.js';
import { question } from '../../forms/steps/question.js';
import { addressStep } from '../blocks/address.js';
import { closingSteps } from '../blocks/closing.js';
import { familyAsked, familySteps } from '../blocks/family.js';
import { FOREIGNER_REFS, identityStep, travelDocumentStep } from '../blocks/person.js';
import { REPRESENTATION_PROOF, whoApplies } from '../blocks/representative.js';
import { DEFAULT_DOCUMENT, type Deadline, type Fee, type ServiceDefinition } from '../types.js';
import { COURT_WITHIN_30_DAYS, migrationCode, toConfirm } from '../legal.js';
import { fieldsOf } from '../../http/fields.js';

/** A temporary permit must have been held this long before a permanent one is asked for. */
const YEARS_OF_TEMPORARY_PERMIT = 2;
/** Apply at least this many months before the temporary permit ends. */
const MONTHS_BEFORE_TEMPORARY_PERMIT_ENDS = 3;
/** The language and rights test is not asked of those under 18 or of 65 and over (nor of group I disability). */
const TEST_AGES = { from: 18, below: 65 } as const;
/** Children of these ages consent to the application in writing. */
const CONSENTING_CHILD_AGES = { from: 14, below: 18 } as const;

/*
 * The catalogue gives 60 days, or 35, 40 or 50 at faster rates, but publishes only the 300 AZN fee
 * (150 for minors). The fee step offers what is published; the faster rates are named in feeNote
 * until the Service gives their fees, so that no one is charged an amount we made up.
 */
const deadline: Deadline = {
  standard: { amount: 60, unit: 'days' },
  faster: { amount: 50, unit: 'days' },
  fastest: { amount: 35, unit: 'days' },
};

const fee: Fee = {
  kind: 'schedule',
  speeds: ['standard'],
  rows: [{ period: 'single', amounts: [300] }],
  noteKey: 'feeNote',
  reductions: { minor: 50 },
};

const INCOME = ['employment', 'business', 'pension', 'family', 'savings', 'other'] as const;

const permitNumber = <const N extends string>(name: N) =>
  text(name, { uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9-]{4,20}$/, width: '20', spellcheck: false });

/** Read by step id alone, as the blocks read them: the fee step's reduction sees untyped answers. */
type AnyAnswers = Readonly<Record<string, unknown>>;
type Member = { relation?: string; memberBirthDate?: string };

function familyMembers(answers: AnyAnswers): Member[] {
  return familyAsked(answers) ? ((answers.family as { items?: Member[] } | undefined)?.items ?? []) : [];
}

function ageOfPerson(answers: AnyAnswers, today: string): number | null {
  const born = fieldsOf(answers.identity).dateOfBirth;
  return typeof born === 'string' ? ageOn(born, today) : null;
}

/** The consent of children aged 14 to 18 is asked for only when such a child is listed. */
function hasConsentingChild(answers: AnyAnswers, today: string): boolean {
  return familyMembers(answers).some((member) => {
    if (member.relation !== 'child' || !member.memberBirthDate) return false;
    const age = ageOn(member.memberBirthDate, today);
    return age >= CONSENTING_CHILD_AGES.from && age < CONSENTING_CHILD_AGES.below;
  });
}

const documents = {
  passportPages: { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  photo: { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'], maxFiles: 2 },
  healthCertificate: { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
  housingDocument: { id: 'housingDocument', required: true, ...DEFAULT_DOCUMENT },
  residencePermitCard: { id: 'residencePermitCard', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 },
  fundsProof: { id: 'fundsProof', required: true, ...DEFAULT_DOCUMENT, maxFiles: 3 },
  familyCertificate: { id: 'familyCompositionCertificate', required: true, ...DEFAULT_DOCUMENT },
  childrenConsent: { id: 'childrenConsent', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
  testCertificate: { id: 'languageTestCertificate', required: true, ...DEFAULT_DOCUMENT },
  disabilityCertificate: { id: 'disabilityCertificate', required: true, ...DEFAULT_DOCUMENT },
  representation: REPRESENTATION_PROOF,
} as const;

const applicant = whoApplies('identity');

const steps = [
  ...applicant.steps,
  question(
    'application-type',
    [
      radios('applicationType', ['issue', 'extension'], {
        reveal: {
          issue: [permitNumber('temporaryPermitNumber'), date('temporaryPermitSince', { time: 'notFuture' }), date('temporaryPermitEndDate', { time: 'notPast' })],
          extension: [permitNumber('currentPermitNumber'), date('permitEndDate', { time: 'notPast' })],
        },
      }),
    ],
    {
      check: (values, { today }) => {
        if (values.applicationType !== 'issue' || !values.temporaryPermitSince || !values.temporaryPermitEndDate) return [];
        const errors: FieldError[] = [];
        const eligibleFrom = addMonths(values.temporaryPermitSince, YEARS_OF_TEMPORARY_PERMIT * 12);
        if (eligibleFrom > today) errors.push({ field: 'temporaryPermitSince', code: 'tooSoon', part: 'day', values: { from: eligibleFrom } });
        const lastDay = addMonths(values.temporaryPermitEndDate, -MONTHS_BEFORE_TEMPORARY_PERMIT_ENDS);
        if (lastDay < today) errors.push({ field: 'temporaryPermitEndDate', code: 'tooLate', part: 'day', values: { lastDay } });
        return errors;
      },
    },
  ),
  identityStep('identity'),
  travelDocumentStep('travel-document'),
  question('residence', [number('yearsOfResidence', { min: 0, max: 100, width: '3' }), number('daysAbroad', { min: 0, max: 180, width: '3' })]),
  question('means', [checkboxes('incomeSources', [...INCOME]), longText('meansDetails', { maxLength: 2000, rows: 4 })]),
  question('language-test', [
    radios('testStatus', ['passed', 'disability', 'notYet'], {
      reveal: {
        passed: [date('testDate', { time: 'notFuture' })],
        disability: [text('disabilityCertificateNumber', { maxLength: 30, width: '20', spellcheck: false })],
      },
    }),
  ]),
  // Told before paying: without the test (or an exemption) the permit is likely to be refused.
  notice('test-warning'),
  ...familySteps(),
  addressStep('address'),
  feeStep('fee', {
    fee,
    deadline,
    reduction: (answers, { today }) => {
      const age = ageOfPerson(answers, today);
      return age !== null && age < TEST_AGES.from ? 'minor' : null;
    },
  }),
  ...closingSteps(documents, {
    askedWhen: {
      familyCertificate: familyAsked,
      testCertificate: (answers: AnyAnswers) => fieldsOf(answers['language-test']).testStatus === 'passed',
      disabilityCertificate: (answers: AnyAnswers) => fieldsOf(answers['language-test']).testStatus === 'disability',
    },
    onOtherSteps: ['childrenConsent'],
  }),
  // A step of its own, not a field of the one above: whether a child is 14 to 18 depends on today, which a step's condition sees.
  question('children-consent', [file(documents.childrenConsent)], { block: 'documents' }),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    applicant.section,
    { id: 'application', steps: ['application-type'] },
    { id: 'person', steps: ['identity', 'travel-document'] },
    { id: 'life', steps: ['residence', 'means', 'language-test', 'test-warning'] },
    { id: 'family', steps: ['has-family', 'family'] },
    { id: 'home', steps: ['address'] },
    { id: 'fee', steps: ['fee'] },
    { id: 'contact', steps: ['contact'] },
    { id: 'documents', steps: ['documents', 'children-consent'] },
  ],
  conditions: {
    ...applicant.conditions,
    'language-test': (answers, { today }) => {
      const age = ageOfPerson(answers, today);
      return age === null || (age >= TEST_AGES.from && age < TEST_AGES.below);
    },
    'test-warning': (answers) => answers['language-test']?.testStatus === 'notYet',
    family: familyAsked,
    'children-consent': (answers, { today }) => hasConsentingChild(answers, today),
  },
  checks: applicant.checks,
  person: FOREIGNER_REFS,
});

// Migration Code 55.0 (a permanent residence permit is not given or extended) and 54.1 (apply at least 3 months before); 56 opens the appeal.
const PERMANENT_RESIDENCE_REFUSALS = {
  falseInformation: migrationCode('55.0.4'),
  documentsIncomplete: migrationCode('55.0.3'),
  groundsNotProven: toConfirm('migrationCode'),
  entryBan: toConfirm('migrationCode'),
  securityThreat: migrationCode('55.0.1'),
  conditionsNotMet: toConfirm('migrationCode'),
  lateApplication: migrationCode('54.1'),
};

export const permanentResidencePermit: ServiceDefinition = {
  id: 'permanent-residence-permit',
  number: 4,
  group: 'stayAndResidence',
  kind: 'application',
  deadline,
  fee,
  documents: Object.values(documents),
  journey,
  version: 1,
  decision: { grants: 'permit', numberPrefix: 'DYI', validityMonths: { default: 60, max: 60 }, refusals: PERMANENT_RESIDENCE_REFUSALS, appeal: COURT_WITHIN_30_DAYS, fourEyes: true },
};
