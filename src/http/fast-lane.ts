import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import accepts from 'accepts';
import type { Express } from 'express';

/**
 * Answers that are the same bytes for everyone (assets, the catalogue's pages, liveness) are sent
 * straight from the HTTP server, before Express: its request and router machinery alone cost more
 * than sending such a page from memory. Each lane returns whether it answered.
 */
export type FastLane = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

/** The path of a request's address, without its query. */
function pathOf(url: string | undefined): string {
  const question = url?.indexOf('?') ?? -1;
  return question < 0 ? (url ?? '/') : url!.slice(0, question);
}

/** The names in a request's query. */
export function queryNames(url: string | undefined): string[] {
  const question = url?.indexOf('?') ?? -1;
  return question < 0 ? [] : [...new URLSearchParams(url!.slice(question + 1)).keys()];
}

/**
 * Brotli when the browser takes it, else gzip, else none. Browsers list gzip first
 * ("gzip, deflate, br, zstd") at the same weight, so the header's order cannot decide.
 */
function preferredEncoding(req: IncomingMessage): 'br' | 'gzip' | undefined {
  const accepted = accepts(req);
  if (accepted.encoding('br') === 'br') return 'br';
  if (accepted.encoding('gzip') === 'gzip') return 'gzip';
  return undefined;
}

/** One encoded copy of a response body each, chosen by the request. */
export interface Encoded {
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

export function sendEncoded(req: IncomingMessage, res: ServerResponse, headers: Readonly<Record<string, string>>, body: Encoded): void {
  const encoding = preferredEncoding(req);
  const bytes = encoding ? body[encoding] : body.identity;
  for (const name in headers) res.setHeader(name, headers[name]!);
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', bytes.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** The app as the HTTP server calls it: the fast lanes for GET and HEAD, then Express for everything else. */
export function withFastLanes(lanes: readonly FastLane[], app: Express): RequestListener & { express: Express } {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const path = pathOf(req.url);
      for (const lane of lanes) if (lane(req, res, path)) return;
    }
    app(req, res);
  };
  return Object.assign(listener, { express: app });
}
