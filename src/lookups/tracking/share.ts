import type { Request, Response } from 'express';
import type { FormDeps } from '../../forms/context.js';
import { isUuid } from '../../forms/drafts.js';
import { saveSession } from '../../forms/pages/step-page.js';
import { todayInBaku } from '../../time/calendar.js';
import { countOrRefuse } from '../../security/limits.js';
import { formatShareCode, makeShareCode, revokeShareCode } from '../share-codes.js';
import { trackedApplication } from './session.js';
import { fieldsOf } from '../../http/fields.js';

/** A permit that can be shown to others: approved, with a number, not revoked. */
async function sharablePermit(deps: FormDeps, req: Request) {
  const application = await trackedApplication(deps.db, req);
  return application && application.status === 'approved' && application.permit_number && !application.permit_revoked_at ? application : undefined;
}

/** Makes a code, keeps only its hash, and shows the code once on the next page. */
export async function submitShareCode(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const application = await sharablePermit(deps, req);
  if (!application) return res.redirect(303, '/track');
  await countOrRefuse(deps.db, [{ key: `share:application:${application.id}`, limit: deps.limits.shareCodesPerApplication }]);
  const made = await makeShareCode(deps.db, application.id, deps.clock());
  req.session.tracking = { ...req.session.tracking!, newShareCode: { code: made.code, expiresAt: todayInBaku(made.expiresAt) } };
  await saveSession(req);
  res.redirect(303, '/track/share-code');
}

/** The code just made, once: after this page only its hash remains anywhere. */
export async function showShareCode(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const application = await sharablePermit(deps, req);
  const made = req.session.tracking?.newShareCode;
  if (!application || !made) return res.redirect(303, '/track');
  delete req.session.tracking!.newShareCode;
  await saveSession(req);
  res.set('Cache-Control', 'no-store').render('lookups/track-share-code.njk', {
    code: formatShareCode(made.code),
    until: res.locals.formatDate(made.expiresAt),
    permitNumber: application.permit_number,
  });
}

export async function submitRevokeShareCode(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const application = await trackedApplication(deps.db, req);
  const id = fieldsOf(req.body).code;
  if (!application || !isUuid(id)) return res.redirect(303, '/track');
  const revoked = await revokeShareCode(deps.db, application.id, id, deps.clock());
  res.redirect(303, revoked ? '/track?done=shareRevoked' : '/track');
}
