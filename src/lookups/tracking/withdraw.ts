import type { Request, Response } from 'express';
import { canMove, isFinal } from '../../applications/status.js';
import type { FormDeps } from '../../forms/context.js';
import { trackedApplication } from './session.js';
import { showTracking } from './page.js';

/** "Are you sure?": withdrawing cannot be undone. Only before a decision. */
export async function showWithdraw(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const application = await trackedApplication(deps.db, req);
  if (!application || isFinal(application.status)) return res.redirect(303, '/track');
  res.set('Cache-Control', 'no-store').render('lookups/track-withdraw.njk', {
    reference: application.reference,
    serviceName: res.locals.t(`services:services.${application.service_id}.name`),
  });
}

/**
 * Withdraws the application in one transaction, the row locked: its status, its event, and the
 * files of an answer begun but not sent. Sent twice, the second finds it withdrawn and shows it;
 * after a decision nothing changes and the page says why (409).
 */
export async function submitWithdraw(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const found = await trackedApplication(deps.db, req);
  if (!found) return res.redirect(303, '/track');
  const outcome = await deps.db.transaction(async (trx) => {
    const application = (await trx('applications').where({ id: found.id }).forUpdate().first())!;
    if (application.status === 'withdrawn') return 'already';
    if (!canMove(application.status, 'withdrawn')) return 'decided';
    await trx('applications').where({ id: application.id }).update({ status: 'withdrawn', version: application.version + 1, updated_at: trx.fn.now() });
    await trx('application_events').insert({ application_id: application.id, kind: 'status', from_status: application.status, to_status: 'withdrawn', actor: 'applicant' });
    const unsent = await trx('documents')
      .whereIn('information_request_id', trx('information_requests').where({ application_id: application.id }).select('id'))
      .whereNull('application_id')
      .delete()
      .returning(['storage_key']);
    await deps.storage.delete(unsent.map((row) => row.storage_key), trx);
    return 'withdrawn';
  });
  if (outcome === 'decided') return showTracking(deps, req, res, { status: 409, refusal: 'decided' });
  res.redirect(303, outcome === 'withdrawn' ? '/track?done=withdrawn' : '/track');
}
