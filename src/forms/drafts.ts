import type { Knex } from 'knex';
import { runNamed, type Database, type Queryable } from '../db/knex.js';
import type { AlongsideRead, AlongsideRow } from '../middleware/session-alongside.js';
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

type DraftWithDocuments = { draft: DraftRow; documents: DocumentRow[] };

/* Named columns, not `drafts.*`: the read beside the session is a prepared statement (see session-store.ts). */
const DRAFT_COLUMNS = ['id', 'service_id', 'answers', 'application_id', 'created_at', 'updated_at', 'expires_at', 'resume_code_hash', 'resume_date_of_birth'] as const satisfies readonly (keyof DraftRow)[];
// A column of DraftRow missing from the list above fails to compile here.
const everyColumnListed: [Exclude<keyof DraftRow, (typeof DRAFT_COLUMNS)[number]>] extends [never] ? true : never = true;
void everyColumnListed;

/** The draft's columns and its files, as `files`: every page of a form needs both. */
const DRAFT_WITH_FILES = `${DRAFT_COLUMNS.map((column) => `drafts.${column}`).join(', ')},
  coalesce((select json_agg(documents order by documents.created_at) from documents where documents.draft_id = drafts.id and documents.application_id is null), '[]') as files`;

function withDocuments(row: (DraftRow & { files: DocumentRow[] }) | undefined): DraftWithDocuments | undefined {
  if (!row?.id) return undefined;
  const { files, ...draft } = row;
  return { draft, documents: files };
}

/** The draft and the files uploaded to it, in one round trip. */
export async function findDraftWithDocuments(db: Database, id: string | undefined, serviceId: string): Promise<DraftWithDocuments | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await runNamed<DraftRow & { files: DocumentRow[] }>(db, {
    name: 'draft-with-files',
    text: `select ${DRAFT_WITH_FILES} from drafts where drafts.id = $1 and drafts.service_id = $2`,
    values: [id, serviceId],
  });
  return withDocuments(row);
}

/** The session's draft of `$2` (a service), or none where it holds no id or an id that is not a uuid. */
const SESSION_DRAFT = `(select $2::text as service_id, s.sess->'drafts'->>$2::text as draft_id) asked`;

/**
 * The session's draft of a service, with its files, read in the statement that reads the session
 * (see session-alongside.ts): one row, naming what it asked for, with the draft's columns null when
 * there is none.
 */
export function draftBesideSession(serviceId: string): AlongsideRead {
  return {
    name: 'draft-with-files',
    sql: `select asked.service_id as asked_service, asked.draft_id as asked_draft, ${DRAFT_WITH_FILES}
      from ${SESSION_DRAFT}
      left join drafts on drafts.id = case when asked.draft_id ~* '${UUID.source}' then asked.draft_id::uuid end and drafts.service_id = asked.service_id`,
    values: [serviceId],
  };
}

/**
 * What the session's statement read of the draft: `found` when it asked for this service's draft `id`
 * (the session may have been given another since), else undefined, and the draft is to be read.
 */
export function draftReadBeside(row: AlongsideRow | undefined, id: string | undefined, serviceId: string): { found: DraftWithDocuments | undefined } | undefined {
  if (!row || row.asked_service !== serviceId || row.asked_draft !== (id ?? null)) return undefined;
  const { asked_service: _service, asked_draft: _draft, ...draft } = row;
  void _service;
  void _draft;
  return { found: withDocuments(draft as unknown as DraftRow & { files: DocumentRow[] }) };
}

/** One step's answers as typed, as a draft keeps them. */
export interface StepSaved {
  stepId: string;
  raw: RawStep;
}

/** A step's answers as the draft's `answers` column holds them, under the step's id. */
function answersOf({ stepId, raw }: StepSaved): Record<string, RawStep> {
  return { [stepId]: storable(raw) };
}

/**
 * A draft is made with its first saved answer, never by opening a page: holding that answer, in the
 * statement that makes it. Without one (a file sent before any answer), it is made empty.
 */
export async function createDraft(db: Queryable, serviceId: string, first?: StepSaved): Promise<DraftRow> {
  const answers = first ? { answers: answersOf(first) } : {};
  const [row] = await db('drafts').insert({ service_id: serviceId, expires_at: lifetime(db), ...answers }).returning('*');
  return row!;
}

const SAVE_STEP = `update drafts set answers = answers || $2::jsonb, updated_at = now(), expires_at = now() + make_interval(days => $3)
  where id = $1 and application_id is null`;

function saveValues(draftId: string, stepId: string, raw: RawStep): unknown[] {
  return [draftId, JSON.stringify(answersOf({ stepId, raw })), DRAFT_LIFETIME_DAYS];
}

/**
 * Saves one step's answers as typed, valid or not, so nothing typed is lost; each save starts the 30
 * days again. Returns the draft as saved, or nothing when it was sent or deleted meanwhile.
 */
export async function saveStep(db: Database, draftId: string, stepId: string, raw: RawStep): Promise<DraftRow | undefined> {
  const [row] = await runNamed<DraftRow>(db, {
    name: 'draft-save-step',
    text: `${SAVE_STEP} returning ${DRAFT_COLUMNS.join(', ')}`,
    values: saveValues(draftId, stepId, raw),
  });
  return row;
}

/**
 * As saveStep, returning the draft with its files as they are now: for a step whose files were
 * stored a moment ago (their transaction committed, so this statement sees them), in place of
 * reading the draft again after the save.
 */
export async function saveStepWithFiles(db: Database, draftId: string, stepId: string, raw: RawStep): Promise<DraftWithDocuments | undefined> {
  const [row] = await runNamed<DraftRow & { files: DocumentRow[] }>(db, {
    name: 'draft-save-step+files',
    text: `${SAVE_STEP} returning ${DRAFT_WITH_FILES}`,
    values: saveValues(draftId, stepId, raw),
  });
  return withDocuments(row);
}
