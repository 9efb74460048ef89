import type { NextFunction, Request, Response } from 'express';
import type { Route } from '../http/route-table.js';
import type { TFunction } from 'i18next';
import { findService } from '../catalogue/index.js';
import { HELP_PAGES } from './help-pages.js';
import { deadlineLines, feeTable, homeModel, startFacts } from './service-view.js';

/**
 * What a service page shows from the database (the queue's offices taking bookings), by service id:
 * such a page is rendered for each request, never kept in memory with the catalogue's.
 */
export type ServicePageData = Readonly<Record<string, (locals: { t: TFunction }) => Promise<Record<string, unknown>>>>;

interface PublicDeps {
  servicePageData: ServicePageData;
}

async function showService(deps: PublicDeps, req: Request, res: Response, next: NextFunction): Promise<void> {
  const service = findService(String(req.params.slug));
  if (!service) return next();
  const data = (await deps.servicePageData[service.id]?.(res.locals)) ?? {};
  res.render('pages/service.njk', {
    ...data,
    service,
    feeTable: feeTable(service, res.locals.t, res.locals.formatMoney),
    deadlines: deadlineLines(service, res.locals.t),
    facts: startFacts(service, res.locals.t, res.locals.formatMoney),
    expired: req.query.expired === '1',
  });
}

type PublicRoute = Route<PublicDeps>;

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  { method: 'get', path: '/', access: 'public', handle: (_deps, _req, res) => res.render('pages/home.njk', homeModel()) },
  { method: 'get', path: '/services/:slug', access: 'public', handle: showService },
  // Forms are for people: crawlers that respect this make no sessions there.
  {
    method: 'get',
    path: '/robots.txt',
    access: 'public',
    handle: (_deps, _req, res) => res.type('text/plain').send('User-agent: *\nDisallow: /services/*/start\nDisallow: /services/*/apply\nDisallow: /resume\nDisallow: /track\n'),
  },
  { method: 'get', path: '/cookies', access: 'public', handle: (_deps, _req, res) => res.render('pages/cookies.njk') },
  ...Object.entries(HELP_PAGES).map(([path, page]): PublicRoute => ({ method: 'get', path, access: 'public', handle: (_deps, _req, res) => res.render(page.view, page.model(res.locals)) })),
];
