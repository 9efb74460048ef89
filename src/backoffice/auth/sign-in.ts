import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { saveSession } from '../../forms/pages/step-page.js';
import { rememberLanguage } from '../../middleware/language.js';
import { renewCsrfToken } from '../../middleware/csrf.js';
import { countOrRefuse } from '../../security/limits.js';
import { audit } from '../audit/log.js';
import { BASE, type BackofficeDeps } from '../context.js';
import { bodyText, errorsForView, type BackofficeError } from '../forms.js';
import { findOfficer, findOfficerByEmail, normaliseEmail, type OfficerRow } from '../officers/repository.js';
import { checkTotp } from './totp.js';
import { MAX_PASSWORD_LENGTH, verifyPassword } from '../officers/passwords.js';
import { clientAddress } from '../../security/client-address.js';

/** Wrong passwords in a row that lock an account, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

interface SignInModel {
  email: string;
  errors: BackofficeError[];
  reason?: string;
  next?: string;
}

/** Only a path of the back-office itself: never a way to send an officer elsewhere after signing in. */
export function safeNext(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(`${BASE}/`) && !value.startsWith('//') && !/[\\\r\n]/.test(value) ? value : undefined;
}

function render(res: Response, model: SignInModel, status = model.errors.length ? 400 : 200): void {
  const { errorList, byField } = errorsForView(res.locals.t, 'signIn', model.errors);
  res.status(status).render('backoffice/sign-in.njk', { ...model, errorList, fieldErrors: byField });
}

export function showSignIn(req: Request, res: Response): void {
  const reason = req.query.reason === 'idle' || req.query.reason === 'signedOut' ? req.query.reason : undefined;
  render(res, { email: '', errors: [], reason, next: safeNext(req.query.next) });
}

/** Counted per address and per email (hashed: the counter's key is not a list of who tried). */
function countAttempt(deps: BackofficeDeps, req: Request, email: string): Promise<void> {
  const account = createHash('sha256').update(normaliseEmail(email)).digest('hex').slice(0, 32);
  return countOrRefuse(deps.db, [
    { key: `signIn:ip:${clientAddress(req)}`, limit: deps.limits.signInPerAddress },
    { key: `signIn:account:${account}`, limit: deps.limits.signInPerAccount },
  ]);
}

/** A wrong password counts towards the lock; the fifth in a row locks the account for 15 minutes. */
async function recordFailure(deps: BackofficeDeps, officer: OfficerRow): Promise<void> {
  await deps.db('officers')
    .where({ id: officer.id })
    .update({
      failed_attempts: deps.db.raw('case when failed_attempts + 1 >= ? then 0 else failed_attempts + 1 end', [LOCK_AFTER_FAILURES]),
      locked_until: deps.db.raw(`case when failed_attempts + 1 >= ? then ?::timestamptz + make_interval(mins => ?) else locked_until end`, [
        LOCK_AFTER_FAILURES,
        deps.clock().toISOString(),
        LOCK_MINUTES,
      ]),
    });
}

export async function submitSignIn(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const email = bodyText(req.body, 'email').trim().slice(0, 320);
  const password = bodyText(req.body, 'password');
  const next = safeNext(bodyText(req.body, 'next'));
  const errors: BackofficeError[] = [];
  if (!email) errors.push({ field: 'email', code: 'required' });
  if (!password) errors.push({ field: 'password', code: 'required' });
  if (errors.length) return render(res, { email, errors, next });

  await countAttempt(deps, req, email);
  const officer = await findOfficerByEmail(deps.db, email);
  const locked = !!officer?.locked_until && officer.locked_until > deps.clock();
  // Verified even for an unknown email or a locked account, so no answer is quicker than another.
  const matches = password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(officer?.password_hash, password));
  if (!officer || !officer.active || locked || !matches) {
    if (officer && officer.active && !locked) await recordFailure(deps, officer);
    const why = !officer ? 'unknown' : !officer.active ? 'inactive' : locked ? 'locked' : 'password';
    await audit(deps.db, req, { action: 'sign-in-refused', officerId: officer?.id ?? null, details: { why } });
    // One answer for an unknown email, a wrong password, a locked or a closed account.
    return render(res, { email, errors: [{ field: 'email', code: 'noMatch', values: { attempts: LOCK_AFTER_FAILURES, minutes: LOCK_MINUTES } }], next });
  }

  if (officer.totp_enabled) {
    // The password was right; the session is not signed in until the code is too.
    await regenerate(req);
    req.session.pendingOfficer = { id: officer.id, at: deps.clock().getTime(), next };
    await saveSession(req);
    return res.redirect(303, `${BASE}/sign-in/code`);
  }
  await completeSignIn(deps, req, res, officer, next);
}

