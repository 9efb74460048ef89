import type { RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

export const CSRF_FIELD = '_csrf';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] as string | undefined);
  },
});

/** Every POST must carry the token of its session; forms get it through `csrfToken()`. */
export const csrfProtection: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => generateToken(req);
  csrfSynchronisedProtection(req, res, next);
};

/** Makes the session's token now, so a page that follows does not have to change the session. */
export function ensureCsrfToken(req: Parameters<typeof generateToken>[0]): void {
  generateToken(req);
}
