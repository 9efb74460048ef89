import { createServer, type Server } from 'node:http';
import { createApp } from './app.js';
import { createDemoOfficers } from './backoffice/officers/demo.js';
import { ConfigError, parseConfig } from './config.js';
import { createDatabase, createSessionPool } from './db/knex.js';
import { migrateToLatest } from './db/migrate.js';
import { provisionDatabase } from './db/provision.js';
import { oneInstanceAtATime } from './db/startup-lock.js';
import { postgresStorage } from './documents/storage.js';
import { clamdScanner } from './documents/clamd.js';
import type { VirusScanner } from './documents/scanner.js';
import { sweepUploadFolders } from './documents/temp-files.js';
import { startJobs } from './jobs/index.js';
import { openOfficesForTrying } from './visits/demo.js';
import { createI18n } from './i18n/i18n.js';
import { createRenderer } from './notices/render.js';
import { checkMailServer } from './notices/sender.js';
import { createMailTransport } from './notices/transport.js';
import { createLogger } from './logger.js';
import { describeError } from './middleware/errors.js';
import { answerClientErrors } from './middleware/http-surface.js';

const SHUTDOWN_LIMIT_MS = 10_000;

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.logLevel);
  const database = await provisionDatabase(config, (message) => logger.debug({ postgres: message.trim() }));
  if (database.embedded) logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  const db = createDatabase(database.connectionString, undefined, {
    warn: (message) => logger.warn({ database: message.slice(0, 200) }, 'database connection'),
    error: (message) => logger.error({ database: message.slice(0, 200) }, 'database connection'),
  });
  const sessionPool = createSessionPool(database.connectionString, 4, (error) => logger.warn({ failure: describeError(error) }, 'idle session connection lost'));

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

  const scanner = config.clamd ? clamdScanner(config.clamd) : undefined;
  await checkScanner(scanner, logger);
  const swept = await sweepUploadFolders().catch(() => 0);
  if (swept) logger.info({ folders: swept }, 'upload folders left by a stopped process removed');

  const app = createApp({ config, db, sessionPool, logger, storage, scanner });
  const server: Server = createServer(app).listen(config.port, () => {
    logger.info(`Portal listening on ${config.baseUrl}`);
    void app.warm();
  });
  answerClientErrors(server);
  // A request is answered or dropped within these, never left hanging on a slow or silent client.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'could not listen');
    void stop(1);
  });

  let stopping = false;
  async function stop(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS - 500);
    force.unref();
    // Requests in flight finish; idle keep-alive connections close now.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await jobs.stop();
    await sessionPool.end();
    await db.destroy();
    await database.stop();
    logger.info('stopped');
    process.exit(code);
  }
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
}

/** Anything that would stop the process is one JSON line, as the rest of the log, not a stack printed raw. */
function fatal(what: string): (error: unknown) => void {
  return (error) => {
    createLogger('fatal').fatal({ failure: describeError(error) }, what);
    process.exit(1);
  };
}
process.on('uncaughtException', fatal('uncaught exception'));
process.on('unhandledRejection', fatal('unhandled rejection'));
/**
 * Names the scanner and asks its version, so an operator reads at start whether uploads will be
 * scanned. One out of reach does not stop the portal: its uploads are refused until it answers.
 */
async function checkScanner(scanner: VirusScanner | undefined, logger: ReturnType<typeof createLogger>): Promise<void> {
  if (!scanner) {
    logger.warn('no virus scanner (CLAMD_SOCKET unset): uploaded files are kept marked "not scanned"');
    return;
  }
  try {
    logger.info({ scanner: scanner.name, version: await scanner.version() }, 'virus scanner ready');
  } catch (error) {
    logger.error({ scanner: scanner.name, cause: (error as Error).message }, 'virus scanner out of reach: uploads are refused until it answers');
  }
}

main().catch((error: unknown) => {
  // A wrong setting is one plain line naming the variable, for whoever starts the server.
  if (!(error instanceof ConfigError)) return fatal('could not start')(error);
  console.error(error.message);
  process.exit(1);
});
