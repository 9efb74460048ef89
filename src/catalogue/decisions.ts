import type { TFunction } from 'i18next';
import { basisText, COURT_WITHIN_30_DAYS, toConfirm, type LegalBasis } from './legal.js';
import type { DecisionRules, PeriodId, RefusalReasonId, ServiceDefinition } from './types.js';

/** Every reason there is; which a service offers, and on what legal basis, is in its `decision.refusals`. */
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

/** What a case has been through, as far as it decides which reasons can apply to it. */
export interface CaseFacts {
  /** The officer asked the applicant for more information at least once. */
  informationRequested: boolean;
}

/**
 * Reasons that can apply only after something happened on the case: "still incomplete after a
 * request for information" needs a request to have been made.
 */
export const REFUSAL_CONDITIONS: Readonly<Partial<Record<RefusalReasonId, keyof CaseFacts>>> = {
  documentsIncomplete: 'informationRequested',
};

/** Rules for an application service that has none of its own: every basis to be confirmed. */
const DEFAULT_DECISION_RULES: DecisionRules = {
  grants: 'decision',
  numberPrefix: 'QR',
  refusals: {
    falseInformation: toConfirm('migrationCode'),
    documentsIncomplete: toConfirm('migrationCode'),
    conditionsNotMet: toConfirm('migrationCode'),
    securityThreat: toConfirm('migrationCode'),
  },
  appeal: COURT_WITHIN_30_DAYS,
  fourEyes: false,
};

export function decisionRules(service: ServiceDefinition): DecisionRules {
  return service.decision ?? DEFAULT_DECISION_RULES;
}

/** The reasons a service can be refused for, in the order officers see them. */
export function refusalReasonsOf(service: ServiceDefinition): RefusalReasonId[] {
  return Object.keys(decisionRules(service).refusals) as RefusalReasonId[];
}

/** The reasons that can apply to this case now: the service's, less those whose condition it has not met. */
export function applicableRefusals(service: ServiceDefinition, facts: CaseFacts): RefusalReasonId[] {
  return refusalReasonsOf(service).filter((reason) => {
    const condition = REFUSAL_CONDITIONS[reason];
    return !condition || facts[condition];
  });
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

/** The legal basis of refusing this service for this reason; the law alone, to be confirmed, for a reason it no longer offers. */
export function legalBasisOf(service: ServiceDefinition, reason: RefusalReasonId): LegalBasis {
  const rules = decisionRules(service);
  return rules.refusals[reason] ?? toConfirm(Object.values(rules.refusals)[0]?.law ?? 'migrationCode');
}

/** A reason as a refusal states it: its words, then its legal basis in brackets. */
export function reasonWithBasis(t: TFunction, service: ServiceDefinition, reason: RefusalReasonId): string {
  return `${t(`services:refusalReasons.${reason}.text`)} (${basisText(t, legalBasisOf(service, reason))})`;
}
