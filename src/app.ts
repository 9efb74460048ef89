import compression from 'compression';
import type { RequestListener } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type pg from 'pg';
import { draftReadWithSession } from './forms/context.js';
import { RESUME_ROUTES } from './forms/resume/routes.js';
import { FORM_ROUTES } from './forms/routes.js';
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
import { healthRoutes, liveness } from './routes/health.js';
import { withFastLanes, type FastLane } from './http/fast-lane.js';
import { compressRenderedPages, DYNAMIC_COMPRESSION } from './http/compressed-render.js';
import type { RequestMetrics } from './metrics/http.js';
import { BACKOFFICE_ROUTES, backofficeRoutes } from './backoffice/routes.js';
import { LOOKUP_ROUTES } from './lookups/routes.js';
import { PUBLIC_ROUTES, type ServicePageData } from './routes/public.js';
import { devMailRoutes } from './notices/dev-mail.js';
import { DECISION_ROUTES } from './decisions/routes.js';
import { STATISTICS_ROUTES } from './statistics/routes.js';
import { PAYMENT_NOTICE_ROUTES, PAYMENT_ROUTES } from './payments/routes.js';
import { STAND_IN_ROUTES } from './payments/stand-in.js';
import { QUEUE_SERVICE_ID, queueServicePage, VISIT_ROUTES, visitRoutes } from './visits/routes.js';
import { RECEIPT_ROUTES } from './receipts/routes.js';
import { postPathsOf, routesOf } from './http/route-table.js';
import { configureViews } from './views.js';
import { createServices, type ServiceDeps, type Services } from './services.js';

export interface AppDeps extends ServiceDeps {
  /** Sessions are stored through this pool. */
  sessionPool: pg.Pool;
  /** Where each request's route, status and time are counted (the figures at /metrics); not counted unless given. */
  metrics?: RequestMetrics;
  /**
   * Routes tried before the portal's areas, after the middleware every page passes through (security
   * headers, compression, log, language, body, session, form tokens). The bench mounts its floor here.
   */
  routes?: RequestHandler[];
}

/** Body size a form of ours can reach; anything larger is refused with a page that says so. */
const FORM_BODY_LIMIT = '64kb';

/**
 * What the HTTP server calls: the fast lanes, then Express. `warm` renders the catalogue's pages
 * ahead of their first visitor; until then, Express renders them as any other page.
 */
export type App = RequestListener & { express: Express; warm: () => Promise<void> };

/** Every area's table of routes: the test of the tables walks each, and the paths that take a POST are read from them. */
export const ROUTE_TABLES = {
  public: PUBLIC_ROUTES,
  resume: RESUME_ROUTES,
  lookups: LOOKUP_ROUTES,
  receipts: RECEIPT_ROUTES,
  standIn: STAND_IN_ROUTES,
  paymentNotices: PAYMENT_NOTICE_ROUTES,
  payments: PAYMENT_ROUTES,
  decisions: DECISION_ROUTES,
  statistics: STATISTICS_ROUTES,
  visits: VISIT_ROUTES,
  backoffice: BACKOFFICE_ROUTES,
  forms: FORM_ROUTES,
};

const takesPost = postPathsOf(Object.values(ROUTE_TABLES));

/** The areas, in the order a request tries them: the first whose table has its path answers it. */
function areas(services: Services, servicePageData: ServicePageData): RequestHandler[] {
  const { config, surface } = services;
  return [
    routesOf(PUBLIC_ROUTES, { servicePageData }),
    // Mail written as files when no mail server is configured: never in production, where the path is a 404 like any other.
    ...(config.env === 'production' ? [] : [devMailRoutes(config.mail.directory)]),
    routesOf(RESUME_ROUTES, services.forms, surface),
    routesOf(LOOKUP_ROUTES, services.forms, surface),
    routesOf(RECEIPT_ROUTES, services.receipts),
    ...(services.standIn ? [routesOf(STAND_IN_ROUTES, services.standIn, surface)] : []),
    routesOf(PAYMENT_ROUTES, services.paymentPages, surface),
    routesOf(DECISION_ROUTES, services.decisions, surface),
    routesOf(STATISTICS_ROUTES, services.statistics),
    visitRoutes(services.forms),
    backofficeRoutes(services.officers),
    routesOf(FORM_ROUTES, services.forms, surface),
  ];
}

/** The middleware order, in one place. */
export function createApp(deps: AppDeps): App {
  const services = createServices(deps);
  const { config, logger, i18n, csrf } = services;
  const { db } = deps;
  const production = config.env === 'production';
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
  if (config.compression) {
    compressRenderedPages(app);
    app.use(compression(DYNAMIC_COMPRESSION));
  }
  app.use(requestLog(logger));
  app.use(languageMiddleware(i18n, config.secureCookies));
  app.use(methodGuard(takesPost));
  // The provider's signed notices, read as raw bytes before any other body reader or session.
  app.use(routesOf(PAYMENT_NOTICE_ROUTES, services.payments));
  app.use(formBody(FORM_BODY_LIMIT, 200));
  app.use(sessionMiddleware({ pool: deps.sessionPool, secret: config.sessionSecret, secure: config.secureCookies, alongside: draftReadWithSession(services.forms.findService) }));
  app.use(formsNeedTheDatabase(db, takesPost));
  app.use(csrf.tokens);
  // Routes given by the caller come before the portal's own (the bench's floor answers a page's captured bytes here).
  for (const route of [...(deps.routes ?? []), ...areas(services, servicePageData)]) app.use(route);
  app.use(notFound);
  app.use(errorHandler);
  const warm = () => catalogue.warm().catch((error: unknown) => logger.error({ failure: describeError(error) }, 'catalogue pages not rendered ahead'));
  return Object.assign(withFastLanes(lanes, app), { warm });
}
