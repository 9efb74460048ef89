import { Router } from 'express';
import { findService, servicesByGroup } from '../catalogue/index.js';
import { HELP_PAGES } from './help-pages.js';
import { deadlineLines, feeTable, startFacts } from './service-view.js';

export function publicRoutes(): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.render('pages/home.njk', { groups: servicesByGroup() });
  });

  router.get('/services/:slug', (req, res, next) => {
    const service = findService(req.params.slug);
    if (!service) return next();
    res.render('pages/service.njk', {
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
      res.render(page.view, page.model(res.locals as never));
    });
  }

  return router;
}
