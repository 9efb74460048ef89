import { createHash, randomInt } from 'node:crypto';
import type { Queryable } from '../db/knex.js';
import type { ShareCodeRow } from '../db/tables.js';

/**
 * Share codes: what a permit holder gives an employer or a landlord so they can check the permit
 * without its number and the holder's date of birth. Nine characters from an alphabet with no
 * look-alikes (no 0 or O, no 1, I or L, no U), shown in threes (ABC-DEF-GHJ); 30^9 codes, so with
 * the limits on tries one cannot be guessed. Only a hash is kept: the code is shown once.
 */
const SHARE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 9;
const SHARE_CODE_DAYS = 30;

function newShareCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += SHARE_CODE_ALPHABET[randomInt(SHARE_CODE_ALPHABET.length)];
  return code;
}

/** What a person typed, as drawn: upper case, spaces and dashes gone; null when it cannot be one. */
export function readShareCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s\-_.]/g, '');
  return compact.length === LENGTH && [...compact].every((c) => SHARE_CODE_ALPHABET.includes(c)) ? compact : null;
}

export function formatShareCode(code: string): string {
  return code.match(/.{1,3}/g)?.join('-') ?? code;
}

function hashShareCode(code: string): string {
  return createHash('sha256').update(`share:${code}`).digest('hex');
}

/** A new code for an application's permit, valid for 30 days from now; returns the code itself, which is not kept. */
export async function makeShareCode(db: Queryable, applicationId: string, now: Date): Promise<{ id: string; code: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + SHARE_CODE_DAYS * 86_400_000);
  for (let attempt = 0; ; attempt += 1) {
    const code = newShareCode();
    const [row] = await db('share_codes')
      .insert({ application_id: applicationId, code_hash: hashShareCode(code), created_at: now, expires_at: expiresAt })
      .onConflict('code_hash')
      .ignore()
      .returning('id');
    if (row) return { id: row.id, code, expiresAt };
    if (attempt >= 2) throw new Error('Could not draw a free share code');
  }
}

/** The codes of an application that still work now, newest first. */
export async function activeShareCodes(db: Queryable, applicationId: string, now: Date): Promise<ShareCodeRow[]> {
  return db('share_codes').where({ application_id: applicationId }).whereNull('revoked_at').where('expires_at', '>', now).orderBy('created_at', 'desc').orderBy('id');
}

/** Stops a code of this application working; false when it has no such code still working. */
export async function revokeShareCode(db: Queryable, applicationId: string, id: string, now: Date): Promise<boolean> {
  const changed = await db('share_codes').where({ id, application_id: applicationId }).whereNull('revoked_at').update({ revoked_at: now });
  return changed > 0;
}

/** The application a code that still works now leads to. */
export async function applicationOfShareCode(db: Queryable, code: string, now: Date): Promise<string | undefined> {
  const row = await db('share_codes').where({ code_hash: hashShareCode(code) }).whereNull('revoked_at').where('expires_at', '>', now).first('application_id');
  return row?.application_id;
}

