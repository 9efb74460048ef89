import { Router } from 'express';
import type { FormDeps } from '../../forms/context.js';
import { submitFind } from './find.js';
import { showTracking } from './page.js';
import { file } from '../../forms/fields/index.js';
import { OTHER_DOCUMENTS, REPLY_FIELD_BYTES, replyContext, showReply, showReplyFile, submitReply } from './reply.js';
import { forgetApplication } from './session.js';
import { showShareCode, submitRevokeShareCode, submitShareCode } from './share.js';
import { showWithdraw, submitWithdraw } from './withdraw.js';

/** The paths of the tracking pages that take a POST. */
export const TRACKING_POSTS = ['/track', '/track/forget', '/track/reply', '/track/withdraw', '/track/share-codes', '/track/share-codes/revoke'];

/**
 * Track your application (catalogue service 14): find it by reference and a detail of the person,
 * then, for this session only, its status, history, dates and estimate; answer a request for
 * information; withdraw it; and, for a permit, make and revoke share codes.
 */
export function trackingRoutes(deps: FormDeps): Router {
  const router = Router();
  router.get('/track', (req, res) => showTracking(deps, req, res));
  router.post('/track', deps.csrf, (req, res) => submitFind(deps, req, res));
  // Another application: the form again, this one let go of.
  router.post('/track/forget', deps.csrf, async (req, res) => {
    await forgetApplication(req);
    res.redirect(303, '/track');
  });

  router.get('/track/reply', (req, res) => showReply(deps, req, res));
  // The answer's form carries files: its token checked first, then read with the limits of the documents asked for.
  // Once the request is answered, a copy of the page sent again is still read (with the one other-documents
  // field), so it is told the answer went rather than that the page expired.
  router.post(
    '/track/reply',
    deps.uploads.parser(async (req) => (await replyContext(deps, req))?.fields ?? (req.session.tracking ? [file(OTHER_DOCUMENTS)] : undefined), { fieldSize: REPLY_FIELD_BYTES }),
    deps.csrf,
    (req, res) => submitReply(deps, req, res),
  );
  router.get('/track/reply/files/:file', (req, res) => showReplyFile(deps, req, res));

  router.get('/track/withdraw', (req, res) => showWithdraw(deps, req, res));
  router.post('/track/withdraw', deps.csrf, (req, res) => submitWithdraw(deps, req, res));

  router.post('/track/share-codes', deps.csrf, (req, res) => submitShareCode(deps, req, res));
  router.get('/track/share-code', (req, res) => showShareCode(deps, req, res));
  router.post('/track/share-codes/revoke', deps.csrf, (req, res) => submitRevokeShareCode(deps, req, res));
  return router;
}