function regenerate(req: Request): Promise<void> {
  return new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
}

async function completeSignIn(deps: BackofficeDeps, req: Request, res: Response, officer: OfficerRow, next: string | undefined): Promise<void> {
  // A new session id for the signed-in officer: an id known before signing in (fixation) is worth nothing after.
  await regenerate(req);
  req.session.officer = { id: officer.id, seenAt: deps.clock().getTime() };
  renewCsrfToken(req);
  await saveSession(req);
  await deps.db('officers').where({ id: officer.id }).update({ failed_attempts: 0, locked_until: null, last_signed_in_at: deps.clock() });
  await audit(deps.db, req, { action: 'sign-in', officerId: officer.id });
  rememberLanguage(res, officer.language, deps.secureCookies);
  res.redirect(303, officer.password_must_change ? `${BASE}/password` : (next ?? BASE));
}

/** How long the code page waits after the password before asking for it again. */
const CODE_WINDOW_MS = 5 * 60_000;

async function pendingOfficer(deps: BackofficeDeps, req: Request): Promise<OfficerRow | undefined> {
  const pending = req.session.pendingOfficer;
  if (!pending || deps.clock().getTime() - pending.at > CODE_WINDOW_MS) return undefined;
  const officer = await findOfficer(deps.db, pending.id);
  return officer?.active && officer.totp_enabled && officer.totp_secret ? officer : undefined;
}

function renderCode(res: Response, errors: BackofficeError[]): void {
  const { errorList, byField } = errorsForView(res.locals.t, 'signIn', errors);
  res.status(errors.length ? 400 : 200).render('backoffice/sign-in-code.njk', { errorList, fieldErrors: byField });
}

export async function showCode(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  if (!(await pendingOfficer(deps, req))) return res.redirect(303, `${BASE}/sign-in`);
  renderCode(res, []);
}

/** The second factor: a wrong code counts towards the lock as a wrong password does. */
export async function submitCode(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officer = await pendingOfficer(deps, req);
  if (!officer) return res.redirect(303, `${BASE}/sign-in`);
  const typed = bodyText(req.body, 'code').slice(0, 20);
  if (!typed.trim()) return renderCode(res, [{ field: 'code', code: 'required' }]);
  await countAttempt(deps, req, officer.email);
  const locked = !!officer.locked_until && officer.locked_until > deps.clock();
  const check = locked ? { valid: false as const } : await checkTotp(officer.totp_secret!, typed, deps.clock(), officer.totp_last_step);
  if (!check.valid) {
    if (!locked) await recordFailure(deps, officer);
    await audit(deps.db, req, { action: 'sign-in-refused', officerId: officer.id, details: { why: locked ? 'locked' : 'code' } });
    return renderCode(res, [{ field: 'code', code: 'wrong', values: { attempts: LOCK_AFTER_FAILURES, minutes: LOCK_MINUTES } }]);
  }
  await deps.db('officers').where({ id: officer.id }).update({ totp_last_step: check.step });
  const next = req.session.pendingOfficer?.next;
  await completeSignIn(deps, req, res, officer, next);
}

export async function signOut(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officerId = req.session.officer?.id;
  await regenerate(req);
  await saveSession(req);
  if (officerId) await audit(deps.db, req, { action: 'sign-out', officerId });
  res.redirect(303, `${BASE}/sign-in?reason=signedOut`);
}
