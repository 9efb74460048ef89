/**
 * `npm run bench`: requests per second of the main pages, each as a ratio to /healthz measured in the
 * same run on the same machine, so the figures compare across machines. Real PostgreSQL, real HTTP.
 * Bounded: a fixed number of requests per page, on loopback only.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
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

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = 8;

async function measure(label: string, send: () => Promise<Response>): Promise<{ label: string; perSecond: number }> {
  for (let i = 0; i < 20; i += 1) await (await send()).arrayBuffer(); // warm up
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next += 1;
        const response = await send();
        await response.arrayBuffer();
        if (response.status >= 400) throw new Error(`${label}: ${response.status}`);
      }
    }),
  );
  return { label, perSecond: (REQUESTS / (performance.now() - started)) * 1000 };
}

async function main(): Promise<void> {
  await buildAssets();
  let connection = process.env.DATABASE_URL;
  let stop = async () => undefined as void;
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-bench-'));
  await chmod(folder, 0o755);
  if (!connection) {
    const server = await startEmbeddedPostgres({ directory: path.join(folder, 'pg'), persistent: false });
    await server.createDatabase('bench');
    connection = server.connectionString('bench');
    stop = server.stop;
  }
  const db = createDatabase(connection, 10);
  await migrateToLatest(db);
  const sessionPool = new pg.Pool({ connectionString: connection, max: 5 });
  const config = parseConfig({ NODE_ENV: 'production', SESSION_SECRET: 'b'.repeat(40), DATABASE_URL: connection, LOG_LEVEL: 'silent' });
  const app = createApp({ config: { ...config, secureCookies: false }, db, sessionPool, logger: createLogger('silent'), sessionPruneSeconds: false });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A session with a draft (made by its first answer), so the step page reads a real draft from the database.
  const form = await fetch(`${base}/services/registration-at-place-of-stay/apply/who-applies`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const answered = await fetch(`${base}/services/registration-at-place-of-stay/apply/who-applies`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ applicantType: 'foreigner', _csrf: token }),
  });
  if (answered.status !== 303) throw new Error(`The first answer was not taken: ${answered.status}`);

  const results = [
    await measure('GET /healthz (baseline)', () => fetch(`${base}/healthz`)),
    await measure('GET / (home, 18 services)', () => fetch(`${base}/?lang=en`)),
    await measure('GET /services/work-permit', () => fetch(`${base}/services/work-permit?lang=ru`)),
    await measure('GET a form step, one question (session + draft)', () =>
      fetch(`${base}/services/registration-at-place-of-stay/apply/who-applies`, { headers: { cookie } }),
    ),
    await measure('GET a form step, identity with 250 countries', () =>
      fetch(`${base}/services/registration-at-place-of-stay/apply/identity`, { headers: { cookie } }),
    ),
    await measure('GET the task list (session + draft)', () =>
      fetch(`${base}/services/registration-at-place-of-stay/apply`, { headers: { cookie } }),
    ),
    await measure('GET /readyz (one query)', () => fetch(`${base}/readyz`)),
  ];
  const baseline = results[0]!.perSecond;
  console.log(`\n${REQUESTS} requests per page, ${CONCURRENCY} at a time; ratio = page rate / baseline rate\n`);
  for (const { label, perSecond } of results) {
    console.log(`${label.padEnd(40)} ${perSecond.toFixed(0).padStart(7)} req/s   ratio ${(perSecond / baseline).toFixed(3)}`);
  }
  server.close();
  await sessionPool.end();
  await db.destroy();
  await stop();
  await rm(folder, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
