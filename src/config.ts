import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { PROJECT_ROOT } from './paths.js';
import { estimateSecretBits, isPlaceholderSecret, REQUIRED_SECRET_BITS } from './secret-strength.js';
import { fieldsOf } from './http/fields.js';

const DEFAULT_AUTHORITY = 'sms';

/**
 * The payment providers there are: `none`, nothing connected (fee pages say to pay at a bank or an
 * ASAN centre, every notice is refused), and `stand-in`, the test provider (never in production).
 * A real provider is another PaymentProvider (src/payments/provider.ts) and another name here.
 */
const PAYMENT_PROVIDERS = ['none', 'stand-in'] as const;
type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: z
      .string()
      .url()
      .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://')
      .optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    BASE_URL: z.string().url().optional(),
    AUTHORITY: z.string().min(1).default(DEFAULT_AUTHORITY),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    UPLOAD_TOTAL_MB: z.coerce.number().int().min(1).max(200).default(25),
    OFFICER_IDLE_MINUTES: z.coerce.number().int().min(2).max(480).default(30),
    SMTP_URL: z
      .string()
      .url()
      .refine((value) => /^smtps?:\/\//.test(value), 'must start with smtp:// or smtps://')
      .optional(),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASS: z.string().min(1).optional(),
    SMTP_SECURE: z.enum(['true', 'false']).optional(),
    SMTP_REQUIRE_TLS: z.enum(['true', 'false']).optional(),
    SMTP_CA_FILE: z.string().min(1).optional(),
    SMTP_EHLO_NAME: z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a host name').optional(),
    MAIL_FROM: z.string().min(3).optional(),
    MAIL_CYCLE_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
    MAIL_GIVE_UP_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    PAYMENT_NOTICE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    CLAMD_SOCKET: z
      .string()
      .refine((value) => parseClamdAddress(value) !== undefined, 'must be a socket path (/run/clamav/clamd.ctl) or host:port (clamav:3310)')
      .optional(),
    UPLOADS_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).default(16),
    PAYMENT_PROVIDER: z.enum(PAYMENT_PROVIDERS, { error: `must be one of ${PAYMENT_PROVIDERS.join(', ')}` }).optional(),
    TRUST_PROXY: z.string().optional().transform((value, ctx) => {
      try {
        return readTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
    WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    COMPRESSION: z.enum(['on', 'off']).default('on'),
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') refuseUnsafeProduction(env, ctx);
    if (env.SMTP_URL && env.SMTP_HOST) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_HOST'], message: 'cannot be given with SMTP_URL; use one of them' });
    }
    if (env.SMTP_USER && !env.SMTP_PASS) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_PASS'], message: 'is required with SMTP_USER' });
    }
    // Files from strangers reach officers: production never keeps one unscanned.
    if (env.NODE_ENV === 'production' && !env.CLAMD_SOCKET) {
      ctx.addIssue({ code: 'custom', path: ['CLAMD_SOCKET'], message: 'is required when NODE_ENV=production: every uploaded file is scanned by clamd' });
    }
    mailIssues(env, (name, message) => ctx.addIssue({ code: 'custom', path: [name], message }));
    if (env.METRICS_PORT && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT: the figures are never served on the public port' });
    }
    if (env.METRICS_PORT && !LOOPBACK.test(env.METRICS_HOST) && !env.METRICS_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: 'is required when METRICS_HOST is not a loopback address' });
    }
  });

interface MailEnv {
  NODE_ENV: string;
  BASE_URL?: string;
  SMTP_URL?: string;
  SMTP_HOST?: string;
  SMTP_USER?: string;
  SMTP_SECURE?: string;
  SMTP_REQUIRE_TLS?: string;
}

/**
 * What production cannot do without: an address people can reach (every mail's links, the sender, the
 * QR on every permit are made of it, for good) and a mail server, reached over TLS when it takes a password.
 */
