import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { PROJECT_ROOT } from './paths.js';
import { estimateSecretBits, isPlaceholderSecret, REQUIRED_SECRET_BITS } from './secret-strength.js';

const DEFAULT_AUTHORITY = 'sms';

/**
 * The payment providers there are: `none`, nothing connected (fee pages say to pay at a bank or an
 * ASAN centre, every notice is refused), and `stand-in`, the test provider (never in production).
 * A real provider is another PaymentProvider (src/payments/provider.ts) and another name here.
 */
export const PAYMENT_PROVIDERS = ['none', 'stand-in'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

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
    MAIL_FROM: z.string().min(3).optional(),
    PAYMENT_NOTICE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    PAYMENT_PROVIDER: z.enum(PAYMENT_PROVIDERS, { error: `must be one of ${PAYMENT_PROVIDERS.join(', ')}` }).optional(),
    TRUST_PROXY: z.string().optional().transform((value, ctx) => {
      try {
        return readTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') refuseUnsafeProduction(env, ctx);
    if (env.SMTP_URL && env.SMTP_HOST) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_HOST'], message: 'cannot be given with SMTP_URL; use one of them' });
    }
    if (env.SMTP_USER && !env.SMTP_PASS) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_PASS'], message: 'is required with SMTP_USER' });
    }

  });

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
  /** nodemailer's SMTP options; undefined when no server is configured. */
  smtp: { url: string } | { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } | undefined;
  from: string;
  /** Without a server, outside production, each mail is written here as an .eml file (listed at /dev/mail). */
  directory: string;
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
  /** PAYMENT_PROVIDER: named in production; outside it the stand-in unless told otherwise. */
  paymentProvider: PaymentProviderName;
  /** Express's `trust proxy`: which peers may say who the client is (X-Forwarded-For). False: none, the socket's peer is the client. */
  trustProxy: TrustProxy;
}

export type TrustProxy = false | number | string[];

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
    throw new Error(`is neither a hop count nor a list of the proxies' addresses (${(error as Error).message})`);
  }
  return addresses.length ? addresses : false;
}

export class ConfigError extends Error {}

/** Turns the environment into a Config, or throws a ConfigError whose message is one line naming the variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const received = cleaned[name];
    const message = issue.code === 'invalid_type' && received === undefined ? 'is required' : issue.message;
    throw new ConfigError(`Configuration error: ${name} ${message}`);
  }
  const parsed = result.data;
  const dataDir = path.resolve(PROJECT_ROOT, parsed.DATA_DIR);
  const sessionSecret = parsed.SESSION_SECRET ?? developmentSessionSecret(dataDir);
  return {
    env: parsed.NODE_ENV,
    port: parsed.PORT,
    dataDir,
    databaseUrl: parsed.DATABASE_URL,
    sessionSecret,
    baseUrl: parsed.BASE_URL ?? `http://localhost:${parsed.PORT}`,
    authority: parsed.AUTHORITY,
    logLevel: parsed.LOG_LEVEL,
    secureCookies: parsed.NODE_ENV === 'production',
    uploadTotalMb: parsed.UPLOAD_TOTAL_MB,
    officerIdleMinutes: parsed.OFFICER_IDLE_MINUTES,
    mail: {
      smtp: parsed.SMTP_URL
        ? { url: parsed.SMTP_URL }
        : parsed.SMTP_HOST
          ? {
              host: parsed.SMTP_HOST,
              port: parsed.SMTP_PORT ?? (parsed.SMTP_SECURE === 'true' ? 465 : 587),
              secure: parsed.SMTP_SECURE === 'true',
              auth: parsed.SMTP_USER ? { user: parsed.SMTP_USER, pass: parsed.SMTP_PASS! } : undefined,
            }
          : undefined,
      from: parsed.MAIL_FROM ?? `no-reply@${new URL(parsed.BASE_URL ?? 'http://localhost').hostname}`,
      directory: path.join(dataDir, 'mail'),
    },
    // Outside production the stand-in provider signs with a secret made from the session's; production must be given one.
    paymentNoticeSecret:
      parsed.PAYMENT_NOTICE_SECRET ?? (parsed.NODE_ENV === 'production' ? undefined : createHmac('sha256', sessionSecret).update('payment-notice').digest('hex')),
    paymentProvider: parsed.PAYMENT_PROVIDER ?? 'stand-in',
    trustProxy: parsed.TRUST_PROXY,
  };
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
