import type { Database } from '../db/knex.js';
import type { RawAnswers, RawStep } from './journey.js';

export interface DraftRow {
  id: string;
  service_id: string;
  answers: RawAnswers;
  application_id: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createDraft(db: Database, serviceId: string): Promise<DraftRow> {
  const [row] = await db('drafts').insert({ service_id: serviceId }).returning('*');
  return row as DraftRow;
}

export async function findDraft(db: Database, id: string | undefined, serviceId: string): Promise<DraftRow | undefined> {
  if (!id || !UUID.test(id)) return undefined;
  return db('drafts').where({ id, service_id: serviceId }).first();
}

/** Saves one step's answers as typed, valid or not, so nothing typed is lost. */
export async function saveStep(db: Database, draftId: string, stepId: string, raw: RawStep): Promise<void> {
  await db('drafts')
    .where({ id: draftId })
    .whereNull('application_id')
    .update({
      answers: db.raw('answers || ?::jsonb', [JSON.stringify({ [stepId]: raw })]),
      updated_at: db.fn.now(),
    });
}
