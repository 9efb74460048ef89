import type { Request, RequestHandler, Response } from 'express';
import { saveSession } from '../../forms/pages/step-page.js';
import { audit } from '../audit/log.js';
import { BASE, type BackofficeDeps } from '../context.js';
import { findOfficerWithPolicy } from '../officers/repository.js';
import type { Role } from '../officers/roles.js';

/** Who may use a back-office route. Every route says it (see routes.ts); the test of the route table checks each. */
export type Access = 'anyone' | 'signedIn' | readonly Role[];

/** Seconds between two writes of "last seen": the idle count is that precise and sessions are not written per request. */
const SEEN_PRECISION_MS = 60_000;

function signInHref(req: Request, reason?: 'idle'): string {
  const back = req.method === 'GET' && req.originalUrl.startsWith(BASE) ? req.originalUrl : undefined;
  const query = new URLSearchParams();
  if (back && !back.startsWith(`${BASE}/sign-in`)) query.set('next', back);
  if (reason) query.set('reason', reason);
  const search = query.toString();
  return `${BASE}/sign-in${search ? `?${search}` : ''}`;
}

function forbidden(res: Response): void {
  res.status(403).set('Cache-Control', 'no-store').render('backoffice/forbidden.njk');
}

/**
 * The check in front of every route but sign-in: a signed-in, active officer, not idle past the
 * timeout, who has changed a password someone else set, in one of the roles the route names.
 * Anyone else is sent to sign in; an officer without the role gets a 403 page.
 */
export function guard(deps: BackofficeDeps, access: Access): RequestHandler {
  return async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (access === 'anyone') return next();
    const signed = req.session.officer;
    if (!signed) return res.redirect(303, signInHref(req));
    const now = deps.clock().getTime();
    const officer = await findOfficerWithPolicy(deps.db, signed.id);
    if (!officer || !officer.active) {
      delete req.session.officer;
      await saveSession(req);
      return res.redirect(303, signInHref(req));
    }
    if (now - signed.seenAt > deps.idleMinutes * 60_000) {
      delete req.session.officer;
      await saveSession(req);
      await audit(deps.db, req, { action: 'signed-out-idle', officerId: officer.id });
      return res.redirect(303, signInHref(req, 'idle'));
    }
    // The keep-alive of the timeout warning always counts; other requests at most once a minute (a session write each).
    if (now - signed.seenAt > SEEN_PRECISION_MS || req.path === `${BASE}/keep-alive`) req.session.officer = { id: officer.id, seenAt: now };
    // A language picked in the back-office is kept on the account, for the next sign-in on any device.
    if (req.query.lang === res.locals.lang && officer.language !== res.locals.lang) {
      await deps.db('officers').where({ id: officer.id }).update({ language: res.locals.lang });
      officer.language = res.locals.lang;
    }
    res.locals.officer = officer;
    res.locals.idleMinutes = deps.idleMinutes;
    const always = req.path === `${BASE}/sign-out`;
    if (officer.password_must_change && req.path !== `${BASE}/password` && !always) return res.redirect(303, `${BASE}/password`);
    // A role an admin requires a second factor of sets one up before anything else.
    if (!officer.totp_enabled && !always && !req.path.startsWith(`${BASE}/two-factor`) && req.path !== `${BASE}/password` && officer.totp_required) {
      return res.redirect(303, `${BASE}/two-factor`);
    }
    if (access !== 'signedIn' && !access.includes(officer.role)) return forbidden(res);
    next();
  };
}

/** Whether the officer may work on cases of this service. */
export function mayWorkOn(officer: { services: readonly string[] }, serviceId: string): boolean {
  return officer.services.includes(serviceId);
}
