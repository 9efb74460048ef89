import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

export const workPermit: ServiceDefinition = {
  id: 'work-permit',
  number: 5,
  group: 'work',
  kind: 'application',
  deadline: {
    standard: { amount: 20, unit: 'workingDays' },
    faster: { amount: 15, unit: 'workingDays' },
    fastest: { amount: 10, unit: 'workingDays' },
  },
  fee: {
    kind: 'schedule',
    speeds: ['standard', 'faster', 'fastest'],
    rows: [
      { period: 'months3', amounts: [350, 500, 700] },
      { period: 'months6', amounts: [600, 700, 900] },
      { period: 'year1', amounts: [1000, 1200, 1400] },
    ],
    noteKey: 'feeNote',
  },
  documents: [
    { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'qualificationDocument', required: true, ...DEFAULT_DOCUMENT },
    { id: 'employerLetter', required: true, ...DEFAULT_DOCUMENT },
    { id: 'legalStayProof', required: true, ...DEFAULT_DOCUMENT },
    { id: 'employerRegistration', required: true, ...DEFAULT_DOCUMENT },
    { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
  ],
};
