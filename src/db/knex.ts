import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import './tables.js';

// DATE columns come back as 'YYYY-MM-DD' strings: a date of birth has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type Database = Knex;
/** The database, or a transaction of it: repositories take either, so callers decide what is atomic. */
export type Queryable = Knex | Knex.Transaction;

export function createDatabase(connectionString: string, poolMax = 10): Database {
  return knexFactory({
    client: 'pg',
    connection: { connectionString, application_name: 'sms-eservices' },
    pool: { min: 0, max: poolMax },
  });
}

export async function databaseAnswers(db: Database): Promise<boolean> {
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
