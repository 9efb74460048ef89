import type { ServiceDefinition } from '../types.js';

export const travelBanCheck: ServiceDefinition = {
  id: 'travel-ban-check',
  number: 15,
  group: 'checks',
  kind: 'instant',
  deadline: null,
  fee: { kind: 'free' },
  documents: [],
  usePath: '/services/travel-ban-check/check',
};
