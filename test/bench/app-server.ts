/**
 * The portal as the bench measures it: its own process, production settings, a real PostgreSQL
 * (DATABASE_URL's, or an embedded one in a temporary folder). Tells its parent the port it took.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { buildAssets } from '../../src/build/assets.js';
import { parseConfig } from '../../src/config.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { createDatabase } from '../../src/db/knex.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { LIMITS, type Limits } from '../../src/security/limits.js';
import { PRODUCTION_ENV } from '../support/production.js';

await buildAssets();
const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-bench-'));
await chmod(folder, 0o755);
let connection = process.env.DATABASE_URL;
let stopEmbedded = async () => undefined as void;
if (!connection) {
  const server = await startEmbeddedPostgres({ directory: path.join(folder, 'pg'), persistent: false });
  await server.createDatabase('bench');
  connection = server.connectionString('bench');
  stopEmbedded = server.stop;
}
const db = createDatabase(connection, 10);
await migrateToLatest(db);
const sessionPool = new pg.Pool({ connectionString: connection, max: 10 });
// Production settings; the mail server and clamd are never reached: this process starts no jobs and takes no upload.
const config = parseConfig({ ...PRODUCTION_ENV, DATABASE_URL: connection, LOG_LEVEL: 'silent' });
// Every request comes from one address here: the limits per address would measure themselves.
const limits = Object.fromEntries(Object.entries(LIMITS).map(([name, limit]) => [name, { ...limit, attempts: 1e9 }])) as Limits;
const app = createApp({ config: { ...config, secureCookies: false }, db, sessionPool, logger: createLogger('silent'), limits });
await app.warm();
const server = createServer(app).listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port, databaseUrl: connection });
});

process.on('message', async (message) => {
  if (message !== 'stop') return;
  // Requests still being answered finish (and write what they write) before the pools close.
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await closed;
  // A load tool that stops on the clock drops its sockets with requests still being answered; let those finish.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await sessionPool.end();
  await db.destroy();
  await stopEmbedded();
  await rm(folder, { recursive: true, force: true });
  process.exit(0);
});
