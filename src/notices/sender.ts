import type { Logger } from 'pino';
import type { Database } from '../db/knex.js';
import { classifyFailure, type MailFailure } from './failures.js';
import { backlog, recordAnswer, recordFailure, serverState, WAITING } from './mail-server.js';
import type { OutboxRow } from '../db/tables.js';
import type { Renderer } from './render.js';
import type { MailTransport } from './transport.js';

/** How long one worker holds a row it claimed: far longer than a send may take (see transport.ts). */
const LEASE_SECONDS = 300;
/** Rows one claim takes; a run claims again until none are due. */
const BATCH = 20;
/** A mail the server put off (4xx) is retried at 1, 2, 4 … minutes, at most every 6 hours, until it is given up. */
const MAX_BACKOFF = `interval '6 hours'`;

export interface SenderDeps {
  db: Database;
  transport: MailTransport;
  renderer: Renderer;
  from: string;
  logger?: Logger;
  /** How often a round runs (MAIL_CYCLE_SECONDS); a server that refused the settings is tried again after several. */
  cycleSeconds?: number;
  /** A mail still waiting this long after it was queued is marked undeliverable (MAIL_GIVE_UP_HOURS). */
  giveUpHours?: number;
}

/**
 * Claims due rows in one statement, oldest first: rows locked by another worker's claim are skipped,
 * rows held by a lease not yet over are left alone, and the attempt is counted as the row is claimed
 * (so an attempt whose worker died is counted too). What one worker claimed, no other can take until
 * its lease is over, so two workers never send the same row at once.
 */
async function claim(db: Database, limit: number): Promise<OutboxRow[]> {
  const result = await db.raw<{ rows: OutboxRow[] }>(
    `update outbox set claimed_until = now() + make_interval(secs => ?), attempts = attempts + 1
      where id in (
        select id from outbox
         where ${WAITING} and next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
         order by created_at, id
         limit ?
         for update skip locked)
      returning *`,
    [LEASE_SECONDS, limit],
  );
  return result.rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id));
}

/** Rows claimed but not tried because the server failed first: due again at once, their attempt not counted. */
async function unclaim(db: Database, rows: OutboxRow[]): Promise<void> {
  if (!rows.length) return;
  await db('outbox')
    .whereIn('id', rows.map((row) => row.id))
    .whereNull('sent_at')
    .update({ claimed_until: null, attempts: db.raw('attempts - 1') });
}

/** The row waits for its next attempt, later after each failure. */
async function later(db: Database, row: OutboxRow, failure: MailFailure): Promise<void> {
  await db('outbox')
    .where({ id: row.id })
    .whereNull('sent_at')
    .update({
      claimed_until: null,
      last_error: failure.reply,
      next_attempt_at: db.raw(`now() + least(make_interval(mins => power(2, least(attempts - 1, 10))::int), ${MAX_BACKOFF})`),
    });
}

/** The server refused this mail for good: never tried again, and the case page says so. */
async function undeliverable(db: Database, row: OutboxRow, failure: MailFailure): Promise<void> {
  await db('outbox')
    .where({ id: row.id })
    .whereNull('sent_at')
    .update({ claimed_until: null, last_error: failure.reply, undeliverable_at: db.fn.now(), undeliverable_reason: 'refused' });
}

/** Mail still waiting past the time allowed is marked undeliverable with its last failure, and said once at error. */
async function giveUp(deps: SenderDeps): Promise<void> {
  const hours = deps.giveUpHours ?? 72;
  const result = await deps.db.raw<{ rows: { id: string }[] }>(
    `update outbox set undeliverable_at = now(), undeliverable_reason = 'expired', claimed_until = null,
            last_error = coalesce(last_error, (select reply from mail_server where id = 1))
      where ${WAITING} and created_at < now() - make_interval(hours => ?) and (claimed_until is null or claimed_until < now())
      returning id`,
    [hours],
  );
  if (result.rows.length) {
    deps.logger?.error({ count: result.rows.length, notices: result.rows.slice(0, 20).map((row) => row.id) }, `notices not delivered within ${hours} hours; marked undeliverable`);
  }
}

/** The server could not be reached, or refused the portal's settings: kept for /readyz, said once per round. */
async function serverFailed(deps: SenderDeps, failure: MailFailure, context: { notice?: string; atStart?: boolean } = {}): Promise<void> {
  const state = await recordFailure(deps.db, failure, deps.cycleSeconds ?? 60);
  const fields = { ...deps.transport.settings, failure: failure.code, reply: failure.reply, ...(context.notice ? { notice: context.notice } : {}) };
  const server = `${deps.transport.settings.host}:${deps.transport.settings.port}`;
  if (failure.kind === 'misconfigured') {
    deps.logger?.error({ ...fields, configurationFailures: state.configuration_failures, nextCheckAt: state.next_check_at }, `mail server ${server} refused the portal's mail settings: ${failure.reply}`);
  } else if (context.atStart) {
    deps.logger?.error(fields, `mail server ${server} did not answer: ${failure.reply}`);
  } else {
    deps.logger?.warn(fields, `mail server ${server} did not answer; notices wait: ${failure.reply}`);
  }
}

