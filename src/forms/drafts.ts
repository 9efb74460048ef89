import type { Knex } from 'knex';
import type { Queryable } from '../db/knex.js';
import type { DocumentRow, DraftRow } from '../db/tables.js';
import type { RawStep } from './model.js';
import { storable } from '../text/rules.js';

export type { DraftRow };

/** A draft not touched for this long is deleted with its files (see jobs/). */
const DRAFT_LIFETIME_DAYS = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function lifetime(db: Queryable): Knex.Raw {
  return db.raw(`now() + make_interval(days => ?)`, [DRAFT_LIFETIME_DAYS]);
}

export async function findDraft(db: Queryable, id: string | undefined, serviceId: string): Promise<DraftRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db('drafts').where({ id, service_id: serviceId }).first();
}

/** The draft and the files uploaded to it, in one round trip: every page of a form needs both. */
export async function findDraftWithDocuments(db: Queryable, id: string | undefined, serviceId: string): Promise<{ draft: DraftRow; documents: DocumentRow[] } | undefined> {
  if (!isUuid(id)) return undefined;
  const row = (await db('drafts')
    .select(
      'drafts.*',
      db.raw(
        `coalesce((select json_agg(documents order by documents.created_at) from documents where documents.draft_id = drafts.id and documents.application_id is null), '[]') as files`,
      ),
    )
    .where('drafts.id', id)
    .andWhere('drafts.service_id', serviceId)
    .first()) as (DraftRow & { files: DocumentRow[] }) | undefined;
  if (!row) return undefined;
  const { files, ...draft } = row;
  return { draft, documents: files };
}

/** A draft is made with its first saved answer, never by opening a page. */
export async function createDraft(db: Queryable, serviceId: string): Promise<DraftRow> {
  const [row] = await db('drafts').insert({ service_id: serviceId, expires_at: lifetime(db) }).returning('*');
  return row!;
}

/**
 * Saves one step's answers as typed, valid or not, so nothing typed is lost; each save starts the 30
 * days again. Returns the draft as saved, or nothing when it was sent or deleted meanwhile.
 */
export async function saveStep(db: Queryable, draftId: string, stepId: string, raw: RawStep): Promise<DraftRow | undefined> {
  const [row] = await db('drafts')
    .where({ id: draftId })
    .whereNull('application_id')
    .update({
      answers: db.raw('answers || ?::jsonb', [JSON.stringify({ [stepId]: storable(raw) })]),
      updated_at: db.fn.now(),
      expires_at: lifetime(db),
    })
    .returning('*');
  return row;
}
