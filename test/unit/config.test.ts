import { spawnSync } from 'node:child_process';
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
    [{ TRUST_PROXY: 'true' }, /^Configuration error: TRUST_PROXY cannot be "true": name the proxies' addresses/],
    [{ TRUST_PROXY: '0' }, /^Configuration error: TRUST_PROXY must be a hop count from 1 to 10/],
    [{ TRUST_PROXY: '10.0.0.5, proxy.internal' }, /^Configuration error: TRUST_PROXY is neither a hop count nor a list of the proxies' addresses \(invalid IP address: proxy.internal\)$/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /^Configuration error: TRUST_PROXY is neither a hop count nor a list of the proxies' addresses \(invalid range on address: 10.0.0.0\/33\)$/],
  ])('refuses %o', (env, message) => {
    expect(() => parseConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, ...env })).toThrow(message);
  });

  it('trusts no proxy unless told; else a hop count or the proxies\' addresses, as Express reads them', () => {
    expect(parseConfig(base).trustProxy).toBe(false);
    expect(parseConfig({ ...base, TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(parseConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ ...base, TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback, fd00::/8' }).trustProxy).toEqual(['10.0.0.5', '172.16.0.0/12', 'loopback', 'fd00::/8']);
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
