import type { Request, Response } from 'express';
import { normaliseReference } from '../../applications/reference.js';
import { readDateParts } from '../../forms/dates.js';
import { formatDateTime } from '../../i18n/format.js';
import { audit } from './log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { officersTable } from '../officers/repository.js';
import { bodyText } from '../forms.js';

const PAGE = 100;

interface AuditRow {
  id: string;
  at: Date;
  action: string;
  ip: string | null;
  officer_name: string | null;
  reference: string | null;
  details: Record<string, unknown>;
}

function isoDay(text: string): string | undefined {
  const [year, month, day] = text.split('-');
  const check = readDateParts({ day: day ?? '', month: month ?? '', year: year ?? '' });
  return check.ok ? check.iso : undefined;
}

/**
 * The audit log for supervisors, newest first, filtered by officer, case and dates (Baku days),
 * a page of 100 at a time from the last row seen. Reading it is itself recorded.
 */
export async function showAudit(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const { lang } = res.locals;
  const officerId = bodyText(req.query, 'officer');
  const referenceTyped = bodyText(req.query, 'reference').trim().slice(0, 30);
  const from = isoDay(bodyText(req.query, 'from'));
  const to = isoDay(bodyText(req.query, 'to'));
  const before = /^\d{1,19}$/.test(bodyText(req.query, 'before')) ? bodyText(req.query, 'before') : undefined;
  const reference = referenceTyped ? normaliseReference(referenceTyped) : null;
  const query = deps.db({ l: 'audit_log' })
    .leftJoin({ o: 'officers' }, 'o.id', 'l.officer_id')
    .leftJoin({ a: 'applications' }, 'a.id', 'l.application_id')
    .select('l.id', 'l.at', 'l.action', 'l.ip', 'l.details', 'o.name as officer_name', 'a.reference')
    .orderBy('l.id', 'desc')
    .limit(PAGE + 1);
  if (/^[0-9a-f-]{36}$/.test(officerId)) query.where('l.officer_id', officerId);
  if (referenceTyped) {
    if (!reference) query.whereRaw('false');
    else query.where('a.reference', reference);
  }
  if (from) query.where('l.at', '>=', deps.db.raw(`(?::date)::timestamp at time zone 'Asia/Baku'`, [from]));
  if (to) query.where('l.at', '<', deps.db.raw(`(?::date + 1)::timestamp at time zone 'Asia/Baku'`, [to]));
  if (before) query.where('l.id', '<', before);
  const rows = (await query) as AuditRow[];
  const page = rows.slice(0, PAGE);
  await audit(deps.db, req, { action: 'audit-viewed', officerId: officerOf(res).id, details: { officer: officerId || null, case: !!referenceTyped, from: from ?? null, to: to ?? null } });
  const officers = await officersTable(deps.db).orderBy('name').select('id', 'name');
  const params = new URLSearchParams({ ...(officerId ? { officer: officerId } : {}), ...(referenceTyped ? { reference: referenceTyped } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) });
  if (rows.length > PAGE) params.set('before', page[page.length - 1]!.id);
  res.render('backoffice/audit.njk', {
    filters: { officer: officerId, reference: referenceTyped, from: from ?? bodyText(req.query, 'from'), to: to ?? bodyText(req.query, 'to') },
    officers: [{ value: '', text: res.locals.t('backoffice:queue.anyone') }, ...officers.map((officer) => ({ value: officer.id, text: officer.name, selected: officer.id === officerId }))],
    rows: page.map((row) => ({ ...row, when: formatDateTime(row.at, lang), caseHref: row.reference ? `${BASE}/cases/${row.reference}` : undefined })),
    nextHref: rows.length > PAGE ? `${BASE}/audit?${params.toString()}` : undefined,
  });
}
