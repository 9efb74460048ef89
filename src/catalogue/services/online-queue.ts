import type { ServiceDefinition } from '../types.js';

export const onlineQueue: ServiceDefinition = {
  id: 'online-queue',
  number: 18,
  group: 'checks',
  kind: 'instant',
  deadline: null,
  fee: { kind: 'free' },
  documents: [],
  usePath: '/services/online-queue/book',
};
