import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const base = { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(40) };

describe('configuration', () => {
  it('has defaults for everything but production secrets', () => {
    const config = parseConfig(base);
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.join(PROJECT_ROOT, '.data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.workers).toBe(1);
    expect(config.compression).toBe(true);
    expect(config.metrics).toBeUndefined();
  });

  it('runs one worker per core in production, metrics on loopback unless told', () => {
    expect(parseConfig({ ...base, NODE_ENV: 'production' }).workers).toBe(availableParallelism());
    expect(parseConfig({ ...base, NODE_ENV: 'production', WORKERS: '1' }).workers).toBe(1);
    expect(parseConfig({ ...base, COMPRESSION: 'off' }).compression).toBe(false);
    expect(parseConfig({ ...base, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1', token: undefined });
    expect(parseConfig({ ...base, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', METRICS_TOKEN: 't'.repeat(32) }).metrics?.host).toBe('10.0.0.5');
  });

  it.each([
    [{ PORT: 'eighty' }, /^Configuration error: PORT /],
    [{ PORT: '70000' }, /^Configuration error: PORT /],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /^Configuration error: DATABASE_URL must start with postgres/],
    [{ DATABASE_URL: 'not a url' }, /^Configuration error: DATABASE_URL /],
    [{ NODE_ENV: 'production', SESSION_SECRET: '' }, /^Configuration error: SESSION_SECRET is required when NODE_ENV=production$/],
    [{ SESSION_SECRET: 'short' }, /^Configuration error: SESSION_SECRET must be at least 32 characters$/],
    [{ BASE_URL: 'localhost' }, /^Configuration error: BASE_URL /],
    [{ NODE_ENV: 'staging' }, /^Configuration error: NODE_ENV /],
    [{ WORKERS: '0' }, /^Configuration error: WORKERS /],
    [{ COMPRESSION: 'gzip' }, /^Configuration error: COMPRESSION /],
    [{ METRICS_PORT: '3000' }, /^Configuration error: METRICS_PORT must differ from PORT/],
    [{ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }, /^Configuration error: METRICS_TOKEN is required when METRICS_HOST is not a loopback address$/],
  ])('refuses %o', (env, message) => {
    expect(() => parseConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, ...env })).toThrow(message);
  });

  it('the server stops at boot with one line naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '3000' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Configuration error: SESSION_SECRET is required when NODE_ENV=production');
  });

  it('a development secret is made once and kept under DATA_DIR', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sms-config-'));
    const first = parseConfig({ DATA_DIR: dir }).sessionSecret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(parseConfig({ DATA_DIR: dir }).sessionSecret).toBe(first);
  });
});
