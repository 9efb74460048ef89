import { Router } from 'express';
import { findService, servicesByGroup } from '../catalogue/index.js';
import { deadlineLines, feeTable } from './service-view.js';

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
      expired: req.query.expired === '1',
    });
  });

  // Forms are for people: crawlers that respect this make no sessions there.
  router.get('/robots.txt', (_req, res) => {
    res.type('text/plain').send('User-agent: *\nDisallow: /services/*/start\nDisallow: /services/*/apply\nDisallow: /resume\n');
  });

  router.get('/cookies', (_req, res) => {
    res.render('pages/cookies.njk');
  });

  return router;
}
