import type { Knex } from 'knex';
import type { Status } from '../../applications/status.js';
import type { ServiceDefinition } from '../../catalogue/types.js';
import type { Queryable } from '../../db/knex.js';
import type { ApplicationRow } from '../../db/tables.js';
import type { AuditAction } from '../audit/log.js';
import type { BackofficeDeps } from '../context.js';
import type { BackofficeError } from '../forms.js';
import type { OfficerRow } from '../officers/repository.js';

// What an action on a case is, apart from the code that shows and performs one (actions.ts): each
// action module and the case page's list of what is available read this without importing the
// page they are shown on.

export interface ActionContext {
  application: ApplicationRow;
  officer: OfficerRow;
  service: ServiceDefinition;
  today: string;
  deps: BackofficeDeps;
}

/** What an action does to a case; `refused` names why it cannot be done now. */
type Change =
  | { refused: string }
  | {
      update: Record<string, unknown>;
      toStatus?: Status;
      event: string;
      details?: Record<string, unknown>;
      audit: AuditAction;
    };

export type Reading<I> = { input: I } | { errors: BackofficeError[]; typed: Record<string, unknown> };

export interface CaseAction<I = Record<string, never>> {
  /** Its path under the case, and the key of its words (`backoffice:actions.<name>`). */
  name: string;
  /** Whether this officer may do it to this case now; the case page offers only these. */
  available: (context: ActionContext) => boolean;
  /** Why not, when not available: a refusal code shown on the case page. */
  refusal: (context: ActionContext) => string;
  /** The form it asks first, if any: its view and what the view needs besides what was typed. */
  form?: { view: string; model: (context: ActionContext) => Record<string, unknown> | Promise<Record<string, unknown>> };
  /** Reads the officer's form; `db` is the action's transaction, for checks that depend on the case's history. */
  read?: (body: unknown, context: ActionContext, db: Queryable) => Reading<I> | Promise<Reading<I>>;
  decide: (context: ActionContext, input: I, trx: Knex.Transaction) => Change | Promise<Change>;
}

export const actor = (officer: { id: string }) => `officer:${officer.id}`;
