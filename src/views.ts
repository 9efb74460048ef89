import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { formatReference } from './applications/reference.js';
import { contactFor } from './content/contact.js';
import { fieldCompiler, summaryListCompiler } from './forms/compiled-field.js';
import { escapeHtml } from './forms/fields/shared.js';
import type { FieldView } from './forms/fields/types.js';
import { assetText, assetUrl, type AssetManifest } from './middleware/assets.js';
import { GOVUK_DIR, VIEWS_DIR } from './paths.js';
import { keepImportedMacros } from './view-imports.js';
import { KeepExtension } from './view-keep.js';

export function configureViews(app: Express, options: { cache: boolean; authority: string; assets: AssetManifest }): nunjucks.Environment {
  const env = nunjucks.configure([VIEWS_DIR, GOVUK_DIR], {
    autoescape: true,
    express: app,
    noCache: !options.cache,
    throwOnUndefined: false,
  });
  env.addGlobal('authority', options.authority);
  env.addGlobal('contact', contactFor(options.authority));
  env.addGlobal('assetUrl', (name: string) => assetUrl(options.assets, name));
  // The flag in the header, drawn from the same file as the page's icon: inline, so there is no image
  // to wait for. Its comment (how it is constructed) is for whoever edits the file, not for every page.
  env.addGlobal('flagSvg', new nunjucks.runtime.SafeString(assetText(options.assets, 'flag.svg').replace(/<!--[\s\S]*?-->/g, '').trim()));
  env.addFilter('reference', formatReference);
  // A code read in groups (7KQ4-M2XD-93PH) breaks only after a dash, never inside a group, however narrow the
  // screen or large the text: each group holds its own dash, so the dash cannot be left alone on a line.
  env.addFilter('codeGroups', (code: unknown) => {
    const groups = String(code ?? '').split('-');
    return new nunjucks.runtime.SafeString(
      groups.map((group, index) => `<span class="app-code-group">${escapeHtml(group)}${index < groups.length - 1 ? '-' : ''}</span>`).join('<wbr>'),
    );
  });
  if (options.cache) keepImportedMacros();
  addFieldHelpers(env, { keep: options.cache });
  env.addExtension('keep', new KeepExtension(options.cache));
  app.set('view engine', 'njk');
  // Express looks a view's file up on disk at every render unless told to keep what it found.
  app.set('view cache', options.cache);
  return env;
}

/**
 * What the form fields' templates need of an environment: a fast trim, `merge`, compiledField (and
 * compiledFields, a step's fields at once) and compiledSummaryList, which draw a field or a summary list from its shape's kept drawing instead of
 * running the govuk macros each time.
 */
export function addFieldHelpers(env: nunjucks.Environment, options: { keep: boolean } = { keep: true }): void {
  // Nunjucks trims with /^\s*|\s*$/g, which takes time growing with the square of the text: on a
  // select of 250 countries it was most of a page's rendering. The same trim, in linear time.
  env.addFilter('trim', (value: unknown) => {
    const trimmed = String(value ?? '').trim();
    return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
  });
  // A copy of an object with some keys changed: how a template adds a reveal to a radio item.
  env.addFilter('merge', (base: object, extra: object) => ({ ...base, ...extra }));
  const macros = new nunjucks.Template('{% from "forms/field.njk" import appFieldMacros %}{{ appFieldMacros(view, "", t) }}', env);
  const compiledField = fieldCompiler((view: FieldView) => macros.render({ view, t: (key: string) => key }), options);
  env.addGlobal('compiledField', compiledField);
  // A step's fields in one call, not a macro call each; undefined when one of them is left to its macro.
  env.addGlobal('compiledFields', (views: readonly FieldView[]) => {
    const drawn: string[] = [];
    for (const view of views) {
      const html = compiledField(view);
      if (html === undefined) return undefined;
      drawn.push(html);
    }
    return drawn.join('\n');
  });
  const summaryList = new nunjucks.Template('{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}{{ govukSummaryList(params) }}', env);
  env.addGlobal('compiledSummaryList', summaryListCompiler((params: object) => summaryList.render({ params }), options));
}
