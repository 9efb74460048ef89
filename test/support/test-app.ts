import pg from 'pg';
import type { Logger } from 'pino';
import supertest from 'supertest';
import { createApp, type App } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createDatabase, type Database } from '../../src/db/knex.js';
import type { DocumentStorage } from '../../src/documents/storage.js';
import { createLogger } from '../../src/logger.js';
import type { RequestMetrics } from '../../src/metrics/http.js';
import { LIMITS, type Limits } from '../../src/security/limits.js';
import type { Slots } from '../../src/documents/slots.js';
import { freshDatabase } from './fresh-database.js';

export interface TestApp {
  app: App;
  db: Database;
  /** The pool sessions are read and written through, apart from the app's database. */
  sessionPool: pg.Pool;
  databaseUrl: string;
  /** A browser of its own: cookies kept between requests. */
  agent: () => ReturnType<typeof supertest.agent>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** Reuse a database (to test a restart) instead of making a new one. */
  databaseUrl?: string;
  clock?: () => Date;
  /** More of the environment, as the process would read it (UPLOAD_TOTAL_MB=1). */
  env?: Record<string, string>;
  storage?: (db: Database) => DocumentStorage;
  /**
   * The limits per address. Every test runs from 127.0.0.1, so a file that begins a hundred forms
   * would meet them; tests of the limits themselves pass the published ones (LIMITS).
   */
  limits?: Limits;
  /** Where the app logs; silent unless given (or TEST_LOG names a level). */
  logger?: Logger;
  /** Places for uploads in flight (UPLOADS_IN_FLIGHT unless given), to fill them in a test. */
  uploadSlots?: Slots;
  /** Where requests are counted for /metrics. */
  metrics?: RequestMetrics;
}

export { PRODUCTION_ENV } from './production.js';

const FOR_TESTS: Limits = Object.fromEntries(Object.entries(LIMITS).map(([name, limit]) => [name, { ...limit, attempts: 100_000 }])) as Limits;

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await freshDatabase());
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent', ...options.env });
  const db = createDatabase(databaseUrl, 5);
  const sessionPool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  const app = createApp({
    config,
    db,
    sessionPool,
    // TEST_LOG=error shows what a failing request logged.
    logger: options.logger ?? createLogger(process.env.TEST_LOG ?? 'silent'),
    clock: options.clock,
    storage: options.storage?.(db),
    limits: options.limits ?? FOR_TESTS,
    uploadSlots: options.uploadSlots,
    metrics: options.metrics,
  });
  await app.warm();
  return {
    app,
    db,
    sessionPool,
    databaseUrl,
    agent: () => supertest.agent(app),
    close: async () => {
      await sessionPool.end();
      await db.destroy();
    },
  };
}
