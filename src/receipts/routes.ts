import type { NextFunction, Request, Response } from 'express';
import type { Route } from '../http/route-table.js';
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

/** The receipt from the confirmation page, while this browser's session holds the sent draft. */
async function sentReceipt(deps: ReceiptDeps, req: Request, res: Response, next: NextFunction): Promise<void> {
  const service = onlineService(deps.findService, req.params.slug);
  if (!service) return next();
  const draft = await findDraft(deps.db, req.session.drafts?.[service.id], service.id);
  const application = draft?.application_id ? await findApplicationById(deps.db, draft.application_id) : undefined;
  if (!application) return res.status(404).set('Cache-Control', 'no-store').render('errors/not-found.njk');
  await sendReceipt(deps, res, application);
}

/** A browser that has not found the application on /track is asked to, and is brought back here once it has. */
async function trackedReceipt(deps: ReceiptDeps, req: Request, res: Response): Promise<void> {
  const application = await trackedApplication(deps.db, req);
  if (!application) return res.redirect(303, '/track?open=receipt');
  await sendReceipt(deps, res, application);
}

/**
 * The receipt of an application, in the page's language, to the two browsers that may have it:
 * the one that sent it (from the confirmation page, while its session holds the sent draft) and
 * one that found it on /track with the reference and the date of birth or document number.
 */
export const RECEIPT_ROUTES: readonly Route<ReceiptDeps>[] = [
  { method: 'get', path: '/services/:slug/apply/receipt.pdf', access: 'public', handle: sentReceipt },
  { method: 'get', path: TRACKED_RECEIPT_PATH, access: 'public', handle: trackedReceipt },
];
