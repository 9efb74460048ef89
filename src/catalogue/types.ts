import type { Journey } from '../forms/journey.js';
import type { AppealRule, LegalBasis } from './legal.js';
import type { Grant, RefusalReasonId } from '../db/tables.js';
import type { DocumentRequirement } from '../documents/requirement.js';
import type { Deadline, DurationUnit, Fee, PeriodId, SpeedId } from '../forms/steps/fee.js';

/**
 * A service is data. Every word a user reads about it lives in
 * locales/<lang>/services.json under `services.<id>`; this file holds only
 * what code needs: ids, figures and the journey.
 */

type ServiceKind = 'application' | 'instant';

export type ServiceGroup =
  | 'stayAndResidence'
  | 'work'
  | 'citizenship'
  | 'careers'
  | 'checks';

// The fee table, deadlines and documents are what the engine's fee step and file field read, so
// they are declared there, under the catalogue; a service still names them from here.
export type { Deadline, DurationUnit, Fee, PeriodId, SpeedId };
export type { DocumentRequirement };

export interface ServiceDefinition {
  /** The slug: `/services/<id>`. */
  id: string;
  /** Position in the published catalogue (1 to 18). */
  number: number;
  group: ServiceGroup;
  kind: ServiceKind;
  /** Null for instant services: nobody decides them. */
  deadline: Deadline | null;
  fee: Fee;
  documents: readonly DocumentRequirement[];
  /** Present once an application service can be used online here. */
  journey?: Journey;
  /** Present once an instant service can be used here: the page that answers it. */
  usePath?: string;
  /**
   * The version of the journey's definition. Each application keeps the version it was made with;
   * a change that reads old answers differently makes a new version and keeps the old one readable.
   */
  version?: number;
  /** How officers decide it; services decided by officers without rules of their own use DEFAULT_DECISION_RULES. */
  decision?: DecisionRules;
}

export const DEFAULT_DOCUMENT: Pick<DocumentRequirement, 'types' | 'maxSizeMb' | 'maxFiles'> = {
  types: ['pdf', 'jpeg', 'png'],
  maxSizeMb: 5,
  maxFiles: 1,
};

// What an approval gives and the reasons for a refusal are kept on every decided application, so
// the table that keeps them declares them; a service names them from here.
export type { Grant, RefusalReasonId };

/** How officers decide a service's applications. */
export interface DecisionRules {
  grants: Grant;
  /**
   * Letters that begin the number every approval of the service is given (a permit's, a
   * registration's, a decision's): its kind, as the verification page names it (`verify:kinds.<prefix>`).
   */
  numberPrefix: string;
  /**
   * How long what is granted lasts when the application names no period (months): the default
   * the officer sees and the most they may give. A period the applicant chose (and paid for) is both.
   */
  validityMonths?: { default: number; max: number };
  /** An answer that ends the validity by default (the planned departure of a registration). */
  validUntilAnswer?: readonly [string, string];
  /** An answer after which validity starts (an extension runs on from the current stay's end). */
  validAfterAnswer?: readonly [string, string];
  /** The reasons the service can be refused for, in the order officers see them, each with its legal basis. */
  refusals: Readonly<Partial<Record<RefusalReasonId, LegalBasis>>>;
  /** To whom and within how many days a refusal can be appealed. */
  appeal: AppealRule;
  /** A second officer, a supervisor other than the first, must confirm the decision (four eyes). */
  fourEyes: boolean;
}
