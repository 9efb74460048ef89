import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify';
import { formatReference } from '../../applications/reference.js';
import { todayInBaku } from '../../time/calendar.js';
import { audit } from '../audit/log.js';
import { officerOf, type BackofficeDeps } from '../context.js';
import { queueQuery, type QueueRow } from './query.js';
import { filterOf, queueRowView, readQueueParams } from './routes.js';

/**
 * The queue under the current filter as CSV, every row of it, streamed from PostgreSQL as it is
 * read (memory stays flat however long the list), with a header row in the officer's language
 * and a byte-order mark so spreadsheet programs read Azerbaijani and Cyrillic letters right.
 */
export async function exportQueue(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officer = officerOf(res);
  const { t } = res.locals;
  const today = todayInBaku(deps.clock());
  const params = readQueueParams(req.query, officer.services);
  const query = queueQuery(deps.db, filterOf(params, officer.services, today), officer.id);
  const columns = ['reference', 'service', 'applicant', 'citizenship', 'submitted', 'due', 'left', 'status', 'assignee'] as const;
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="applications-${today}.csv"`,
    'Cache-Control': 'no-store',
  });
  res.write('\uFEFF');
  let count = 0;
  const toRecord = new Transform({
    objectMode: true,
    transform(row: QueueRow, _encoding, done) {
      count += 1;
      const view = queueRowView(row, res, today);
      done(null, [formatReference(view.reference), view.service, view.name, view.citizenship, view.submitted, view.due, view.left, view.status, view.assignee]);
    },
  });
  const csv = stringify({ header: true, columns: columns.map((column) => t(`backoffice:queue.csv.${column}`)) });
  // The response stays open until the export is in the audit log, so whoever has the file has been recorded.
  if (query) await pipeline(query.stream(), toRecord, csv, res, { end: false });
  else {
    csv.end();
    await pipeline(csv, res, { end: false });
  }
  await audit(deps.db, req, { action: 'queue-exported', officerId: officer.id, details: { rows: count, service: params.service || null, status: params.status, searched: !!params.q } });
  res.end();
}
