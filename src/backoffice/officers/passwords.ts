import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough to hold a pass phrase; argon2 reads every byte of it. */
export const MAX_PASSWORD_LENGTH = 256;

/** The 30,000 passwords people choose most often (the list zxcvbn uses). */
const COMMON = new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()));

/**
 * A common password stays common with digits or signs put around it ("password123456",
 * "Summer2026!!!"): the word inside is what an attacker tries first.
 */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return COMMON.has(lower) || (core.length >= 4 && COMMON.has(core)) || /^(.)\1+$/u.test(password);
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

/** A hash of nothing anyone knows, verified when the email is unknown so both answers take as long. */
const DUMMY = hash(randomBytes(24).toString('base64url'));

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await DUMMY, password).catch(() => false);
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
