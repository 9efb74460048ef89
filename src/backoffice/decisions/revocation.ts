import type { Database } from '../../db/knex.js';
import { actor, type CaseAction } from '../cases/case-action.js';
import { bodyText, type BackofficeError } from '../forms.js';
import { SUPERVISORS } from '../officers/roles.js';
import { readNote } from './actions.js';

/**
 * Revokes a permit already given: who and when are kept on the application, and an event goes on
 * its history. The verification page then answers "revoked", the holder's tracking page says so,
 * and no new share code can be made. Supervisors do it from the case page (`REVOKE`); this function
 * is the same change for code that has no officer's request.
 */
export async function revokePermit(db: Database, applicationId: string, officerId: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const [row] = await trx('applications')
      .where({ id: applicationId, status: 'approved' })
      .whereNotNull('permit_number')
      .whereNull('permit_revoked_at')
      .update({ permit_revoked_at: trx.fn.now(), permit_revoked_by: officerId, version: trx.raw('version + 1'), updated_at: trx.fn.now() })
      .returning('id');
    if (!row) return false;
    await trx('application_events').insert({ application_id: applicationId, kind: 'permit-revoked', actor: actor({ id: officerId }) });
    return true;
  });
}

/**
 * A supervisor revokes a permit given here, saying why: kept on the application and its history,
 * audited with the request, and from then on every check of the permit answers "revoked".
 */
export const REVOKE: CaseAction<{ note: string }> = {
  name: 'revoke',
  available: ({ application, officer }) =>
    SUPERVISORS.includes(officer.role) && application.status === 'approved' && !!application.permit_number && !application.permit_revoked_at,
  refusal: ({ officer }) => (!SUPERVISORS.includes(officer.role) ? 'notSupervisor' : 'status'),
  form: { view: 'backoffice/revoke.njk', model: () => ({}) },
  read: (body) => {
    const errors: BackofficeError[] = [];
    const note = readNote(body, 'note', errors, true);
    return errors.length ? { errors, typed: { note: bodyText(body, 'note') } } : { input: { note: note! } };
  },
  decide: ({ officer }, input, trx) => ({
    update: { permit_revoked_at: trx.fn.now(), permit_revoked_by: officer.id },
    event: 'permit-revoked',
    details: { note: input.note },
    audit: 'permit-revoked',
  }),
};
