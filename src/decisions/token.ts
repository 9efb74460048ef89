import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The applicant's key to their decision: the application's id, the day the link was issued and an
 * HMAC of both, 48 URL-safe characters, in `/decisions/<token>` (the page), `/decisions/<token>.pdf`
 * (the document) and `/decisions/<token>/feedback` (the rating). Whoever holds the link reads that one
 * decision and nothing else, for DECISION_LINK_DAYS after it was issued: the decision's mail carries
 * one issued on the day of the decision, and the tracking page, reached with the reference and the
 * date of birth or document number, issues a fresh one each time. A revoked permit's links all stop
 * working (routes.ts). The key is made from the session secret, so a new SESSION_SECRET makes new links.
 */
export const DECISION_LINK_DAYS = 90;

const DAY_MS = 86_400_000;
const TOKEN_LENGTH = 48;

export function decisionTokenKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('decision-token').digest();
}

function mac(key: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

/** A link to the decision, valid for DECISION_LINK_DAYS from `issuedAt` (counted in whole UTC days). */
export function decisionToken(key: Buffer, applicationId: string, issuedAt: Date): string {
  const payload = Buffer.alloc(20);
  Buffer.from(applicationId.replace(/-/g, ''), 'hex').copy(payload, 0);
  payload.writeUInt32BE(Math.floor(issuedAt.getTime() / DAY_MS), 16);
  return Buffer.concat([payload, mac(key, payload)]).toString('base64url');
}

export interface DecisionLink {
  applicationId: string;
  /** The first moment the link no longer opens the decision. */
  expiresAt: Date;
}

/** What a token we made says; null for anything else (forged, altered, cut short). */
export function readDecisionToken(key: Buffer, token: string): DecisionLink | null {
  if (token.length !== TOKEN_LENGTH || !/^[\w-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 36) return null;
  const payload = bytes.subarray(0, 20);
  if (!timingSafeEqual(bytes.subarray(20), mac(key, payload))) return null;
  const hex = payload.subarray(0, 16).toString('hex');
  return {
    applicationId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    expiresAt: new Date((payload.readUInt32BE(16) + DECISION_LINK_DAYS) * DAY_MS),
  };
}
