import session from 'express-session';
import type pg from 'pg';
import { keepAlongsideRow, takeAlongsideRead, type AlongsideRead } from './session-alongside.js';

/** Where the store notes, on a loaded session, when the row in PostgreSQL expires. Never saved. */
const STORED_EXPIRY = '_storedExpiry';

declare module 'express-session' {
  interface SessionData {
    /** Set by the store on a session it loaded (see STORED_EXPIRY). */
    [STORED_EXPIRY]?: number;
  }
}

/** Whether a request's session was read from the store (the browser brought it), rather than made by this request. */
export function wasStored(data: session.SessionData | undefined): boolean {
  return data?.[STORED_EXPIRY] !== undefined;
}
type Callback = (error?: unknown) => void;

type StoredSession = { sess: session.SessionData; expire: Date } & Record<string, unknown>;

/*
 * Every statement is named (prepared once a connection, then only bound and run): these run on
 * every request. Each selects named columns, never `*`, so a column added by a later migration
 * does not change a prepared statement's result ("cached plan must not change result type").
 */
const READ = 'select sess, expire from sessions where sid = $1 and expire >= now()';
const WRITE = `insert into sessions (sid, sess, expire) values ($1, $2, $3)
  on conflict (sid) do update set sess = excluded.sess, expire = excluded.expire`;

/** The session and, in the same statement, what `alongside` reads from it: one row while the session lives. */
function readWith(sid: string, alongside: AlongsideRead): pg.QueryConfig {
  return {
    name: `session-get+${alongside.name}`,
    text: `select s.sess, s.expire, alongside.* from sessions s left join lateral (${alongside.sql}) alongside on true where s.sid = $1 and s.expire >= now()`,
    values: [sid, ...alongside.values],
  };
}

/**
 * Sessions in PostgreSQL (the `sessions` table), shared by every instance of the app.
 *
 * A rolling session is kept alive by each request. Writing the new expiry on every request would
 * be one more round trip per page; it is written only when it moves by more than
 * `touchAfterSeconds`, so an idle session ends between `maxAge - touchAfterSeconds` and `maxAge`
 * after the last request. A changed session is always saved whole.
 */
export class PostgresSessionStore extends session.Store {
  constructor(
    private readonly pool: pg.Pool,
    private readonly touchAfterSeconds = 300,
  ) {
    super();
  }

  override get(sid: string, callback: (error: unknown, session?: session.SessionData | null) => void): void {
    const alongside = takeAlongsideRead();
    this.pool.query<StoredSession>(alongside ? readWith(sid, alongside) : { name: 'session-get', text: READ, values: [sid] }).then(({ rows: [row] }) => {
      if (!row) return callback(null, null);
      const { sess, expire, ...found } = row;
      if (alongside) keepAlongsideRow(found);
      callback(null, { ...sess, [STORED_EXPIRY]: expire.getTime() });
    }, callback);
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    const { [STORED_EXPIRY]: _ignored, ...sess } = data;
    void _ignored;
    this.pool.query({ name: 'session-set', text: WRITE, values: [sid, JSON.stringify(sess), expiryOf(sess)] }).then(() => callback?.(), callback);
  }

  override touch(sid: string, data: session.SessionData, callback?: Callback): void {
    const expiry = expiryOf(data);
    const stored = data[STORED_EXPIRY];
    if (stored !== undefined && expiry.getTime() - stored < this.touchAfterSeconds * 1000) return callback?.();
    this.pool.query({ name: 'session-touch', text: 'update sessions set expire = $2 where sid = $1', values: [sid, expiry] }).then(() => callback?.(), callback);
  }

  override destroy(sid: string, callback?: Callback): void {
    this.pool.query({ name: 'session-destroy', text: 'delete from sessions where sid = $1', values: [sid] }).then(() => callback?.(), callback);
  }
}

function expiryOf(data: session.SessionData): Date {
  const expires = data.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + (data.cookie?.originalMaxAge ?? 0));
}
