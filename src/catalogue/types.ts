import type { Journey } from '../forms/journey.js';
import type { AppealRule, LegalBasis } from './legal.js';
import type { Grant, RefusalReasonId } from '../db/tables.js';

/**
 * A service is data. Every word a user reads about it lives in
 * locales/<lang>/services.json under `services.<id>`; this file holds only
 * what code needs: ids, figures and the journey.
 */

export type ServiceKind = 'application' | 'instant';

export type ServiceGroup =
  | 'stayAndResidence'
  | 'work'
  | 'citizenship'
  | 'careers'
  | 'checks';

/** Processing speeds, in the order the Service publishes them (slowest first). */
export type SpeedId = 'standard' | 'faster' | 'fastest';

/** Periods a fee can depend on; words in locales `services:periods.<id>`. */
export type PeriodId =
  | 'days30'
  | 'days60'
  | 'months3'
  | 'months6'
  | 'year1'
  | 'years2'
  | 'years3'
  | 'single';

export type DurationUnit = 'workingDays' | 'days';

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** Legal decision deadline per processing speed. */
export type Deadline = Partial<Record<SpeedId, Duration>> & { standard: Duration };

export type Fee =
  | { kind: 'free' }
  | {
      kind: 'schedule';
      /** Columns of the table: one per speed the applicant may choose. */
      speeds: SpeedId[];
      rows: { period: PeriodId; amounts: number[] }[];
      /** Extra words under the table, key under `services.<id>.` */
      noteKey?: string;
      /** Reductions a journey may give a right to, in percent off the table (words in `forms:fee.reductions.<id>`). */
      reductions?: Readonly<Record<string, number>>;
    };

export type DocumentType = 'pdf' | 'jpeg' | 'png';

export interface DocumentRequirement {
  /** Name in locales `services:documents.<id>`. */
  readonly id: string;
  readonly required: boolean;
  readonly types: readonly DocumentType[];
  readonly maxSizeMb: number;
  readonly maxFiles: number;
}

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
