import type { Request, Response } from 'express';
import { STATUSES } from '../../applications/status.js';
import { todayInBaku } from '../../time/calendar.js';
import { audit } from '../audit/log.js';
import { officerOf, type BackofficeDeps } from '../context.js';
import { dashboardFor } from './query.js';

export async function showDashboard(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officer = officerOf(res);
  const figures = await dashboardFor(deps.db, officer.services, todayInBaku(deps.clock()));
  await audit(deps.db, req, { action: 'dashboard-viewed', officerId: officer.id });
  const number = new Intl.NumberFormat(res.locals.lang, { maximumFractionDigits: 1 });
  const counts = new Map(figures.byStatus.map((row) => [row.status, row.count]));
  res.render('backoffice/dashboard.njk', {
    statuses: STATUSES.map((status) => ({ status, count: number.format(counts.get(status) ?? 0) })),
    overdue: number.format(figures.overdue),
    median30: figures.median30 === null ? null : number.format(figures.median30),
    median90: figures.median90 === null ? null : number.format(figures.median90),
    decided30: figures.decided30,
    decided90: figures.decided90,
    thisWeek: figures.thisWeek.map((row) => ({ name: row.name, count: number.format(row.count) })),
  });
}
