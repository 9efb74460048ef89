import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The applicant's key to their decision: the application's id and an HMAC of it, 44 URL-safe
 * characters (22 + 22), in `/decisions/<token>` (the page), `/decisions/<token>.pdf` (the document)
 * and `/decisions/<token>/feedback` (the rating). Whoever holds the link reads that one decision and
 * nothing else; the tracking page and emails give it to the applicant. The key is made from the
 * session secret, so a new SESSION_SECRET makes new links (old ones then find nothing).
 */
export function decisionTokenKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('decision-token').digest();
}

function mac(key: Buffer, id: Buffer): Buffer {
  return createHmac('sha256', key).update(id).digest().subarray(0, 16);
}

export function decisionToken(key: Buffer, applicationId: string): string {
  const id = Buffer.from(applicationId.replace(/-/g, ''), 'hex');
  return id.toString('base64url') + mac(key, id).toString('base64url');
}

/** The application id a token names, or null for anything that is not a token we made. */
export function readDecisionToken(key: Buffer, token: string): string | null {
  if (!/^[\w-]{44}$/.test(token)) return null;
  const id = Buffer.from(token.slice(0, 22), 'base64url');
  const given = Buffer.from(token.slice(22), 'base64url');
  if (id.length !== 16 || given.length !== 16 || !timingSafeEqual(given, mac(key, id))) return null;
  const hex = id.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
