import type { ServiceDefinition } from '../types.js';

export const stateFeePayment: ServiceDefinition = {
  id: 'state-fee-payment',
  number: 16,
  group: 'checks',
  kind: 'instant',
  deadline: null,
  fee: { kind: 'free' },
  documents: [],
  usePath: '/payments',
};
