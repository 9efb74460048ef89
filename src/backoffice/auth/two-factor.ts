import type { Request, Response } from 'express';
import { saveSession } from '../../forms/pages/step-page.js';
import { renewCsrfToken } from '../../middleware/csrf.js';
import { audit } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { bodyText, errorsForView, type BackofficeError } from '../forms.js';
import { roleRequiresTotp } from '../officers/repository.js';
import { checkTotp, newTotpSecret, totpEnrolment } from './totp.js';

async function render(deps: BackofficeDeps, req: Request, res: Response, errors: BackofficeError[]): Promise<void> {
  const officer = officerOf(res);
  const required = await roleRequiresTotp(deps.db, officer.role);
  const model: Record<string, unknown> = { enabled: officer.totp_enabled, required, done: req.query.done };
  if (!officer.totp_enabled) {
    // One secret per setting up, kept in the session until a code shows the app holds it.
    req.session.totpSetup ??= await newTotpSecret();
    await saveSession(req);
    const { qrSvg } = await totpEnrolment(req.session.totpSetup, officer.email, res.locals.t('backoffice:name'));
    model.qrSvg = qrSvg;
    model.secret = req.session.totpSetup.replace(/(.{4})/g, '$1 ').trim();
  }
  const { errorList, byField } = errorsForView(res.locals.t, 'twoFactor', errors);
  res.status(errors.length ? 400 : 200).render('backoffice/two-factor.njk', { ...model, errorList, fieldErrors: byField });
}

export function showTwoFactor(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  return render(deps, req, res, []);
}

/** Turning it on: the code from the app proves it holds the secret shown. */
export async function enableTwoFactor(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officer = officerOf(res);
  const secret = req.session.totpSetup;
  if (officer.totp_enabled || !secret) return res.redirect(303, `${BASE}/two-factor`);
  const typed = bodyText(req.body, 'code');
  if (!typed.trim()) return render(deps, req, res, [{ field: 'code', code: 'required' }]);
  const check = await checkTotp(secret, typed, deps.clock(), null);
  if (!check.valid) return render(deps, req, res, [{ field: 'code', code: 'wrong' }]);
  await deps.db('officers').where({ id: officer.id }).update({ totp_secret: secret, totp_enabled: true, totp_last_step: check.step, updated_at: deps.clock() });
  delete req.session.totpSetup;
  renewCsrfToken(req);
  await saveSession(req);
  await audit(deps.db, req, { action: 'two-factor-enabled', officerId: officer.id });
  res.redirect(303, `${BASE}/two-factor?done=enabled`);
}

/** Turning it off takes a current code, and is refused where an admin requires it of the role. */
export async function disableTwoFactor(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officer = officerOf(res);
  if (!officer.totp_enabled || !officer.totp_secret) return res.redirect(303, `${BASE}/two-factor`);
  if (await roleRequiresTotp(deps.db, officer.role)) return render(deps, req, res, [{ field: 'disableCode', code: 'required_by_role' }]);
  const check = await checkTotp(officer.totp_secret, bodyText(req.body, 'disableCode'), deps.clock(), officer.totp_last_step);
  if (!check.valid) return render(deps, req, res, [{ field: 'disableCode', code: 'wrong' }]);
  await deps.db('officers').where({ id: officer.id }).update({ totp_secret: null, totp_enabled: false, totp_last_step: null, updated_at: deps.clock() });
  await audit(deps.db, req, { action: 'two-factor-disabled', officerId: officer.id });
  officer.totp_enabled = false;
  res.redirect(303, `${BASE}/two-factor?done=disabled`);
}
