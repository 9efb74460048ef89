import type { Request } from 'express';
import type { FormDeps } from '../../forms/context.js';
import type { FileField } from '../../forms/fields/file.js';
import { file } from '../../forms/fields/index.js';
import type { Route } from '../../http/route-table.js';
import { submitFind } from './find.js';
import { showTracking } from './page.js';
import { OTHER_DOCUMENTS, REPLY_FIELD_BYTES, replyContext, showReply, showReplyFile, submitReply } from './reply.js';
import { forgetApplication } from './session.js';
import { showShareCode, submitRevokeShareCode, submitShareCode } from './share.js';
import { showWithdraw, submitWithdraw } from './withdraw.js';

/** A route of the public checks: a reply to a request for information carries a form engine's file fields. */
export type LookupRoute = Route<FormDeps, never, readonly FileField[]>;

/**
 * The documents a reply may carry. Once the request is answered, a copy of the page sent again is
 * still read (with the one other-documents field), so it is told the answer went rather than that the page expired.
 */
async function replyFileFields(deps: FormDeps, req: Request): Promise<readonly FileField[] | undefined> {
  return (await replyContext(deps, req))?.fields ?? (req.session.tracking ? [file(OTHER_DOCUMENTS)] : undefined);
}

/**
 * Track your application (catalogue service 14): find it by reference and a detail of the person,
 * then, for this session only, its status, history, dates and estimate; answer a request for
 * information; withdraw it; and, for a permit, make and revoke share codes.
 */
export const TRACKING_ROUTES: readonly LookupRoute[] = [
  { method: 'get', path: '/track', access: 'public', handle: (deps, req, res) => showTracking(deps, req, res) },
  { method: 'post', path: '/track', body: 'form', access: 'public', handle: submitFind },
  // Another application: the form again, this one let go of.
  {
    method: 'post',
    path: '/track/forget',
    body: 'form',
    access: 'public',
    handle: async (_deps, req, res) => {
      await forgetApplication(req);
      res.redirect(303, '/track');
    },
  },
  { method: 'get', path: '/track/reply', access: 'public', handle: showReply },
  // The answer's form carries files: its token checked first, then read with the limits of the documents asked for.
  { method: 'post', path: '/track/reply', body: { kind: 'multipart', files: replyFileFields, limits: { fieldSize: REPLY_FIELD_BYTES } }, access: 'public', handle: submitReply },
  { method: 'get', path: '/track/reply/files/:file', access: 'public', handle: showReplyFile },
  { method: 'get', path: '/track/withdraw', access: 'public', handle: showWithdraw },
  { method: 'post', path: '/track/withdraw', body: 'form', access: 'public', handle: submitWithdraw },
  { method: 'post', path: '/track/share-codes', body: 'form', access: 'public', handle: submitShareCode },
  { method: 'get', path: '/track/share-code', access: 'public', handle: showShareCode },
  { method: 'post', path: '/track/share-codes/revoke', body: 'form', access: 'public', handle: submitRevokeShareCode },
];
