import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';

/** A PostgreSQL of the test's own, with one database, that the test can stop and start again on the same port. */
export interface OwnPostgres {
  /** The `portal` database's address, the same across restarts. */
  databaseUrl: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Stops it if it runs and deletes its files. */
  remove: () => Promise<void>;
}

export async function ownPostgres(): Promise<OwnPostgres> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-outage-'));
  // As root the server runs as the postgres user, who must be able to enter the folder.
  await chmod(folder, 0o755);
  const directory = path.join(folder, 'pg');
  const port = await freePort();
  let server: EmbeddedServer | undefined = await startEmbeddedPostgres({ directory, port });
  await server.createDatabase('portal');
  const databaseUrl = server.connectionString('portal');
  return {
    databaseUrl,
    stop: async () => {
      await server?.stop();
      server = undefined;
    },
    start: async () => {
      server = await startEmbeddedPostgres({ directory, port });
    },
    remove: async () => {
      await server?.stop().catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
