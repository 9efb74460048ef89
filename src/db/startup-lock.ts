import type { Database } from './knex.js';

/** Any number that no other advisory lock of this database uses. */
const STARTUP_LOCK = 7_311_955;

/**
 * Runs what an instance does once at start (migrations, demo accounts, the job queue's tables and
 * schedules) while holding a PostgreSQL advisory lock, so instances started at the same moment
 * take turns instead of deadlocking on the same rows (seen with pg-boss creating its queue twice).
 * The lock is a transaction's: it goes with the transaction even if the process dies.
 */
export function oneInstanceAtATime<T>(db: Database, work: () => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [STARTUP_LOCK]);
    return work();
  });
}
