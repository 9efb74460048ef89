import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

export const citizenshipRenunciation: ServiceDefinition = {
  id: 'citizenship-renunciation',
  number: 10,
  group: 'citizenship',
  kind: 'application',
  deadline: { standard: { amount: 90, unit: 'days' } },
  fee: { kind: 'free' },
  documents: [
    { id: 'azerbaijaniIdCard', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 },
    { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'], maxFiles: 2 },
    { id: 'familyCompositionCertificate', required: true, ...DEFAULT_DOCUMENT },
    { id: 'otherCitizenshipProof', required: true, ...DEFAULT_DOCUMENT },
  ],
  decision: { grants: 'decision', refusalReasons: ['falseInformation', 'documentsIncomplete', 'conditionsNotMet'], fourEyes: true },
};
