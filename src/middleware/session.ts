import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';
import { withAlongsideRead, type AlongsideRead } from './session-alongside.js';
import { PostgresSessionStore, wasStored } from './session-store.js';

declare module 'express-session' {
  interface SessionData {
    /** The draft each service's journey is writing to, by service id. */
    drafts?: Record<string, string>;
    /** When the timeout warning last kept a form's session alive. */
    keptAliveAt?: number;
  }
}

const SESSION_COOKIE = 'sms.sid';

/** Where cookies are secure, the session's is `__Host-`: Secure, Path=/ and no Domain, so no other host can plant one. */
function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}
/** A form left alone this long is forgotten; every request starts the count again. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;

export interface SessionOptions {
  pool: pg.Pool;
  secret: string;
  secure: boolean;
  /** What a request's page will read anyway from what its session holds, read in the session's statement (see session-alongside.ts). */
  alongside?: (req: Request) => AlongsideRead | undefined;
}

/** Sessions live in PostgreSQL, so any number of app instances can share them. */
export function sessionMiddleware(options: SessionOptions): RequestHandler {
  const sessions = session({
    name: sessionCookieName(options.secure),
    secret: options.secret,
    // Expired rows are swept by the cleanup job (jobs/), once for every instance.
    store: new PostgresSessionStore(options.pool),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/', maxAge: SESSION_IDLE_MS },
  });
  const { alongside } = options;
  if (!alongside) return sessions;
  return (req, res, next) => {
    const read = alongside(req);
    if (!read) return sessions(req, res, next);
    withAlongsideRead(req, read, (then) => sessions(req, res, then), next);
  };
}

/**
 * Before something is kept in a session a browser brought (a draft begun), its id is renewed,
 * with what it held: an id planted in the browser by someone else then reads nothing kept after.
 * A session made by this request has an id no one else has seen, and is left as it is. Saved now,
 * so that a session that cannot be kept is a failure of this request, not of the next.
 */
export async function renewSession(req: Request): Promise<void> {
  if (wasStored(req.session)) {
    const { cookie: _cookie, ...kept } = req.session;
    void _cookie;
    await new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
    Object.assign(req.session, kept);
  }
  await new Promise<void>((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}
