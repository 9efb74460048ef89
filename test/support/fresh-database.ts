import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrlFor } from './database-url.js';

/** A database of this test file's own, copied from the migrated template. */
export async function freshDatabase(): Promise<string> {
  const serverUrl = inject('serverUrl');
  // Named after the run's template, so that a run cleans up its own databases and never another run's.
  const name = `${inject('templateDatabase').replace('sms_template_', 'sms_test_')}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Two files copying the template at the same instant can collide; the second simply tries again.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.query(`create database "${name}" template "${inject('templateDatabase')}"`);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return databaseUrlFor(serverUrl, name);
}
