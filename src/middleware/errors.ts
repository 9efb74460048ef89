import type { ErrorRequestHandler, RequestHandler } from 'express';
import { fieldsOf } from '../http/fields.js';

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).render('errors/not-found.njk');
};

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  expose?: boolean;
  /** When a limit lets the next attempt through (429). */
  retryAt?: Date;
}

/**
 * Failures of reaching PostgreSQL rather than of what was asked of it: refused or dropped
 * connections, a server shutting down or starting up, a pool that found no connection in time.
 * They pass by themselves, so the page says "a few minutes", not "a problem".
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

const CONNECTION_LOST = /(?:^| - )(?:Connection terminated|Client has encountered a connection error|Client was closed and is not queryable)|connection timeout/i;

function databaseUnreachable(error: unknown): boolean {
  const failure = fieldsOf(error);
  if (typeof failure.code === 'string' && UNREACHABLE_CODES.has(failure.code)) return true;
  if (failure.name === 'KnexTimeoutError') return true;
  // knex puts the query before pg's own message ("select 1 - Connection terminated unexpectedly").
  return typeof failure.message === 'string' && CONNECTION_LOST.test(failure.message);
}

/** Seconds a browser (or a proxy) is told to wait when the database is out of reach. */
const UNAVAILABLE_RETRY_SECONDS = 60;
/** Uploads in flight come and go within seconds. */
const BUSY_RETRY_SECONDS = 30;

/** Which page a failure shows. Nothing about the inside of the app reaches the browser. */
function pageFor(error: HttpishError): { status: number; view: string } {
  if (databaseUnreachable(error)) return { status: 503, view: 'errors/unavailable.njk' };
  if (error.code === 'EUPLOADSBUSY') return { status: 503, view: 'errors/busy.njk' };
  if (error.code === 'EBADCSRFTOKEN') return { status: 403, view: 'errors/forbidden.njk' };
  if (error.type === 'entity.too.large') return { status: 413, view: 'errors/too-large.njk' };
  if ((error.status ?? error.statusCode) === 429) return { status: 429, view: 'errors/too-many.njk' };
  const status = error.status ?? error.statusCode ?? 500;
  if (status === 404) return { status, view: 'errors/not-found.njk' };
  if (status >= 400 && status < 500) return { status, view: 'errors/bad-request.njk' };
  return { status: 500, view: 'errors/server-error.njk' };
}

type Described = Record<string, string | undefined>;

/**
 * Where a failure happened: the first frames of its stack, and nothing of its message. A message
 * may run over several lines (knex puts the statement before a database error's own words, which
 * quote the values given), so the frames are the lines after it that read as frames, not "all but
 * the first line".
 */
function framesOf(failure: Record<string, unknown>): string | undefined {
  if (typeof failure.stack !== 'string') return undefined;
  let stack = failure.stack;
  const message = typeof failure.message === 'string' ? failure.message : '';
  const end = message ? stack.indexOf(message) : -1;
  if (end !== -1) stack = stack.slice(end + message.length);
  const lines = stack.split('\n');
  let first = lines.length;
  while (first > 0 && /^\s+at \S/.test(lines[first - 1]!)) first -= 1;
  return lines.slice(first, first + 7).join('\n') || undefined;
}

/**
 * A failure as the log may hold it. A database error's message and detail quote the values it
 * was given (an applicant's name in "invalid input syntax: …", a key in "Key (…)=(…)"), so of
 * it only the SQLSTATE, the constraint, the table and the routine are kept; of any other error
 * its kind, message and where it happened, with no cause chained to it.
 */
export function describeError(error: unknown): Described {
  const failure = fieldsOf(error);
  const text = (key: string) => {
    const value = failure[key];
    return typeof value === 'string' ? value : undefined;
  };
  const frames = framesOf(failure);
  const code = text('code');
  if (code && /^[0-9A-Z]{5}$/.test(code) && (failure.severity !== undefined || failure.routine !== undefined)) {
    return { kind: 'database', code, constraint: text('constraint'), table: text('table'), column: text('column'), routine: text('routine'), frames };
  }
  return { kind: text('name') ?? typeof error, code, message: text('message')?.slice(0, 300), frames };
}

export const errorHandler: ErrorRequestHandler = (error: HttpishError & Error, req, res, next) => {
  const { status, view } = pageFor(error);
  if (view === 'errors/busy.njk') req.log?.warn('upload refused: too many in flight');
  else if (status === 503) req.log?.warn({ failure: describeError(error) }, 'database out of reach');
  else if (status >= 500) req.log?.error({ failure: describeError(error) }, 'request failed');
  else req.log?.info({ status, type: error.type ?? error.code }, 'request refused');
  // A page already sent whole (a session not saved after it): it stands, and its connection is kept.
  // One cut short has no way left to say anything: Express ends its connection.
  if (res.writableEnded) return;
  if (res.headersSent) return next(error);
  const model: Record<string, unknown> = {};
  if (status === 503) res.setHeader('Retry-After', String(view === 'errors/busy.njk' ? BUSY_RETRY_SECONDS : UNAVAILABLE_RETRY_SECONDS));
  if (status === 429) {
    // Whole minutes, at least one: what a person can act on.
    const seconds = Math.max(60, Math.ceil(((error.retryAt?.getTime() ?? Date.now()) - Date.now()) / 1000));
    res.setHeader('Retry-After', String(seconds));
    model.minutes = Math.ceil(seconds / 60);
  }
  res.status(status).render(view, model, (renderError: Error | null, html?: string) => {
    // The page itself failed: say so in plain words rather than nothing at all.
    if (renderError) {
      req.log?.error({ failure: describeError(renderError) }, 'error page failed');
      res.type('text/plain').send(String(status));
      return;
    }
    res.send(html);
  });
};
