import type { Request, Response } from 'express';
import { saveSession } from '../../forms/pages/step-page.js';
import { chosenLanguage, rememberLanguage } from '../../middleware/language.js';
import { renewCsrfToken } from '../../middleware/csrf.js';
import { clientAddress } from '../../security/client-address.js';
import { countOrRefuse } from '../../security/limits.js';
import { audit } from '../audit/log.js';
import { BASE, type BackofficeDeps } from '../context.js';
import { bodyText, errorsForView, type BackofficeError } from '../forms.js';
import { findOfficer, findOfficerByEmail, type OfficerRow } from '../officers/repository.js';
import { checkTotp } from './totp.js';
import { MAX_PASSWORD_LENGTH, verifyPassword } from '../officers/passwords.js';
import { accountOf, clientWaits, CLIENT_LOCK, countSignInFailure, identifyClient, newClientsGuarded, rememberClient, type SignInClient } from './throttle.js';

interface SignInModel {
  email: string;
  errors: BackofficeError[];
  reason?: string;
  next?: string;
}

/** Only a path of the back-office itself: never a way to send an officer elsewhere after signing in. */
function safeNext(value: unknown): string | undefined {
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

/**
 * Tries from one address across accounts (password spraying): a fixed limit, in PostgreSQL. A
 * browser the account signed in with before is not held to it, so a stranger behind the same
 * address cannot use it against the officer.
 */
function countAddress(deps: BackofficeDeps, req: Request, who: SignInClient): Promise<void> {
  if (who.device) return Promise.resolve();
  return countOrRefuse(deps.db, [{ key: `signIn:ip:${clientAddress(req)}`, limit: deps.limits.signInPerAddress }]);
}

/** Why a try failed; `guarded`: a password step under attack from new clients, whatever the password (the code decides). */
type Refusal = 'unknown' | 'inactive' | 'password' | 'waiting' | 'code' | 'guarded';

/** A failure counted and audited (codes only: never the email typed); whether the client now waits. */
async function refused(deps: BackofficeDeps, req: Request, who: SignInClient, officer: OfficerRow | undefined, why: Refusal): Promise<void> {
  const { waits } = await countSignInFailure(deps, who);
  await audit(deps.db, req, { action: 'sign-in-refused', officerId: officer?.id ?? null, details: { why, waits, knownClient: who.known } });
}

const NO_MATCH: BackofficeError = { field: 'email', code: 'noMatch', values: { attempts: CLIENT_LOCK.free } };

export async function submitSignIn(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const email = bodyText(req.body, 'email').trim().slice(0, 320);
  const password = bodyText(req.body, 'password');
  const next = safeNext(bodyText(req.body, 'next'));
  const errors: BackofficeError[] = [];
  if (!email) errors.push({ field: 'email', code: 'required' });
  if (!password) errors.push({ field: 'password', code: 'required' });
  if (errors.length) return render(res, { email, errors, next });

  const officer = await findOfficerByEmail(deps.db, email);
  const who = await identifyClient(deps, req, accountOf(email), officer);
  await countAddress(deps, req, who);
  // A client that must wait is answered as any mistake, and its try makes it wait longer.
  if (await clientWaits(deps, who)) {
    await refused(deps, req, who, officer, 'waiting');
    return render(res, { email, errors: [NO_MATCH], next });
  }
  // Verified even for an unknown email, so no answer is quicker than another.
  const matches = password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(officer?.password_hash, password));
  const right = !!officer && officer.active && matches;
  if (await newClientsGuarded(deps, who)) {
    // Under attack from clients the account never used: such a client is not told whether the
    // password was right, not even by how long the answer takes (every try is counted the same);
    // the second factor decides, and only both together sign in.
    await refused(deps, req, who, officer, 'guarded');
    return askForCode(deps, req, res, { id: right ? officer.id : null, account: who.account, next, guarded: true });
  }
  if (!right) {
    await refused(deps, req, who, officer, !officer ? 'unknown' : !officer.active ? 'inactive' : 'password');
    // One answer for an unknown email, a wrong password, a closed account or a client that must wait.
    return render(res, { email, errors: [NO_MATCH], next });
  }
  // The password was right; the session is not signed in until the code is too.
  if (officer.totp_enabled) return askForCode(deps, req, res, { id: officer.id, account: who.account, next, guarded: false });
  await completeSignIn(deps, req, res, officer, who, next);
}

