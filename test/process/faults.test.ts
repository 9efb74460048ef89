import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { newReference } from '../../src/applications/reference.js';
import { freshDatabase } from '../support/fresh-database.js';
import { ownPostgres } from '../support/own-postgres.js';
import { shownReference } from '../support/html.js';
import { query, startServer, type ServerProcess } from '../support/server-process.js';
import { answerRegistration, expectStatus, REGISTRATION_APPLY, sendRegistration, tokenOf, uploadRegistrationDocuments, WireBrowser, type Raw } from '../support/wire.js';

/** Both instances sign sessions with one secret, as instances behind one load balancer do. */
const SECRET = 'f'.repeat(40);
const running: ServerProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const server of running) server.child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

async function serve(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const server = await startServer({ SESSION_SECRET: SECRET, ...env }, port);
  running.push(server);
  return server;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'identity' };
const CHECK = `${REGISTRATION_APPLY}/check`;

/** What the database holds that no one could reach: applications without their first event, bytes or rows without each other. */
async function halfWritten(databaseUrl: string): Promise<Record<string, number>> {
  const [row] = await query<Record<string, string>>(
    databaseUrl,
    `select
       (select count(*) from applications a where not exists (select 1 from application_events e where e.application_id = a.id)) as "applicationsWithoutEvent",
       (select count(*) from document_blobs b where not exists (select 1 from documents d where d.storage_key = b.key)) as "bytesWithoutRow",
       (select count(*) from documents d where not exists (select 1 from document_blobs b where b.key = d.storage_key)) as "rowsWithoutBytes",
       (select count(*) from applications a where not exists (select 1 from documents d where d.application_id = a.id)) as "applicationsWithoutDocuments"`,
  );
  return Object.fromEntries(Object.entries(row!).map(([name, count]) => [name, Number(count)]));
}

describe('killed in the middle of sending applications (SIGKILL), then started again', () => {
  it('every application it confirmed is there exactly once, nothing is half-written, and the rest can be sent again', { timeout: 180_000 }, async () => {
    const databaseUrl = await freshDatabase();
    const first = await serve({ DATABASE_URL: databaseUrl });
    const browsers: WireBrowser[] = [];
    for (let index = 0; index < 16; index += 1) {
      const browser = new WireBrowser(first.port);
      await answerRegistration(browser);
      await uploadRegistrationDocuments(browser);
      browsers.push(browser);
    }
    const tokens = await Promise.all(browsers.map(async (browser) => tokenOf(expectStatus(await browser.get(CHECK), 200, 'check'))));

    // All sixteen press "Send" at once; the process dies as the first answer comes back.
    const sends = browsers.map((browser, index) =>
      browser.send('POST', CHECK, FORM, new URLSearchParams({ _csrf: tokens[index]! }).toString()).then(
        (raw: Raw) => raw.status,
        () => 'lost' as const,
      ),
    );
    await Promise.race(sends);
    first.child.kill('SIGKILL');
    const outcomes = await Promise.all(sends);
    expect((await first.exited()).signal).toBe('SIGKILL');

    const second = await serve({ DATABASE_URL: databaseUrl }, first.port);
    const shown: string[] = [];
    const unsent: WireBrowser[] = [];
    for (const [index, browser] of browsers.entries()) {
      const confirmation = await browser.get(`${REGISTRATION_APPLY}/confirmation`);
      if (outcomes[index] === 303) expect(confirmation.status, 'a confirmed application must show its confirmation').toBe(200);
      if (confirmation.status === 200) shown.push(shownReference(confirmation.body.toString())!.replace(/-/g, ''));
      else unsent.push(expectStatus(confirmation, 303, 'confirmation of an unsent draft') && browser);
    }
    const stored = await query<{ reference: string }>(databaseUrl, 'select reference from applications');
    expect(stored.map((row) => row.reference).sort()).toEqual([...shown].sort());
    expect(await halfWritten(databaseUrl)).toEqual({ applicationsWithoutEvent: 0, bytesWithoutRow: 0, rowsWithoutBytes: 0, applicationsWithoutDocuments: 0 });

    // Whoever was not confirmed still has every answer and file, and sends again. All sixteen share one address
    // here, whose limit (30 sends in 10 minutes) the first attempts already used half of: as if they came back later.
    await query(databaseUrl, 'delete from rate_limits');
    for (const browser of unsent) await sendRegistration(browser);
    expect(Number((await query<{ count: string }>(databaseUrl, 'select count(*) from applications'))[0]!.count)).toBe(browsers.length);
    expect(await halfWritten(databaseUrl)).toEqual({ applicationsWithoutEvent: 0, bytesWithoutRow: 0, rowsWithoutBytes: 0, applicationsWithoutDocuments: 0 });
    second.child.kill('SIGTERM');
    expect((await second.exited()).code).toBe(0);
  });
});

