import nunjucks from 'nunjucks';

type Exported = Record<string, unknown>;
type ExportedCallback = (error: Error | null, exported: Exported | null) => void;

interface ImportingTemplate {
  getExported(ctx: object | ExportedCallback, parentFrame?: unknown, callback?: ExportedCallback): void;
}

/** What each compiled template exports when imported without context; a template recompiled (development) is a new object. */
const exportedBy = new WeakMap<object, Exported>();
let keeping = false;

/**
 * `{% from "x" import m %}` runs x's whole top level again on every render to find its macros:
 * nunjucks keeps compiled templates, not what they export. A page imported about 25 govuk macros
 * that way each time. Imported without context, a template's top level reads only the environment's
 * globals, so its exports are the same every time: they are kept with the template. An import
 * `with context` reads the page and is run as before.
 */
export function keepImportedMacros(): void {
  if (keeping) return;
  keeping = true;
  const prototype = nunjucks.Template.prototype as unknown as ImportingTemplate;
  const getExported = prototype.getExported;
  prototype.getExported = function getKeptExports(this: ImportingTemplate, ctx, parentFrame, callback) {
    if (typeof ctx !== 'function' || parentFrame !== undefined || callback !== undefined) return getExported.call(this, ctx, parentFrame, callback);
    const kept = exportedBy.get(this);
    if (kept) return ctx(null, kept);
    getExported.call(this, (error: Error | null, exported: Exported | null) => {
      if (!error && exported) exportedBy.set(this, exported);
      ctx(error, exported);
    });
  };
}
