import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { formatReference } from './applications/reference.js';
import { GOVUK_DIR, VIEWS_DIR } from './paths.js';

export function configureViews(app: Express, options: { cache: boolean; authority: string }): nunjucks.Environment {
  const env = nunjucks.configure([VIEWS_DIR, GOVUK_DIR], {
    autoescape: true,
    express: app,
    noCache: !options.cache,
    throwOnUndefined: false,
  });
  env.addGlobal('authority', options.authority);
  env.addFilter('reference', formatReference);
  app.set('view engine', 'njk');
  return env;
}
