import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

export const stayExtension: ServiceDefinition = {
  id: 'stay-extension',
  number: 2,
  group: 'stayAndResidence',
  kind: 'application',
  deadline: {
    standard: { amount: 3, unit: 'workingDays' },
    faster: { amount: 1, unit: 'workingDays' },
  },
  fee: {
    kind: 'schedule',
    speeds: ['standard', 'faster'],
    rows: [
      { period: 'days30', amounts: [30, 50] },
      { period: 'days60', amounts: [60, 100] },
    ],
    noteKey: 'feeNote',
  },
  documents: [
    { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'extensionGroundEvidence', required: true, ...DEFAULT_DOCUMENT },
  ],
};
