import type { DecisionRules, PeriodId, RefusalReasonId, ServiceDefinition } from './types.js';

/** Every reason there is; the legal basis of each is in the locale files, next to its words. */
export const REFUSAL_REASONS: readonly RefusalReasonId[] = [
  'falseInformation',
  'documentsIncomplete',
  'groundsNotProven',
  'abroadTooLong',
  'entryBan',
  'securityThreat',
  'lateApplication',
  'conditionsNotMet',
];

export const COMMON_REFUSALS: readonly RefusalReasonId[] = ['falseInformation', 'documentsIncomplete', 'groundsNotProven', 'entryBan', 'securityThreat'];

export const DEFAULT_DECISION_RULES: DecisionRules = { grants: 'decision', refusalReasons: ['falseInformation', 'documentsIncomplete', 'conditionsNotMet', 'securityThreat'], fourEyes: false };

export function decisionRules(service: ServiceDefinition): DecisionRules {
  return service.decision ?? DEFAULT_DECISION_RULES;
}

/** How long a period a fee was paid for lasts, for the validity it gives. */
export const PERIOD_LENGTH: Partial<Record<PeriodId, { days?: number; months?: number }>> = {
  days30: { days: 30 },
  days60: { days: 60 },
  months3: { months: 3 },
  months6: { months: 6 },
  year1: { months: 12 },
  years2: { months: 24 },
  years3: { months: 36 },
};
