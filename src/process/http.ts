import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { createDatabase, createSessionPool, type Database } from '../db/knex.js';
import { clamdScanner } from '../documents/clamd.js';
import { postgresStorage } from '../documents/storage.js';
import type { RequestMetrics } from '../metrics/http.js';
import { describeError } from '../middleware/errors.js';
import { answerClientErrors } from '../middleware/http-surface.js';

export interface Serving {
  server: Server;
  /** Requests in flight are answered, idle connections closed, then the pools. */
  close: () => Promise<void>;
}

/** Figures are kept only where METRICS_PORT is set: only then is prom-client loaded, not at every process's start. */
async function keepFigures(registry: Registry, pools: Parameters<typeof import('../metrics/pools.js').processMetrics>[1]): Promise<RequestMetrics> {
  const [{ processMetrics }, { requestMetrics }] = await Promise.all([import('../metrics/pools.js'), import('../metrics/http.js')]);
  processMetrics(registry, pools);
  return requestMetrics(registry);
}

/**
 * The public HTTP server of one process (the only one, or a cluster's worker), with its own pools.
 * Its figures go to `registry` when one is given (METRICS_PORT set).
 */
export async function servePublic(config: Config, logger: Logger, options: { connectionString: string; db?: Database; registry?: Registry; onError: () => void }): Promise<Serving> {
  const db =
    options.db ??
    createDatabase(options.connectionString, undefined, {
      warn: (message) => logger.warn({ database: message.slice(0, 200) }, 'database connection'),
      error: (message) => logger.error({ database: message.slice(0, 200) }, 'database connection'),
    });
  const sessionPool = createSessionPool(options.connectionString, 4, (error) => logger.warn({ failure: describeError(error) }, 'idle session connection lost'));
  const metrics = options.registry && (await keepFigures(options.registry, { queries: db, sessions: sessionPool }));
  const scanner = config.clamd ? clamdScanner(config.clamd) : undefined;
  const app = createApp({ config, db, sessionPool, logger, storage: postgresStorage(db), metrics, scanner });
  const server = createServer(app);
  answerClientErrors(server);
  // A request is answered or dropped within these, never left hanging on a slow or silent client.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'could not listen');
    options.onError();
  });
  const close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await sessionPool.end();
    if (!options.db) await db.destroy();
  };
  return new Promise((resolve) => {
    server.listen(config.port, () => {
      logger.info(`Portal listening on ${config.baseUrl}`);
      void app.warm();
      resolve({ server, close });
    });
  });
}
