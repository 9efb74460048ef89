import { ConfigError } from '../config.js';
import { withMigratedDatabase } from './cli-database.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
withMigratedDatabase(async (_db, applied) => {
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date');
}).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
