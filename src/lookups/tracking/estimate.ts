import type { Queryable } from '../../db/knex.js';
import type { ApplicationRow } from '../../db/tables.js';
import { addDays, addWorkingDays, todayInBaku } from '../../time/calendar.js';

/** Fewer decisions than this say too little to estimate from; the page says so plainly instead. */
export const MIN_DECISIONS = 5;
/** How far back decisions are read: long enough to count, short enough to follow how fast the Service works now. */
export const ESTIMATE_WINDOW_DAYS = 90;

const OPEN = ['submitted', 'in_review', 'awaiting_applicant', 'pending_confirmation'] as const;

export interface Estimate {
  /** Open applications of the same service and speed, sent before this one. */
  ahead: number;
  /** Decisions of the same service and speed in the last 90 days. */
  decisions: number;
  /** Their median, in working days from the day sent to the day decided; rounded up. Absent with too few decisions. */
  medianWorkingDays?: number;
  /** The day sent moved on by the median: when a decision would come if this one goes as half of them did. */
  expected?: string;
}

/** The start of a day in Baku (UTC+4 all year), as a moment. */
function startOfBakuDay(iso: string): Date {
  return new Date(`${iso}T00:00:00+04:00`);
}

/**
 * A personal estimate for an open application: how many of the same service and speed wait ahead
 * of it, and when it would be decided if it takes as long as the median decision of the last 90
 * days took (in working days, counted by the same `working_days_between` the dashboard uses, on
 * the calendar of Baku). Two indexed queries: the open applications of a service by the order they
 * came in, and a service's decisions by date.
 */
export async function personalEstimate(db: Queryable, application: ApplicationRow, now: Date): Promise<Estimate> {
  const speed = application.speed ?? 'standard';
  const since = startOfBakuDay(addDays(todayInBaku(now), -ESTIMATE_WINDOW_DAYS));
  const [ahead, decided] = await Promise.all([
    db('applications')
      .where({ service_id: application.service_id })
      .whereIn('status', OPEN)
      .whereRaw(`coalesce(speed, 'standard') = ?`, [speed])
      .whereRaw('(submitted_at, id) < (?, ?)', [application.submitted_at, application.id])
      .count<{ count: string }[]>('* as count'),
    db('applications')
      .where({ service_id: application.service_id })
      .whereIn('status', ['approved', 'refused'])
      .whereNotNull('decided_at')
      .where('decided_at', '>=', since)
      .whereRaw(`coalesce(speed, 'standard') = ?`, [speed])
      .select(
        db.raw('count(*)::int as decisions'),
        db.raw(
          `percentile_cont(0.5) within group (order by working_days_between((submitted_at at time zone 'Asia/Baku')::date, (decided_at at time zone 'Asia/Baku')::date)) as median`,
        ),
      ) as unknown as Promise<{ decisions: number; median: number | null }[]>,
  ]);
  const estimate: Estimate = { ahead: Number(ahead[0]!.count), decisions: decided[0]!.decisions };
  if (estimate.decisions < MIN_DECISIONS || decided[0]!.median === null) return estimate;
  const median = Math.ceil(Number(decided[0]!.median));
  return { ...estimate, medianWorkingDays: median, expected: addWorkingDays(todayInBaku(application.submitted_at), median) };
}
