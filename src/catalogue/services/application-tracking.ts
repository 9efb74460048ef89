import type { ServiceDefinition } from '../types.js';

export const applicationTracking: ServiceDefinition = {
  id: 'application-tracking',
  number: 14,
  group: 'checks',
  kind: 'instant',
  deadline: null,
  fee: { kind: 'free' },
  documents: [],
  usePath: '/track',
};
