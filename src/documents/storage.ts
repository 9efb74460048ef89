import type { Knex } from 'knex';
import type { Queryable } from '../db/knex.js';

/**
 * Where document bytes live, by key. PostgreSQL now, so a document and the application it joins
 * are written in one transaction; an object store can take over behind the same three calls when
 * the volume outgrows one database (its puts would then precede the statement that records them,
 * and a sweep would remove keys no row names).
 */
export interface DocumentStorage {
  /**
   * Keeps a file's bytes under its key with the row that records the file (`record`, an insert on
   * the caller's connection or transaction), and gives what `record` returns. PostgreSQL writes both
   * in one statement: one round trip, and neither is ever kept without the other.
   */
  putRecorded: <Row>(key: string, bytes: Buffer, record: Knex.QueryBuilder) => Promise<Row[]>;
  get: (key: string) => Promise<Buffer | undefined>;
  delete: (keys: readonly string[], db?: Queryable) => Promise<void>;
}

export function postgresStorage(database: Queryable): DocumentStorage {
  return {
    putRecorded: async <Row>(key: string, bytes: Buffer, record: Knex.QueryBuilder) =>
      (await record.with('stored_bytes', (blob) => blob.insert({ key, bytes }).into('document_blobs'))) as Row[],
    get: async (key) => (await database('document_blobs').where({ key }).first('bytes'))?.bytes,
    delete: async (keys, db = database) => {
      if (keys.length) await db('document_blobs').whereIn('key', keys).delete();
    },
  };
}
