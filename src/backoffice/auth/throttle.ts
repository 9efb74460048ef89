import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { clientAddress } from '../../security/client-address.js';
import { countFailure, forgetFailures, lockedUntil, type GrowingLock } from '../../security/growing-lock.js';
import type { BackofficeDeps } from '../context.js';
import { normaliseEmail, type OfficerRow } from '../officers/repository.js';
import { giveDevice, readDevice } from './device.js';

/**
 * Who may try to sign in to an account, and how often (OWASP's authentication guidance: throttling
 * that grows, scoped so that an attacker cannot lock the officer out):
 * - failures are counted per account and client: the browser, when it signed in to this account
 *   before (its device cookie), else the address. Past 5, that client waits 1 minute, then twice as
 *   long after each further failure, up to an hour. Nobody else waits for them;
 * - failures from clients the account never signed in from (neither its browser nor, in the last 90
 *   days, its address) are counted together too. Past 20, such clients do not learn whether a
 *   password was right: every try goes on to the second factor, and only the right password with
 *   the right code signs in. A browser or an address the officer used before is not held to it.
 * An unknown email is counted like any account, so no answer says whether an account exists.
 */
export const CLIENT_LOCK: GrowingLock = { free: 5, firstWaitSeconds: 60, longestWaitSeconds: 60 * 60 };
const NEW_CLIENTS_LOCK: GrowingLock = { free: 20, firstWaitSeconds: 15 * 60, longestWaitSeconds: 24 * 60 * 60 };
const NOBODY = '00000000-0000-0000-0000-000000000000';
/** How long an address an officer signed in from is theirs. */
const KNOWN_ADDRESS_DAYS = 90;

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The account a sign-in names, as a digest: the counters' keys are not a list of who was tried. */
export function accountOf(email: string): string {
  return digest(normaliseEmail(email));
}

export interface SignInClient {
  account: string;
  /** The counter of this account from this client. */
  clientKey: string;
  /** The counter of this account from every client it never signed in from. */
  newClientsKey: string;
  /** A browser that signed in to this account before. */
  device: boolean;
  /** That browser, or an address the officer signed in from. */
  known: boolean;
}

export async function identifyClient(deps: BackofficeDeps, req: Request, account: string, officer: OfficerRow | undefined): Promise<SignInClient> {
  const address = clientAddress(req);
  const cookie = readDevice(req, deps.deviceKey, deps.clock());
  const device = !!officer && cookie?.officerId === officer.id;
  // Asked for an unknown email too (of nobody's id), so the answer takes as long.
  const knownAddress = !!(await deps.db('officer_sign_in_addresses')
    .where({ officer_id: officer?.id ?? NOBODY, address })
    .andWhere('last_signed_in_at', '>', new Date(deps.clock().getTime() - KNOWN_ADDRESS_DAYS * 86_400_000))
    .first());
  return {
    account,
    clientKey: `client:${account}:${digest(device ? `device:${cookie!.id}` : `address:${address}`)}`,
    newClientsKey: `new-clients:${account}`,
    device,
    known: device || knownAddress,
  };
}

/** Whether this client must wait before trying this account again. */
export async function clientWaits(deps: BackofficeDeps, who: SignInClient): Promise<boolean> {
  return !!(await lockedUntil(deps.db, who.clientKey, deps.clock()));
}

/** Whether new clients of this account need the second factor before they learn anything. */
export async function newClientsGuarded(deps: BackofficeDeps, who: SignInClient): Promise<boolean> {
  return !who.known && !!(await lockedUntil(deps.db, who.newClientsKey, deps.clock()));
}

/** One failure, against this client and, for a client the account never used, against all such. */
export async function countSignInFailure(deps: BackofficeDeps, who: SignInClient): Promise<{ waits: boolean }> {
  const now = deps.clock();
  const until = await countFailure(deps.db, who.clientKey, CLIENT_LOCK, now);
  if (!who.known) await countFailure(deps.db, who.newClientsKey, NEW_CLIENTS_LOCK, now);
  return { waits: until > now };
}

/** A sign-in made: this client's failures forgotten, the browser given its cookie, the address kept. */
export async function rememberClient(deps: BackofficeDeps, req: Request, res: Response, officer: OfficerRow, who: SignInClient): Promise<void> {
  const now = deps.clock();
  await forgetFailures(deps.db, [who.clientKey]);
  giveDevice(res, deps.deviceKey, officer.id, now, deps.secureCookies);
  await deps.db('officer_sign_in_addresses')
    .insert({ officer_id: officer.id, address: clientAddress(req), last_signed_in_at: now })
    .onConflict(['officer_id', 'address'])
    .merge(['last_signed_in_at']);
}

/** Every failure counted on the account, from anywhere: an administrator's reset starts it afresh. */
export function forgetAccountFailures(deps: Pick<BackofficeDeps, 'db'>, email: string): Promise<void> {
  const account = accountOf(email);
  return Promise.all([forgetFailures(deps.db, { startingWith: `client:${account}:` }), forgetFailures(deps.db, [`new-clients:${account}`])]).then(() => undefined);
}
