import type { RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';
import { PostgresSessionStore } from './session-store.js';

declare module 'express-session' {
  interface SessionData {
    /** The draft each service's journey is writing to, by service id. */
    drafts?: Record<string, string>;
    /** When the timeout warning last kept a form's session alive. */
    keptAliveAt?: number;
  }
}

export const SESSION_COOKIE = 'sms.sid';
/** A form left alone this long is forgotten; every request starts the count again. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;

export interface SessionOptions {
  pool: pg.Pool;
  secret: string;
  secure: boolean;
}

/** Sessions live in PostgreSQL, so any number of app instances can share them. */
export function sessionMiddleware(options: SessionOptions): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    // Expired rows are swept by the cleanup job (jobs/), once for every instance.
    store: new PostgresSessionStore(options.pool),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: SESSION_IDLE_MS },
  });
}
