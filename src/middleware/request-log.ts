import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** What a masked part of a path reads as in the log. */
const MASKED = '[secret]';

/** Routes whose next segment is a secret whatever it looks like: a decision's link opens the decision and its PDF. */
const SECRET_AFTER = new Set(['decisions']);

/**
 * A segment that is a code or token rather than a word of a route: eight characters or more with a
 * digit among them (share, resume and booking codes, tokens, payment numbers, ids). Every route of ours is
 * words; such a segment in a route added later is masked before anyone thinks of it.
 */
const OPAQUE = /^(?=[^/]*\d)[^/]{8,}$/;

/** A segment with its extension (`.pdf`) kept apart, so the log still says what was asked for. */
function maskSegment(segment: string): string {
  const extension = /\.[a-z]{2,4}$/.exec(segment)?.[0] ?? '';
  return segment === '' ? segment : MASKED + extension;
}

/**
 * The path of a request as the log may hold it: no query string (it may carry codes, names or
 * dates), and every secret part masked. Method, path and status are enough to follow a request.
 */
function maskedPath(url: string): string {
  const [path = ''] = url.split('?', 1);
  const segments = path.split('/');
  return segments
    .map((segment, index) => (SECRET_AFTER.has(segments[index - 1] ?? '') || OPAQUE.test(segment) ? maskSegment(segment) : segment))
    .join('/');
}

/** One JSON line per request, with its id (given by a proxy, or made here) sent back as `X-Request-Id`. */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Headers can carry personal data and cookies; the failure of a request is logged once, where it is handled (errors.ts).
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: maskedPath(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customErrorObject: (_req, _res, _error, logged: Record<string, unknown>) => ({ res: logged.res, responseTime: logged.responseTime }),
  });
}
