import { EventEmitter } from 'node:events';
import pg from 'pg';

/** Failures of the job queue's own statements, so that the process can tell them from its own faults. */
const failedStatements = new WeakSet<object>();

/**
 * A failure of one of pg-boss's statements. pg-boss 10 does not wait for a finished job's
 * complete() or fail() (timgit/pg-boss#577): when the database goes away between the job and
 * that statement, its failure reaches the process as an unhandled rejection. It is the outage the
 * log already reports, the job runs again once its time is up, and it must not stop the portal.
 */
export function isJobQueueStatementFailure(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && failedStatements.has(reason);
}

/**
 * pg-boss's database, as its own would be (it opens, closes and listens to it, `isOurs`), but
 * marking each statement's failure as the job queue's.
 */
export class JobQueueDatabase extends EventEmitter {
  readonly events = { error: 'error' };
  readonly isOurs = true;
  opened = false;
  private pool: pg.Pool | undefined;

  constructor(private readonly config: pg.PoolConfig) {
    super();
  }

  async open(): Promise<void> {
    this.pool = new pg.Pool(this.config);
    this.pool.on('error', (error) => this.emit('error', error));
    this.opened = true;
  }

  async close(): Promise<void> {
    if (!this.pool || this.pool.ending) return;
    this.opened = false;
    await this.pool.end();
  }

  async executeSql(text: string, values?: unknown[]): Promise<pg.QueryResult | undefined> {
    if (!this.opened || !this.pool) return undefined;
    try {
      return await this.pool.query(text, values);
    } catch (error) {
      if (typeof error === 'object' && error !== null) failedStatements.add(error);
      throw error;
    }
  }
}
