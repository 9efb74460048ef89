import type { Database } from '../db/knex.js';
import type { MailServerRow } from '../db/tables.js';
import type { MailFailure } from './failures.js';

/** What the outbox still has to send: neither sent nor given up. */
export const WAITING = 'sent_at is null and undeliverable_at is null';

/**
 * The server answered (a check, or mails it took). When it had not been answering, every waiting mail
 * is made due now, whatever its own wait: a backlog goes out in the next round, not hours later.
 * Returns how many mails wait, all due now (0 when it was answering already). Under the row's lock,
 * so of two instances, one sees the return.
 */
export async function recordAnswer(db: Database, reply: string): Promise<number> {
  return db.transaction(async (trx): Promise<number> => {
    const before = theRow(await trx('mail_server').where({ id: 1 }).forUpdate().first());
    await trx('mail_server')
      .where({ id: 1 })
      .update({ state: 'answering', reply, checked_at: trx.fn.now(), failing_since: null, next_check_at: null, configuration_failures: 0 });
    if (before.state === 'answering') return 0;
    await trx('outbox').whereRaw(WAITING).where('next_attempt_at', '>', trx.fn.now()).update({ next_attempt_at: trx.fn.now() });
    const [{ count }] = (await trx('outbox').whereRaw(WAITING).count({ count: '*' })) as [{ count: string }];
    return Number(count);
  });
}

/** The table's one row, which the migration that made it inserted: without it the database is not this portal's. */
function theRow(row: MailServerRow | undefined): MailServerRow {
  if (!row) throw new Error('mail_server has no row: the migrations were not applied');
  return row;
}

/** Refusals of the portal's settings are tried again after 5, 10, 20, 40, then every 60 rounds. */
function roundsBeforeNextCheck(failures: number): number {
  return Math.min(5 * 2 ** Math.max(failures - 1, 0), 60);
}

/** The server could not be reached, or refused the portal's settings. Returns the row as it is now. */
export async function recordFailure(db: Database, failure: MailFailure, roundSeconds: number): Promise<MailServerRow> {
  const misconfigured = failure.kind === 'misconfigured';
  return db.transaction(async (trx) => {
    const before = theRow(await trx('mail_server').where({ id: 1 }).forUpdate().first());
    const failures = misconfigured ? before.configuration_failures + 1 : 0;
    const [row] = await trx('mail_server')
      .where({ id: 1 })
      .update({
        state: misconfigured ? 'misconfigured' : 'unreachable',
        reply: failure.reply,
        checked_at: trx.fn.now(),
        failing_since: before.failing_since ?? trx.fn.now(),
        configuration_failures: failures,
        next_check_at: misconfigured ? trx.raw(`now() + make_interval(secs => ?)`, [roundsBeforeNextCheck(failures) * roundSeconds]) : null,
      })
      .returning('*');
    return theRow(row);
  });
}

export async function serverState(db: Database): Promise<MailServerRow> {
  return theRow(await db('mail_server').where({ id: 1 }).first());
}

export interface Backlog {
  waiting: number;
  /** Of these, how many may be tried now. */
  due: number;
  oldestSeconds: number | null;
}

export async function backlog(db: Database): Promise<Backlog> {
  const result = await db.raw<{ rows: { waiting: string; due: string; oldest: string | null }[] }>(
    `select count(*) as waiting,
            count(*) filter (where next_attempt_at <= now() and (claimed_until is null or claimed_until < now())) as due,
            floor(extract(epoch from now() - min(created_at))) as oldest
       from outbox where ${WAITING}`,
  );
  const row = result.rows[0]!;
  return { waiting: Number(row.waiting), due: Number(row.due), oldestSeconds: row.oldest === null ? null : Number(row.oldest) };
}

/** Whether mail is flowing, for /readyz: one `name: value` line each, as an operator reads them with curl. */
export async function mailHealth(db: Database): Promise<string[]> {
  const [server, waiting] = await Promise.all([serverState(db), backlog(db)]);
  return [
    `mail-server: ${server.state}`,
    `mail-last-answer: ${server.reply ?? 'none yet'}`,
    `mail-last-answer-at: ${server.checked_at?.toISOString() ?? 'never'}`,
    ...(server.failing_since ? [`mail-failing-since: ${server.failing_since.toISOString()}`] : []),
    `mail-configuration-failures: ${server.configuration_failures}`,
    `mail-waiting: ${waiting.waiting}`,
    `mail-oldest-waiting-seconds: ${waiting.oldestSeconds ?? 0}`,
  ];
}
