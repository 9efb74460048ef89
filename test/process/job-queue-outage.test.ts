import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

function run(script: string): Promise<{ code: number | null; lines: { level?: number; msg?: string }[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) =>
      resolve({
        code,
        lines: output
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { level?: number; msg?: string }),
      }),
    );
  });
}

describe('the job queue when PostgreSQL stops under a running job', () => {
  it("keeps the process up when pg-boss's unawaited complete() fails, and still stops it for a fault of our own", { timeout: 90_000 }, async () => {
    const { code, lines } = await run('test/support/lost-job-completion.ts');
    const messages = lines.map((line) => line.msg);
    expect(messages).toContain('database stopped with the job running');
    expect(messages).toContain('still running');
    const lost = lines.find((line) => line.msg?.startsWith('a job queue statement failed with nobody waiting for it'));
    expect(lost?.level).toBe(40);
    expect(messages.indexOf(lost!.msg)).toBeLessThan(messages.indexOf('still running'));
    expect(lines.at(-1)).toMatchObject({ level: 60, msg: 'unhandled rejection' });
    expect(messages).not.toContain('a fault of our own did not stop it');
    expect(code).toBe(1);
  });
});
