import type { Request, Response } from 'express';
import { contentDisposition } from '../../documents/names.js';
import { isUuid } from '../../forms/drafts.js';
import { audit } from '../audit/log.js';
import { officerOf, type BackofficeDeps } from '../context.js';
import { caseFor } from './load.js';

/**
 * A document of a case, shown in the browser (PDF and images) or downloaded. Served with the type
 * its bytes were found to be, never guessed again, and a policy that lets it run nothing: a file
 * made to look like a picture cannot act as a page of the back-office.
 */
export async function showDocument(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const application = await caseFor(deps, req, res);
  if (!application) return;
  const id = req.params.document;
  const row = isUuid(id) ? await deps.db('documents').where({ id, application_id: application.id }).first() : undefined;
  const bytes = row ? await deps.storage.get(row.storage_key) : undefined;
  if (!row || !bytes) return res.status(404).render('errors/not-found.njk');
  const download = req.query.download === '1';
  await audit(deps.db, req, { action: 'document-viewed', officerId: officerOf(res).id, applicationId: application.id, documentId: row.id, details: { download } });
  const disposition = contentDisposition(row.display_name);
  res.set({
    'Content-Type': row.media_type,
    'Content-Disposition': download ? disposition : disposition.replace(/^attachment/, 'inline'),
    'Content-Length': String(bytes.length),
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(bytes);
}
