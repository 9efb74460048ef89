import type { Knex } from 'knex';
import { normaliseReference } from '../../applications/reference.js';
import { searchableText } from '../../applications/search-text.js';
import type { Status } from '../../applications/status.js';
import { normaliseDocumentNumber } from '../../catalogue/blocks/person.js';
import type { Database } from '../../db/knex.js';

export const PAGE_SIZE = 50;
/** Cases still to decide: what a queue shows unless asked for another status. */
export const OPEN_STATUSES: readonly Status[] = ['submitted', 'in_review', 'awaiting_applicant', 'pending_confirmation'];

export type QueueSort = 'due' | 'submitted';

export interface QueueFilter {
  /** The services the officer may see; a filter narrows to one of them. */
  services: readonly string[];
  statuses: readonly Status[];
  /** `me`, `none` (nobody holds it) or an officer's id. */
  assignee?: string;
  overdue: boolean;
  sort: QueueSort;
  search?: string;
  today: string;
}

export interface QueueRow {
  id: string;
  reference: string;
  service_id: string;
  applicant_name: string;
  citizenship: string;
  status: Status;
  legal_due_date: string;
  submitted_at: Date;
  /** submitted_at as PostgreSQL writes it, to the microsecond: a cursor made from a JavaScript date would lose them. */
  submitted_key: string;
  assigned_officer: string | null;
  assignee_name: string | null;
}

/** Where a page ends: the sort value and id of its last row. Opaque to the browser, checked on return. */
export interface Cursor {
  value: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.value}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: unknown, sort: QueueSort): Cursor | undefined {
  if (typeof text !== 'string' || text.length > 200) return undefined;
  const [value, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (!value || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const valid = sort === 'due' ? /^\d{4}-\d{2}-\d{2}$/.test(value) : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(value);
  return valid ? { value, id } : undefined;
}

/** What the search box holds, read as people type it: a reference, a document number or a name. */
type Search = { reference: string } | { documentNumber: string } | { name: string };

function readSearch(typed: string): Search | undefined {
  const text = typed.trim();
  if (!text) return undefined;
  const reference = normaliseReference(text);
  if (reference) return { reference };
  const name = searchableText(text);
  // A document number has digits; a name has none.
  if (/\d/.test(text)) return { documentNumber: normaliseDocumentNumber(text) };
  return name ? { name } : undefined;
}

function applySearch(query: Knex.QueryBuilder, search: Search): void {
  if ('reference' in search) {
    query.where('a.reference', search.reference);
    return;
  }
  if ('documentNumber' in search) {
    query.where('a.document_number', search.documentNumber);
    return;
  }
  // Every word somewhere in the name, in any order; the trigram index answers each "like".
  for (const word of search.name.split(' ').filter(Boolean)) query.where('a.search_name', 'like', `%${word}%`);
}

/**
 * One page of a queue, in the chosen order, after the cursor (keyset: no OFFSET, so a page is as
 * quick at the millionth row as at the first, and applications arriving meanwhile never shift
 * the rows of a page already seen). One row more than a page is read to know whether another follows.
 */
/** The rows of a filter in its order: one query for a page, the CSV export and the bench alike. */
export function queueQuery(db: Database, filter: QueueFilter, officerId: string): Knex.QueryBuilder | undefined {
  if (!filter.services.length || !filter.statuses.length) return undefined;
  const column = sortColumn(filter.sort);
  const query = db({ a: 'applications' })
    .leftJoin({ o: 'officers' }, 'o.id', 'a.assigned_officer')
    .select('a.id', 'a.reference', 'a.service_id', 'a.applicant_name', 'a.citizenship', 'a.status', 'a.legal_due_date', 'a.submitted_at', db.raw('a.submitted_at::text as submitted_key'), 'a.assigned_officer', 'o.name as assignee_name')
    .whereIn('a.service_id', filter.services)
    .whereIn('a.status', filter.statuses);
  if (filter.assignee === 'none') query.whereNull('a.assigned_officer');
  else if (filter.assignee) query.where('a.assigned_officer', filter.assignee === 'me' ? officerId : filter.assignee);
  if (filter.overdue) query.where('a.legal_due_date', '<', filter.today);
  if (filter.search) {
    const search = readSearch(filter.search);
    if (!search) return undefined;
    applySearch(query, search);
  }
  return query.orderBy([{ column, order: 'asc' }, { column: 'a.id', order: 'asc' }]);
}

function sortColumn(sort: QueueSort): string {
  return sort === 'due' ? 'a.legal_due_date' : 'a.submitted_at';
}

/**
 * One page of a queue, in the chosen order, after the cursor (keyset: no OFFSET, so a page is as
 * quick at the millionth row as at the first, and applications arriving meanwhile never shift
 * the rows of a page already seen). One row more than a page is read to know whether another follows.
 */
export async function queuePage(db: Database, filter: QueueFilter, officerId: string, after?: Cursor): Promise<{ rows: QueueRow[]; next?: Cursor }> {
  const query = queueQuery(db, filter, officerId);
  if (!query) return { rows: [] };
  const column = sortColumn(filter.sort);
  if (after) query.whereRaw(`(${column}, a.id) > (?::${filter.sort === 'due' ? 'date' : 'timestamptz'}, ?::uuid)`, [after.value, after.id]);
  const rows = (await query.limit(PAGE_SIZE + 1)) as QueueRow[];
  if (rows.length <= PAGE_SIZE) return { rows };
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1]!;
  return { rows: page, next: { value: filter.sort === 'due' ? last.legal_due_date : last.submitted_key, id: last.id } };
}
