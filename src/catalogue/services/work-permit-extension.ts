import type { Queryable } from '../../db/knex.js';
import { date, text } from '../../forms/fields/index.js';
import { defineJourney } from '../../forms/journey.js';
import type { Answers } from '../../forms/model.js';
import { feeStep } from '../../forms/steps/fee.js';
import { prefill } from '../../forms/steps/prefill.js';
import { question } from '../../forms/steps/question.js';
import { addressStep } from '../blocks/address.js';
import { CLOSING_SECTIONS, closingSteps } from '../blocks/closing.js';
import { employerFields, TAX_NUMBER } from '../blocks/organisation.js';
import { identityFields, nameIn, normaliseDocumentNumber, travelDocumentStep } from '../blocks/person.js';
import { DEFAULT_DOCUMENT, type ServiceDefinition } from '../types.js';
import { WORK_PERMIT_REFUSALS, workPermitDeadline, workPermitFee } from './work-permit.js';
import { COURT_WITHIN_30_DAYS, migrationCode } from '../legal.js';

const documents = {
  contract: { id: 'employmentContract', required: true, ...DEFAULT_DOCUMENT, maxFiles: 3 },
} as const;

/*
 * The permit number, the employer's VÖEN and the worker's date of birth are asked first, once: together
 * they find an earlier application for this permit, and the later steps do not ask them again.
 */
const employerDetails = employerFields.filter((field) => field.name !== 'organisationTaxNumber');
const workerDetails = identityFields.filter((field) => field.name !== 'dateOfBirth');

type PermitKeys = { permitNumber: string; organisationTaxNumber: string; workerDateOfBirth: string };

/**
 * The newest application for this permit, by this employer, for this worker: the approved work permit
 * that gave the number, or an earlier extension of it. Anything else, and any mismatch, is nothing.
 */
async function earlierApplication(db: Queryable, answers: Answers): Promise<Answers | null> {
  const keys = answers.permit as PermitKeys | undefined;
  if (!keys) return null;
  const row = await db('applications')
    .select('answers')
    .where('date_of_birth', keys.workerDateOfBirth)
    .andWhere((where) =>
      where
        .where((permit) =>
          permit
            .where({ service_id: 'work-permit', status: 'approved', permit_number: keys.permitNumber })
            .andWhereRaw(`answers->'employer'->>'organisationTaxNumber' = ?`, [keys.organisationTaxNumber]),
        )
        .orWhere((extension) =>
          extension
            .where({ service_id: 'work-permit-extension' })
            .whereNot({ status: 'withdrawn' })
            .andWhereRaw(`answers->'permit'->>'permitNumber' = ?`, [keys.permitNumber])
            .andWhereRaw(`answers->'permit'->>'organisationTaxNumber' = ?`, [keys.organisationTaxNumber]),
        ),
    )
    .orderBy('submitted_at', 'desc')
    .first();
  return row?.answers ?? null;
}

const steps = [
  question('permit', [
    text('permitNumber', { uppercase: true, strip: /[\s-]/g, pattern: /^[0-9A-Z]{4,20}$/, width: '20', spellcheck: false }),
    date('permitEndDate', { time: 'notPast' }),
    text('organisationTaxNumber', TAX_NUMBER),
    date('workerDateOfBirth', { time: 'past' }),
  ]),
  prefill('earlier-details', {
    fills: ['employer', 'employer-address', 'worker-identity', 'worker-document'],
    find: earlierApplication,
    guessedAt: (answers) => normaliseDocumentNumber(String((answers.permit as PermitKeys | undefined)?.permitNumber ?? '')),
  }),
  question('employer', employerDetails, { block: 'employer' }),
  addressStep('employer-address'),
  question('worker-identity', workerDetails, { block: 'identity' }),
  travelDocumentStep('worker-document'),
  feeStep('fee', { fee: workPermitFee, deadline: workPermitDeadline }),
  ...closingSteps(documents),
] as const;

const journey = defineJourney({
  steps,
  sections: [
    { id: 'permit', steps: ['permit', 'earlier-details'] },
    { id: 'employer', steps: ['employer', 'employer-address'] },
    { id: 'worker', steps: ['worker-identity', 'worker-document'] },
    { id: 'fee', steps: ['fee'] },
    ...CLOSING_SECTIONS,
  ],
  person: {
    name: nameIn('worker-identity'),
    dateOfBirth: ['permit', 'workerDateOfBirth'],
    documentNumber: ['worker-document', 'documentNumber'],
    citizenship: ['worker-identity', 'citizenship'],
    email: ['contact', 'email'],
  },
});

/** Deadlines and fees "as work permit" (catalogue, service 6): the same figures, so one copy of them. */
// An extension follows the work permit's procedure (Migration Code 69.4, so 67.7 and 66.0), applied for at least 30 days before the permit ends (69.2).
const WORK_PERMIT_EXTENSION_REFUSALS = { ...WORK_PERMIT_REFUSALS, lateApplication: migrationCode('69.2') };

export const workPermitExtension: ServiceDefinition = {
  id: 'work-permit-extension',
  number: 6,
  group: 'work',
  kind: 'application',
  deadline: workPermitDeadline,
  fee: workPermitFee.kind === 'schedule' ? { ...workPermitFee, noteKey: undefined } : workPermitFee,
  documents: Object.values(documents),
  journey,
  version: 1,
  decision: { grants: 'permit', numberPrefix: 'IS', validityMonths: { default: 12, max: 12 }, refusals: WORK_PERMIT_EXTENSION_REFUSALS, appeal: COURT_WITHIN_30_DAYS, fourEyes: false },
};
