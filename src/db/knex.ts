import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import './tables.js';

// DATE columns come back as 'YYYY-MM-DD' strings: a date of birth has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type Database = Knex;
/** The database, or a transaction of it: repositories take either, so callers decide what is atomic. */
export type Queryable = Knex | Knex.Transaction;

/**
 * How long a request waits for the database before it is answered "back in a few minutes": a
 * connection being made, or one free in the pool. Without these a request would wait a minute.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const ACQUIRE_TIMEOUT_MS = 10_000;

/** Where knex says what it would otherwise print to the console (a connection lost while idle). */
export interface DatabaseLog {
  warn: (message: string) => void;
  error: (message: string) => void;
}

export function createDatabase(connectionString: string, poolMax = 10, log?: DatabaseLog): Database {
  return knexFactory({
    client: 'pg',
    connection: { connectionString, application_name: 'sms-eservices', connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    ...(log && { log: { warn: log.warn, error: log.error, deprecate: log.warn, debug: () => undefined } }),
  });
}

/**
 * A named statement, on one of the database's connections: prepared there once, then only bound and
 * run, where knex would send the text to be planned again each time. For the few statements every
 * form page sends; it takes no transaction, and selects named columns (never `*`), so that a column a
 * migration adds cannot change a prepared statement's result ("cached plan must not change result type").
 */
export async function runNamed<Row extends pg.QueryResultRow>(db: Database, statement: pg.QueryConfig & { name: string }): Promise<Row[]> {
  const connection = (await db.client.acquireConnection()) as pg.PoolClient;
  try {
    return (await connection.query<Row>(statement)).rows;
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/** The pool sessions are kept through. A connection that dies while idle is dropped, not thrown. */
export function createSessionPool(connectionString: string, max: number, onError: (error: Error) => void = () => undefined): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'sms-eservices-sessions' });
  pool.on('error', onError);
  return pool;
}

export async function databaseAnswers(db: Database): Promise<boolean> {
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
