import type { Request, Response } from 'express';
import { normaliseReference } from '../../applications/reference.js';
import type { ApplicationRow } from '../../db/tables.js';
import { forbidden, mayWorkOn } from '../auth/guard.js';
import { officerOf, type BackofficeDeps } from '../context.js';

/**
 * The case a route names by its reference, when the officer may work on its service. An unknown
 * reference is a 404; a case of another service, a 403 that does not say what the case is.
 */
export async function caseFor(deps: BackofficeDeps, req: Request, res: Response): Promise<ApplicationRow | undefined> {
  const reference = normaliseReference(String(req.params.reference ?? ''));
  const application: ApplicationRow | undefined = reference ? await deps.db('applications').where({ reference }).first() : undefined;
  if (!application) {
    res.status(404).render('errors/not-found.njk');
    return undefined;
  }
  if (!mayWorkOn(officerOf(res), application.service_id)) {
    forbidden(res);
    return undefined;
  }
  return application;
}
