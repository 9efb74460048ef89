import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

export const foreignCitizenshipNotice: ServiceDefinition = {
  id: 'foreign-citizenship-notice',
  number: 11,
  group: 'citizenship',
  kind: 'application',
  deadline: { standard: { amount: 30, unit: 'days' } },
  fee: { kind: 'free' },
  documents: [
    { id: 'foreignPassport', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'azerbaijaniIdCard', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 },
  ],
};
