import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Express, RequestHandler } from 'express';
import type { i18n } from 'i18next';
import { findService, SERVICES, servicesByGroup } from '../catalogue/index.js';
import type { Language } from '../i18n/languages.js';
import { preferredEncoding } from '../middleware/assets.js';
import { chooseLanguage, pageLocals, rememberLanguage } from '../middleware/language.js';
import { deadlineLines, feeTable } from './service-view.js';

/**
 * The pages of the catalogue hold nothing of the person reading them, and change only with a new
 * release: each is rendered once per language, compressed once, and served from memory with an
 * ETag, before the session, the CSRF token or a template is touched. A request with anything in
 * its address but `lang` (a notice on a service page) goes the usual way.
 */

interface CataloguePage {
  view: string;
  model: (locals: Record<string, unknown>) => Record<string, unknown>;
}

function cataloguePage(path: string): CataloguePage | undefined {
  if (path === '/') return { view: 'pages/home.njk', model: () => ({ groups: servicesByGroup() }) };
  if (path === '/cookies') return { view: 'pages/cookies.njk', model: () => ({}) };
  const slug = /^\/services\/([a-z-]+)$/.exec(path)?.[1];
  const service = slug ? findService(slug) : undefined;
  if (!service) return undefined;
  return {
    view: 'pages/service.njk',
    model: (locals) => ({
      service,
      feeTable: feeTable(service, locals.t as never, locals.formatMoney as never),
      deadlines: deadlineLines(service, locals.t as never),
      expired: false,
    }),
  };
}

/** Every page the catalogue has, for warming the cache and for tests. */
export const CATALOGUE_PATHS: readonly string[] = ['/', '/cookies', ...SERVICES.map((service) => `/services/${service.id}`)];

interface Rendered {
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

export function cataloguePages(app: Express, i18n: i18n, options: { secureCookies: boolean; cache: boolean }): RequestHandler {
  const cache = new Map<string, Promise<Rendered>>();

  function render(path: string, page: CataloguePage, language: Language): Promise<Rendered> {
    const locals = pageLocals(i18n, language, path);
    return new Promise((resolve, reject) => {
      app.render(page.view, { ...locals, ...page.model(locals) }, (error: Error | null, html?: string) => {
        if (error) return reject(error);
        const identity = Buffer.from(html ?? '');
        resolve({
          etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
          identity,
          gzip: gzipSync(identity, { level: 9 }),
          br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        });
      });
    });
  }

  function rendered(path: string, page: CataloguePage, language: Language): Promise<Rendered> {
    const key = `${language} ${path}`;
    let found = cache.get(key);
    if (!found || !options.cache) {
      found = render(path, page, language);
      cache.set(key, found);
      found.catch(() => cache.delete(key));
    }
    return found;
  }

  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const page = cataloguePage(req.path);
    if (!page || Object.keys(req.query).some((key) => key !== 'lang')) return next();
    const { language, asked } = chooseLanguage(req);
    const body = await rendered(req.path, page, language);
    if (asked) rememberLanguage(res, language, options.secureCookies);
    res.setHeader('Content-Language', language);
    res.setHeader('Vary', 'Accept-Language, Cookie, Accept-Encoding');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', body.etag);
    if (req.headers['if-none-match'] === body.etag) return res.status(304).end();
    const encoding = preferredEncoding(req);
    const bytes = encoding ? body[encoding] : body.identity;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', bytes.length);
    res.status(200).end(req.method === 'HEAD' ? undefined : bytes);
  };
}
