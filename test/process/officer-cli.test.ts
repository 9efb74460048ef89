import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { createDatabase, type Database } from '../../src/db/knex.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freshDatabase } from '../support/fresh-database.js';
import { parse } from '../support/html.js';
import { startServer } from '../support/server-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signIn } from '../support/officers.js';

let databaseUrl: string;
let db: Database;
beforeAll(async () => {
  databaseUrl = await freshDatabase();
  db = createDatabase(databaseUrl, 2);
});
afterAll(async () => db.destroy());

/** The command as `npm run officer` runs it; on DATABASE_URL's database unless given another place. */
function officerCommandOn(place: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/backoffice/officers/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...place },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function officerCommand(...args: string[]) {
  return officerCommandOn({ DATABASE_URL: databaseUrl }, ...args);
}

function oneTimePasswordIn(output: string): string | undefined {
  return /One-time password \(to change at the first sign-in\): (\S+)/.exec(output)?.[1];
}

describe('npm run officer', () => {
  it('creates an account and prints a one-time password that works once and must be changed', async () => {
    const made = officerCommand('create', '--email', 'Rauf.Abbasov@Migration.gov.az', '--name', 'Rauf Abbasov', '--role', 'supervisor', '--services', 'work-permit,stay-extension');
    expect(made.status, made.stderr).toBe(0);
    const password = oneTimePasswordIn(made.stdout);
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const row = await db('officers').where({ email: 'rauf.abbasov@migration.gov.az' }).first();
    expect(row).toMatchObject({ name: 'Rauf Abbasov', role: 'supervisor', services: ['work-permit', 'stay-extension'], password_must_change: true });

    const app: TestApp = await startTestApp({ databaseUrl });
    try {
      const answer = await signIn(app.agent(), 'rauf.abbasov@migration.gov.az', password);
      expect(answer.headers.location).toBe('/backoffice/password');
    } finally {
      await app.close();
    }

    const again = officerCommand('create', '--email', 'rauf.abbasov@migration.gov.az', '--name', 'Rauf', '--role', 'officer', '--services', 'work-permit');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
    const reset = officerCommand('reset-password', '--email', 'rauf.abbasov@migration.gov.az');
    expect(reset.status).toBe(0);
    expect(reset.stdout).toMatch(/One-time password/);
  }, 120_000);

  it('says what is wrong with the arguments, in one line and the usage', () => {
    const wrong = officerCommand('create', '--email', 'x@y.az', '--name', 'X', '--role', 'boss');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^--role /);
    expect(wrong.stderr).toContain('Usage:');
    const unknown = officerCommand('create', '--email', 'x@y.az', '--name', 'X', '--role', 'officer', '--services', 'not-a-service');
    expect(unknown.stderr).toContain('--services names a service the catalogue does not have');
    expect(officerCommand('launch').status).toBe(2);
    const instant = officerCommand('create', '--email', 'x@y.az', '--name', 'X', '--role', 'officer', '--services', 'online-queue');
    expect(instant.stderr).toContain('one that officers do not decide');
  }, 120_000);

  it('refuses an officer or a supervisor who would see no application, and says why; an admin needs no services', async () => {
    for (const role of ['supervisor', 'officer']) {
      const refused = officerCommand('create', '--email', `${role}@nothing.az`, '--name', 'Nobody', '--role', role);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/^--services is needed for an officer or a supervisor/);
      expect(refused.stderr).toContain('would see no application at all');
      expect(refused.stderr).toContain('--services all');
      expect(await db('officers').where({ email: `${role}@nothing.az` }).first()).toBeUndefined();
    }
    const all = officerCommand('create', '--email', 'everything@sms.az', '--name', 'Every Service', '--role', 'supervisor', '--services', 'all');
    expect(all.status, all.stderr).toBe(0);
    const row = await db('officers').where({ email: 'everything@sms.az' }).first();
    expect(row.services).toEqual(SERVICES.filter((service) => service.kind === 'application').map((service) => service.id));
    expect(officerCommand('create', '--email', 'keeper@sms.az', '--name', 'Keeper', '--role', 'admin').status).toBe(0);
  }, 120_000);
});

describe('npm run officer beside a running npm start on the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sms-officer-cli-'));
    // As root, the embedded PostgreSQL runs as another user, who must be able to enter the folder.
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('uses the server the portal started, leaves it running, and the account signs in there at once', async () => {
    const portal = await startServer({ DATA_DIR: dataDir });
    try {
      const made = officerCommandOn({ DATA_DIR: dataDir }, 'create', '--email', 'aysel.quliyeva@migration.gov.az', '--name', 'Aysel Quliyeva', '--role', 'officer', '--services', 'work-permit');
      expect(made.status, made.stderr).toBe(0);
      expect(made.stderr).not.toContain('in use by another PostgreSQL');
      const password = oneTimePasswordIn(made.stdout)!;

      // The portal kept its database: it answers, and the account made beside it signs in there.
      const agent = supertest.agent(portal.base);
      await agent.get('/readyz').expect(200);
      const form = await agent.get('/backoffice/sign-in').expect(200);
      const answer = await agent
        .post('/backoffice/sign-in')
        .type('form')
        .send({ email: 'aysel.quliyeva@migration.gov.az', password, _csrf: parse(form)('input[name="_csrf"]').attr('value') })
        .expect(303);
      expect(answer.headers.location).toBe('/backoffice/password');

      const reset = officerCommandOn({ DATA_DIR: dataDir }, 'reset-password', '--email', 'aysel.quliyeva@migration.gov.az');
      expect(reset.status, reset.stderr).toBe(0);
      await agent.get('/readyz').expect(200);
    } finally {
      const done = portal.exited();
      portal.child.kill('SIGTERM');
      expect((await done).code).toBe(0);
    }

    // With no portal running, the command starts the embedded server itself, and stops it after.
    const alone = officerCommandOn({ DATA_DIR: dataDir }, 'reset-password', '--email', 'aysel.quliyeva@migration.gov.az');
    expect(alone.status, alone.stderr).toBe(0);
    const again = await startServer({ DATA_DIR: dataDir });
    const done = again.exited();
    again.child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  }, 180_000);
});
