import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseClamdAddress, parseConfig } from '../../src/config.js';
import { estimateSecretBits, REQUIRED_SECRET_BITS } from '../../src/secret-strength.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const base = { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(40) };
/** What docker-compose.yml used to start production with. */
const COMPOSE_DEFAULT = 'change-me-change-me-change-me-change-me';
/** `openssl rand -hex 32`, as the README says. */
const STRONG = randomBytes(32).toString('hex');
const production = { NODE_ENV: 'production', SESSION_SECRET: STRONG, PAYMENT_PROVIDER: 'none', BASE_URL: 'https://e-xidmet.example.az', SMTP_HOST: 'smtp.example.az', CLAMD_SOCKET: 'clamav:3310' };

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
    expect(parseConfig({ ...production }).workers).toBe(availableParallelism());
    expect(parseConfig({ ...production, WORKERS: '1' }).workers).toBe(1);
    expect(parseConfig({ ...base, COMPRESSION: 'off' }).compression).toBe(false);
    expect(parseConfig({ ...base, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1', token: undefined });
    expect(parseConfig({ ...base, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', METRICS_TOKEN: 't'.repeat(32) }).metrics?.host).toBe('10.0.0.5');
  });

  it.each([
    [{ PORT: 'eighty' }, /^Configuration error: PORT /],
    [{ PORT: '70000' }, /^Configuration error: PORT /],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /^Configuration error: DATABASE_URL must start with postgres/],
    [{ DATABASE_URL: 'not a url' }, /^Configuration error: DATABASE_URL /],
    [{ NODE_ENV: 'production', SESSION_SECRET: '', PAYMENT_PROVIDER: 'none', BASE_URL: 'https://e-xidmet.example.az', SMTP_HOST: 'smtp.example.az', CLAMD_SOCKET: 'clamav:3310' }, /^Configuration error: SESSION_SECRET is required when NODE_ENV=production$/],
    [{ SESSION_SECRET: 'short' }, /^Configuration error: SESSION_SECRET must be at least 32 characters$/],
    [{ BASE_URL: 'localhost' }, /^Configuration error: BASE_URL /],
    [{ NODE_ENV: 'staging' }, /^Configuration error: NODE_ENV /],
    [{ NODE_ENV: 'production', SESSION_SECRET: STRONG, PAYMENT_PROVIDER: 'none', CLAMD_SOCKET: '', BASE_URL: 'https://e-xidmet.example.az', SMTP_HOST: 'smtp.example.az' }, /^Configuration error: CLAMD_SOCKET is required when NODE_ENV=production: every uploaded file is scanned by clamd$/],
    [{ CLAMD_SOCKET: 'clamd.sock' }, /^Configuration error: CLAMD_SOCKET must be a socket path \(\/run\/clamav\/clamd.ctl\) or host:port \(clamav:3310\)$/],
    [{ CLAMD_SOCKET: 'clamav:99999' }, /^Configuration error: CLAMD_SOCKET must be a socket path/],
    [{ UPLOADS_IN_FLIGHT: '0' }, /^Configuration error: UPLOADS_IN_FLIGHT /],
    [{ TRUST_PROXY: 'true' }, /^Configuration error: TRUST_PROXY cannot be "true": name the proxies' addresses/],
    [{ TRUST_PROXY: '0' }, /^Configuration error: TRUST_PROXY must be a hop count from 1 to 10/],
    [{ TRUST_PROXY: '10.0.0.5, proxy.internal' }, /^Configuration error: TRUST_PROXY is neither a hop count nor a list of the proxies' addresses \(invalid IP address: proxy.internal\)$/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /^Configuration error: TRUST_PROXY is neither a hop count nor a list of the proxies' addresses \(invalid range on address: 10.0.0.0\/33\)$/],
    [{ WORKERS: '0' }, /^Configuration error: WORKERS /],
    [{ COMPRESSION: 'gzip' }, /^Configuration error: COMPRESSION /],
    [{ METRICS_PORT: '3000' }, /^Configuration error: METRICS_PORT must differ from PORT/],
    [{ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }, /^Configuration error: METRICS_TOKEN is required when METRICS_HOST is not a loopback address$/],
  ])('refuses %o', (env, message) => {
    expect(() => parseConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, ...env })).toThrow(message);
  });

  it('reads where clamd listens: a socket path, or host:port with or without tcp://', () => {
    expect(parseClamdAddress('/run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(parseClamdAddress('clamav:3310')).toEqual({ host: 'clamav', port: 3310 });
    expect(parseClamdAddress('tcp://127.0.0.1:3310')).toEqual({ host: '127.0.0.1', port: 3310 });
    expect(parseClamdAddress('[::1]:3310')).toEqual({ host: '::1', port: 3310 });
    expect(parseConfig({ ...production, CLAMD_SOCKET: 'clamav:3310' }).clamd).toEqual({ host: 'clamav', port: 3310 });
    expect(parseConfig(base).clamd).toBeUndefined();
    expect(parseConfig(base).uploadsInFlight).toBe(16);
  });

  it('the server stops at boot with one line naming each variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '3000' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Configuration error: SESSION_SECRET is required when NODE_ENV=production',
      'Configuration error: PAYMENT_PROVIDER is required when NODE_ENV=production: none is the only one there yet (nothing is paid online, every notice is refused)',
      'Configuration error: CLAMD_SOCKET is required when NODE_ENV=production: every uploaded file is scanned by clamd',
      'Configuration error: BASE_URL is required when NODE_ENV=production: the https address people reach the portal at',
      'Configuration error: SMTP_URL or SMTP_HOST is required when NODE_ENV=production: the mail server that sends notices',
    ]);
  });

  it('trusts no proxy unless told; else a hop count or the proxies\' addresses, as Express reads them', () => {
    expect(parseConfig(base).trustProxy).toBe(false);
    expect(parseConfig({ ...base, TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(parseConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ ...base, TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback, fd00::/8' }).trustProxy).toEqual(['10.0.0.5', '172.16.0.0/12', 'loopback', 'fd00::/8']);
  });

  it.each([
    [{ PAYMENT_PROVIDER: 'none' }, 'Configuration error: SESSION_SECRET is required when NODE_ENV=production'],
    [{ SESSION_SECRET: COMPOSE_DEFAULT, PAYMENT_PROVIDER: 'none' }, 'Configuration error: SESSION_SECRET is an example value, not a secret: make one with `openssl rand -hex 32`'],
    [{ SESSION_SECRET: STRONG }, 'Configuration error: PAYMENT_PROVIDER is required when NODE_ENV=production: none is the only one there yet (nothing is paid online, every notice is refused)'],
    [{ SESSION_SECRET: STRONG, PAYMENT_PROVIDER: 'none', TRUST_PROXY: 'proxy.internal' }, "Configuration error: TRUST_PROXY is neither a hop count nor a list of the proxies' addresses (invalid IP address: proxy.internal)"],
  ])('the server stops at start with one line naming the variable: %o', (env, line) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: PROJECT_ROOT,
      // Everything else production needs is given, so that only the variable in question is refused.
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '3000', BASE_URL: 'https://e-xidmet.example.az', SMTP_HOST: 'smtp.example.az', CLAMD_SOCKET: 'clamav:3310', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(line);
    // The line never holds the secret it refused.
    expect(result.stderr).not.toContain('change-me');
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

describe('mail settings', () => {
  const mailProduction = { ...production, SMTP_USER: 'portal', SMTP_PASS: 'pa55' };

  it('in production: the sender, the EHLO name and Message-IDs on the host of BASE_URL, STARTTLS required', () => {
    const { mail } = parseConfig(mailProduction);
    expect(mail).toMatchObject({ from: 'no-reply@e-xidmet.example.az', messageIdDomain: 'e-xidmet.example.az', cycleSeconds: 60, giveUpHours: 72 });
    expect(mail.smtp).toEqual({ host: 'smtp.example.az', port: 587, implicitTls: false, requireTls: true, auth: { user: 'portal', pass: 'pa55' }, ca: undefined, ehloName: 'e-xidmet.example.az' });
    // A sender of its own changes neither the Message-IDs' host nor the EHLO name.
    const named = parseConfig({ ...mailProduction, MAIL_FROM: '"DMX" <info@migration.gov.az>', SMTP_EHLO_NAME: 'portal-1.migration.gov.az' }).mail;
    expect(named).toMatchObject({ from: '"DMX" <info@migration.gov.az>', messageIdDomain: 'e-xidmet.example.az', smtp: { ehloName: 'portal-1.migration.gov.az' } });
  });

  it('SMTP_URL gives the same settings: user and password decoded, smtps:// as TLS from the first byte', () => {
    const { smtp } = parseConfig({ ...base, SMTP_URL: 'smtps://portal%40migration.gov.az:p%3Ass@relay.example.az' }).mail;
    expect(smtp).toMatchObject({ host: 'relay.example.az', port: 465, implicitTls: true, requireTls: false, auth: { user: 'portal@migration.gov.az', pass: 'p:ss' } });
    expect(parseConfig({ ...base, SMTP_URL: 'smtp://127.0.0.1:2525' }).mail.smtp).toMatchObject({ host: '127.0.0.1', port: 2525, auth: undefined });
  });

  it('outside production, without a server, mail goes to files and nothing more is asked', () => {
    const { mail, baseUrl } = parseConfig(base);
    expect(baseUrl).toBe('http://localhost:3000');
    expect(mail).toMatchObject({ smtp: undefined, from: 'no-reply@localhost', messageIdDomain: 'localhost', directory: path.join(PROJECT_ROOT, '.data', 'mail') });
    expect(parseConfig({ ...base, SMTP_HOST: 'localhost' }).mail.smtp).toMatchObject({ requireTls: false, port: 587 });
  });

  it('SMTP_CA_FILE: a private authority read at start', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sms-ca-'));
    await writeFile(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    await writeFile(path.join(dir, 'key.pem'), 'not a certificate');
    expect(parseConfig({ ...mailProduction, SMTP_CA_FILE: path.join(dir, 'ca.pem') }).mail.smtp!.ca).toContain('BEGIN CERTIFICATE');
    expect(() => parseConfig({ ...mailProduction, SMTP_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(/^Configuration error: SMTP_CA_FILE cannot be read \(ENOENT\)$/);
    expect(() => parseConfig({ ...mailProduction, SMTP_CA_FILE: path.join(dir, 'key.pem') })).toThrow(/^Configuration error: SMTP_CA_FILE holds no PEM certificate$/);
  });

  it.each([
    [{ BASE_URL: '' }, 'BASE_URL is required when NODE_ENV=production: the https address people reach the portal at'],
    [{ BASE_URL: 'http://e-xidmet.example.az' }, 'BASE_URL must be the https address people reach the portal at, not localhost, when NODE_ENV=production'],
    [{ BASE_URL: 'https://localhost:3000' }, 'BASE_URL must be the https address people reach the portal at, not localhost, when NODE_ENV=production'],
    [{ BASE_URL: 'https://127.0.0.1' }, 'BASE_URL must be the https address people reach the portal at, not localhost, when NODE_ENV=production'],
    [{ BASE_URL: 'https://portal.localhost' }, 'BASE_URL must be the https address people reach the portal at, not localhost, when NODE_ENV=production'],
    [{ SMTP_HOST: '', SMTP_USER: '', SMTP_PASS: '' }, 'SMTP_URL or SMTP_HOST is required when NODE_ENV=production: the mail server that sends notices'],
    [{ SMTP_REQUIRE_TLS: 'false' }, 'SMTP_REQUIRE_TLS cannot be false with a login when NODE_ENV=production: the password would go in clear'],
    [{ SMTP_HOST: '', SMTP_USER: '', SMTP_PASS: '', SMTP_URL: 'smtp://portal:pa55@smtp.example.az', SMTP_REQUIRE_TLS: 'false' }, 'SMTP_REQUIRE_TLS cannot be false with a login when NODE_ENV=production: the password would go in clear'],
    [{ SMTP_HOST: '', SMTP_USER: '', SMTP_PASS: '', SMTP_URL: 'smtp://smtp.example.az?tls.rejectUnauthorized=false' }, 'SMTP_URL takes no query or options; use SMTP_REQUIRE_TLS and SMTP_CA_FILE (certificates are always checked)'],
  ])('production refuses %o', (env, line) => {
    expect(() => parseConfig({ ...mailProduction, ...env })).toThrow(new ConfigError(`Configuration error: ${line}`));
  });

  it('production may send without TLS to a server that takes no login (a relay on the same machine)', () => {
    expect(parseConfig({ ...mailProduction, SMTP_USER: '', SMTP_PASS: '', SMTP_HOST: '127.0.0.1', SMTP_PORT: '25', SMTP_REQUIRE_TLS: 'false' }).mail.smtp).toMatchObject({ requireTls: false, auth: undefined });
  });
});

describe('production refuses a session secret anyone could know or guess', () => {
  it.each([
    ['the compose file\'s old default', COMPOSE_DEFAULT, /is an example value, not a secret/],
    ['a placeholder', 'your-session-secret-goes-here-0123456789', /is an example value, not a secret/],
    ['express-session\'s example', 'keyboard cat keyboard cat keyboard cat!!', /is an example value, not a secret/],
    ['one character over and over', 'x'.repeat(64), /is too easy to guess/],
    ['a short secret written out again and again', '7Gk2pQ9z'.repeat(8), /is too easy to guess/],
    ['the keyboard in a row', 'qwertyuiopasdfghjklzxcvbnm1234567890', /is too easy to guess/],
    ['the alphabet', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF', /is too easy to guess/],
    ['common words', 'MyPortalSessionKeyForProduction2026', /is too easy to guess/],
    ['two letters', 'abbabaabbbaabababbbaabaababbbaabababbaab', /is too easy to guess/],
  ])('%s', (_name, secret, message) => {
    expect(() => parseConfig({ ...production, SESSION_SECRET: secret })).toThrow(message);
    // Outside production the same secret is taken: only production is held to it.
    expect(parseConfig({ ...base, SESSION_SECRET: secret }).sessionSecret).toBe(secret);
  });

  it('takes what `openssl rand` makes: 32 random characters\' worth or more', () => {
    for (let index = 0; index < 200; index += 1) {
      for (const secret of [randomBytes(32).toString('hex'), randomBytes(32).toString('base64'), randomBytes(24).toString('base64url')]) {
        expect(parseConfig({ ...production, SESSION_SECRET: secret }).sessionSecret).toBe(secret);
      }
    }
    // 32 hexadecimal digits are exactly enough.
    expect(parseConfig({ ...production, SESSION_SECRET: '9e107d9d372bb6826bd81d3542a419d6' }).env).toBe('production');
    expect(estimateSecretBits('9e107d9d372bb6826bd81d3542a419d6')).toBe(REQUIRED_SECRET_BITS);
  });
});

describe('payments in production need a provider named', () => {
  it.each([
    [{ PAYMENT_PROVIDER: undefined }, /^Configuration error: PAYMENT_PROVIDER is required when NODE_ENV=production/],
    [{ PAYMENT_PROVIDER: 'stand-in' }, /^Configuration error: PAYMENT_PROVIDER stand-in is the test stand-in, never a real payment/],
    [{ PAYMENT_PROVIDER: 'bank-of-nowhere' }, /^Configuration error: PAYMENT_PROVIDER must be one of none, stand-in$/],
    // A secret that looks set while every notice would be refused is the mistake this stops.
    [{ PAYMENT_NOTICE_SECRET: randomBytes(32).toString('hex') }, /^Configuration error: PAYMENT_NOTICE_SECRET is set, but PAYMENT_PROVIDER=none refuses every notice/],
  ])('refuses %o', (env, message) => {
    expect(() => parseConfig({ ...production, ...env })).toThrow(message);
  });

  it('none in production; the stand-in outside it unless told otherwise', () => {
    expect(parseConfig(production).paymentProvider).toBe('none');
    expect(parseConfig(base).paymentProvider).toBe('stand-in');
    expect(parseConfig({ ...base, PAYMENT_PROVIDER: 'none' }).paymentProvider).toBe('none');
  });
});
