import type { Request, Response } from 'express';
import { normaliseReference } from '../../applications/reference.js';
import type { ApplicationRow } from '../../db/tables.js';
import { mayWorkOn } from '../auth/guard.js';
import { officerOf, type BackofficeDeps } from '../context.js';

/**
 * The case a route names by its reference, when the officer may work on its service. A case of
 * another service is answered as a reference nobody has, the same 404: a different answer would
 * tell an officer that the reference exists.
 */
export async function caseFor(deps: BackofficeDeps, req: Request, res: Response): Promise<ApplicationRow | undefined> {
  const reference = normaliseReference(String(req.params.reference ?? ''));
  const application: ApplicationRow | undefined = reference ? await deps.db('applications').where({ reference }).first() : undefined;
  if (!application || !mayWorkOn(officerOf(res), application.service_id)) {
    res.status(404).render('errors/not-found.njk');
    return undefined;
  }
  return application;
}
