import type { Database } from '../db/knex.js';
import type { DocumentStorage } from '../documents/storage.js';
import { deleteStaleCounters } from '../security/rate-limit.js';
import { deleteStaleFailures } from '../security/growing-lock.js';

/** Drafts deleted in one run at most, so one transaction stays short; the next run takes the rest. */
const BATCH = 500;

export interface CleanupResult {
  drafts: number;
  documents: number;
  /** Files uploaded for an answer to a request for information that was answered otherwise (an officer marked it received). */
  unsentReplyFiles: number;
  sessions: number;
  counters: number;
  /** Mails sent that carried a code (a resume code, a booking code): the code is taken out of the outbox once sent. */
  sentCodes: number;
}

/**
 * Deletes what has expired: drafts past their date (30 days after they were last saved) with the
 * files they hold, bytes included (a sent draft's files belong to its application and stay),
 * sessions past theirs, counters of limits whose window ended a day ago (and sign-in failures a day
 * old that no longer make anyone wait), and files uploaded for an
 * answer to a request for information that will never be sent, the request being answered already.
 */
export async function cleanUpExpired(db: Database, storage: DocumentStorage): Promise<CleanupResult> {
  const result = await db.transaction(async (trx) => {
    const expired = await trx('drafts').where('expires_at', '<', trx.fn.now()).orderBy('expires_at').limit(BATCH).forUpdate().skipLocked().select('id');
    const ids = expired.map((row) => row.id);
    if (!ids.length) return { drafts: 0, documents: 0 };
    const files = await trx('documents').whereIn('draft_id', ids).whereNull('application_id').delete().returning(['storage_key']);
    await storage.delete(files.map((file) => file.storage_key), trx);
    const drafts = await trx('drafts').whereIn('id', ids).delete();
    return { drafts, documents: files.length };
  });
  const unsentReplyFiles = await db.transaction(async (trx) => {
    const files = await trx('documents')
      .whereNull('application_id')
      .whereIn('information_request_id', trx('information_requests').whereNotNull('answered_at').select('id'))
      .delete()
      .returning(['storage_key']);
    await storage.delete(files.map((file) => file.storage_key), trx);
    return files.length;
  });
  const sessions = await db('sessions').where('expire', '<', db.fn.now()).delete();
  const sentCodes = await db('outbox').whereNotNull('sent_at').whereRaw(`data -> 'code' is not null`).update({ data: db.raw(`data - 'code'`) });
  const counters = (await deleteStaleCounters(db)) + (await deleteStaleFailures(db, new Date()));
  return { ...result, unsentReplyFiles, sessions, counters, sentCodes };
}
