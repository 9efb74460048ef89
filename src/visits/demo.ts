import type { Database } from '../db/knex.js';
import { NEW_OFFICE, OFFICE_IDS, VISIT_PURPOSES } from './model.js';

/**
 * Started in development, the electronic queue can be tried at once: on a database where no office
 * was ever set up, every office takes bookings for every purpose with the hours a supervisor is
 * offered first (working days 09:00–18:00). Anywhere else (production, tests), or once any office has
 * settings, nothing is opened or changed: a supervisor's choices are theirs. Returns the offices opened.
 */
export async function openOfficesForTrying(db: Database, env: 'development' | 'production' | 'test'): Promise<string[]> {
  if (env !== 'development') return [];
  return db.transaction(async (trx) => {
    // One instance opens them, however many start at once.
    await trx.raw('lock table visit_offices in exclusive mode');
    const [{ count }] = (await trx('visit_offices').count({ count: '*' })) as [{ count: string }];
    if (Number(count) > 0) return [];
    await trx('visit_offices').insert(OFFICE_IDS.map((id) => ({ ...NEW_OFFICE, office_id: id, accepting: true, purposes: [...VISIT_PURPOSES] })));
    return [...OFFICE_IDS];
  });
}
