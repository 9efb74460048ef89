import type { ServiceDefinition } from '../types.js';

export const registrationDeadlineCalculator: ServiceDefinition = {
  id: 'registration-deadline-calculator',
  number: 17,
  group: 'checks',
  kind: 'instant',
  deadline: null,
  fee: { kind: 'free' },
  documents: [],
  usePath: '/services/registration-deadline-calculator/calculate',
};
