import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

/*
 * The catalogue lists 30, 60, 120, 180, 240, 300, 360 AZN for periods from
 * 3 months to 3 years (10 AZN a month), faster 40 … 480 (a third more).
 * Rows hold the periods the portal offers; 18 and 30 months are in feeNote.
 */
export const temporaryResidencePermit: ServiceDefinition = {
  id: 'temporary-residence-permit',
  number: 3,
  group: 'stayAndResidence',
  kind: 'application',
  deadline: {
    standard: { amount: 20, unit: 'workingDays' },
    faster: { amount: 15, unit: 'workingDays' },
  },
  fee: {
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
  },
  documents: [
    { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'], maxFiles: 2 },
    { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
    { id: 'residenceGroundEvidence', required: true, ...DEFAULT_DOCUMENT },
    { id: 'legalStayProof', required: true, ...DEFAULT_DOCUMENT },
    { id: 'housingDocument', required: true, ...DEFAULT_DOCUMENT },
  ],
};
