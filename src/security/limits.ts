import type { Request } from 'express';
import type { Queryable } from '../db/knex.js';
import { countAttempt, type Limit } from './rate-limit.js';
import { clientAddress } from './client-address.js';

/**
 * How often one address may do what costs the Service something, counted in PostgreSQL so every
 * instance counts together. Generous: a hotel, an office or a mobile network puts many people
 * behind one address, and a person at the limit is told when to try again.
 */
export const LIMITS = {
  /** Forms begun: a draft is made by the first answer of a form. */
  startDraft: { attempts: 60, windowSeconds: 10 * 60 },
  /** Applications sent. */
  submit: { attempts: 30, windowSeconds: 10 * 60 },
  /** Tries to open saved answers, from one address (across codes) and on one code (from anywhere). */
  resumePerAddress: { attempts: 20, windowSeconds: 15 * 60 },
  resumePerCode: { attempts: 5, windowSeconds: 60 * 60 },
  /** Lookups of an earlier application to fill a form in, from one address and on one record (a permit number). */
  prefillPerAddress: { attempts: 30, windowSeconds: 15 * 60 },
  prefillPerRecord: { attempts: 10, windowSeconds: 60 * 60 },
  /** Tries to open an application to track it, from one address (across references) and on one reference (from anywhere). */
  trackPerAddress: { attempts: 20, windowSeconds: 15 * 60 },
  trackPerReference: { attempts: 10, windowSeconds: 60 * 60 },
  /**
   * Permit checks, from one address and on one permit number or share code. An employer or a
   * landlord checks a few people; an office behind one address checks more, so the address gets room.
   */
  verifyPerAddress: { attempts: 30, windowSeconds: 15 * 60 },
  verifyPerRecord: { attempts: 10, windowSeconds: 60 * 60 },
  /** Share codes one permit holder makes in a day: enough for every employer and landlord, not for a flood of rows. */
  shareCodesPerApplication: { attempts: 10, windowSeconds: 24 * 60 * 60 },
  /** Lookups of a fee by its payment number, from one address (across numbers) and on one number (from anywhere). */
  feeLookupPerAddress: { attempts: 30, windowSeconds: 15 * 60 },
  feeLookupPerNumber: { attempts: 10, windowSeconds: 60 * 60 },
  /**
   * The instant checks that answer from personal records (a registration, a travel ban), from one
   * address and on one document number (from anywhere): enough to mistype a few times, too few to
   * try dates of birth or names until one fits.
   */
  statusCheckPerAddress: { attempts: 30, windowSeconds: 15 * 60 },
  statusCheckPerDocument: { attempts: 10, windowSeconds: 60 * 60 },
  banCheckPerAddress: { attempts: 30, windowSeconds: 15 * 60 },
  banCheckPerDocument: { attempts: 10, windowSeconds: 60 * 60 },
  /**
   * The electronic queue: bookings made or moved from one address (a booking holds a seat others
   * wait for, so a script booking for many people meets this soon), and tries to open a booking by
   * its code, from one address and on one code.
   */
  visitBookingPerAddress: { attempts: 20, windowSeconds: 60 * 60 },
  visitLookupPerAddress: { attempts: 20, windowSeconds: 15 * 60 },
  visitLookupPerCode: { attempts: 5, windowSeconds: 60 * 60 },
  /**
   * Officers' sign-in attempts from one address, across accounts (password spraying). Failures on
   * one account wait longer and longer per client instead (backoffice/auth/throttle.ts): a limit per
   * account alone would let anyone shut an officer out.
   */
  signInPerAddress: { attempts: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, Limit>;

export type Limits = typeof LIMITS;

/** Refused because of a limit: shown as the translated 429 page, with when to try again. */
class TooManyRequests extends Error {
  readonly status = 429;
  constructor(readonly retryAt: Date) {
    super('Too many requests');
  }
}

/** Counts one attempt under each key (an address, a code) with its limit; past any, throws TooManyRequests. */
export async function countOrRefuse(db: Queryable, attempts: readonly { key: string; limit: Limit }[]): Promise<void> {
  const verdicts = [];
  for (const { key, limit } of attempts) verdicts.push(await countAttempt(db, key, limit));
  const refused = verdicts.filter((verdict) => !verdict.allowed);
  if (refused.length) throw new TooManyRequests(new Date(Math.max(...refused.map((verdict) => verdict.retryAt.getTime()))));
}

/** Counts one attempt by the request's address; throws TooManyRequests past the limit. */
export function limitByAddress(db: Queryable, req: Request, limits: Limits, action: 'startDraft' | 'submit'): Promise<void> {
  return countOrRefuse(db, [{ key: `${action}:ip:${clientAddress(req)}`, limit: limits[action] }]);
}
