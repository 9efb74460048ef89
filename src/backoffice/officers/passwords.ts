import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { commonWordLists } from '../../text/common-words.js';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough to hold a pass phrase; argon2 reads every byte of it. */
export const MAX_PASSWORD_LENGTH = 256;

/** The 30,000 passwords people choose most often (the list zxcvbn uses): read when a password is first chosen, not at every start. */
let common: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const dictionary = commonWordLists();
    common = new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()));
  }
  return common;
}

/**
 * A common password stays common with digits or signs put around it ("password123456",
 * "Summer2026!!!"): the word inside is what an attacker tries first.
 */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const known = commonPasswords();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return known.has(lower) || (core.length >= 4 && known.has(core)) || /^(.)\1+$/u.test(password);
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common';

/** Why a new password cannot be used, or null. Counted in characters as a person counts them. */
export function passwordProblem(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if (length > MAX_PASSWORD_LENGTH) return 'tooLong';
  if (isCommon(password)) return 'common';
  return null;
}

/** argon2id with the library's defaults (19 MiB, 2 passes): the OWASP recommendation. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * Verified when the email is unknown, so both answers take as long: a hash made with hashPassword's
 * settings of random bytes nobody kept. Written here rather than made at every start, where it took
 * 19 MiB and a core's time while the process was loading.
 */
export const UNKNOWN_OFFICER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$tJ5w2S3No+F/Mc3xc/LC9w$90LovD+eFVISXXQu9U57VDZJrmNnDlsajeeazII4NHA';

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    await verify(UNKNOWN_OFFICER_HASH, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** A one-time password: 20 characters from an alphabet without look-alikes, to be changed at first sign-in. */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}
