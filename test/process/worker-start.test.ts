import cluster from 'node:cluster';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { superviseWorkers, type Supervisor } from '../../src/process/cluster.js';

cluster.setupPrimary({ exec: path.join(PROJECT_ROOT, 'test', 'support', 'stand-in-worker.mjs'), silent: true });

/** What the supervisor logged, in order: its messages only. */
function logged(): { lines: string[]; logger: Pick<Logger, 'info' | 'warn' | 'error'> } {
  const lines: string[] = [];
  const write = (_fields: unknown, message?: string) => void lines.push(message ?? String(_fields));
  return { lines, logger: { info: write, warn: write, error: write } as unknown as Pick<Logger, 'info' | 'warn' | 'error'> };
}

let running: Supervisor | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('how a cluster starts its workers', () => {
  it('forks every worker at once unless told otherwise', async () => {
    const { lines, logger } = logged();
    running = superviseWorkers({ workers: 2, logger });
    await running.ready;
    expect(lines).toEqual(['worker started', 'worker started', 'worker listening', 'worker listening']);
  });

  it('with one at once, starts the rest when it listens; a worker that died first is replaced, and the rest still start', async () => {
    const marker = path.join(await mkdtemp(path.join(os.tmpdir(), 'sms-workers-')), 'first-died');
    const { lines, logger } = logged();
    running = superviseWorkers({ workers: 3, startAtOnce: 1, env: { FIRST_DIES_MARKER: marker }, logger });
    await running.ready;
    expect(running.pids()).toHaveLength(3);
    expect(lines).toEqual([
      'worker started',
      'worker died; starting another',
      'worker started',
      'worker listening',
      'worker started',
      'worker started',
      'worker listening',
      'worker listening',
    ]);
  });
});