function mailIssues(env: MailEnv, issue: (name: string, message: string) => void): void {
  if (env.SMTP_URL && /[?#]/.test(env.SMTP_URL)) {
    issue('SMTP_URL', 'takes no query or options; use SMTP_REQUIRE_TLS and SMTP_CA_FILE (certificates are always checked)');
  }
  if (env.NODE_ENV !== 'production') return;
  if (!env.BASE_URL) issue('BASE_URL', 'is required when NODE_ENV=production: the https address people reach the portal at');
  else if (!/^https:/i.test(env.BASE_URL) || isLoopback(new URL(env.BASE_URL).hostname)) {
    issue('BASE_URL', 'must be the https address people reach the portal at, not localhost, when NODE_ENV=production');
  }
  if (!env.SMTP_URL && !env.SMTP_HOST) issue('SMTP_URL', 'or SMTP_HOST is required when NODE_ENV=production: the mail server that sends notices');
  const login = !!env.SMTP_USER || (!!env.SMTP_URL && URL.canParse(env.SMTP_URL) && !!new URL(env.SMTP_URL).username);
  const implicitTls = env.SMTP_SECURE === 'true' || /^smtps:/i.test(env.SMTP_URL ?? '');
  if (env.SMTP_REQUIRE_TLS === 'false' && login && !implicitTls) issue('SMTP_REQUIRE_TLS', 'cannot be false with a login when NODE_ENV=production: the password would go in clear');
}

function isLoopback(hostname: string): boolean {
  return /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/i.test(hostname);
}

/** A mail server, as the settings give it. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://, SMTP_SECURE=true), usually port 465. */
  implicitTls: boolean;
  /** Without implicit TLS: STARTTLS or nothing is sent, and never a password in clear (SMTP_REQUIRE_TLS). */
  requireTls: boolean;
  auth: { user: string; pass: string } | undefined;
  /** Certificates of a private authority to trust besides the system's (SMTP_CA_FILE, PEM). */
  ca: string | undefined;
  /** The name the portal gives itself in EHLO. */
  ehloName: string;
}

/**
 * What production will not run with: a session secret anyone could know or guess (it signs
 * sessions and keys decision links), and payments left to chance: the provider must be named, and
 * a notice secret with no provider to use it (every notice would be refused while it looked set).
 */
function refuseUnsafeProduction(env: { SESSION_SECRET?: string; PAYMENT_PROVIDER?: PaymentProviderName; PAYMENT_NOTICE_SECRET?: string }, ctx: z.RefinementCtx): void {
  const refuse = (name: string, message: string) => ctx.addIssue({ code: 'custom', path: [name], message });
  const make = 'make one with `openssl rand -hex 32`';
  if (!env.SESSION_SECRET) refuse('SESSION_SECRET', 'is required when NODE_ENV=production');
  else if (isPlaceholderSecret(env.SESSION_SECRET)) refuse('SESSION_SECRET', `is an example value, not a secret: ${make}`);
  else if (estimateSecretBits(env.SESSION_SECRET) < REQUIRED_SECRET_BITS) refuse('SESSION_SECRET', `is too easy to guess (less than 32 random characters' worth, as the README measures it): ${make}`);
  if (!env.PAYMENT_PROVIDER) refuse('PAYMENT_PROVIDER', 'is required when NODE_ENV=production: none is the only one there yet (nothing is paid online, every notice is refused)');
  else if (env.PAYMENT_PROVIDER === 'stand-in') refuse('PAYMENT_PROVIDER', 'stand-in is the test stand-in, never a real payment: it does not run with NODE_ENV=production');
  else if (env.PAYMENT_PROVIDER === 'none' && env.PAYMENT_NOTICE_SECRET) {
    refuse('PAYMENT_NOTICE_SECRET', 'is set, but PAYMENT_PROVIDER=none refuses every notice: no provider is connected yet, so leave it unset until one is');
  }
}

/** Where mail to applicants goes: a mail server, or (outside production, when none is given) files. */
export interface MailConfig {
  /** Undefined when no server is configured. */
  smtp: SmtpSettings | undefined;
  from: string;
  /** Message-IDs are made on this host (BASE_URL's), whatever the sender. */
  messageIdDomain: string;
  /** Without a server, outside production, each mail is written here as an .eml file (listed at /dev/mail). */
  directory: string;
  /** How often waiting mail is sent, and a failing server tried again. */
  cycleSeconds: number;
  /** A mail not taken by the server this long after it was queued is marked undeliverable. */
  giveUpHours: number;
}

