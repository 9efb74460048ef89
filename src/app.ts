import { constants as zlibConstants } from 'node:zlib';
import compression from 'compression';
import type { RequestListener } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { Config } from './config.js';
import type { Database } from './db/knex.js';
import { draftReadWithSession, type FormDeps } from './forms/context.js';
import { resumeRoutes } from './forms/resume/routes.js';
import { acceptsPost, formRoutes } from './forms/routes.js';
import { postgresStorage, type DocumentStorage } from './documents/storage.js';
import { clamdScanner } from './documents/clamd.js';
import type { VirusScanner } from './documents/scanner.js';
import { Slots } from './documents/slots.js';
import { createUploads } from './documents/upload.js';
import { audit } from './backoffice/audit/log.js';
import { createI18n } from './i18n/i18n.js';
import { LANGUAGES } from './i18n/languages.js';
import { createLogger } from './logger.js';
import { formTokens } from './middleware/csrf.js';
import { LIMITS, type Limits } from './security/limits.js';
import { formBody } from './middleware/form-body.js';
import { formsNeedTheDatabase } from './middleware/form-readiness.js';
import { methodGuard } from './middleware/http-surface.js';
import { requestLog } from './middleware/request-log.js';
import { describeError, errorHandler, notFound } from './middleware/errors.js';
import { assetFiles, readManifest } from './middleware/assets.js';
import { languageMiddleware } from './middleware/language.js';
import { securityHeaders, securityHeaderValues } from './middleware/security.js';
import { sessionMiddleware } from './middleware/session.js';
import { cataloguePages } from './routes/catalogue-pages.js';
import { findService } from './catalogue/index.js';
import { healthRoutes, liveness } from './routes/health.js';
import { withFastLanes, type FastLane } from './http/fast-lane.js';
import type { RequestMetrics } from './metrics/http.js';
import { backofficeAcceptsPost, backofficeRoutes } from './backoffice/routes.js';
import { deviceKey } from './backoffice/auth/device.js';
import { lookupRoutes, lookupsAcceptPost } from './lookups/routes.js';
import { publicRoutes } from './routes/public.js';
import { devMailRoutes } from './notices/dev-mail.js';
import { formMail } from './notices/outbox.js';
import { decisionRoutes, decisionsAcceptPost } from './decisions/routes.js';
import { decisionTokenKey } from './decisions/token.js';
import { verificationKey } from './applications/verification-codes.js';
import { statisticsRoutes } from './statistics/routes.js';
import { unconnectedProvider, type PaymentProvider } from './payments/provider.js';
import { receiveNotice } from './payments/notices.js';
import { paymentNoticeRoute, paymentRoutes, paymentsAcceptPost } from './payments/routes.js';
import { standInProvider, standInRoutes } from './payments/stand-in.js';
import { QUEUE_SERVICE_ID, queueServicePage, visitRoutes, visitsAcceptPost } from './visits/routes.js';
import { receiptRoutes } from './receipts/routes.js';
import { configureViews } from './views.js';

export interface AppDeps {
  config: Config;
  db: Database;
  /** Sessions are stored through this pool. */
  sessionPool: pg.Pool;
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
  /** Where each request's route, status and time are counted (the figures at /metrics); not counted unless given. */
  metrics?: RequestMetrics;
  /**
   * Routes tried before the portal's areas, after the middleware every page passes through (security
   * headers, compression, log, language, body, session, form tokens). The bench mounts its floor here.
   */
  routes?: RequestHandler[];
}

/**
 * How pages made per request are compressed: at the fastest settings, brotli 1 (gzip 1 for a browser
 * without brotli). Measured by `npm run bench` on a form step and check your answers: brotli 4 took
 * about 2.5 times their CPU for pages about a fifth smaller, gzip 2 and 3 no less CPU for pages no
 * smaller. A page is far smaller than brotli's default 4 MB window, which each response being
 * compressed would hold in memory.
 */
const DYNAMIC_COMPRESSION: compression.CompressionOptions = {
  level: 1,
  brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1, [zlibConstants.BROTLI_PARAM_LGWIN]: 18 } },
};

/** Body size a form of ours can reach; anything larger is refused with a page that says so. */
const FORM_BODY_LIMIT = '64kb';

/**
 * What the HTTP server calls: the fast lanes, then Express. `warm` renders the catalogue's pages
 * ahead of their first visitor; until then, Express renders them as any other page.
 */
export type App = RequestListener & { express: Express; warm: () => Promise<void> };

