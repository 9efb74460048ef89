import type { Request, Response } from 'express';
import { renewCsrfToken } from '../../middleware/csrf.js';
import { audit } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { bodyText, errorsForView, type BackofficeError } from '../forms.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from '../officers/passwords.js';

function render(res: Response, errors: BackofficeError[]): void {
  const { errorList, byField } = errorsForView(res.locals.t, 'password', errors);
  res.status(errors.length ? 400 : 200).render('backoffice/password.njk', {
    errorList,
    fieldErrors: byField,
    mustChange: officerOf(res).password_must_change,
    minLength: MIN_PASSWORD_LENGTH,
  });
}

export function showPassword(_req: Request, res: Response): void {
  render(res, []);
}

/** A new password: the current one to prove it is them, then the new one twice. Nothing typed is sent back. */
export async function submitPassword(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officer = officerOf(res);
  const current = bodyText(req.body, 'currentPassword');
  const chosen = bodyText(req.body, 'newPassword');
  const repeated = bodyText(req.body, 'confirmPassword');
  const errors: BackofficeError[] = [];
  if (!current) errors.push({ field: 'currentPassword', code: 'required' });
  else if (current.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(officer.password_hash, current))) errors.push({ field: 'currentPassword', code: 'wrong' });
  const problem = chosen ? passwordProblem(chosen) : 'required';
  if (problem) errors.push({ field: 'newPassword', code: problem, values: { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH } });
  else if (chosen === current) errors.push({ field: 'newPassword', code: 'same' });
  else if (repeated !== chosen) errors.push({ field: 'confirmPassword', code: 'different' });
  if (errors.length) return render(res, errors);

  await deps.db('officers')
    .where({ id: officer.id })
    .update({ password_hash: await hashPassword(chosen), password_must_change: false, updated_at: deps.clock() });
  await audit(deps.db, req, { action: 'password-changed', officerId: officer.id });
  renewCsrfToken(req);
  res.redirect(303, officer.role === 'admin' ? `${BASE}/admin/officers` : `${BASE}/queue?changed=password`);
}
