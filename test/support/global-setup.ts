import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { buildAssets } from '../../src/build/assets.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { createDatabase } from '../../src/db/knex.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { databaseUrlFor } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server where test databases may be created (CREATE DATABASE). */
    serverUrl: string;
    /** A migrated database every test file copies its own from. */
    templateDatabase: string;
  }
}

/**
 * One real PostgreSQL for the run: DATABASE_URL's server when set, else an embedded one in a
 * temporary folder. One migrated template; each test file copies it (see fresh-database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildAssets();
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded = async () => undefined as void;
  let folder: string | undefined;
  if (!serverUrl) {
    folder = await mkdtemp(path.join(os.tmpdir(), 'sms-test-pg-'));
    // Run as root, PostgreSQL runs as the postgres user, who must be able to enter the folder.
    await chmod(folder, 0o755);
    const server = await startEmbeddedPostgres({ directory: path.join(folder, 'pg'), persistent: false });
    serverUrl = server.connectionString('postgres');
    stopEmbedded = server.stop;
  }
  const templateDatabase = `sms_template_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${templateDatabase}"`);
  const db = createDatabase(databaseUrlFor(serverUrl, templateDatabase), 1);
  await migrateToLatest(db);
  await db.destroy();

  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    // Only this run's: other runs on the same server (a second checkout, a colleague) keep theirs.
    const leftovers = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname = $2`, [
      `${templateDatabase.replace('sms_template_', 'sms_test_')}\\_%`,
      templateDatabase,
    ]);
    for (const { datname } of leftovers.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
    await stopEmbedded();
    if (folder) await rm(folder, { recursive: true, force: true });
  };
}
