import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/knex.js';
import type { DocumentStorage } from '../documents/storage.js';
import { describeError } from '../middleware/errors.js';
import { cleanUpExpired } from './cleanup.js';

export const CLEANUP_QUEUE = 'expired-cleanup';
/** The queue's earlier name, when it cleaned drafts only. */
const EARLIER_QUEUE = 'drafts-cleanup';
/** Every hour at minute 17, Baku time. */
export const CLEANUP_SCHEDULE = '17 * * * *';

export interface Jobs {
  boss: PgBoss;
  stop: () => Promise<void>;
}

/**
 * Scheduled work, kept in PostgreSQL by pg-boss: however many instances run, each scheduled job
 * is made once and taken by one of them. No instance keeps a timer of its own for such work.
 */
export async function startJobs(options: { connectionString: string; db: Database; storage: DocumentStorage; logger: Logger }): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: options.connectionString, schema: 'pgboss', max: 2 });
  boss.on('error', (error) => options.logger.error({ failure: describeError(error) }, 'job queue error'));
  await boss.start();
  await boss.unschedule(EARLIER_QUEUE).catch(() => undefined);
  await boss.createQueue(CLEANUP_QUEUE);
  await boss.schedule(CLEANUP_QUEUE, CLEANUP_SCHEDULE, undefined, { tz: 'Asia/Baku' });
  await boss.work(CLEANUP_QUEUE, async () => {
    const result = await cleanUpExpired(options.db, options.storage);
    if (result.drafts || result.sessions || result.counters) options.logger.info(result, 'expired drafts, sessions and counters deleted');
  });
  return { boss, stop: () => boss.stop({ graceful: true, timeout: 5000 }) };
}
