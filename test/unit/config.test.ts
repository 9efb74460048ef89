import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseClamdAddress, parseConfig } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const base = { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(40) };

describe('configuration', () => {
  it('has defaults for everything but production secrets', () => {
    const config = parseConfig(base);
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.join(PROJECT_ROOT, '.data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.baseUrl).toBe('http://localhost:3000');
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
    [{ NODE_ENV: 'production', CLAMD_SOCKET: '' }, /^Configuration error: CLAMD_SOCKET is required when NODE_ENV=production: every uploaded file is scanned by clamd$/],
    [{ CLAMD_SOCKET: 'clamd.sock' }, /^Configuration error: CLAMD_SOCKET must be a socket path \(\/run\/clamav\/clamd.ctl\) or host:port \(clamav:3310\)$/],
    [{ CLAMD_SOCKET: 'clamav:99999' }, /^Configuration error: CLAMD_SOCKET must be a socket path/],
    [{ UPLOADS_IN_FLIGHT: '0' }, /^Configuration error: UPLOADS_IN_FLIGHT /],
  ])('refuses %o', (env, message) => {
    expect(() => parseConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, ...env })).toThrow(message);
  });

  it('reads where clamd listens: a socket path, or host:port with or without tcp://', () => {
    expect(parseClamdAddress('/run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(parseClamdAddress('clamav:3310')).toEqual({ host: 'clamav', port: 3310 });
    expect(parseClamdAddress('tcp://127.0.0.1:3310')).toEqual({ host: '127.0.0.1', port: 3310 });
    expect(parseClamdAddress('[::1]:3310')).toEqual({ host: '::1', port: 3310 });
    expect(parseConfig({ ...base, NODE_ENV: 'production', CLAMD_SOCKET: 'clamav:3310' }).clamd).toEqual({ host: 'clamav', port: 3310 });
    expect(parseConfig(base).clamd).toBeUndefined();
    expect(parseConfig(base).uploadsInFlight).toBe(16);
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