async function askForCode(deps: BackofficeDeps, req: Request, res: Response, pending: { id: string | null; account: string; next?: string; guarded: boolean }): Promise<void> {
  await regenerate(req);
  req.session.pendingOfficer = { ...pending, at: deps.clock().getTime() };
  await saveSession(req);
  res.redirect(303, `${BASE}/sign-in/code`);
}

function regenerate(req: Request): Promise<void> {
  return new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
}

async function completeSignIn(deps: BackofficeDeps, req: Request, res: Response, officer: OfficerRow, who: SignInClient, next: string | undefined): Promise<void> {
  // A new session id for the signed-in officer: an id known before signing in (fixation) is worth nothing after.
  await regenerate(req);
  req.session.officer = { id: officer.id, seenAt: deps.clock().getTime() };
  renewCsrfToken(req);
  await saveSession(req);
  await deps.db('officers').where({ id: officer.id }).update({ last_signed_in_at: deps.clock() });
  await rememberClient(deps, req, res, officer, who);
  await audit(deps.db, req, { action: 'sign-in', officerId: officer.id });
  // The language the sign-in page was read in stays, when the browser asked for it; otherwise the account's own.
  if (!chosenLanguage(req)) rememberLanguage(res, officer.language, deps.secureCookies);
  res.redirect(303, officer.password_must_change ? `${BASE}/password` : (next ?? BASE));
}

/** How long the code page waits after the password before asking for it again. */
const CODE_WINDOW_MS = 5 * 60_000;

function pendingSignIn(deps: BackofficeDeps, req: Request) {
  const pending = req.session.pendingOfficer;
  return pending && deps.clock().getTime() - pending.at <= CODE_WINDOW_MS ? pending : undefined;
}

/** The officer whose password was right, when a code of theirs can sign them in. */
async function officerWithCode(deps: BackofficeDeps, id: string | null): Promise<OfficerRow | undefined> {
  const officer = id ? await findOfficer(deps.db, id) : undefined;
  return officer?.active && officer.totp_enabled && officer.totp_secret ? officer : undefined;
}

function renderCode(res: Response, guarded: boolean, errors: BackofficeError[]): void {
  const { errorList, byField } = errorsForView(res.locals.t, 'signIn', errors);
  res.status(errors.length ? 400 : 200).render('backoffice/sign-in-code.njk', { guarded, errorList, fieldErrors: byField });
}

export function showCode(deps: BackofficeDeps, req: Request, res: Response): void {
  const pending = pendingSignIn(deps, req);
  if (!pending) return res.redirect(303, `${BASE}/sign-in`);
  renderCode(res, pending.guarded, []);
}

/** The second factor: a wrong code counts as a wrong password does. */
export async function submitCode(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const pending = pendingSignIn(deps, req);
  if (!pending) return res.redirect(303, `${BASE}/sign-in`);
  const typed = bodyText(req.body, 'code').slice(0, 20);
  if (!typed.trim()) return renderCode(res, pending.guarded, [{ field: 'code', code: 'required' }]);
  const officer = await officerWithCode(deps, pending.id);
  const who = await identifyClient(deps, req, pending.account, officer);
  await countAddress(deps, req, who);
  const waits = await clientWaits(deps, who);
  const check = officer && !waits ? await checkTotp(officer.totp_secret!, typed, deps.clock(), officer.totp_last_step) : { valid: false as const };
  if (!check.valid) {
    await refused(deps, req, who, officer, waits ? 'waiting' : 'code');
    return renderCode(res, pending.guarded, [{ field: 'code', code: 'wrong', values: { attempts: CLIENT_LOCK.free } }]);
  }
  await deps.db('officers').where({ id: officer!.id }).update({ totp_last_step: check.step });
  await completeSignIn(deps, req, res, officer!, who, pending.next);
}

export async function signOut(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officerId = req.session.officer?.id;
  await regenerate(req);
  await saveSession(req);
  if (officerId) await audit(deps.db, req, { action: 'sign-out', officerId });
  res.redirect(303, `${BASE}/sign-in?reason=signedOut`);
}
