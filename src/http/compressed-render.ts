import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Express, Response } from 'express';
import Negotiator from 'negotiator';

/** negotiator 1.x takes the server's preference among encodings a browser weighs equally; its types predate it. */
type ChooseEncoding = (this: Negotiator, available: readonly string[], options: { preferred: readonly string[] }) => string | undefined;

/**
 * How pages made per request are compressed: at the fastest settings, brotli 1 where the browser takes
 * brotli and gzip as gladly (every browser today), gzip 1 where it takes only gzip or weighs it higher.
 * Measured on one 2-core machine on a form step (25 KB) and check your answers (17 KB), CPU
 * per page in one process: brotli 1, told the page's size, 52 and 33 µs; gzip 1 98 and 52 µs, for
 * pages 3 % smaller; brotli 0 about a tenth less CPU than brotli 1 for pages 6 % larger; brotli 2
 * and gzip 1 at other memory levels no faster. In `npm run bench` a step's GET answered
 * about 5 % more pages a second with brotli 1 than with gzip 1. Another machine (AMD EPYC, 2026-12-04)
 * found the opposite for a step (brotli 1 78–118 µs, gzip 1 71–99 µs) and a tie for check your
 * answers: the difference is a few µs of a page's 1–2 ms either way, so the choice stays. A page is
 * far smaller than brotli's default 4 MB window. The catalogue's pages and the assets, compressed
 * once, are brotli at its best (src/build/).
 */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_LGWIN]: 18 } };
const GZIP = { level: 1 };
export const DYNAMIC_COMPRESSION = { level: GZIP.level, brotli: BROTLI };

type Rendered = (error: Error, html: string) => void;

const ENCODINGS = ['br', 'gzip', 'identity'] as const;
const PREFERRED = ['br', 'gzip'] as const;
/** As the compression middleware: a smaller page gains less than its header costs. */
const THRESHOLD_BYTES = 1024;

/** The page's bytes, compressed where the browser takes it: made once from the HTML, which is not measured or encoded twice. */
function compressPage(res: Response, html: string): Buffer {
  const { req } = res;
  const bytes = Buffer.from(html);
  if (req.method === 'HEAD' || bytes.length < THRESHOLD_BYTES || /no-transform/.test(String(res.get('Cache-Control') ?? ''))) return bytes;
  const negotiator = new Negotiator(req);
  const encoding = (negotiator.encoding as ChooseEncoding).call(negotiator, ENCODINGS, { preferred: PREFERRED });
  if (encoding !== 'br' && encoding !== 'gzip') return bytes;
  res.set('Content-Encoding', encoding);
  // Told the page's size, brotli sets up tables for it rather than for its whole window: the same bytes, about a
  // third less CPU (measured on a form step and check your answers).
  return encoding === 'br' ? brotliCompressSync(bytes, { params: { ...BROTLI.params, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }) : gzipSync(bytes, GZIP);
}

/**
 * Every page an area renders is compressed in one call, as a whole, once its HTML is made. The
 * compression middleware would pass the same bytes through a zlib stream, whose setting up and
 * chunking cost three times the compressing itself (`npm run bench`); it still compresses what is
 * sent otherwise (a CSV, an answer written in parts), and leaves a page compressed here as it is.
 */
export function compressRenderedPages(app: Express): void {
  const render = app.response.render;
  app.response.render = function renderCompressed(this: Response, view: string, options?: object | Rendered, callback?: Rendered) {
    if (typeof options === 'function' || callback) return Reflect.apply(render, this, [view, options, callback]);
    const send: Rendered = (error: Error | null, html) => {
      if (error) return this.req.next?.(error);
      this.vary('Accept-Encoding');
      this.type('html').send(compressPage(this, html));
    };
    return Reflect.apply(render, this, [view, options, send]);
  };
}
