import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

export const CSRF_FIELD = '_csrf';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    if (typeof fromHeader === 'string') return fromHeader;
    // A form with files names its token in the address it posts to: checked before its body is read.
    const fromAddress = req.query[CSRF_FIELD];
    return req.is('multipart/form-data') && typeof fromAddress === 'string' ? fromAddress : undefined;
  },
});

/**
 * Pages with a form put the session's token in it through `csrfToken()`, made only when a form asks;
 * a form with files also in the address it posts to, through `withFormToken(action)`.
 */
export const csrfTokenForForms: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => generateToken(req);
  res.locals.withFormToken = (action: string) => `${action}${action.includes('?') ? '&' : '?'}${CSRF_FIELD}=${encodeURIComponent(generateToken(req))}`;
  next();
};

/**
 * Whether a POST comes from a page of this site. A browser says where a request comes from
 * (`Sec-Fetch-Site`, `Origin`); another site's page is refused even with a valid token, which it
 * could only hold if it had been given one.
 */
export function fromThisSite(req: Request, baseUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.origin;
  // With `Referrer-Policy: no-referrer` a browser sends its own forms' POSTs with `Origin: null`; that names no other site.
  if (!origin || origin === 'null') return true;
  const own = [new URL(baseUrl).origin, `${req.protocol}://${req.headers.host ?? ''}`];
  return own.includes(origin);
}

/** A POST must come from this site and carry its session's token. Put on each route that takes a POST. */
export function csrfCheck(baseUrl: string): RequestHandler {
  return (req, res, next) => {
    if (!fromThisSite(req, baseUrl)) return next(Object.assign(new Error('Cross-site request'), { code: 'EBADCSRFTOKEN' }));
    csrfSynchronisedProtection(req, res, next);
  };
}

/** A new token, after a form has done its work: a copy of the old page cannot send again. */
export function renewCsrfToken(req: Request): void {
  generateToken(req, true);
}