/** The middleware order, in one place. */
export function createApp(deps: AppDeps): App {
  const { config, db } = deps;
  const csrf = formTokens({ secret: config.sessionSecret, secure: config.secureCookies, baseUrl: config.baseUrl });
  const logger = deps.logger ?? createLogger(config.logLevel);
  const i18n = deps.i18n ?? createI18n();
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
  // csrf.check goes on each route that takes a POST, so a POST to a path with no form finds no page rather than a CSRF refusal.
  const forms: FormDeps = { db, storage, clock, uploads, csrf: csrf.check, limits: deps.limits ?? LIMITS, findService, mail: formMail };
  const production = config.env === 'production';
  const standIn = !production && config.paymentProvider === 'stand-in' && config.paymentNoticeSecret;
  const paymentProvider = deps.paymentProvider ?? (standIn ? standInProvider(standIn) : unconnectedProvider());
  const payments = { db, provider: paymentProvider, clock, logger };
  const decisionDeps = { db, i18n, tokenKey: decisionTokenKey(config.sessionSecret), verificationKey: verificationKey(config.sessionSecret), baseUrl: config.baseUrl, authority: config.authority, csrf: forms.csrf, clock };
  forms.decisionTokenKey = decisionDeps.tokenKey;
  for (const language of LANGUAGES) {
    if (!i18n.exists(`common:authority.${config.authority}`, { lng: language })) {
      throw new Error(`AUTHORITY "${config.authority}" has no name in locales/${language}/common.json (authority.${config.authority})`);
    }
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const assets = readManifest();
  // Templates change under a developer's hands only; everywhere else each is found and compiled once.
  configureViews(app, { cache: config.env !== 'development', authority: config.authority, assets });

  const security = securityHeaderValues(production);
  // Assets, the catalogue's pages and liveness are the same for everyone: answered before Express (see http/fast-lane.ts).
  // The queue's page says which visits cannot be booked now: it is rendered per request, not kept.
  const servicePageData = { [QUEUE_SERVICE_ID]: queueServicePage({ db }) };
  const live = Object.keys(servicePageData).map((id) => `/services/${id}`);
  const catalogue = cataloguePages(app, i18n, { secureCookies: config.secureCookies, cache: config.env !== 'development', security, live });
  const named: [string, FastLane][] = [['healthz', liveness], ['assets', assetFiles(assets, security)], ['catalogue', catalogue.lane]];
  const lanes = named.map(([name, lane]) => deps.metrics?.lane(name, lane) ?? lane);

  if (deps.metrics) app.use(deps.metrics.express);
  app.use(healthRoutes(db));
  app.use(securityHeaders(security));
  // Every other page is made per request: compressed as it is sent, at the cheapest setting (see DYNAMIC_COMPRESSION),
  // unless a proxy in front does it (COMPRESSION=off).
  if (config.compression) app.use(compression(DYNAMIC_COMPRESSION));
  app.use(requestLog(logger));
  app.use(languageMiddleware(i18n, config.secureCookies));
  const takesPost = (path: string) => acceptsPost(path) || backofficeAcceptsPost(path) || lookupsAcceptPost(path) || paymentsAcceptPost(path) || decisionsAcceptPost(path) || visitsAcceptPost(path);
  app.use(methodGuard(takesPost));
  // The provider's signed notices, read as raw bytes before any other body reader or session.
  app.use(paymentNoticeRoute(payments));
  app.use(formBody(FORM_BODY_LIMIT, 200));
  app.use(
    sessionMiddleware({
      pool: deps.sessionPool,
      secret: config.sessionSecret,
      secure: config.secureCookies,
      alongside: draftReadWithSession(forms.findService),
    }),
  );
  app.use(formsNeedTheDatabase(db, takesPost));
  app.use(csrf.tokens);
  // Routes given by the caller come before the portal's own (the bench's floor answers a page's captured bytes here).
  for (const route of deps.routes ?? []) app.use(route);
  app.use(publicRoutes(servicePageData));
  // Mail written as files when no mail server is configured: never in production, where the path is a 404 like any other.
  if (!production) app.use(devMailRoutes(config.mail.directory));
  app.use(resumeRoutes(forms));
  app.use(lookupRoutes(forms));
  app.use(receiptRoutes({ ...forms, authority: config.authority, baseUrl: config.baseUrl }));
  // The stand-in payment provider exists only outside production: there its path is a page not found.
  if (standIn) {
    app.use(standInRoutes({ secret: standIn, csrf: forms.csrf, clock, deliver: (body, signature) => receiveNotice(payments, body, signature) }));
  }
  app.use(paymentRoutes({ ...payments, csrf: forms.csrf, limits: forms.limits, authority: config.authority }));
  app.use(decisionRoutes(decisionDeps));
  app.use(statisticsRoutes({ db, clock }));
  app.use(visitRoutes(forms));
  app.use(
    backofficeRoutes({
      db,
      storage: forms.storage,
      clock,
      csrf: forms.csrf,
      limits: forms.limits,
      secureCookies: config.secureCookies,
      idleMinutes: config.officerIdleMinutes,
      decisionTokenKey: decisionDeps.tokenKey,
      deviceKey: deviceKey(config.sessionSecret),
    }),
  );
  app.use(formRoutes(forms));
  app.use(notFound);
  app.use(errorHandler);
  const warm = () => catalogue.warm().catch((error: unknown) => logger.error({ failure: describeError(error) }, 'catalogue pages not rendered ahead'));
  return Object.assign(withFastLanes(lanes, app), { warm });
}
