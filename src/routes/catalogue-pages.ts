import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Express } from 'express';
import type { i18n } from 'i18next';
import { findService, SERVICES } from '../catalogue/index.js';
import { queryNames, sendEncoded, type Encoded, type FastLane } from '../http/fast-lane.js';
import { LANGUAGES, type Language } from '../i18n/languages.js';
import { chooseLanguage, pageLocals, rememberLanguage, type PageLocals } from '../middleware/language.js';
import { HELP_PAGES } from './help-pages.js';
import { deadlineLines, feeTable, homeModel, startFacts } from './service-view.js';

/**
 * The pages of the catalogue hold nothing of the person reading them, and change only with a new
 * release: each is rendered once per language, compressed once, and served from memory with an
 * ETag, before Express, the session or a template is touched. A request with anything in its
 * address but `lang` (a notice on a service page) goes the usual way, and so does a page that shows
 * something of the database (`live`).
 */

interface CataloguePage {
  view: string;
  model: (locals: PageLocals) => Record<string, unknown>;
}

function cataloguePage(path: string): CataloguePage | undefined {
  if (path === '/') return { view: 'pages/home.njk', model: homeModel };
  if (path === '/cookies') return { view: 'pages/cookies.njk', model: () => ({}) };
  const help = HELP_PAGES[path];
  if (help) return { view: help.view, model: help.model };
  const slug = /^\/services\/([a-z-]+)$/.exec(path)?.[1];
  const service = slug ? findService(slug) : undefined;
  if (!service) return undefined;
  return {
    view: 'pages/service.njk',
    model: (locals) => ({
      service,
      feeTable: feeTable(service, locals.t, locals.formatMoney),
      deadlines: deadlineLines(service, locals.t),
      facts: startFacts(service, locals.t, locals.formatMoney),
      expired: false,
    }),
  };
}

/** Every page the catalogue has. */
const CATALOGUE_PATHS: readonly string[] = ['/', '/cookies', ...Object.keys(HELP_PAGES), ...SERVICES.map((service) => `/services/${service.id}`)];

// On libuv's threads, not the event loop: pages are compressed at the strongest settings, once, while requests are answered.
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

interface Rendered {
  headers: Record<string, string>;
  etag: string;
  body: Encoded;
}

export interface CataloguePages {
  lane: FastLane;
  /** Renders every page in every language, so none is rendered for a visitor. */
  warm: () => Promise<void>;
}

export function cataloguePages(
  app: Express,
  i18n: i18n,
  options: { secureCookies: boolean; cache: boolean; security: Readonly<Record<string, string>>; live?: readonly string[] },
): CataloguePages {
  const cache = new Map<string, Rendered>();
  const live = new Set(options.live);

  async function render(path: string, page: CataloguePage, language: Language): Promise<Rendered> {
    const locals = pageLocals(i18n, language, path);
    const html = await new Promise<string>((resolve, reject) => {
      app.render(page.view, { ...locals, ...page.model(locals) }, (error: Error | null, rendered?: string) => (error ? reject(error) : resolve(rendered ?? '')));
    });
    const identity = Buffer.from(html);
    const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
    const [br, gzipped] = await Promise.all([brotliAsync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), gzipAsync(identity, { level: 9 })]);
    return {
      etag,
      headers: {
        ...options.security,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Language': language,
        Vary: 'Accept-Language, Cookie, Accept-Encoding',
        'Cache-Control': 'no-cache',
        ETag: etag,
      },
      body: { identity, gzip: gzipped, br },
    };
  }

  /** One page at a time, compressed off the event loop, letting requests through between them: a start is not held up by it. */
  async function warm(): Promise<void> {
    for (const path of CATALOGUE_PATHS.filter((candidate) => !live.has(candidate))) {
      for (const language of LANGUAGES) {
        cache.set(`${language} ${path}`, await render(path, cataloguePage(path)!, language));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  const lane: FastLane = (req, res, path) => {
    const page = live.has(path) ? undefined : cataloguePage(path);
    if (!page || queryNames(req.url).some((name) => name !== 'lang')) return false;
    const { language, asked } = chooseLanguage(req);
    const rendered = options.cache ? cache.get(`${language} ${path}`) : undefined;
    // Not rendered yet (or in development, where templates change): Express renders it as any page.
    if (!rendered) return false;
    if (asked) rememberLanguage(res, language, options.secureCookies);
    if (req.headers['if-none-match'] === rendered.etag) {
      for (const name in rendered.headers) res.setHeader(name, rendered.headers[name]!);
      res.statusCode = 304;
      res.end();
      return true;
    }
    sendEncoded(req, res, rendered.headers, rendered.body);
    return true;
  };
  return { lane, warm };
}
