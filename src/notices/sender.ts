import type { Logger } from 'pino';
import type { Database } from '../db/knex.js';
import type { OutboxRow } from './outbox.js';
import type { Renderer } from './render.js';
import type { MailTransport } from './transport.js';

/** How long one worker holds a row it claimed: far longer than a send may take (see transport.ts). */
export const LEASE_SECONDS = 300;
/** Rows one claim takes; a run claims again until none are due. */
const BATCH = 20;
/** Attempts are retried at 1, 2, 4 … minutes, then every 6 hours; a mail is never given up. */
const MAX_BACKOFF = `interval '6 hours'`;

export interface SenderDeps {
  db: Database;
  transport: MailTransport;
  renderer: Renderer;
  from: string;
  logger?: Logger;
}

/**
 * Claims due rows in one statement: rows locked by another worker's claim are skipped, rows held
 * by a lease not yet over are left alone, and the attempt is counted as the row is claimed (so an
 * attempt whose worker died is counted too). What one worker claimed, no other can take until its
 * lease is over, so two workers never send the same row at once.
 */
async function claim(db: Database, limit: number): Promise<OutboxRow[]> {
  const result = await db.raw<{ rows: OutboxRow[] }>(
    `update outbox set claimed_until = now() + make_interval(secs => ?), attempts = attempts + 1
      where id in (
        select id from outbox
         where sent_at is null and next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
         order by next_attempt_at
         limit ?
         for update skip locked)
      returning *`,
    [LEASE_SECONDS, limit],
  );
  return result.rows;
}

function errorCode(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return [typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error', typeof responseCode === 'number' ? String(responseCode) : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * Sends what is due. A row is marked sent only after the mail server took the mail, and only if
 * this worker still holds it; a failure frees the row and puts its next attempt later. Returns
 * how many were sent and how many failed in this run.
 */
export async function deliverNotices(deps: SenderDeps, options: { batch?: number; rounds?: number } = {}): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let round = 0; round < (options.rounds ?? 50); round += 1) {
    const rows = await claim(deps.db, options.batch ?? BATCH);
    if (!rows.length) break;
    for (const row of rows) {
      try {
        const rendered = deps.renderer.render({ kind: row.kind, language: row.language, data: row.data });
        await deps.transport.send({ id: row.id, from: deps.from, to: row.recipient, language: row.language, ...rendered });
        await deps.db('outbox').where({ id: row.id }).whereNull('sent_at').update({ sent_at: deps.db.fn.now(), claimed_until: null, last_error: null });
        sent += 1;
      } catch (error) {
        failed += 1;
        const code = errorCode(error);
        deps.logger?.warn({ notice: row.id, attempts: row.attempts, failure: code }, 'notice not sent; will try again');
        await deps.db('outbox')
          .where({ id: row.id })
          .whereNull('sent_at')
          .update({
            claimed_until: null,
            last_error: code.slice(0, 200),
            next_attempt_at: deps.db.raw(`now() + least(make_interval(mins => power(2, least(attempts - 1, 10))::int), ${MAX_BACKOFF})`),
          });
      }
    }
    // A failing server fails every row alike: the rest wait for their next attempt rather than each timing out now.
    if (failed) break;
  }
  return { sent, failed };
}
