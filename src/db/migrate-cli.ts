import { parseConfig, ConfigError } from '../config.js';
import { createDatabase } from './knex.js';
import { migrateToLatest } from './migrate.js';
import { provisionDatabase } from './provision.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const database = await provisionDatabase(config);
  const db = createDatabase(database.connectionString, 2);
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date');
  } finally {
    await db.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
