import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

export const citizenshipDetermination: ServiceDefinition = {
  id: 'citizenship-determination',
  number: 7,
  group: 'citizenship',
  kind: 'application',
  deadline: { standard: { amount: 30, unit: 'days' } },
  fee: { kind: 'free' },
  documents: [
    { id: 'birthCertificate', required: true, ...DEFAULT_DOCUMENT },
    { id: 'previousIdentityDocument', required: false, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'] },
  ],
  decision: { grants: 'decision', refusalReasons: ['falseInformation', 'documentsIncomplete', 'conditionsNotMet'], fourEyes: true },
};
