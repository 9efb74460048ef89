import type { ServiceDefinition } from '../types.js';
import { COMMON_REFUSALS } from '../decisions.js';
import { DEFAULT_DOCUMENT } from '../types.js';

/*
 * The catalogue gives 60 days, or 35, 40 or 50 at faster rates. The type has
 * three speeds, so: standard 60, faster 50, fastest 35; the 40-day option is
 * named in feeNote. Only the 300 AZN fee (150 for minors) is published.
 */
export const permanentResidencePermit: ServiceDefinition = {
  id: 'permanent-residence-permit',
  number: 4,
  group: 'stayAndResidence',
  kind: 'application',
  deadline: {
    standard: { amount: 60, unit: 'days' },
    faster: { amount: 50, unit: 'days' },
    fastest: { amount: 35, unit: 'days' },
  },
  fee: {
    kind: 'schedule',
    speeds: ['standard'],
    rows: [{ period: 'single', amounts: [300] }],
    noteKey: 'feeNote',
  },
  documents: [
    { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'], maxFiles: 2 },
    { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
    { id: 'housingDocument', required: true, ...DEFAULT_DOCUMENT },
    { id: 'residencePermitCard', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 },
    { id: 'familyCompositionCertificate', required: true, ...DEFAULT_DOCUMENT },
    { id: 'fundsProof', required: true, ...DEFAULT_DOCUMENT },
    { id: 'childrenConsent', required: false, ...DEFAULT_DOCUMENT },
  ],
  decision: { grants: 'permit', permitPrefix: 'DYI', validityMonths: { default: 60, max: 60 }, refusalReasons: [...COMMON_REFUSALS, 'conditionsNotMet', 'lateApplication'], fourEyes: true },
};
