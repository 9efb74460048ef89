import type { Request } from 'express';
import type { Queryable } from '../../db/knex.js';
import type { ApplicationRow } from '../../db/tables.js';
import { isUuid } from '../../forms/drafts.js';
import { saveSession } from '../../forms/pages/step-page.js';

declare module 'express-session' {
  interface SessionData {
    /**
     * The one application this browser has proved it may follow (its reference and the date of
     * birth or document number): never in the address, so a shared or logged link opens nothing.
     */
    tracking?: {
      applicationId: string;
      /** What was typed in an answer to a request not yet sent, by request, so uploading a file loses none of it. */
      replies?: Record<string, string>;
      /** A share code just made, shown once on the next page and then forgotten. */
      newShareCode?: { code: string; expiresAt: string };
    };
  }
}

/** The application this session follows, as it is now; undefined when none (or it is gone). */
export async function trackedApplication(db: Queryable, req: Request): Promise<ApplicationRow | undefined> {
  const id = req.session.tracking?.applicationId;
  if (!id || !isUuid(id)) return undefined;
  return db('applications').where({ id }).first();
}

/**
 * Follows an application from now on, in a new session (the old id, which may have been planted,
 * is dropped); forms being filled in go on in the new one.
 */
export async function followApplication(req: Request, applicationId: string): Promise<void> {
  const drafts = req.session.drafts;
  await new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
  if (drafts) req.session.drafts = drafts;
  req.session.tracking = { applicationId };
  await saveSession(req);
}

export async function forgetApplication(req: Request): Promise<void> {
  if (!req.session.tracking) return;
  delete req.session.tracking;
  await saveSession(req);
}
