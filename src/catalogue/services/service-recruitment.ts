import type { ServiceDefinition } from '../types.js';
import { DEFAULT_DOCUMENT } from '../types.js';

export const serviceRecruitment: ServiceDefinition = {
  id: 'service-recruitment',
  number: 12,
  group: 'careers',
  kind: 'application',
  deadline: { standard: { amount: 30, unit: 'days' } },
  fee: { kind: 'free' },
  documents: [
    { id: 'diploma', required: true, ...DEFAULT_DOCUMENT },
    { id: 'cv', required: true, ...DEFAULT_DOCUMENT },
    { id: 'photo', required: true, ...DEFAULT_DOCUMENT, types: ['jpeg', 'png'] },
  ],
};
