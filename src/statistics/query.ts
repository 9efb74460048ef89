import { SERVICES } from '../catalogue/index.js';
import type { Queryable } from '../db/knex.js';

/** Counts under this are shown as "fewer than 5", and what is worked out from them is not shown at all. */
export const SMALLEST_SHOWN = 5;

export interface ServiceFigures {
  serviceId: string;
  received: number;
  decided: number;
  /** Working days from submission to decision (Baku dates, Monday to Friday), the median; null when too few decided. */
  medianWorkingDays: number | null;
  /** Of those decided, the share decided by the legal due date (0 to 1); null when too few decided. */
  onTimeShare: number | null;
  ratings: number;
  averageRating: number | null;
}

/**
 * Each application service over the 12 months up to `now`: applications received and decided,
 * the median working days to a decision (`working_days_between` and `percentile_cont`), the share
 * decided within the legal deadline (the due date, moved on by any pause for more information),
 * and the average satisfaction rating. Small counts are not given out (see SMALLEST_SHOWN).
 */
export async function serviceFigures(db: Queryable, now: Date): Promise<ServiceFigures[]> {
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - 1);
  const ids = SERVICES.filter((service) => service.kind === 'application').map((service) => service.id);
  const { rows } = await db.raw<{ rows: { service_id: string; received: number; decided: number; median: number | null; on_time: number }[] }>(
    `select service_id,
       count(*) filter (where submitted_at >= :since and submitted_at < :now)::int as received,
       count(*) filter (where decided)::int as decided,
       percentile_cont(0.5) within group (order by working_days_between((submitted_at at time zone 'Asia/Baku')::date, (decided_at at time zone 'Asia/Baku')::date)) filter (where decided) as median,
       count(*) filter (where decided and (decided_at at time zone 'Asia/Baku')::date <= legal_due_date)::int as on_time
     from (
       select *, status in ('approved', 'refused') and decided_at >= :since and decided_at < :now as decided
       from applications
       where service_id = any(:ids) and (submitted_at >= :since or decided_at >= :since)
     ) recent
     group by service_id`,
    { since, now, ids },
  );
  const ratings = (await db('satisfaction')
    .where('created_at', '>=', since)
    .where('created_at', '<', now)
    .groupBy('service_id')
    .select('service_id', db.raw('count(*)::int as count'), db.raw('avg(rating)::float as average'))) as { service_id: string; count: number; average: number }[];
  return ids.map((serviceId) => {
    const row = rows.find((candidate) => candidate.service_id === serviceId);
    const rated = ratings.find((candidate) => candidate.service_id === serviceId);
    const decided = row?.decided ?? 0;
    const enough = decided >= SMALLEST_SHOWN;
    return {
      serviceId,
      received: row?.received ?? 0,
      decided,
      medianWorkingDays: enough && row?.median !== null && row?.median !== undefined ? Number(row.median) : null,
      onTimeShare: enough ? row!.on_time / decided : null,
      ratings: rated?.count ?? 0,
      averageRating: rated && rated.count >= SMALLEST_SHOWN ? rated.average : null,
    };
  });
}
