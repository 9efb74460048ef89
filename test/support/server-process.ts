import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { freePort } from '../../src/db/embedded.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** The real entry point (src/server.ts) in a process of its own, as `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  output: () => string;
  /** Resolves with the exit code and how long the exit took from now. */
  exited: () => Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

export async function startServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const chosen = port ?? (await freePort());
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(chosen), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${chosen}`;
  await waitUntilReady(base, () => output, exit);
  return {
    child,
    port: chosen,
    base,
    output: () => output,
    exited: async () => {
      const started = Date.now();
      return { ...(await exit), ms: Date.now() - started };
    },
  };
}

async function waitUntilReady(base: string, output: () => string, exit: Promise<unknown>): Promise<void> {
  let gone = false;
  void exit.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !gone) {
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`server did not become ready:\n${output()}`);
}

/** One statement on a database a server process uses, through a connection of its own. */
export async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
