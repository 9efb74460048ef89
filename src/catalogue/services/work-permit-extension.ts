import type { ServiceDefinition } from '../types.js';
import { COMMON_REFUSALS } from '../decisions.js';
import { DEFAULT_DOCUMENT } from '../types.js';
import { workPermit } from './work-permit.js';

/** Deadlines and fees "as work permit" (catalogue, service 6): the same figures, so one copy of them. */
export const workPermitExtension: ServiceDefinition = {
  id: 'work-permit-extension',
  number: 6,
  group: 'work',
  kind: 'application',
  deadline: workPermit.deadline,
  fee: workPermit.fee.kind === 'schedule' ? { ...workPermit.fee, noteKey: undefined } : workPermit.fee,
  documents: [{ id: 'employmentContract', required: true, ...DEFAULT_DOCUMENT }],
  decision: { grants: 'permit', permitPrefix: 'IS', validityMonths: { default: 12, max: 12 }, refusalReasons: COMMON_REFUSALS, fourEyes: false },
};
