import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { createDatabase } from '../../src/db/knex.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { parse } from '../support/html.js';
import { answerAll, APPLY, fixedClock } from '../support/registration.js';
import { startTestApp } from '../support/test-app.js';

describe('data kept across a restart', () => {
  it('a new app process on the same database picks up the same session and draft', async () => {
    const first = await startTestApp({ clock: fixedClock });
    const agent = first.agent();
    await answerAll(agent, 'foreigner', { identity: { surname: 'Щукина', givenNames: 'Алёна' } });
    const cookies = agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
    await first.close();

    const second = await startTestApp({ databaseUrl: first.databaseUrl, clock: fixedClock });
    try {
      const resumed = second.agent();
      for (const cookie of cookies) resumed.jar.setCookie(`${cookie.name}=${cookie.value}`, '127.0.0.1', '/');
      const check = parse(await resumed.get(`${APPLY}/check?lang=en`).expect(200));
      expect(check.text()).toContain('Щукина');
      expect(check.text()).toContain('Алёна');
    } finally {
      await second.close();
    }
  });

  it('the embedded PostgreSQL keeps its data when stopped and started again', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-restart-'));
    await chmod(folder, 0o755);
    try {
      const server = await startEmbeddedPostgres({ directory: path.join(folder, 'postgres') });
      await server.createDatabase('portal');
      let db = createDatabase(server.connectionString('portal'), 1);
      await migrateToLatest(db);
      await db('drafts').insert({ service_id: 'registration-at-place-of-stay', answers: { identity: { surname: 'Məmmədova' } } });
      await db.destroy();
      await server.stop();

      const again = await startEmbeddedPostgres({ directory: path.join(folder, 'postgres') });
      // A second portal on the same folder is told what holds it, rather than failing with nothing to go on.
      await expect(startEmbeddedPostgres({ directory: path.join(folder, 'postgres') })).rejects.toThrow(/is in use by another PostgreSQL \(process \d+\)/);
      db = createDatabase(again.connectionString('portal'), 1);
      expect(await migrateToLatest(db)).toEqual([]);
      const draft = await db('drafts').first();
      expect(draft!.answers.identity!.surname).toBe('Məmmədova');
      await db.destroy();
      await again.stop();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
