import { findService } from '../../catalogue/index.js';
import type { ApplicationRow } from '../../db/tables.js';
import { todayInBaku } from '../../time/calendar.js';
import { APPROVE, CONFIRM, INFORMATION_RECEIVED, REFUSE, REQUEST_INFORMATION, SEND_BACK } from '../decisions/actions.js';
import { REVOKE } from '../decisions/revocation.js';
import type { BackofficeDeps } from '../context.js';
import type { OfficerRow } from '../officers/repository.js';
import type { CaseAction } from './case-action.js';
import { CLAIM, REASSIGN, RELEASE } from './claims.js';

/** Every action, in the order the case page offers them. */
const CASE_ACTIONS: readonly Pick<CaseAction<unknown>, 'name' | 'available' | 'form'>[] = [CLAIM, REQUEST_INFORMATION, INFORMATION_RECEIVED, APPROVE, REFUSE, CONFIRM, SEND_BACK, REVOKE, RELEASE, REASSIGN];

/** The actions this officer can take on this case now: a form to open, or a button that posts at once. */
export function availableActions(deps: BackofficeDeps, application: ApplicationRow, officer: OfficerRow): { name: string; form: boolean }[] {
  const service = findService(application.service_id);
  if (!service) return [];
  const context = { application, officer, service, today: todayInBaku(deps.clock()), deps };
  return CASE_ACTIONS.filter((action) => action.available(context)).map((action) => ({ name: action.name, form: !!action.form }));
}
