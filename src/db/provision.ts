import path from 'node:path';
import type { Config } from '../config.js';
import { startEmbeddedPostgres } from './embedded.js';

export interface ProvisionedDatabase {
  connectionString: string;
  embedded: boolean;
  /** Stops what was started here; a server given by DATABASE_URL is left alone. */
  stop: () => Promise<void>;
}

const EMBEDDED_DATABASE = 'portal';

/** DATABASE_URL when set; otherwise a real PostgreSQL embedded under DATA_DIR/postgres. */
export async function provisionDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  onLog?: (message: string) => void,
): Promise<ProvisionedDatabase> {
  if (config.databaseUrl) {
    return { connectionString: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({ directory: path.join(config.dataDir, 'postgres'), onLog });
  await server.createDatabase(EMBEDDED_DATABASE);
  return { connectionString: server.connectionString(EMBEDDED_DATABASE), embedded: true, stop: server.stop };
}
