import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/knex.js';
import type { DocumentStorage } from '../documents/storage.js';
import { describeError } from '../middleware/errors.js';
import { queueDailyReminders } from '../notices/reminders.js';
import { deliverNotices, type SenderDeps } from '../notices/sender.js';
import { cleanUpExpired } from './cleanup.js';
import { JobQueueDatabase } from './queue-database.js';

export const CLEANUP_QUEUE = 'expired-cleanup';
/** The queue's earlier name, when it cleaned drafts only. */
const EARLIER_QUEUE = 'drafts-cleanup';
/** Every hour at minute 17, Baku time. */
const CLEANUP_SCHEDULE = '17 * * * *';
/** Sends what the outbox holds, every MAIL_CYCLE_SECONDS (a minute unless set); each run drains what is due. */
export const NOTICES_QUEUE = 'notices-send';
/** Queues the reminders of permits and stays about to end and the warnings of saved applications about to be deleted: daily, 09:05 Baku time. */
export const REMINDERS_QUEUE = 'notices-reminders';
export const REMINDERS_SCHEDULE = '5 9 * * *';

/**
 * Every instance asks for a round each cycle, and pg-boss keeps one request per cycle however many ask
 * (throttled by the cycle's slot), so the rounds come as often as set, finer than a cron minute, and
 * keep coming while any instance runs. A round that overlaps another is harmless: rows are claimed.
 */
async function askForRounds(boss: PgBoss, seconds: number, logger: Logger): Promise<() => void> {
  const ask = () => boss.sendThrottled(NOTICES_QUEUE, {}, {}, seconds).catch((error: unknown) => logger.warn({ failure: describeError(error) }, 'could not ask for a mail round'));
  // The first round is asked for before the start is over, so what waited while the portal was down goes at once.
  await ask();
  const timer = setInterval(() => void ask(), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

export interface Jobs {
  boss: PgBoss;
  stop: () => Promise<void>;
}

/**
 * Scheduled work, kept in PostgreSQL by pg-boss: however many instances run, each scheduled job
 * is made once and taken by one of them. No instance keeps a timer of its own for such work.
 */
export async function startJobs(options: {
  connectionString: string;
  db: Database;
  storage: DocumentStorage;
  logger: Logger;
  /** How notices are sent; without it (production with no mail server) they wait in the outbox. */
  notices?: SenderDeps;
  /** The time the app believes it is; tests move it. */
  clock?: () => Date;
}): Promise<Jobs> {
  const clock = options.clock ?? (() => new Date());
  const db = new JobQueueDatabase({ connectionString: options.connectionString, max: 2, application_name: 'pgboss' });
  // Once closed it answers nothing, as pg-boss's own does, which pg-boss's types leave out.
  const boss = new PgBoss({ db: db as PgBoss.Db, schema: 'pgboss' });
  boss.on('error', (error) => options.logger.error({ failure: describeError(error) }, 'job queue error'));
  await boss.start();
  await boss.unschedule(EARLIER_QUEUE).catch(() => undefined);
  await boss.createQueue(CLEANUP_QUEUE);
  await boss.schedule(CLEANUP_QUEUE, CLEANUP_SCHEDULE, undefined, { tz: 'Asia/Baku' });
  await boss.work(CLEANUP_QUEUE, async () => {
    const result = await cleanUpExpired(options.db, options.storage);
    if (result.drafts || result.sessions || result.counters) options.logger.info(result, 'expired drafts, sessions and counters deleted');
  });
  await boss.createQueue(REMINDERS_QUEUE);
  await boss.schedule(REMINDERS_QUEUE, REMINDERS_SCHEDULE, undefined, { tz: 'Asia/Baku' });
  await boss.work(REMINDERS_QUEUE, async () => {
    const result = await queueDailyReminders(options.db, clock());
    if (result.reminders || result.drafts) options.logger.info(result, 'reminders queued');
  });
  await boss.createQueue(NOTICES_QUEUE);
  // Rounds were once a cron schedule of every minute; they are asked for by each instance now.
  await boss.unschedule(NOTICES_QUEUE).catch(() => undefined);
  const notices = options.notices;
  let stopAsking = () => {};
  if (notices) {
    const seconds = notices.cycleSeconds ?? 60;
    await boss.work(NOTICES_QUEUE, { pollingIntervalSeconds: Math.min(2, Math.max(seconds / 2, 0.5)) }, async () => {
      await deliverNotices(notices);
    });
    stopAsking = await askForRounds(boss, seconds, options.logger);
  } else {
    options.logger.warn('no mail server configured (SMTP_URL or SMTP_HOST): notices are kept in the outbox until one is');
  }
  return {
    boss,
    stop: async () => {
      stopAsking();
      await boss.stop({ graceful: true, timeout: 5000 });
      notices?.transport.close();
    },
  };
}
