import type { Database } from '../../src/db/knex.js';
import type { ApplicationRow, DraftRow } from '../../src/db/tables.js';

/* Tests read stored answers of any service, any step, any field: typed loosely here on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Stored = Record<string, any>;

export type StoredApplication = Omit<ApplicationRow, 'answers'> & { answers: Stored };
export type StoredDraft = Omit<DraftRow, 'answers'> & { answers: Stored };

export async function applicationWhere(db: Database, where: Partial<ApplicationRow>): Promise<StoredApplication> {
  const row = await db('applications').where(where).first();
  if (!row) throw new Error(`No application where ${JSON.stringify(where)}`);
  return row as StoredApplication;
}

export async function applicationsWhereAnswer(db: Database, step: string, field: string, value: string): Promise<StoredApplication[]> {
  return (await db('applications').whereRaw(`answers->?->>? = ?`, [step, field, value])) as StoredApplication[];
}

export async function latestDraft(db: Database): Promise<StoredDraft> {
  const row = await db('drafts').orderBy('updated_at', 'desc').first();
  if (!row) throw new Error('No draft');
  return row as StoredDraft;
}
