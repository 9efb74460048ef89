import type PgBoss from 'pg-boss';
import { Gauge, type Registry } from 'prom-client';
import { isFinal, STATUSES } from '../applications/status.js';
import { SERVICES } from '../catalogue/index.js';
import type { Database } from '../db/knex.js';
import { todayInBaku } from '../time/calendar.js';
import { CLEANUP_QUEUE, NOTICES_QUEUE, REMINDERS_QUEUE } from '../jobs/index.js';

const OPEN = STATUSES.filter((status) => !isFinal(status));
const QUEUES = [CLEANUP_QUEUE, NOTICES_QUEUE, REMINDERS_QUEUE];

/**
 * The work waiting, read from the database when Prometheus asks: mail not yet sent, jobs not yet
 * taken, cases past their legal date. The same for every process on the database, so counted by
 * one (the process that runs the jobs), never summed across workers.
 */
export function workMetrics(registry: Registry, deps: { db: Database; boss: PgBoss; clock?: () => Date }): void {
  const { db } = deps;
  const clock = deps.clock ?? (() => new Date());
  const outbox = () =>
    db('outbox')
      .whereNull('sent_at')
      .first(db.raw('count(*)::int as waiting'), db.raw('coalesce(extract(epoch from now() - min(created_at)), 0)::float as oldest')) as Promise<{ waiting: number; oldest: number }>;
  new Gauge({
    name: 'portal_outbox_waiting',
    help: 'Mails in the outbox not yet sent.',
    registers: [registry],
    async collect() {
      this.set((await outbox()).waiting);
    },
  });
  new Gauge({
    name: 'portal_outbox_oldest_waiting_seconds',
    help: 'Age of the oldest mail not yet sent; 0 when none waits.',
    registers: [registry],
    async collect() {
      this.set((await outbox()).oldest);
    },
  });
  new Gauge({
    name: 'portal_job_queue_depth',
    help: 'Jobs waiting to be taken (created or to be retried), by queue.',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      for (const queue of QUEUES) this.set({ queue }, await deps.boss.getQueueSize(queue));
    },
  });
  new Gauge({
    name: 'portal_cases_overdue',
    help: 'Open applications past their legal decision date, by service.',
    labelNames: ['service'] as const,
    registers: [registry],
    async collect() {
      const rows = (await db('applications')
        .whereIn('status', OPEN)
        .where('legal_due_date', '<', todayInBaku(clock()))
        .groupBy('service_id')
        .select('service_id', db.raw('count(*)::int as count'))) as { service_id: string; count: number }[];
      const counts = new Map(rows.map((row) => [row.service_id, row.count]));
      for (const service of SERVICES.filter((candidate) => candidate.kind === 'application')) this.set({ service: service.id }, counts.get(service.id) ?? 0);
    },
  });
}
