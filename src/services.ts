import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/knex.js';
import type { FormDeps } from './forms/context.js';
import { postgresStorage, type DocumentStorage } from './documents/storage.js';
import { clamdScanner } from './documents/clamd.js';
import type { VirusScanner } from './documents/scanner.js';
import { Slots } from './documents/slots.js';
import { createUploads } from './documents/upload.js';
import { audit } from './backoffice/audit/log.js';
import type { BackofficeDeps } from './backoffice/context.js';
import { deviceKey } from './backoffice/auth/device.js';
import { createI18n } from './i18n/i18n.js';
import { LANGUAGES } from './i18n/languages.js';
import { createLogger } from './logger.js';
import { formTokens } from './middleware/csrf.js';
import { LIMITS, type Limits } from './security/limits.js';
import { findService } from './catalogue/index.js';
import { formMail } from './notices/outbox.js';
import { decisionTokenKey } from './decisions/token.js';
import type { DecisionDeps } from './decisions/routes.js';
import { verificationKey } from './applications/verification-codes.js';
import { unconnectedProvider, type PaymentProvider } from './payments/provider.js';
import { receiveNotice } from './payments/notices.js';
import { standInProvider } from './payments/stand-in.js';

/** What the services are built from: the configuration and the outside parts, each replaceable by a test. */
export interface ServiceDeps {
  config: Config;
  db: Database;
  logger?: Logger;
  i18n?: i18n;
  /** The time the app believes it is; tests move it. */
  clock?: () => Date;
  /** Where document bytes are kept; PostgreSQL unless another store is given. */
  storage?: DocumentStorage;
  /** How often one address may begin a form, send, or try to resume; the published limits unless given. */
  limits?: Limits;
  /** The payment provider; else the one PAYMENT_PROVIDER names (outside production the stand-in unless told). */
  paymentProvider?: PaymentProvider;
  /** Scans every upload; clamd at CLAMD_SOCKET unless given, none without it (files then kept "not scanned"). */
  scanner?: VirusScanner;
  /** Places for uploads in flight; UPLOADS_IN_FLIGHT of them, each waited for up to 10 s, unless given. */
  uploadSlots?: Slots;
}

/**
 * What each area's routes are given, built once: the areas share one clock, one store, one upload
 * reader and one set of keys, and none builds another's parts for itself.
 */
export function createServices(deps: ServiceDeps) {
  const { config, db } = deps;
  const csrf = formTokens({ secret: config.sessionSecret, secure: config.secureCookies, baseUrl: config.baseUrl });
  const logger = deps.logger ?? createLogger(config.logLevel);
  const i18n = deps.i18n ?? createI18n();
  requireAuthorityName(i18n, config.authority);
  const clock = deps.clock ?? (() => new Date());
  const storage = deps.storage ?? postgresStorage(db);
  const uploads = createUploads({
    storage,
    scanner: deps.scanner ?? (config.clamd ? clamdScanner(config.clamd) : undefined),
    totalBytes: config.uploadTotalMb * 1024 * 1024,
    slots: deps.uploadSlots ?? new Slots(config.uploadsInFlight, 10_000),
    csrf: csrf.check,
    recordInfected: (req, { applicationId, ...details }) => audit(db, req, { action: 'upload-infected', applicationId, details }),
  });
  const limits = deps.limits ?? LIMITS;
  const tokenKey = decisionTokenKey(config.sessionSecret);
  const forms: FormDeps = { db, storage, clock, uploads, csrf: csrf.check, limits, findService, mail: formMail, decisionTokenKey: tokenKey };
  const production = config.env === 'production';
  // The stand-in payment provider exists only outside production: there its paths are pages not found.
  const standInSecret = !production && config.paymentProvider === 'stand-in' ? config.paymentNoticeSecret : undefined;
  const payments = { db, provider: deps.paymentProvider ?? (standInSecret ? standInProvider(standInSecret) : unconnectedProvider()), clock, logger };
  const decisions: DecisionDeps = { db, i18n, tokenKey, verificationKey: verificationKey(config.sessionSecret), baseUrl: config.baseUrl, authority: config.authority, clock };
  const officers: BackofficeDeps = {
    db,
    storage,
    clock,
    csrf: csrf.check,
    limits,
    secureCookies: config.secureCookies,
    idleMinutes: config.officerIdleMinutes,
    decisionTokenKey: tokenKey,
    deviceKey: deviceKey(config.sessionSecret),
  };
  return {
    config,
    logger,
    i18n,
    csrf,
    uploads,
    forms,
    receipts: { ...forms, authority: config.authority, baseUrl: config.baseUrl },
    payments,
    paymentPages: { ...payments, limits, authority: config.authority },
    standIn: standInSecret ? { secret: standInSecret, clock, deliver: (body: Buffer, signature: string) => receiveNotice(payments, body, signature) } : undefined,
    decisions,
    statistics: { db, clock },
    officers,
    /** The route tables' CSRF check and multipart reader. */
    surface: { csrf: csrf.check, multipart: uploads.parser },
  };
}

export type Services = ReturnType<typeof createServices>;

/** The authority a deployment names is one the decision documents can name, in every language. */
function requireAuthorityName(i18n: i18n, authority: string): void {
  for (const language of LANGUAGES) {
    if (!i18n.exists(`common:authority.${authority}`, { lng: language })) {
      throw new Error(`AUTHORITY "${authority}" has no name in locales/${language}/common.json (authority.${authority})`);
    }
  }
}
