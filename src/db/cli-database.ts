import { parseConfig } from '../config.js';
import { createDatabase, type Database } from './knex.js';
import { migrateToLatest } from './migrate.js';
import { provisionDatabase } from './provision.js';

/**
 * What every command (`npm run migrate`, `officer`, `seed`) does around its work: the database of
 * DATABASE_URL or the embedded one, migrated, then closed (and the embedded server stopped) whatever happens.
 * Beside a running `npm start`, the embedded server it started is used, and left running.
 */
export async function withMigratedDatabase<T>(work: (db: Database, applied: string[]) => Promise<T>): Promise<T> {
  const config = parseConfig(process.env);
  const database = await provisionDatabase(config, undefined, { shareRunning: true });
  const db = createDatabase(database.connectionString, 2);
  try {
    return await work(db, await migrateToLatest(db));
  } finally {
    await db.destroy();
    await database.stop();
  }
}
