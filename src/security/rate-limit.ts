import type { Queryable } from '../db/knex.js';

export interface Limit {
  /** Attempts allowed in one window. */
  attempts: number;
  windowSeconds: number;
}

export interface LimitVerdict {
  allowed: boolean;
  /** When the next attempt will be allowed, if this one was not. */
  retryAt: Date;
}

/**
 * Counts one attempt under a key (an IP, a code) in PostgreSQL, so every instance of the app counts
 * together. A fixed window: the count starts again once the window has passed.
 *
 * Its commit does not wait for the disk (synchronous_commit off for this statement's own transaction):
 * everyone behind one address (an office, a hotel, a mobile network) counts on one row, and while a
 * commit waits for its flush the row stays locked, so each attempt waited for the ones before it. A
 * crash can lose the last fraction of a second of counts, which only lets a few attempts more through.
 * Inside a caller's transaction the setting would cover that transaction's writes too, so there it
 * is left as it is.
 */
export async function countAttempt(db: Queryable, key: string, limit: Limit): Promise<LimitVerdict> {
  const quickCommit = db.isTransaction ? '' : `where set_config('synchronous_commit', 'off', true) = 'off'`;
  const { rows } = await db.raw<{ rows: { hits: number; window_started_at: Date }[] }>(
    `insert into rate_limits (key, window_started_at, hits) select ?, now(), 1 ${quickCommit}
     on conflict (key) do update set
       hits = case when rate_limits.window_started_at <= now() - make_interval(secs => ?) then 1 else rate_limits.hits + 1 end,
       window_started_at = case when rate_limits.window_started_at <= now() - make_interval(secs => ?) then now() else rate_limits.window_started_at end
     returning hits, window_started_at`,
    [key, limit.windowSeconds, limit.windowSeconds],
  );
  const row = rows[0]!;
  return { allowed: row.hits <= limit.attempts, retryAt: new Date(row.window_started_at.getTime() + limit.windowSeconds * 1000) };
}

/** Counters whose window ended a day ago count for nothing; the cleanup job removes them. */
export async function deleteStaleCounters(db: Queryable): Promise<number> {
  return db('rate_limits').where('window_started_at', '<', db.raw(`now() - interval '1 day'`)).delete();
}
