import type { Queryable } from '../db/knex.js';

/**
 * Failures under a key (an account and a client, say), each past the first few making the key wait
 * twice as long as the last, as OWASP's authentication guidance describes. Counted in PostgreSQL, so
 * every instance counts together; the clock is the app's, so tests can move it.
 */
export interface GrowingLock {
  /** Failures before the first wait. */
  free: number;
  firstWaitSeconds: number;
  longestWaitSeconds: number;
}

/** A day without a failure, and a key starts again from nothing. */
const FORGET_AFTER_SECONDS = 24 * 60 * 60;

/** Until when the key waits; null when it may try now. */
export async function lockedUntil(db: Queryable, key: string, now: Date): Promise<Date | null> {
  const row = (await db('sign_in_failures').where({ key }).first('locked_until')) as { locked_until: Date | null } | undefined;
  return row?.locked_until && row.locked_until > now ? row.locked_until : null;
}

/** Counts one failure; returns when the key may try again (now, while it still has free failures). */
export async function countFailure(db: Queryable, key: string, lock: GrowingLock, now: Date): Promise<Date> {
  const { rows } = await db.raw<{ rows: { failures: number }[] }>(
    `insert into sign_in_failures (key, failures, last_failed_at) values (?, 1, ?)
     on conflict (key) do update set
       failures = case when sign_in_failures.last_failed_at < ?::timestamptz - make_interval(secs => ?) then 1 else sign_in_failures.failures + 1 end,
       last_failed_at = excluded.last_failed_at
     returning failures`,
    [key, now, now, FORGET_AFTER_SECONDS],
  );
  const beyond = rows[0]!.failures - lock.free;
  if (beyond < 0) return now;
  const waitSeconds = Math.min(lock.longestWaitSeconds, lock.firstWaitSeconds * 2 ** Math.min(beyond, 30));
  const until = new Date(now.getTime() + waitSeconds * 1000);
  await db('sign_in_failures').where({ key }).update({ locked_until: db.raw('greatest(locked_until, ?::timestamptz)', [until]) });
  return until;
}

/** Forgets the keys' failures (a right password from that client, an administrator's reset). */
export async function forgetFailures(db: Queryable, keys: readonly string[] | { startingWith: string }): Promise<void> {
  const query = db('sign_in_failures');
  await ('startingWith' in keys ? query.whereLike('key', `${keys.startingWith.replace(/[\\%_]/g, '\\$&')}%`) : query.whereIn('key', keys)).delete();
}

/** Failures a day old and no longer waiting count for nothing; the cleanup job removes them. */
export async function deleteStaleFailures(db: Queryable, now: Date): Promise<number> {
  return db('sign_in_failures')
    .where('last_failed_at', '<', new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000))
    .andWhere((where) => where.whereNull('locked_until').orWhere('locked_until', '<', now))
    .delete();
}
