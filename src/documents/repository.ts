import type { Queryable } from '../db/knex.js';
import type { DocumentRow, DraftRow } from '../db/tables.js';

export type { DocumentRow };

/** A file uploaded to a draft, as the engine sees it: the bytes stay in the document store. */
export interface FileRef {
  id: string;
  name: string;
  size: number;
  /** The type decided from the bytes: 'pdf', 'jpeg' or 'png'. */
  type: string;
}

/** Answers as a draft keeps them, as typed: the engine's RawAnswers (forms/model.ts). */
type RawAnswers = DraftRow['answers'];

const META = ['id', 'draft_id', 'application_id', 'information_request_id', 'step_id', 'field', 'storage_key', 'sha256', 'media_type', 'size_bytes', 'display_name', 'scan_verdict', 'scanner', 'created_at'] as const;

const TYPE_OF_MEDIA: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpeg', 'image/png': 'png' };

export function refOf(row: DocumentRow): FileRef {
  return { id: row.id, name: row.display_name, size: row.size_bytes, type: TYPE_OF_MEDIA[row.media_type] ?? row.media_type };
}

export async function draftDocuments(db: Queryable, draftId: string): Promise<DocumentRow[]> {
  return db('documents').where({ draft_id: draftId }).whereNull('application_id').orderBy('created_at').select(META);
}

export async function applicationDocuments(db: Queryable, applicationId: string): Promise<DocumentRow[]> {
  return db('documents').where({ application_id: applicationId }).orderBy('created_at').select(META);
}

/** The draft's files as the engine reads them: each file field of each step holds its uploaded files. */
export function withFiles(raw: RawAnswers, documents: readonly DocumentRow[]): RawAnswers {
  if (!documents.length) return raw;
  const files = new Map<string, Map<string, FileRef[]>>();
  for (const row of documents) {
    const step = files.get(row.step_id) ?? new Map<string, FileRef[]>();
    step.set(row.field, [...(step.get(row.field) ?? []), refOf(row)]);
    files.set(row.step_id, step);
  }
  const merged: RawAnswers = { ...raw };
  for (const [stepId, fields] of files) merged[stepId] = { ...merged[stepId], ...Object.fromEntries(fields) };
  return merged;
}