/** Where clamd listens: its local socket, or a host and port. */
export type ClamdAddress = { path: string } | { host: string; port: number };

/** A socket path (absolute) or host:port, with or without tcp://; undefined for anything else. */
export function parseClamdAddress(value: string): ClamdAddress | undefined {
  if (value.startsWith('/')) return { path: value };
  const tcp = /^(?:tcp:\/\/)?([\w.-]+|\[[\d:a-fA-F]+\]):(\d{1,5})$/.exec(value);
  const port = tcp ? Number(tcp[2]) : 0;
  return tcp && port >= 1 && port <= 65535 ? { host: tcp[1]!.replace(/^\[|\]$/g, ''), port } : undefined;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  baseUrl: string;
  /** Key under `common:authority.` naming the body that runs the portal. */
  authority: string;
  logLevel: string;
  secureCookies: boolean;
  /** The most all files of one application may weigh together, in megabytes. */
  uploadTotalMb: number;
  /** An officer idle this long is signed out of the back-office. */
  officerIdleMinutes: number;
  mail: MailConfig;
  /**
   * The secret the payment provider signs its notices with (HMAC-SHA256 over the raw body), shared with it.
   * Unset in production until the provider is connected: then no notice is accepted and no payment started.
   */
  paymentNoticeSecret: string | undefined;
  /** The clamd that scans every upload; unset only outside production, where files are then kept marked "not scanned". */
  clamd: ClamdAddress | undefined;
  /** Uploads read, scanned and stored at once by one process; past it a "busy, try again" page. */
  uploadsInFlight: number;
  /** PAYMENT_PROVIDER: named in production; outside it the stand-in unless told otherwise. */
  paymentProvider: PaymentProviderName;
  /** Express's `trust proxy`: which peers may say who the client is (X-Forwarded-For). False: none, the socket's peer is the client. */
  trustProxy: TrustProxy;
  /** HTTP worker processes (node:cluster): one per core in production, one elsewhere. */
  workers: number;
  /** Whether pages made per request are compressed here, or left to a proxy in front. */
  compression: boolean;
  /** Where Prometheus reads the figures (`GET /metrics`); never the public port. Unset: not served. */
  metrics: { port: number; host: string; token: string | undefined } | undefined;
}

type TrustProxy = false | number | string[];

/**
 * TRUST_PROXY: unset, no proxy is trusted; a hop count (the client is that many addresses back in
 * X-Forwarded-For); or the proxies' addresses and CIDR ranges (or proxy-addr's names loopback,
 * linklocal, uniquelocal), comma-separated, checked here by proxy-addr, the parser Express uses.
 */
function readTrustProxy(value: string | undefined): TrustProxy {
  const given = value?.trim();
  if (!given) return false;
  if (/^\d+$/.test(given)) {
    const hops = Number(given);
    if (hops < 1 || hops > 10) throw new Error('must be a hop count from 1 to 10, or the proxies\' addresses');
    return hops;
  }
  if (/^(true|false|all|\*)$/i.test(given)) throw new Error(`cannot be "${given}": name the proxies' addresses (or a hop count), so that no client can name its own`);
  const addresses = given.split(',').map((part) => part.trim()).filter(Boolean);
  try {
    proxyAddr.compile(addresses);
  } catch (error) {
    throw new Error(`is neither a hop count nor a list of the proxies' addresses (${error instanceof Error ? error.message : String(error)})`);
  }
  return addresses.length ? addresses : false;
}

export class ConfigError extends Error {}