/**
 * Connects and logs in as a mail would, sending nothing. At start, says once what the portal is set to
 * use and whether the server answered; in a round, says when it answers again. Either way, an answer
 * after a failure makes every waiting mail due at once.
 */
export async function checkMailServer(deps: SenderDeps, options: { atStart?: boolean } = {}): Promise<boolean> {
  const { settings } = deps.transport;
  try {
    const answer = await deps.transport.check();
    const released = await recordAnswer(deps.db, `${answer.reply} (TLS: ${answer.tls})`);
    if (options.atStart && deps.transport.kind === 'files') {
      deps.logger?.info({ ...settings, due: released }, `no mail server configured: mail is written as files under ${settings.directory}, listed at /dev/mail`);
    } else if (options.atStart) {
      deps.logger?.info({ ...settings, tlsUsed: answer.tls, due: released }, `mail server ${settings.host}:${settings.port} answered (TLS: ${answer.tls}, user: ${settings.user ?? 'none'})`);
    } else if (released) {
      deps.logger?.info({ ...settings, due: released }, `mail server ${settings.host}:${settings.port} answers again; ${released} waiting notices are due now`);
    }
    return true;
  } catch (error) {
    await serverFailed(deps, classifyFailure(error), options);
    return false;
  }
}

/**
 * Whether this round may send. While mail waits, the server is checked every round unless mails are
 * due and it answered last time (then the first mail is the check); after a refusal of the settings,
 * only every few rounds.
 */
async function mayTry(deps: SenderDeps): Promise<boolean> {
  const [server, waiting] = await Promise.all([serverState(deps.db), backlog(deps.db)]);
  if (!waiting.waiting) return false;
  if ((server.state === 'answering' || server.state === 'unknown') && waiting.due) return true;
  if (server.state === 'misconfigured' && server.next_check_at && server.next_check_at > new Date()) return false;
  return checkMailServer(deps);
}

/**
 * One round: gives up what waited too long, checks the server when it must, then sends what is due,
 * oldest first. A row is marked sent only after the mail server took the mail, and only if this worker
 * still holds it. A refusal of the recipient marks that row undeliverable and the round goes on; a
 * server away or refusing the settings ends the round, the rows not yet tried due again next round.
 * Returns how many were sent and how many failed in this round.
 */
export async function deliverNotices(deps: SenderDeps, options: { batch?: number; rounds?: number } = {}): Promise<{ sent: number; failed: number }> {
  await giveUp(deps);
  if (!(await mayTry(deps))) return { sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  let lastReply: string | undefined;
  claims: for (let claimed = 0; claimed < (options.rounds ?? 50); claimed += 1) {
    const rows = await claim(deps.db, options.batch ?? BATCH);
    if (!rows.length) break;
    for (const [index, row] of rows.entries()) {
      try {
        const rendered = deps.renderer.render({ kind: row.kind, language: row.language, data: row.data });
        const reply = await deps.transport.send({ id: row.id, from: deps.from, to: row.recipient, language: row.language, ...rendered });
        await deps.db('outbox').where({ id: row.id }).whereNull('sent_at').update({ sent_at: deps.db.fn.now(), claimed_until: null, last_error: null });
        sent += 1;
        lastReply = reply || 'accepted';
      } catch (error) {
        failed += 1;
        const failure = classifyFailure(error);
        if (failure.kind === 'refused') {
          await undeliverable(deps.db, row, failure);
          deps.logger?.warn({ notice: row.id, failure: failure.code, reply: failure.reply }, 'notice refused by the mail server; marked undeliverable');
          continue;
        }
        await later(deps.db, row, failure);
        if (failure.kind === 'deferred') {
          deps.logger?.warn({ notice: row.id, attempts: row.attempts, failure: failure.code, reply: failure.reply }, 'notice put off by the mail server; will try again');
          continue;
        }
        await unclaim(deps.db, rows.slice(index + 1));
        await serverFailed(deps, failure, { notice: row.id });
        lastReply = undefined;
        break claims;
      }
    }
  }
  if (lastReply) await recordAnswer(deps.db, lastReply);
  if (sent) deps.logger?.info({ sent, failed }, 'notices sent');
  return { sent, failed };
}
