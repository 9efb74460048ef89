import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { Registry } from 'prom-client';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { freePort } from '../../src/db/embedded.js';
import { createDatabase } from '../../src/db/knex.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { CLEANUP_QUEUE, NOTICES_QUEUE, REMINDERS_QUEUE } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import { requestMetrics, UNMATCHED } from '../../src/metrics/http.js';
import { processMetrics } from '../../src/metrics/pools.js';
import { serveMetrics } from '../../src/metrics/server.js';
import { workMetrics } from '../../src/metrics/work.js';
import { createRenderer } from '../../src/notices/render.js';
import { deliverNotices } from '../../src/notices/sender.js';
import { fileTransport } from '../../src/notices/transport.js';
import { registrationSteps } from '../fixtures/services.js';
import { answerSteps, applyPath, send } from '../support/journey.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SERVICE = 'registration-at-place-of-stay';
const TOKEN = 'm'.repeat(40);

let t: TestApp;
let boss: PgBoss;
let server: Server;
let guarded: Server;
let metricsClock = new Date();
const registry = new Registry();
const logger = createLogger('silent');

beforeAll(async () => {
  t = await startTestApp({ metrics: requestMetrics(registry) });
  boss = new PgBoss({ connectionString: t.databaseUrl, schema: 'pgboss', max: 2 });
  await boss.start();
  for (const queue of [CLEANUP_QUEUE, NOTICES_QUEUE, REMINDERS_QUEUE]) await boss.createQueue(queue);
  workMetrics(registry, { db: t.db, boss, clock: () => metricsClock });
  const read = async () => ({ body: await registry.metrics(), contentType: registry.contentType });
  server = await serveMetrics({ port: await freePort(), host: '127.0.0.1', token: undefined }, read, logger);
  guarded = await serveMetrics({ port: await freePort(), host: '127.0.0.1', token: TOKEN }, read, logger);
});
afterAll(async () => {
  server?.close();
  guarded?.close();
  await boss?.stop({ graceful: false });
  await t.close();
});

function port(of: Server): number {
  return (of.address() as { port: number }).port;
}

async function scrape(): Promise<string> {
  const answer = await fetch(`http://127.0.0.1:${port(server)}/metrics`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toContain('text/plain');
  return answer.text();
}

/** A sample's value, 0 when the series is not there yet. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const STEP = 'route="/services/:slug/apply/:step"';

describe('the figures at /metrics', () => {
  it('are never on the public port, and behind METRICS_TOKEN when one is set', async () => {
    await supertest(t.app).get('/metrics').expect(404);
    expect((await fetch(`http://127.0.0.1:${port(guarded)}/metrics`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port(guarded)}/metrics`, { headers: { authorization: `Bearer ${'x'.repeat(40)}` } })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port(guarded)}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port(server)}/`)).status).toBe(404);
  });

  it('count requests by route pattern, never by path, with the answers sent before Express by their lane', async () => {
    const before = await scrape();
    const agent = t.agent();
    await answerSteps(agent, SERVICE, registrationSteps('hostOrganisation').slice(0, 2));
    await agent.get('/verify/K7M2XD93PQ');
    await agent.get('/no-such-page').expect(404);
    await agent.get('/healthz').expect(200);
    const after = await scrape();

    const count = (text: string, labels: string) => value(text, `http_request_duration_seconds_count{${labels}}`);
    expect(count(after, `method="POST",${STEP},status="303"`) - count(before, `method="POST",${STEP},status="303"`)).toBe(2);
    expect(count(after, `method="GET",${STEP},status="200"`) - count(before, `method="GET",${STEP},status="200"`)).toBe(2);
    expect(after).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/verify\/:code",status="\d+"\} 1$/m);
    expect(count(after, `method="GET",route="${UNMATCHED}",status="404"`) - count(before, `method="GET",route="${UNMATCHED}",status="404"`)).toBe(1);
    expect(count(after, 'method="GET",route="healthz",status="200"') - count(before, 'method="GET",route="healthz",status="200"')).toBe(1);
    expect(after).not.toContain('K7M2XD93PQ');
    expect(after).not.toContain('no-such-page');
  });

  it('count answers of 5xx: a form page with its database out of reach', async () => {
    const failing = new Registry();
    const unreachable = createDatabase('postgres://portal@127.0.0.1:1/none', 2, { warn: () => undefined, error: () => undefined });
    const sessionPool = new pg.Pool({ connectionString: 'postgres://portal@127.0.0.1:1/none', max: 1 });
    const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://portal@127.0.0.1:1/none', SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
    const app = createApp({ config, db: unreachable, sessionPool, logger, i18n: createI18n(), metrics: requestMetrics(failing) });
    processMetrics(failing, { queries: unreachable, sessions: sessionPool });
    try {
      await supertest(app).get(`${applyPath(SERVICE)}/who-applies`).expect(503);
      const text = await failing.metrics();
      // Refused before its route was reached (the database is asked first): counted all the same.
      expect(value(text, `http_server_errors_total{method="GET",route="${UNMATCHED}"}`)).toBe(1);
      expect(value(text, `http_request_duration_seconds_count{method="GET",route="${UNMATCHED}",status="503"}`)).toBe(1);
      expect(text).toMatch(/^portal_db_pool_connections\{pool="sessions",state="idle"\} 0$/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    } finally {
      await sessionPool.end();
      await unreachable.destroy();
    }
  });

  it('follow the mail waiting in the outbox, the jobs waiting in their queues and the cases past their legal date', async () => {
    const before = await scrape();
    const agent = t.agent();
    await answerSteps(agent, SERVICE, registrationSteps('hostOrganisation', { contact: { email: 'metrics@example.com' } }));
    await send(agent, SERVICE);
    await boss.send(CLEANUP_QUEUE, {});
    const sent = await scrape();
    expect(value(sent, 'portal_outbox_waiting') - value(before, 'portal_outbox_waiting')).toBe(1);
    expect(value(sent, 'portal_outbox_oldest_waiting_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(sent, 'portal_job_queue_depth{queue="expired-cleanup"}') - value(before, 'portal_job_queue_depth{queue="expired-cleanup"}')).toBe(1);
    expect(value(sent, `portal_cases_overdue{service="${SERVICE}"}`)).toBe(0);

    // The legal date passes with the case still open.
    const application = await t.db('applications').orderBy('submitted_at', 'desc').first();
    metricsClock = new Date(`${application!.legal_due_date}T12:00:00+04:00`);
    metricsClock.setUTCDate(metricsClock.getUTCDate() + 1);
    expect(value(await scrape(), `portal_cases_overdue{service="${SERVICE}"}`)).toBeGreaterThanOrEqual(1);

    // The mail goes out: nothing waits any more.
    const folder = mkdtempSync(path.join(tmpdir(), 'metrics-mail-'));
    try {
      const renderer = createRenderer({ i18n: createI18n(), baseUrl: 'http://localhost:3000', authority: 'sms' });
      await deliverNotices({ db: t.db, transport: fileTransport(folder), renderer, from: 'no-reply@localhost' });
      const delivered = await scrape();
      expect(value(delivered, 'portal_outbox_waiting')).toBe(0);
      expect(value(delivered, 'portal_outbox_oldest_waiting_seconds')).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
