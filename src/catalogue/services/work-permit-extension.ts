import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

/** Deadlines and fees "as work permit" (catalogue, service 6). */
export const workPermitExtension: ServiceDefinition = {
  id: 'work-permit-extension',
  number: 6,
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
  },
  documents: [{ id: 'employmentContract', required: true, ...DEFAULT_DOCUMENT }],
};
