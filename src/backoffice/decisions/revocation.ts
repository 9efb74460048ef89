import type { Database } from '../../db/knex.js';
import { actor } from '../cases/actions.js';

/**
 * Revokes a permit already given: who and when are kept on the application, and an event goes on
 * its history. The verification page then answers "revoked", the holder's tracking page says so,
 * and no new share code can be made. Officers have no screen for it yet (nor the audit row such a
 * screen writes with its request); this is the one change that screen will make.
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
