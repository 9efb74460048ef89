import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import type { Route } from '../http/route-table.js';
import type { Database } from '../db/knex.js';
import { INTL_LOCALE, type Language } from '../i18n/languages.js';
import { serviceFigures, SMALLEST_SHOWN, type ServiceFigures } from './query.js';
import { barChart } from './chart.js';

function formats(language: Language) {
  const locale = INTL_LOCALE[language];
  return {
    whole: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    one: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
  };
}

/** A count as the page shows it: the number, or "fewer than 5". */
function count(res: Response, value: number, format: Intl.NumberFormat): string {
  return value < SMALLEST_SHOWN ? res.locals.t('statistics:fewerThan', { count: SMALLEST_SHOWN }) : format.format(value);
}

function rowsFor(res: Response, figures: ServiceFigures[]) {
  const f = formats(res.locals.lang);
  const hidden = res.locals.t('statistics:notShown');
  return figures.map((row) => ({
    row,
    name: res.locals.t(`services:services.${row.serviceId}.name`),
    cells: [
      count(res, row.received, f.whole),
      count(res, row.decided, f.whole),
      row.medianWorkingDays === null ? hidden : f.one.format(row.medianWorkingDays),
      row.onTimeShare === null ? hidden : f.percent.format(row.onTimeShare),
      row.averageRating === null ? hidden : f.one.format(row.averageRating),
    ],
  }));
}

interface StatisticsDeps {
  db: Database;
  clock: () => Date;
}

async function showStatistics(deps: StatisticsDeps, res: Response): Promise<void> {
  const figures = await serviceFigures(deps.db, deps.clock());
  const rows = rowsFor(res, figures);
  const f = formats(res.locals.lang);
  res.set('Cache-Control', 'public, max-age=300').render('statistics/page.njk', {
    rows,
    chart: barChart({
      bars: rows.map(({ row, name }) => ({ label: name, value: row.received >= SMALLEST_SHOWN ? row.received : 0, text: count(res, row.received, f.whole) })),
    }),
  });
}

async function sendStatisticsCsv(deps: StatisticsDeps, res: Response): Promise<void> {
  const figures = await serviceFigures(deps.db, deps.clock());
  const t = res.locals.t;
  // Figures as numbers a spreadsheet reads ('.' decimals); "<5" for a small count, empty for a figure not shown.
  const small = (value: number) => (value < SMALLEST_SHOWN ? `<${SMALLEST_SHOWN}` : value);
  const csv = stringify([
    ['service', t('statistics:columns.service'), t('statistics:columns.received'), t('statistics:columns.decided'), t('statistics:columns.median'), t('statistics:columns.onTime'), t('statistics:columns.satisfaction')],
    ...figures.map((row) => [
      row.serviceId,
      t(`services:services.${row.serviceId}.name`),
      small(row.received),
      small(row.decided),
      row.medianWorkingDays ?? '',
      row.onTimeShare === null ? '' : row.onTimeShare.toFixed(3),
      row.averageRating === null ? '' : row.averageRating.toFixed(2),
    ]),
  ]);
  res
    .status(200)
    .set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="statistics-${res.locals.lang}.csv"`, 'Cache-Control': 'public, max-age=300' })
    // A byte order mark, so spreadsheet programs read Azerbaijani and Russian letters as UTF-8.
    .send('\ufeff' + csv);
}

/** Public statistics: per service over the last 12 months, as a page (table and chart) and as CSV. */
export const STATISTICS_ROUTES: readonly Route<StatisticsDeps>[] = [
  { method: 'get', path: '/statistics', access: 'public', handle: (deps, _req, res) => showStatistics(deps, res) },
  { method: 'get', path: '/statistics.csv', access: 'public', handle: (deps, _req, res) => sendStatisticsCsv(deps, res) },
];
