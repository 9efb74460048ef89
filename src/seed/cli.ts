import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { withMigratedDatabase } from '../db/cli-database.js';
import { seedApplications } from './applications.js';

/** `npm run seed -- --applications N`: fills DATABASE_URL's database, or the embedded one, with N applications. */
async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { applications: { type: 'string', default: '1000' } } });
  const count = Number(values.applications);
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) throw new ConfigError('--applications must be a whole number from 1 to 10000000');
  const started = performance.now();
  await withMigratedDatabase(async (db) => {
    await seedApplications(db, count, { onProgress: (done) => process.stdout.write(`\r${done} of ${count}`) });
    console.log(`\n${count} applications in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