describe('PostgreSQL stopped and started under traffic', () => {
  it('/readyz goes 503 then 200, pages say "a few minutes" meanwhile, nothing hangs, and the app serves again without a restart', { timeout: 180_000 }, async () => {
    const database = await ownPostgres();
    cleanups.push(() => database.remove());
    const app = await serve({ DATABASE_URL: database.databaseUrl });

    const browser = new WireBrowser(app.port);
    expectStatus(await browser.answer(`${REGISTRATION_APPLY}/who-applies`, { applicantType: 'hostOrganisation' }), 303, 'who applies');

    // Three kinds of visitor all along: the load balancer, someone reading, someone in a form.
    // Each visit with when it began: one begun before the stop may still be answered from what it read before.
    const seen: { path: string; status: number; ms: number; began: number }[] = [];
    let traffic = true;
    const visit = async (pathname: string, visitor: WireBrowser) => {
      while (traffic) {
        const began = performance.now();
        try {
          const raw = await visitor.get(pathname);
          seen.push({ path: pathname, status: raw.status, ms: raw.ms, began });
        } catch (error) {
          seen.push({ path: pathname, status: 0, ms: Number.NaN, began });
          void error;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const visitors = [visit('/readyz', new WireBrowser(app.port)), visit('/', new WireBrowser(app.port)), visit(`${REGISTRATION_APPLY}/identity`, browser)];
    const until = async (what: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!what() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(what()).toBe(true);
    };

    await until(() => seen.some((entry) => entry.path === '/readyz' && entry.status === 200), 10_000);
    await database.stop();
    const stoppedAt = seen.length;
    const stoppedTime = performance.now();
    await until(() => seen.slice(stoppedAt).some((entry) => entry.path === '/readyz' && entry.status === 503), 15_000);
    await until(() => seen.slice(stoppedAt).filter((entry) => entry.path.endsWith('/identity')).length >= 3, 30_000);
    const startingTime = performance.now();
    await database.start();
    const restartedAt = seen.length;
    await until(() => seen.slice(restartedAt).some((entry) => entry.path === '/readyz' && entry.status === 200), 30_000);
    await until(() => seen.slice(restartedAt).some((entry) => entry.path.endsWith('/identity') && entry.status === 200), 30_000);
    traffic = false;
    await Promise.all(visitors);
    // What was asked while the database was down: begun after it stopped and before it was started again.
    const outage = seen.filter((entry) => entry.began >= stoppedTime && entry.began < startingTime);

    // During the outage: the catalogue still served, the form told to come back, no 500, no hang.
    expect(outage.filter((entry) => entry.path === '/').every((entry) => entry.status === 200)).toBe(true);
    expect(new Set(outage.filter((entry) => entry.path.endsWith('/identity')).map((entry) => entry.status))).toEqual(new Set([503]));
    expect(seen.filter((entry) => entry.status === 0 || entry.status === 500)).toEqual([]);
    expect(Math.max(...seen.map((entry) => entry.ms))).toBeLessThan(11_000);

    // The same process, the same session and draft: the applicant goes on.
    expect(app.child.exitCode).toBeNull();
    expectStatus(await browser.answer(`${REGISTRATION_APPLY}/identity`, { surname: 'Məmmədova', givenNames: 'Şəhla', 'dateOfBirth-day': '27', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990', sex: 'female', citizenship: 'TR', placeOfBirth: 'İstanbul' }), 303, 'identity');
    app.child.kill('SIGTERM');
    expect((await app.exited()).code).toBe(0);
  });
});

describe('two app instances on one database', () => {
  it('started at the same moment on an empty database, both migrate, set up the job queue and serve', { timeout: 180_000 }, async () => {
    for (let round = 0; round < 3; round += 1) {
      const databaseUrl = new URL(await freshDatabase());
      const empty = `sms_empty_${newReference().toLowerCase()}`;
      const admin = new pg.Client({ connectionString: databaseUrl.toString() });
      await admin.connect();
      await admin.query(`create database "${empty}"`);
      await admin.end();
      databaseUrl.pathname = `/${empty}`;
      const both = await Promise.all([serve({ DATABASE_URL: databaseUrl.toString() }), serve({ DATABASE_URL: databaseUrl.toString() })]);
      for (const instance of both) expect((await fetch(`${instance.base}/readyz`)).status).toBe(200);
      expect(both.map((instance) => instance.output()).join('').match(/migrations applied/g)).toHaveLength(1);
      for (const instance of both) instance.child.kill('SIGTERM');
      for (const instance of both) expect((await instance.exited()).code).toBe(0);
    }
  });

  it('a journey begun on one is finished on the other, and a limit is counted across both', { timeout: 180_000 }, async () => {
    const databaseUrl = await freshDatabase();
    const [one, two] = await Promise.all([serve({ DATABASE_URL: databaseUrl }), serve({ DATABASE_URL: databaseUrl })]);
    const instances = [one!, two!];

    // Every request goes to the other instance than the one before, as a load balancer may send them.
    let turn = 0;
    const browser = new WireBrowser(one!.port, () => {
      turn += 1;
      browser.port = instances[turn % 2]!.port;
    });
    await answerRegistration(browser);
    await uploadRegistrationDocuments(browser);
    const reference = await sendRegistration(browser);
    const rows = await query<{ reference: string }>(databaseUrl, 'select reference from applications');
    expect(rows.map((row) => row.reference)).toEqual([reference.replace(/-/g, '')]);
    expect(turn).toBeGreaterThanOrEqual(10);

    // Five tries of one code are allowed an hour, from wherever they come: the sixth is refused by either instance.
    const code = newReference();
    const tryCode = async (instance: ServerProcess) => {
      const visitor = new WireBrowser(instance.port);
      return visitor.answer('/resume', { resumeCode: code, identifier: 'dateOfBirth', 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '1990', documentNumber: '' });
    };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await tryCode(instances[attempt % 2]!)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    expect((await tryCode(one!)).status).toBe(429);
    for (const instance of instances) instance.child.kill('SIGTERM');
    for (const instance of instances) expect((await instance.exited()).code).toBe(0);
  });
});
