import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

export const citizenshipAdmission: ServiceDefinition = {
  id: 'citizenship-admission',
  number: 8,
  group: 'citizenship',
  kind: 'application',
  deadline: { standard: { amount: 90, unit: 'days' } },
  fee: { kind: 'free' },
  documents: [
    { id: 'passportPages', required: true, ...DEFAULT_DOCUMENT, maxFiles: 4 },
    { id: 'residencePermitCard', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 },
    { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'] },
    { id: 'healthCertificate', required: true, ...DEFAULT_DOCUMENT },
  ],
  decision: { grants: 'decision', refusalReasons: ['falseInformation', 'documentsIncomplete', 'conditionsNotMet', 'securityThreat'], fourEyes: true },
};
