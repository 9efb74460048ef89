import type { Logger } from 'pino';
import { createDemoOfficers } from '../backoffice/officers/demo.js';
import { describeError } from '../middleware/errors.js';
import type { Config } from '../config.js';
import { createDatabase, type Database } from '../db/knex.js';
import { migrateToLatest } from '../db/migrate.js';
import { provisionDatabase, type ProvisionedDatabase } from '../db/provision.js';
import { oneInstanceAtATime } from '../db/startup-lock.js';
import { clamdScanner } from '../documents/clamd.js';
import type { VirusScanner } from '../documents/scanner.js';
import { postgresStorage } from '../documents/storage.js';
import { sweepUploadFolders } from '../documents/temp-files.js';
import { createI18n } from '../i18n/i18n.js';
import { startJobs, type Jobs } from '../jobs/index.js';
import { createRenderer } from '../notices/render.js';
import { checkMailServer } from '../notices/sender.js';
import { createMailTransport } from '../notices/transport.js';
import { openOfficesForTrying } from '../visits/demo.js';
import { fieldsOf } from '../http/fields.js';

export interface Started {
  database: ProvisionedDatabase;
  db: Database;
  jobs: Jobs;
}

/**
 * What one instance does once, before any page is served: the database (the embedded one started
 * here), the migrations, the demo officers in development, the job queue. Done under the start-up
 * lock, so instances started at once take turns. In a cluster the primary does it, for every worker.
 */
export async function startOnce(config: Config, logger: Logger, options: { poolMax?: number; onMigrated?: (connectionString: string) => void } = {}): Promise<Started> {
  const database = await provisionDatabase(config, (message) => logger.debug({ postgres: message.trim() }));
  if (database.embedded) logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  const db = createDatabase(database.connectionString, options.poolMax, {
    warn: (message) => logger.warn({ database: message.slice(0, 200) }, 'database connection'),
    error: (message) => logger.error({ database: message.slice(0, 200) }, 'database connection'),
  });
  const storage = postgresStorage(db);
  const jobs = await oneInstanceAtATime(db, async () => {
    const applied = await migrateToLatest(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    if (config.env === 'development') {
      const demo = await createDemoOfficers(db);
      // Printed, not logged: shown once to whoever started the server, never kept in a log.
      if (demo.length) {
        console.log(`\nDemo back-office accounts (development only), sign in at ${config.baseUrl}/backoffice:`);
        for (const officer of demo) console.log(`  ${officer.role.padEnd(11)} ${officer.email}  ${officer.password}`);
        console.log('These passwords are shown only now.\n');
      }
    }
    const opened = await openOfficesForTrying(db, config.env);
    if (opened.length) console.log(`The ${opened.length} offices take bookings (development only), working days 09:00–18:00; supervisors change it at ${config.baseUrl}/backoffice/visits.\n`);
    // Pages can be served from here on (a cluster's workers listen); the jobs are the primary's alone.
    options.onMigrated?.(database.connectionString);
    const transport = createMailTransport(config.mail, config.env);
    const notices = transport && {
      db,
      transport,
      renderer: createRenderer({ i18n: createI18n(), baseUrl: config.baseUrl, authority: config.authority }),
      from: config.mail.from,
      logger,
      cycleSeconds: config.mail.cycleSeconds,
      giveUpHours: config.mail.giveUpHours,
    };
    return { ...(await startJobs({ connectionString: database.connectionString, db, storage, logger, notices })), notices };
  });
  // Said once at start, without holding it back: which mail server, and whether it answered or why not.
  if (jobs.notices) void checkMailServer(jobs.notices, { atStart: true }).catch((error: unknown) => logger.error({ failure: describeError(error) }, 'mail server check failed'));
  await checkScanner(config.clamd ? clamdScanner(config.clamd) : undefined, logger);
  const swept = await sweepUploadFolders().catch(() => 0);
  if (swept) logger.info({ folders: swept }, 'upload folders left by a stopped process removed');
  return { database, db, jobs };
}

/**
 * Names the scanner and asks its version, so an operator reads at start whether uploads will be
 * scanned. One out of reach does not stop the portal: its uploads are refused until it answers.
 */
async function checkScanner(scanner: VirusScanner | undefined, logger: Logger): Promise<void> {
  if (!scanner) {
    logger.warn('no virus scanner (CLAMD_SOCKET unset): uploaded files are kept marked "not scanned"');
    return;
  }
  try {
    logger.info({ scanner: scanner.name, version: await scanner.version() }, 'virus scanner ready');
  } catch (error) {
    logger.error({ scanner: scanner.name, cause: fieldsOf(error).message }, 'virus scanner out of reach: uploads are refused until it answers');
  }
}
