import type { Queryable } from '../db/knex.js';

/**
 * Where document bytes live, by key. PostgreSQL now, so a document and the application it joins
 * are written in one transaction; an object store can take over behind the same three calls when
 * the volume outgrows one database (its puts would then precede the transaction, and a sweep
 * would remove keys no row names).
 */
export interface DocumentStorage {
  put: (key: string, bytes: Buffer, db?: Queryable) => Promise<void>;
  get: (key: string) => Promise<Buffer | undefined>;
  delete: (keys: readonly string[], db?: Queryable) => Promise<void>;
}

export function postgresStorage(database: Queryable): DocumentStorage {
  return {
    put: async (key, bytes, db = database) => {
      await db('document_blobs').insert({ key, bytes });
    },
    get: async (key) => (await database('document_blobs').where({ key }).first('bytes'))?.bytes,
    delete: async (keys, db = database) => {
      if (keys.length) await db('document_blobs').whereIn('key', keys).delete();
    },
  };
}
