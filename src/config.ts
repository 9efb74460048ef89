import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './paths.js';

const DEFAULT_AUTHORITY = 'sms';

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
    MAIL_FROM: z.string().min(3).optional(),
    PAYMENT_NOTICE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    COMPRESSION: z.enum(['on', 'off']).default('on'),
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (env.SMTP_URL && env.SMTP_HOST) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_HOST'], message: 'cannot be given with SMTP_URL; use one of them' });
    }
    if (env.SMTP_USER && !env.SMTP_PASS) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_PASS'], message: 'is required with SMTP_USER' });
    }
    if (env.METRICS_PORT && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT: the figures are never served on the public port' });
    }
    if (env.METRICS_PORT && !LOOPBACK.test(env.METRICS_HOST) && !env.METRICS_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: 'is required when METRICS_HOST is not a loopback address' });
    }

  });

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
  /** HTTP worker processes (node:cluster): one per core in production, one elsewhere. */
  workers: number;
  /** Whether pages made per request are compressed here, or left to a proxy in front. */
  compression: boolean;
  /** Where Prometheus reads the figures (`GET /metrics`); never the public port. Unset: not served. */
  metrics: { port: number; host: string; token: string | undefined } | undefined;
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
    workers: parsed.WORKERS ?? (parsed.NODE_ENV === 'production' ? availableParallelism() : 1),
    compression: parsed.COMPRESSION === 'on',
    metrics: parsed.METRICS_PORT ? { port: parsed.METRICS_PORT, host: parsed.METRICS_HOST, token: parsed.METRICS_TOKEN } : undefined,
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
