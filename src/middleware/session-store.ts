import session from 'express-session';
import type pg from 'pg';

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
    this.pool
      .query<{ sess: session.SessionData; expire: Date }>('select sess, expire from sessions where sid = $1 and expire >= now()', [sid])
      .then(({ rows: [row] }) => {
        if (!row) return callback(null, null);
        callback(null, { ...row.sess, [STORED_EXPIRY]: row.expire.getTime() });
      }, callback);
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    const { [STORED_EXPIRY]: _ignored, ...sess } = data;
    void _ignored;
    this.pool
      .query(
        `insert into sessions (sid, sess, expire) values ($1, $2, $3)
         on conflict (sid) do update set sess = excluded.sess, expire = excluded.expire`,
        [sid, JSON.stringify(sess), expiryOf(sess)],
      )
      .then(() => callback?.(), callback);
  }

  override touch(sid: string, data: session.SessionData, callback?: Callback): void {
    const expiry = expiryOf(data);
    const stored = data[STORED_EXPIRY];
    if (stored !== undefined && expiry.getTime() - stored < this.touchAfterSeconds * 1000) return callback?.();
    this.pool.query('update sessions set expire = $2 where sid = $1', [sid, expiry]).then(() => callback?.(), callback);
  }

  override destroy(sid: string, callback?: Callback): void {
    this.pool.query('delete from sessions where sid = $1', [sid]).then(() => callback?.(), callback);
  }
}

function expiryOf(data: session.SessionData): Date {
  const expires = data.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + (data.cookie?.originalMaxAge ?? 0));
}
