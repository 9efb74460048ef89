import path from 'node:path';
import type { Config } from '../config.js';
import { runningEmbeddedPostgres, startEmbeddedPostgres } from './embedded.js';

export interface ProvisionedDatabase {
  connectionString: string;
  embedded: boolean;
  /** Stops what was started here; a server given by DATABASE_URL is left alone. */
  stop: () => Promise<void>;
}

const EMBEDDED_DATABASE = 'portal';

export interface ProvisionOptions {
  /**
   * Use the embedded server a running portal already serves from DATA_DIR, if there is one (what
   * the commands do, so that they work beside `npm start`); the portal itself always starts its own.
   */
  shareRunning?: boolean;
}

/** DATABASE_URL when set; otherwise a real PostgreSQL embedded under DATA_DIR/postgres. */
export async function provisionDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  onLog?: (message: string) => void,
  options: ProvisionOptions = {},
): Promise<ProvisionedDatabase> {
  if (config.databaseUrl) {
    return { connectionString: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const directory = path.join(config.dataDir, 'postgres');
  const running = options.shareRunning ? await runningEmbeddedPostgres(directory) : undefined;
  if (running) return { connectionString: running.connectionString(EMBEDDED_DATABASE), embedded: true, stop: running.stop };
  const server = await startEmbeddedPostgres({ directory, onLog });
  await server.createDatabase(EMBEDDED_DATABASE);
  return { connectionString: server.connectionString(EMBEDDED_DATABASE), embedded: true, stop: server.stop };
}
