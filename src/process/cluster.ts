import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

export interface SupervisorOptions {
  workers: number;
  /** More of the environment for every worker. */
  env?: Record<string, string>;
  /**
   * The database, once it is ready to serve from (started, migrated). Workers are forked before it is and
   * load their code meanwhile; each asks for it (databaseFromPrimary) and is answered when it settles.
   */
  database?: Promise<string>;
  /**
   * How many workers are forked at once (all, unless given); the rest as soon as one of them listens.
   * Forked together, every worker loads its code at the same time as the primary starts the database,
   * and on a machine with fewer cores than processes they all wait for one another; fewer at first
   * means the first answers sooner.
   */
  startAtOnce?: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long a stopping worker may take to finish its requests before it is killed. */
  stopLimitMs?: number;
  /** Called when workers die before listening time after time: something is wrong that a new one will not mend. */
  onGiveUp?: () => void;
}

export interface Supervisor {
  /** Resolves when every worker has listened once; rejects if they keep dying before they do (unless onGiveUp is given). */
  ready: Promise<void>;
  pids: () => number[];
  /** Each worker replaced by a new one in turn, the old one stopped once its successor listens: never a moment without one. */
  restart: () => Promise<void>;
  /** Every worker finishes the requests it holds and exits (SIGTERM); one still running past the limit is killed. */
  stop: () => Promise<void>;
}

const QUESTION = { portal: 'database?' } as const;
interface DatabaseAnswer {
  portal: 'database';
  connectionString: string;
}
const isQuestion = (message: unknown): boolean => (message as { portal?: unknown } | null)?.portal === QUESTION.portal;
const isAnswer = (message: unknown): message is DatabaseAnswer => (message as { portal?: unknown } | null)?.portal === 'database';

/**
 * In a worker: the database to serve from, asked of the primary once this worker's listener is in
 * place (a message sent before would be lost), and answered once the primary has it ready.
 */
export function databaseFromPrimary(): Promise<string> {
  return new Promise((resolve) => {
    const answered = (message: unknown) => {
      if (!isAnswer(message)) return;
      process.off('message', answered);
      resolve(message.connectionString);
    };
    process.on('message', answered);
    process.send!(QUESTION);
  });
}

/** Workers that die before listening this many times in a row are not started again. */
const EARLY_DEATHS_LIMIT = 5;

/**
 * The primary of a `node:cluster`: starts the workers (this same program, which knows itself one by
 * `cluster.isWorker`), replaces one that dies, and stops them gracefully. Connections are shared out
 * among the workers by the primary, in turn.
 */
export function superviseWorkers(options: SupervisorOptions): Supervisor {
  const { logger } = options;
  const stopLimit = options.stopLimitMs ?? 9_000;
  const listening = new Set<Worker>();
  /** Workers asked to stop: their exit is expected, not a death to make up for. */
  const retiring = new Set<Worker>();
  let stopping = false;
  let earlyDeaths = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void };
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));

  const atOnce = Math.max(1, Math.min(options.workers, options.startAtOnce ?? options.workers));
  /** Workers not yet started for the first time: a replacement for one that died is not one of them. */
  let notYetStarted = options.workers - atOnce;
  const fork = (): Worker => {
    const worker = cluster.fork(options.env);
    logger.info({ worker: worker.process.pid }, 'worker started');
    worker.on('message', (message: unknown) => {
      if (!isQuestion(message)) return;
      void options.database?.then((connectionString) => worker.isConnected() && worker.send({ portal: 'database', connectionString } satisfies DatabaseAnswer));
    });
    worker.once('listening', () => {
      listening.add(worker);
      earlyDeaths = 0;
      logger.info({ worker: worker.process.pid }, 'worker listening');
      if (listening.size >= options.workers) settle.resolve();
      for (; notYetStarted > 0 && !stopping; notYetStarted -= 1) fork();
    });
    worker.once('exit', (code, signal) => {
      const wasListening = listening.delete(worker);
      if (retiring.delete(worker) || stopping) return;
      logger.error({ worker: worker.process.pid, code, signal }, 'worker died; starting another');
      if (!wasListening) earlyDeaths += 1;
      if (earlyDeaths >= EARLY_DEATHS_LIMIT) {
        // Whoever gave onGiveUp stops what it started (an embedded PostgreSQL); otherwise `ready` says so.
        if (options.onGiveUp) options.onGiveUp();
        else settle.reject(new Error(`workers died ${earlyDeaths} times before listening`));
        return;
      }
      // A worker that died before listening is started again later each time, not in a tight loop.
      setTimeout(fork, earlyDeaths ? Math.min(100 * 2 ** earlyDeaths, 5_000) : 0);
    });
    return worker;
  };

  const retire = (worker: Worker): Promise<void> => {
    if (worker.isDead()) return Promise.resolve();
    retiring.add(worker);
    return new Promise((resolve) => {
      const kill = setTimeout(() => {
        logger.warn({ worker: worker.process.pid }, 'worker took too long to stop; killed');
        worker.process.kill('SIGKILL');
      }, stopLimit);
      worker.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      worker.process.kill('SIGTERM');
    });
  };

  for (let index = 0; index < atOnce; index += 1) fork();

  return {
    ready,
    pids: () => Object.values(cluster.workers ?? {}).flatMap((worker) => (worker?.process.pid ? [worker.process.pid] : [])),
    restart: async () => {
      for (const old of [...listening]) {
        if (stopping) return;
        const successor = fork();
        await new Promise<void>((resolve) => {
          successor.once('listening', () => resolve());
          successor.once('exit', () => resolve());
        });
        await retire(old);
      }
    },
    stop: async () => {
      stopping = true;
      await Promise.all(Object.values(cluster.workers ?? {}).flatMap((worker) => (worker ? [retire(worker)] : [])));
    },
  };
}
