import cluster from 'node:cluster';
import type { Server } from 'node:http';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ConfigError, parseConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { serveMetrics, type MetricsText } from './metrics/server.js';
import { databaseFromPrimary, superviseWorkers } from './process/cluster.js';
import { fatal, installLastResortHandlers } from './process/last-resort.js';
import type { Serving } from './process/http.js';
import type { Started } from './process/startup.js';

const SHUTDOWN_LIMIT_MS = 10_000;

/*
 * What each kind of process needs is imported when it knows what it is, not at the top: a worker
 * never loads the start-up work (migrations, jobs), a cluster's primary never loads the pages, and
 * workers forked first load their code while the primary starts the database.
 */
const startUp = () => import('./process/startup.js');
const workMetricsOf = async () => (await import('./metrics/work.js')).workMetrics;
/** Loaded only where figures are kept (METRICS_PORT), and in a primary only after its workers are forked. */
const metricsLibrary = () => import('prom-client');

/** Runs `stop` once, on SIGTERM or SIGINT (or whatever else calls it), exiting if it takes too long. */
function onceStopping(logger: Logger, stop: () => Promise<void>): (code: number) => Promise<void> {
  let stopping = false;
  return async (code) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS - 500);
    force.unref();
    await stop();
    logger.info('stopped');
    process.exit(code);
  };
}

async function stopStarted(started: Started): Promise<void> {
  await started.jobs.stop();
  await started.db.destroy();
  await started.database.stop();
}

/** One process does everything: the start-up work, the jobs and the pages (WORKERS=1, the default outside production). */
async function runAlone(config: Config, logger: Logger): Promise<void> {
  const pages = import('./process/http.js');
  const started = await (await startUp()).startOnce(config, logger);
  const registry = config.metrics && new (await metricsLibrary()).Registry();
  if (registry) (await workMetricsOf())(registry, { db: started.db, boss: started.jobs.boss });
  const open: { serving?: Serving; metrics?: Server } = {};
  const stop = onceStopping(logger, async () => {
    open.metrics?.close();
    await open.serving?.close();
    await stopStarted(started);
  });
  const { servePublic } = await pages;
  open.serving = await servePublic(config, logger, { connectionString: started.database.connectionString, db: started.db, registry, onError: () => void stop(1) });
  if (registry && config.metrics) open.metrics = await serveMetrics(config.metrics, async () => ({ body: await registry.metrics(), contentType: registry.contentType }), logger);
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
}

/**
 * The primary of a cluster: the start-up work and the jobs once, then one worker per WORKERS serving
 * pages on the shared port; the figures of all of them at METRICS_PORT. SIGHUP replaces the workers
 * one by one (a new release); SIGTERM or SIGINT lets each finish its requests, then stops.
 */
async function runPrimary(config: Config, logger: Logger): Promise<void> {
  let databaseReady!: (connectionString: string) => void;
  const database = new Promise<string>((resolve) => (databaseReady = resolve));
  let started: Started | undefined;
  let metricsServer: Server | undefined;
  const stop = onceStopping(logger, async () => {
    metricsServer?.close();
    await workers.stop();
    if (started) await stopStarted(started);
  });
  // Forked before the start-up work, to load their code while the database starts; they listen once it is ready.
  // One core is left to the primary's start-up (the database, its migrations): the rest start once a worker answers.
  const startAtOnce = Math.max(1, os.availableParallelism() - 1);
  const workers = superviseWorkers({ workers: config.workers, startAtOnce, database, logger, onGiveUp: () => void stop(1) });
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGHUP', () => {
    logger.info('replacing workers');
    void workers.restart().then(() => logger.info('workers replaced'));
  });
  try {
    started = await (await startUp()).startOnce(config, logger, { poolMax: 2, onMigrated: databaseReady });
  } catch (error) {
    await workers.stop();
    throw error;
  }
  await workers.ready;
  logger.info({ workers: config.workers }, 'workers ready');
  if (config.metrics) {
    const { AggregatorRegistry, Gauge, Registry } = await metricsLibrary();
    const own = new Registry();
    (await workMetricsOf())(own, { db: started.db, boss: started.jobs.boss });
    new Gauge({
      name: 'portal_workers',
      help: 'Worker processes serving pages.',
      registers: [own],
      collect() {
        this.set(workers.pids().length);
      },
    });
    const aggregator = new AggregatorRegistry();
    // The workers' figures summed (each metric says how), then the primary's own, read once from the database.
    const read = async (): Promise<MetricsText> => ({ body: `${await aggregator.clusterMetrics()}\n${await own.metrics()}`, contentType: own.contentType });
    metricsServer = await serveMetrics(config.metrics, read, logger);
  }
}

/** A worker of the cluster: pages only, on the port the primary shares out. The primary decides when it stops. */
async function runWorker(config: Config, logger: Logger): Promise<void> {
  let registry: Registry | undefined;
  if (config.metrics) {
    const { AggregatorRegistry, Registry } = await metricsLibrary();
    registry = new Registry();
    // Answers the primary's requests for this worker's figures.
    AggregatorRegistry.setRegistries(registry);
    new AggregatorRegistry();
  }
  const open: { serving?: Serving } = {};
  const stop = onceStopping(logger, async () => {
    await open.serving?.close();
  });
  // Imported here, not at the top: a cluster's primary never loads the pages' code, and stays small.
  // Loaded while the primary readies the database, which it names once it is (embedded, its port is its own).
  const serving = import('./process/http.js');
  const connectionString = await databaseFromPrimary();
  const { servePublic } = await serving;
  open.serving = await servePublic(config, logger, { connectionString, registry, onError: () => void stop(1) });
  process.on('SIGTERM', () => void stop(0));
  // Ctrl+C reaches every process of the group; the primary, which heard it too, stops the workers in order.
  process.on('SIGINT', () => undefined);
  // The primary is gone: nobody shares out connections any more.
  process.on('disconnect', () => void stop(0));
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) return runWorker(config, logger);
  if (config.workers > 1) return runPrimary(config, logger);
  return runAlone(config, logger);
}

installLastResortHandlers();

main().catch((error: unknown) => {
  // A wrong setting is one plain line naming the variable, for whoever starts the server.
  if (!(error instanceof ConfigError)) return fatal('could not start')(error);
  console.error(error.message);
  process.exit(1);
});
