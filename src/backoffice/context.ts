import type { RequestHandler, Response } from 'express';
import type { Database } from '../db/knex.js';
import type { DocumentStorage } from '../documents/storage.js';
import type { Limits } from '../security/limits.js';
import type { OfficerRow } from './officers/repository.js';

export interface BackofficeDeps {
  db: Database;
  storage: DocumentStorage;
  clock: () => Date;
  csrf: RequestHandler;
  limits: Limits;
  secureCookies: boolean;
  /** An officer idle this long is signed out. */
  idleMinutes: number;
  /** Makes the links to decision documents (src/decisions/token.ts) the case page offers. */
  decisionTokenKey: Buffer;
  /** Signs the device cookies of browsers officers signed in with (auth/device.ts). */
  deviceKey: Buffer;
}

export const BASE = '/backoffice';

declare module 'express-session' {
  interface SessionData {
    /** The officer signed in on this session, and when they were last seen (ms), for the idle timeout. */
    officer?: { id: string; seenAt: number };
    /**
     * A sign-in waiting for its second factor: the officer whose password was right, or (guarded,
     * while the account is under attack from new clients) null when it was not, which the code page
     * does not tell. The account is a digest of the email typed.
     */
    pendingOfficer?: { id: string | null; account: string; at: number; next?: string; guarded: boolean };
    /** A TOTP secret shown for setting up, kept until a code proves the app holds it. */
    totpSetup?: string;
  }
}

/** The officer the guard let through (see auth/guard.ts). */
export function officerOf(res: Response): OfficerRow {
  const officer = res.locals.officer as OfficerRow | undefined;
  if (!officer) throw new Error('No officer on a guarded route');
  return officer;
}