/** Turns the environment into a Config, or throws a ConfigError whose message is one line naming the variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    // Every setting that stops the start, one line each, so that one restart finds them all.
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const received = cleaned[name];
      const message = issue.code === 'invalid_type' && received === undefined ? 'is required' : issue.message;
      return `Configuration error: ${name} ${message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const parsed = result.data;
  const dataDir = path.resolve(PROJECT_ROOT, parsed.DATA_DIR);
  const sessionSecret = parsed.SESSION_SECRET ?? developmentSessionSecret(dataDir);
  const baseUrl = parsed.BASE_URL ?? `http://localhost:${parsed.PORT}`;
  return {
    env: parsed.NODE_ENV,
    port: parsed.PORT,
    dataDir,
    databaseUrl: parsed.DATABASE_URL,
    sessionSecret,
    baseUrl,
    authority: parsed.AUTHORITY,
    logLevel: parsed.LOG_LEVEL,
    secureCookies: parsed.NODE_ENV === 'production',
    uploadTotalMb: parsed.UPLOAD_TOTAL_MB,
    officerIdleMinutes: parsed.OFFICER_IDLE_MINUTES,
    mail: mailConfig(parsed, baseUrl, dataDir),
    // Outside production the stand-in provider signs with a secret made from the session's; production must be given one.
    paymentNoticeSecret:
      parsed.PAYMENT_NOTICE_SECRET ?? (parsed.NODE_ENV === 'production' ? undefined : createHmac('sha256', sessionSecret).update('payment-notice').digest('hex')),
    paymentProvider: parsed.PAYMENT_PROVIDER ?? 'stand-in',
    trustProxy: parsed.TRUST_PROXY,
    clamd: parsed.CLAMD_SOCKET ? parseClamdAddress(parsed.CLAMD_SOCKET) : undefined,
    uploadsInFlight: parsed.UPLOADS_IN_FLIGHT,
    workers: parsed.WORKERS ?? (parsed.NODE_ENV === 'production' ? availableParallelism() : 1),
    compression: parsed.COMPRESSION === 'on',
    metrics: parsed.METRICS_PORT ? { port: parsed.METRICS_PORT, host: parsed.METRICS_HOST, token: parsed.METRICS_TOKEN } : undefined,
  };
}

function mailConfig(parsed: z.infer<typeof envSchema>, baseUrl: string, dataDir: string): MailConfig {
  const host = new URL(baseUrl).hostname;
  return {
    smtp: smtpSettings(parsed, host),
    from: parsed.MAIL_FROM ?? `no-reply@${host}`,
    messageIdDomain: host,
    directory: path.join(dataDir, 'mail'),
    cycleSeconds: parsed.MAIL_CYCLE_SECONDS,
    giveUpHours: parsed.MAIL_GIVE_UP_HOURS,
  };
}

/** SMTP_URL or SMTP_HOST and its companions, as one shape; STARTTLS required by default in production. */
function smtpSettings(parsed: z.infer<typeof envSchema>, baseHost: string): SmtpSettings | undefined {
  const url = parsed.SMTP_URL ? new URL(parsed.SMTP_URL) : undefined;
  const host = url ? url.hostname.replace(/^\[(.*)\]$/, '$1') : parsed.SMTP_HOST;
  if (!host) return undefined;
  const implicitTls = url ? url.protocol === 'smtps:' : parsed.SMTP_SECURE === 'true';
  const user = url ? decodeURIComponent(url.username) : parsed.SMTP_USER;
  const pass = url ? decodeURIComponent(url.password) : parsed.SMTP_PASS;
  return {
    host,
    port: (url?.port ? Number(url.port) : parsed.SMTP_PORT) ?? (implicitTls ? 465 : 587),
    implicitTls,
    requireTls: parsed.SMTP_REQUIRE_TLS ? parsed.SMTP_REQUIRE_TLS === 'true' : parsed.NODE_ENV === 'production',
    auth: user ? { user, pass: pass ?? '' } : undefined,
    ca: parsed.SMTP_CA_FILE ? readCertificates(parsed.SMTP_CA_FILE) : undefined,
    ehloName: parsed.SMTP_EHLO_NAME ?? baseHost,
  };
}

function readCertificates(file: string): string {
  let text: string;
  try {
    text = readFileSync(path.resolve(PROJECT_ROOT, file), 'utf8');
  } catch (error) {
    throw new ConfigError(`Configuration error: SMTP_CA_FILE cannot be read (${fieldsOf(error).code ?? 'error'})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('Configuration error: SMTP_CA_FILE holds no PEM certificate');
  return text;
}

/** Outside production a secret is made once and kept, so sessions survive a restart. */
function developmentSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
