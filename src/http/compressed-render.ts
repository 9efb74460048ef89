import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Express, Response } from 'express';
import Negotiator from 'negotiator';

/** negotiator 1.x takes the server's preference among encodings a browser weighs equally; its types predate it. */
type ChooseEncoding = (this: Negotiator, available: readonly string[], options: { preferred: readonly string[] }) => string | undefined;

/**
 * How pages made per request are compressed: at the fastest settings, gzip 1 where the browser takes
 * gzip and brotli as gladly (every browser today), brotli 1 where it weighs brotli higher. Measured
 * by `npm run bench` on a form step and check your answers: gzip 1 made pages 3–4 % smaller than
 * brotli 1 for about the same CPU (56 and 61 µs on a step, 39 and 50 µs on check your answers, brotli
 * told the page's size); brotli 4 took about 2.5 times their CPU for pages about a fifth smaller;
 * gzip 2 and 3 no less CPU for pages no smaller. A page is far smaller than brotli's default 4 MB window.
 * The catalogue's pages and the assets, compressed once, are brotli at its best (src/build/).
 */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_LGWIN]: 18 } };
const GZIP = { level: 1 };
export const DYNAMIC_COMPRESSION = { level: GZIP.level, brotli: BROTLI };

type Rendered = (error: Error, html: string) => void;

const ENCODINGS = ['br', 'gzip', 'identity'] as const;
const PREFERRED = ['gzip', 'br'] as const;
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
