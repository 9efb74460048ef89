import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import type pg from 'pg';
import type { Database } from '../db/knex.js';

/** What knex's pool (tarn) tells of itself. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * The figures of one process: Node's own (memory, event-loop lag, garbage collection, handles) and
 * its database pools, connections in use, idle and requests waiting for one. Summed across workers.
 */
export function processMetrics(registry: Registry, pools: { queries: Database; sessions: pg.Pool }): void {
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'portal_db_pool_connections',
    help: 'Database connections of the pools (queries, sessions), by state: used, idle, and requests waiting for one.',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      const tarn = (pools.queries.client as { pool?: TarnPool }).pool;
      if (tarn) {
        this.set({ pool: 'queries', state: 'used' }, tarn.numUsed());
        this.set({ pool: 'queries', state: 'idle' }, tarn.numFree());
        this.set({ pool: 'queries', state: 'waiting' }, tarn.numPendingAcquires());
      }
      const sessions = pools.sessions;
      this.set({ pool: 'sessions', state: 'used' }, sessions.totalCount - sessions.idleCount);
      this.set({ pool: 'sessions', state: 'idle' }, sessions.idleCount);
      this.set({ pool: 'sessions', state: 'waiting' }, sessions.waitingCount);
    },
  });
}
