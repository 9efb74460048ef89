import type { Request, Response } from 'express';
import { STATUSES, type Status } from '../../applications/status.js';
import { findService } from '../../catalogue/index.js';
import { todayInBaku } from '../../time/calendar.js';
import { countryName } from '../../i18n/countries.js';
import { audit } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { bodyText } from '../forms.js';
import { wouldSeeNoApplication } from '../officers/services.js';
import { timeLeft } from '../time-left.js';
import { decodeCursor, encodeCursor, OPEN_STATUSES, queuePage, type QueueFilter, type QueueRow, type QueueSort } from './query.js';
import { isOneOf } from '../../text/one-of.js';

/** What the filter form sends, as the officer may use it: a service they do not work on or an unknown status is ignored. */
export interface QueueParams {
  service: string;
  status: string;
  assignee: string;
  overdue: boolean;
  sort: QueueSort;
  q: string;
}

export function readQueueParams(query: Request['query'], services: readonly string[]): QueueParams {
  const service = bodyText(query, 'service');
  const status = bodyText(query, 'status');
  const assignee = bodyText(query, 'assignee');
  return {
    service: services.includes(service) ? service : '',
    status: status === 'all' || isOneOf(STATUSES, status) ? status : 'open',
    assignee: assignee === 'me' || assignee === 'none' ? assignee : '',
    overdue: bodyText(query, 'overdue') === '1',
    sort: bodyText(query, 'sort') === 'submitted' ? 'submitted' : 'due',
    q: bodyText(query, 'q').trim().slice(0, 100),
  };
}

export function filterOf(params: QueueParams, services: readonly string[], today: string): QueueFilter {
  const statuses = params.status === 'open' ? OPEN_STATUSES : params.status === 'all' ? STATUSES : [params.status as Status];
  return {
    services: params.service ? [params.service] : services,
    statuses,
    assignee: params.assignee || undefined,
    overdue: params.overdue,
    sort: params.sort,
    search: params.q || undefined,
    today,
  };
}

/** The address of this queue with some parameters changed, keeping the rest. */
function queueHref(params: QueueParams, changes: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    service: params.service || undefined,
    status: params.status === 'open' ? undefined : params.status,
    assignee: params.assignee || undefined,
    overdue: params.overdue ? '1' : undefined,
    sort: params.sort === 'due' ? undefined : params.sort,
    q: params.q || undefined,
    ...changes,
  };
  for (const [key, value] of Object.entries(all)) if (value) query.set(key, value);
  const search = query.toString();
  return `${BASE}/queue${search ? `?${search}` : ''}`;
}

export function queueRowView(row: QueueRow, res: Response, today: string) {
  const { t, lang, formatDate } = res.locals;
  const left = timeLeft(t, row.status, row.legal_due_date, today);
  return {
    reference: row.reference,
    href: `${BASE}/cases/${row.reference}`,
    service: t(`services:services.${row.service_id}.name`),
    name: row.applicant_name,
    citizenship: countryName(row.citizenship, lang) ?? row.citizenship,
    // The day it was sent in Baku, where the deadlines run.
    submitted: formatDate(todayInBaku(row.submitted_at)),
    due: formatDate(row.legal_due_date),
    left: left?.text ?? '',
    overdue: !!left?.overdue,
    status: t(`backoffice:statuses.${row.status}`),
    assignee: row.assignee_name ?? t('backoffice:queue.nobody'),
  };
}

export async function showQueue(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officer = officerOf(res);
  const today = todayInBaku(deps.clock());
  const params = readQueueParams(req.query, officer.services);
  const after = decodeCursor(req.query.after, params.sort);
  const page = await queuePage(deps.db, filterOf(params, officer.services, today), officer.id, after);
  await audit(deps.db, req, {
    action: params.q ? 'queue-searched' : 'queue-viewed',
    officerId: officer.id,
    // What was searched for may be a name or a document number: only its kind is kept.
    details: { service: params.service || null, status: params.status, rows: page.rows.length, page: after ? 'later' : 'first' },
  });
  const { t } = res.locals;
  res.render('backoffice/queue.njk', {
    params,
    rows: page.rows.map((row) => queueRowView(row, res, today)),
    csvHref: queueHref(params, {}).replace('/queue', '/queue.csv'),
    nextHref: page.next ? queueHref(params, { after: encodeCursor(page.next) }) : undefined,
    firstHref: after ? queueHref(params, {}) : undefined,
    serviceItems: [
      { value: '', text: t('backoffice:queue.allServices') },
      ...officer.services.filter((id) => findService(id)).map((id) => ({ value: id, text: t(`services:services.${id}.name`), selected: id === params.service })),
    ],
    statusItems: [
      { value: 'open', text: t('backoffice:queue.openStatuses') },
      ...STATUSES.map((status) => ({ value: status, text: t(`backoffice:statuses.${status}`), selected: status === params.status })),
      { value: 'all', text: t('backoffice:queue.allStatuses'), selected: params.status === 'all' },
    ],
    assigneeItems: [
      { value: '', text: t('backoffice:queue.anyone') },
      { value: 'me', text: t('backoffice:queue.me'), selected: params.assignee === 'me' },
      { value: 'none', text: t('backoffice:queue.nobody'), selected: params.assignee === 'none' },
    ],
    changed: req.query.changed === 'password',
    noServices: wouldSeeNoApplication(officer),
    sortItems: [
      { value: 'due', text: t('backoffice:queue.sortDue'), selected: params.sort === 'due' },
      { value: 'submitted', text: t('backoffice:queue.sortSubmitted'), selected: params.sort === 'submitted' },
    ],
  });
}
