import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

export const citizenshipRestoration: ServiceDefinition = {
  id: 'citizenship-restoration',
  number: 9,
  group: 'citizenship',
  kind: 'application',
  deadline: { standard: { amount: 90, unit: 'days' } },
  fee: { kind: 'free' },
  documents: [
    { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'] },
    { id: 'identityDocument', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'terminationDecision', required: false, ...DEFAULT_DOCUMENT },
    { id: 'familyCompositionCertificate', required: true, ...DEFAULT_DOCUMENT },
    { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
  ],
  decision: { grants: 'decision', refusalReasons: ['falseInformation', 'documentsIncomplete', 'conditionsNotMet', 'securityThreat'], fourEyes: true },
};
