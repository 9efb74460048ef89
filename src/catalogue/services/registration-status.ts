import type { ServiceDefinition } from '../types.js';

export const registrationStatus: ServiceDefinition = {
  id: 'registration-status',
  number: 13,
  group: 'checks',
  kind: 'instant',
  deadline: null,
  fee: { kind: 'free' },
  documents: [],
  usePath: '/services/registration-status/check',
};
