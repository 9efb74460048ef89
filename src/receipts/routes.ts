import { Router, type Response } from 'express';
import { findApplicationById } from '../applications/repository.js';
import { formatReference } from '../applications/reference.js';
import type { ApplicationRow } from '../db/tables.js';
import { onlineService, readerOf, type FormDeps } from '../forms/context.js';
import { findDraft } from '../forms/drafts.js';
import { TRACKED_RECEIPT_PATH } from '../lookups/tracking/open.js';
import { trackedApplication } from '../lookups/tracking/session.js';
import { sendPdf } from '../pdf/send.js';
import { applicationReceiptPdf } from './application.js';

export interface ReceiptDeps extends FormDeps {
  authority: string;
  baseUrl: string;
}

async function sendReceipt(deps: ReceiptDeps, res: Response, application: ApplicationRow): Promise<void> {
  const reader = readerOf(res);
  const pdf = await applicationReceiptPdf(deps.db, application, { reader, authority: deps.authority, baseUrl: deps.baseUrl });
  sendPdf(res, pdf, `receipt-${formatReference(application.reference)}-${reader.lang}.pdf`);
}

/**
 * The receipt of an application, in the page's language, to the two browsers that may have it:
 * the one that sent it (from the confirmation page, while its session holds the sent draft) and
 * one that found it on /track with the reference and the date of birth or document number.
 */
export function receiptRoutes(deps: ReceiptDeps): Router {
  const router = Router();
  router.get('/services/:slug/apply/receipt.pdf', async (req, res, next) => {
    const service = onlineService(deps.findService, req.params.slug);
    if (!service) return next();
    const draft = await findDraft(deps.db, req.session.drafts?.[service.id], service.id);
    const application = draft?.application_id ? await findApplicationById(deps.db, draft.application_id) : undefined;
    if (!application) return res.status(404).set('Cache-Control', 'no-store').render('errors/not-found.njk');
    await sendReceipt(deps, res, application);
  });
  router.get(TRACKED_RECEIPT_PATH, async (req, res) => {
    const application = await trackedApplication(deps.db, req);
    // A browser that has not found the application is asked to, and is brought back here once it has.
    if (!application) return res.redirect(303, '/track?open=receipt');
    await sendReceipt(deps, res, application);
  });
  return router;
}
