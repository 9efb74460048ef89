import { Router } from 'express';
import type { TFunction } from 'i18next';
import { findService } from '../catalogue/index.js';
import { HELP_PAGES } from './help-pages.js';
import { deadlineLines, feeTable, homeModel, startFacts } from './service-view.js';

/**
 * What a service page shows from the database (the queue's offices taking bookings), by service id:
 * such a page is rendered for each request, never kept in memory with the catalogue's.
 */
export type ServicePageData = Readonly<Record<string, (locals: { t: TFunction }) => Promise<Record<string, unknown>>>>;

export function publicRoutes(servicePageData: ServicePageData = {}): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.render('pages/home.njk', homeModel());
  });

  router.get('/services/:slug', async (req, res, next) => {
    const service = findService(req.params.slug);
    if (!service) return next();
    const data = (await servicePageData[service.id]?.(res.locals)) ?? {};
    res.render('pages/service.njk', {
      ...data,
      service,
      feeTable: feeTable(service, res.locals.t, res.locals.formatMoney),
      deadlines: deadlineLines(service, res.locals.t),
      facts: startFacts(service, res.locals.t, res.locals.formatMoney),
      expired: req.query.expired === '1',
    });
  });

  // Forms are for people: crawlers that respect this make no sessions there.
  router.get('/robots.txt', (_req, res) => {
    res.type('text/plain').send('User-agent: *\nDisallow: /services/*/start\nDisallow: /services/*/apply\nDisallow: /resume\nDisallow: /track\n');
  });

  router.get('/cookies', (_req, res) => {
    res.render('pages/cookies.njk');
  });

  for (const [path, page] of Object.entries(HELP_PAGES)) {
    router.get(path, (_req, res) => {
      res.render(page.view, page.model(res.locals));
    });
  }

  return router;
}
