/**
 * The portal as the bench and the load test measure it: its own process, production settings, a
 * real PostgreSQL (DATABASE_URL's, or an embedded one in a temporary folder). Tells its parent the
 * port it took.
 *
 * BENCH_ROLE=floor makes it the framework floor instead: the app from the same factory, with every
 * middleware of the portal (the session read from PostgreSQL included), but in place of the portal's
 * areas one route per page that answers the bytes the bench captured from the portal (sent here
 * over IPC). What the portal spends beyond the floor is its own work: rendering, queries, compression.
 *
 * WORKERS > 1 runs a cluster of that many workers on one port, as `npm start` does in production.
 * BENCH_LOG=warn (or info) writes the app's log at that level, to see why a request of a crowd failed.
 */
import { spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Router, type Request, type Response } from 'express';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/paths.js';
import type { Limits } from '../../src/security/limits.js';
import { startClamd } from '../support/clamd.js';
import { PRODUCTION_ENV } from '../support/production.js';

/*
 * The portal as production runs it: the JavaScript `npm start` builds into dist/, not the TypeScript
 * tsx compiles as it loads (which also wraps every function it makes in a call that names it, a cost
 * production does not have). The primary builds what is out of date first, as `npm start` does.
 */
if (cluster.isPrimary) {
  const built = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src', 'build', 'prestart.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('the build for the bench failed');
}
const fromBuild = <Module>(name: string): Promise<Module> => import(pathToFileURL(path.join(PROJECT_ROOT, 'dist', 'src', name)).href) as Promise<Module>;
const { createApp } = await fromBuild<typeof import('../../src/app.js')>('app.js');
const { parseConfig } = await fromBuild<typeof import('../../src/config.js')>('config.js');
const { freePort, startEmbeddedPostgres } = await fromBuild<typeof import('../../src/db/embedded.js')>('db/embedded.js');
const { createDatabase } = await fromBuild<typeof import('../../src/db/knex.js')>('db/knex.js');
const { migrateToLatest } = await fromBuild<typeof import('../../src/db/migrate.js')>('db/migrate.js');
const { createLogger } = await fromBuild<typeof import('../../src/logger.js')>('logger.js');
const { superviseWorkers } = await fromBuild<typeof import('../../src/process/cluster.js')>('process/cluster.js');
const { LIMITS } = await fromBuild<typeof import('../../src/security/limits.js')>('security/limits.js');

/** A page as the bench captured it from the portal, for the floor to answer. */
export interface CapturedPage {
  method: 'GET' | 'POST';
  path: string;
  status: number;
  headers: Record<string, string>;
  /** Base64. */
  body: string;
}

const WORKERS = Number(process.env.WORKERS ?? 1);
const LOG_LEVEL = (process.env.BENCH_LOG ?? 'silent') as Parameters<typeof createLogger>[0];
const FLOOR = process.env.BENCH_ROLE === 'floor';
/** Headers of the captured answer that belong to its connection or moment, not to the page. */
const NOT_OF_THE_PAGE = new Set(['date', 'set-cookie', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id']);

function floorRoutes(): { router: Router; add: (page: CapturedPage) => void } {
  const router = Router();
  return {
    router,
    add: (page) => {
      const body = Buffer.from(page.body, 'base64');
      const headers = Object.fromEntries(Object.entries(page.headers).filter(([name]) => !NOT_OF_THE_PAGE.has(name)));
      const answer = (_req: Request, res: Response) => void res.status(page.status).set(headers).send(body);
      if (page.method === 'POST') router.post(page.path, answer);
      else router.get(page.path, answer);
    },
  };
}

function buildApp(connection: string) {
  const db = createDatabase(connection, 10);
  const sessionPool = new pg.Pool({ connectionString: connection, max: 10 });
  // Production settings; the mail server is never reached (this process starts no jobs). Uploads are scanned
  // by the primary's own clamd, as production's are: a scan is part of what a submission costs.
  const config = parseConfig({ ...PRODUCTION_ENV, CLAMD_SOCKET: process.env.BENCH_CLAMD_SOCKET!, DATABASE_URL: connection, LOG_LEVEL: 'silent' });
  // Every request comes from one address here: the limits per address would measure themselves.
  const limits = Object.fromEntries(Object.entries(LIMITS).map(([name, limit]) => [name, { ...limit, attempts: 1e9 }])) as Limits;
  const floor = FLOOR ? floorRoutes() : undefined;
  const app = createApp({ config: { ...config, secureCookies: false }, db, sessionPool, logger: createLogger(LOG_LEVEL), limits, routes: floor && [floor.router] });
  const close = async () => {
    await sessionPool.end();
    await db.destroy();
  };
  return { app, floor, close };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Requests still being answered finish (and write what they write) before the pools close. */
async function drain(server: Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await closed;
  // A load tool that stops on the clock drops its sockets with requests still being answered; let those finish.
  await new Promise((resolve) => setTimeout(resolve, 500));
}

if (cluster.isWorker) {
  const { app, close } = buildApp(process.env.BENCH_DATABASE_URL!);
  await app.warm();
  const server = createServer(app);
  await listen(server, Number(process.env.BENCH_PORT));
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', async () => {
    await drain(server);
    await close();
    process.exit(0);
  });
} else {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-bench-'));
  await chmod(folder, 0o755);
  let connection = process.env.DATABASE_URL;
  let stopEmbedded = async () => undefined as void;
  if (!connection) {
    const embedded = await startEmbeddedPostgres({ directory: path.join(folder, 'pg'), persistent: false });
    await embedded.createDatabase('bench');
    connection = embedded.connectionString('bench');
    stopEmbedded = embedded.stop;
  }
  const scanner = await startClamd();
  process.env.BENCH_CLAMD_SOCKET = scanner.socket;
  const migrating = createDatabase(connection, 1);
  await migrateToLatest(migrating);
  await migrating.destroy();

  let stopServing: () => Promise<void>;
  if (WORKERS > 1) {
    const port = await freePort();
    const workers = superviseWorkers({ workers: WORKERS, env: { BENCH_DATABASE_URL: connection, BENCH_PORT: String(port), BENCH_CLAMD_SOCKET: scanner.socket }, logger: createLogger('warn') });
    await workers.ready;
    process.send?.({ port, databaseUrl: connection });
    stopServing = () => workers.stop();
  } else {
    const { app, floor, close } = buildApp(connection);
    await app.warm();
    const server = createServer(app);
    const port = await listen(server, 0);
    process.on('message', (message: { page?: CapturedPage }) => {
      if (!message.page || !floor) return;
      floor.add(message.page);
      process.send?.('ready');
    });
    process.send?.({ port, databaseUrl: connection });
    stopServing = async () => {
      await drain(server);
      await close();
    };
  }

  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await stopServing();
    await scanner.close();
    await stopEmbedded();
    await rm(folder, { recursive: true, force: true });
    process.exit(0);
  });
}
