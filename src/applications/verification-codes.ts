import { createHash, createHmac } from 'node:crypto';
import type { Queryable } from '../db/knex.js';
import { ALPHABET, readCrockford } from './reference.js';

/**
 * The code a decision document's QR code holds: whoever scans it sees the document's state, kind,
 * number and holder without being asked the holder's date of birth, which the paper does not show.
 *
 * It is derived from the application's id with a key made from the session secret, so the same
 * code is printed each time the document is drawn, and only its hash is kept (`verification_codes`):
 * the database alone gives no code. 16 characters of Crockford's alphabet (80 bits) cannot be
 * guessed, the more so with checks counted per address. A code answers for its application only,
 * and with the application's state: a revoked permit's code answers "revoked". A new session secret
 * makes new codes for documents drawn after it; the hashes of codes already printed stay.
 */
const VERIFICATION_CODE_LENGTH = 16;

export function verificationKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('verification-code').digest();
}

/** Five bits at a time, so that every character of the alphabet is as likely as any other. */
function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export function verificationCodeFor(key: Buffer, applicationId: string): string {
  return base32(createHmac('sha256', key).update(applicationId).digest(), VERIFICATION_CODE_LENGTH);
}

/** A code as typed or scanned, as readCrockford reads it; null when it cannot be one. */
export function readVerificationCode(typed: string): string | null {
  return readCrockford(typed, VERIFICATION_CODE_LENGTH);
}

function hashVerificationCode(code: string): string {
  return createHash('sha256').update(`verification:${code}`).digest('hex');
}

/** The application's code, its hash kept (once) so that the code finds it. */
export async function issueVerificationCode(db: Queryable, key: Buffer, applicationId: string): Promise<string> {
  const code = verificationCodeFor(key, applicationId);
  await db('verification_codes').insert({ code_hash: hashVerificationCode(code), application_id: applicationId }).onConflict('code_hash').ignore();
  return code;
}

/** The application a code was issued for. */
export async function applicationOfVerificationCode(db: Queryable, code: string): Promise<string | undefined> {
  const row = await db('verification_codes').where({ code_hash: hashVerificationCode(code) }).first('application_id');
  return row?.application_id;
}
