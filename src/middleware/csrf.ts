import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { fieldsOf } from '../http/fields.js';

const CSRF_FIELD = '_csrf';

/**
 * The cookie a page's form token is bound to: a random value the page sets, so a page read makes
 * no session. `__Host-` where cookies are secure: no other host (a subdomain) can set or replace it.
 */
function formCookieName(secure: boolean): string {
  return secure ? '__Host-sms.form' : 'sms.form';
}

interface FormTokenOptions {
  /** The session secret; the tokens' key is made from it. */
  secret: string;
  secure: boolean;
  baseUrl: string;
}

interface RequestTokens {
  key: Buffer;
  secure: boolean;
  /** The binding the browser sent, checked against the token; never changed during the request. */
  received: string | undefined;
  /** The binding the pages of this answer are made with: the one received, or a new one. */
  current: string | undefined;
}

const byRequest = new WeakMap<Request, RequestTokens>();
/** 32 random bytes, base64url: anything else in the cookie is not ours and is ignored. */
const BINDING = /^[\w-]{43}$/;

function bindingOf(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of cookieHeader?.split(';') ?? []) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      if (BINDING.test(value)) return value;
    }
  }
  return undefined;
}

function tokenFor(key: Buffer, binding: string): string {
  return createHmac('sha256', key).update(binding).digest('base64url');
}

function bind(tokens: RequestTokens, res: Response): string {
  tokens.current = randomBytes(32).toString('base64url');
  // A browser-session cookie: it lives while the browser does, like the pages it was made for.
  res.cookie(formCookieName(tokens.secure), tokens.current, { httpOnly: true, sameSite: 'lax', secure: tokens.secure, path: '/' });
  return tokens.current;
}

function tokenFromRequest(req: Request): string | undefined {
  const fromBody = fieldsOf(req.body)[CSRF_FIELD];
  if (typeof fromBody === 'string') return fromBody;
  const fromHeader = req.headers['x-csrf-token'];
  if (typeof fromHeader === 'string') return fromHeader;
  // A form with files names its token in the address it posts to: checked before its body is read.
  const fromAddress = req.query[CSRF_FIELD];
  return req.is('multipart/form-data') && typeof fromAddress === 'string' ? fromAddress : undefined;
}

/**
 * Whether a POST comes from a page of this site. A browser says where a request comes from
 * (`Sec-Fetch-Site`, `Origin`); another site's page is refused even with a valid token, which it
 * could only hold if it had been given one.
 */
function fromThisSite(req: Request, baseUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.origin;
  // With `Referrer-Policy: no-referrer` a browser sends its own forms' POSTs with `Origin: null`; that names no other site.
  if (!origin || origin === 'null') return true;
  const own = [new URL(baseUrl).origin, `${req.protocol}://${req.headers.host ?? ''}`];
  return own.includes(origin);
}

const refused = () => Object.assign(new Error('Cross-site request'), { code: 'EBADCSRFTOKEN' });

/**
 * Form tokens that need no stored session (a signed double-submit, OWASP's "signed double-submit
 * cookie"): the token is an HMAC, under a key of the server's, of a random value kept in the
 * browser's cookie. Another site can neither read the cookie nor make the HMAC, so it cannot send
 * a token that fits; and a page read writes nothing, so a crawler or a flood fills no table.
 *
 * `tokens` runs for every request and gives pages `csrfToken()` (and `withFormToken(action)` for a
 * form with files), which set the cookie only when a form asks for a token and the browser has none. `check` is put on each route that takes a POST.
 */
export function formTokens(options: FormTokenOptions): { tokens: RequestHandler; check: RequestHandler } {
  const key = createHmac('sha256', options.secret).update('form-token').digest();
  const name = formCookieName(options.secure);
  const tokens: RequestHandler = (req, res, next) => {
    const received = bindingOf(req.headers.cookie, name);
    const state: RequestTokens = { key, secure: options.secure, received, current: received };
    byRequest.set(req, state);
    // A page may ask several times (each of its forms): the HMAC is made once per binding.
    let made: { binding: string; token: string } | undefined;
    const token = () => {
      const binding = state.current ?? bind(state, res);
      if (made?.binding !== binding) made = { binding, token: tokenFor(key, binding) };
      return made.token;
    };
    res.locals.csrfToken = token;
    // A form with files carries the token in the address it posts to as well (see tokenFromRequest).
    res.locals.withFormToken = (action: string) => `${action}${action.includes('?') ? '&' : '?'}${CSRF_FIELD}=${encodeURIComponent(token())}`;
    next();
  };
  const check: RequestHandler = (req, _res, next) => {
    const state = byRequest.get(req);
    const given = tokenFromRequest(req);
    if (!fromThisSite(req, options.baseUrl) || !state?.received || !given) return next(refused());
    const expected = Buffer.from(tokenFor(key, state.received));
    const sent = Buffer.from(given);
    next(sent.length === expected.length && timingSafeEqual(sent, expected) ? undefined : refused());
  };
  return { tokens, check };
}

/** A new token, after a form has done its work: a copy of the old page cannot send again. */
export function renewCsrfToken(req: Request): void {
  const state = byRequest.get(req);
  if (state && req.res) bind(state, req.res);
}
