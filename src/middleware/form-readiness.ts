import type { RequestHandler } from 'express';
import type { Database } from '../db/knex.js';
import { wasStored } from './session-store.js';

/**
 * A page with a form is served only while the database answers, so that a form that could not be
 * kept says so on the page ("back in a few minutes", errors.ts) rather than after it was filled in.
 * A browser with a session has just been answered by the database; one without is asked here, as
 * a page read writes nothing that would have asked it.
 */
export function formsNeedTheDatabase(db: Database, hasForm: (path: string) => boolean): RequestHandler {
  return async (req, _res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && !wasStored(req.session) && hasForm(req.path)) await db.raw('select 1');
    next();
  };
}
