import type { Database } from '../../db/knex.js';
import type { Status } from '../../applications/status.js';

export interface Dashboard {
  byStatus: { status: Status; count: number }[];
  overdue: number;
  /** Median working days from submission to decision; null with no decision in the period. */
  median30: number | null;
  median90: number | null;
  decided30: number;
  decided90: number;
  thisWeek: { name: string; count: number }[];
}

/**
 * The figures of the officer's services, each one query on indexed columns: counts by status,
 * open cases past their legal date, median working days to decision, decisions per officer since Monday.
 */
export async function dashboardFor(db: Database, services: readonly string[], today: string): Promise<Dashboard> {
  if (!services.length) return { byStatus: [], overdue: 0, median30: null, median90: null, decided30: 0, decided90: 0, thisWeek: [] };
  const list = [...services];
  const [byStatus, overdue, medians, thisWeek] = await Promise.all([
    db('applications').whereIn('service_id', list).groupBy('status').select('status').count({ count: '*' }),
    db('applications').whereIn('service_id', list).whereIn('status', ['submitted', 'in_review', 'awaiting_applicant', 'pending_confirmation']).where('legal_due_date', '<', today).count({ count: '*' }).first(),
    db.raw<{ rows: { median30: string | null; median90: string | null; decided30: string; decided90: string }[] }>(
      `select
         percentile_cont(0.5) within group (order by working_days_between((submitted_at at time zone 'Asia/Baku')::date, (decided_at at time zone 'Asia/Baku')::date))
           filter (where decided_at >= ?::date - 30) as median30,
         percentile_cont(0.5) within group (order by working_days_between((submitted_at at time zone 'Asia/Baku')::date, (decided_at at time zone 'Asia/Baku')::date)) as median90,
         count(*) filter (where decided_at >= ?::date - 30) as decided30,
         count(*) as decided90
       from applications
       where decided_at >= ?::date - 90 and service_id = any(?)`,
      [today, today, today, list],
    ),
    db.raw<{ rows: { name: string; count: string }[] }>(
      `select o.name, count(*) as count
       from applications a join officers o on o.id = (a.decision->>'decidedBy')::uuid
       where a.decided_at >= date_trunc('week', ?::date) and a.service_id = any(?)
       group by o.name order by count(*) desc, o.name`,
      [today, list],
    ),
  ]);
  const figures = medians.rows[0]!;
  return {
    byStatus: (byStatus as { status: Status; count: string }[]).map((row) => ({ status: row.status, count: Number(row.count) })),
    overdue: Number((overdue as { count: string } | undefined)?.count ?? 0),
    median30: figures.median30 === null ? null : Number(figures.median30),
    median90: figures.median90 === null ? null : Number(figures.median90),
    decided30: Number(figures.decided30),
    decided90: Number(figures.decided90),
    thisWeek: thisWeek.rows.map((row) => ({ name: row.name, count: Number(row.count) })),
  };
}
