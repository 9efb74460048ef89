import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/knex.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freshDatabase } from '../support/fresh-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signIn } from '../support/officers.js';

let databaseUrl: string;
let db: Database;
beforeAll(async () => {
  databaseUrl = await freshDatabase();
  db = createDatabase(databaseUrl, 2);
});
afterAll(async () => db.destroy());

function officerCommand(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/backoffice/officers/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run officer', () => {
  it('creates an account and prints a one-time password that works once and must be changed', async () => {
    const made = officerCommand('create', '--email', 'Rauf.Abbasov@Migration.gov.az', '--name', 'Rauf Abbasov', '--role', 'supervisor', '--services', 'work-permit,stay-extension');
    expect(made.status, made.stderr).toBe(0);
    const password = /One-time password \(to change at the first sign-in\): (\S+)/.exec(made.stdout)?.[1];
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

    const again = officerCommand('create', '--email', 'rauf.abbasov@migration.gov.az', '--name', 'Rauf', '--role', 'officer');
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
  }, 120_000);
});
