import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The EICAR test file: harmless, and reported by every scanner as if it were malware. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');
export const EICAR_SIGNATURE = 'Eicar-Test-Signature';
/** As clamd reports it: a signature from a database of our own is marked unofficial. */
export const EICAR_REPORTED = `${EICAR_SIGNATURE}.UNOFFICIAL`;

/** A real clamd (Debian's clamav-daemon) of the test's own: its socket, and a way to stop and start it again. */
export interface TestClamd {
  socket: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Stops it for good and removes its folder. */
  close: () => Promise<void>;
}

const BINARY = ['/usr/sbin/clamd', '/usr/bin/clamd'].find((candidate) => existsSync(candidate));

/**
 * Signatures cannot be downloaded here, so its database is one line written now: the MD5 of the
 * EICAR file (a `.hdb` hash signature). It runs in the foreground as whoever runs the tests, with
 * its socket in its own temporary folder.
 */
export async function startClamd(): Promise<TestClamd> {
  if (!BINARY) throw new Error('clamd is not installed: apt-get install clamav-daemon (.ci/run does)');
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sms-clamd-'));
  await chmod(folder, 0o755);
  const socket = path.join(folder, 'clamd.sock');
  await writeFile(path.join(folder, 'test.hdb'), `${createHash('md5').update(EICAR).digest('hex')}:${EICAR.length}:${EICAR_SIGNATURE}\n`);
  await writeFile(
    path.join(folder, 'clamd.conf'),
    [`LocalSocket ${socket}`, 'Foreground yes', `DatabaseDirectory ${folder}`, `PidFile ${path.join(folder, 'clamd.pid')}`, 'StreamMaxLength 30M', 'SelfCheck 3600', ''].join('\n'),
  );
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    const started = spawn(BINARY, ['-c', path.join(folder, 'clamd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout!.on('data', (chunk) => (output += chunk));
    started.stderr!.on('data', (chunk) => (output += chunk));
    child = started;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) throw new Error(`clamd exited (${started.exitCode}):\n${output}`);
      if (await answersPing(socket)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    started.kill('SIGKILL');
    throw new Error(`clamd did not answer in 30 s:\n${output}`);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    socket,
    start,
    stop,
    close: async () => {
      await stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

function answersPing(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = net.createConnection(socket);
    let reply = '';
    connection.on('data', (chunk) => (reply += chunk));
    connection.on('connect', () => connection.end('zPING\0'));
    connection.on('close', () => resolve(reply.startsWith('PONG')));
    connection.on('error', () => resolve(false));
  });
}
