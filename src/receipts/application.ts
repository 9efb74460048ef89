import { formatReference } from '../applications/reference.js';
import type { Queryable } from '../db/knex.js';
import type { ApplicationRow } from '../db/tables.js';
import { applicationDocuments } from '../documents/repository.js';
import { formatSize } from '../forms/fields/file.js';
import { renderApplicationAnswers } from '../catalogue/versions.js';
import { summaryText } from '../forms/render-answers.js';
import type { Reader } from '../forms/words.js';
import { formatDateTime } from '../i18n/format.js';
import { drawHeading, drawNote, drawSections, newPdf, type PdfSection } from '../pdf/document.js';

/** How much of a file's SHA-256 the receipt prints: enough to tell two files apart, short enough to read out. */
export const HASH_PREFIX = 12;

export interface ReceiptContext {
  reader: Reader;
  /** Key under `common:authority.`. */
  authority: string;
  baseUrl: string;
}

/** What was sent, when, and what was chosen: the facts at the top of the receipt. */
function sentSection(application: ApplicationRow, reader: Reader): PdfSection {
  const { t } = reader;
  const rows = [
    { label: t('receipts:application.reference'), value: formatReference(application.reference) },
    { label: t('receipts:application.service'), value: t(`services:services.${application.service_id}.name`) },
    { label: t('receipts:application.sent'), value: formatDateTime(application.submitted_at, reader.lang) },
  ];
  if (application.speed) rows.push({ label: t('receipts:application.speed'), value: t(`services:speeds.${application.speed}`) });
  rows.push({ label: t('receipts:application.fee'), value: application.fee_amount === null ? t('receipts:application.noFee') : reader.formatMoney(Number(application.fee_amount)) });
  rows.push({ label: t('receipts:application.decisionBy'), value: reader.formatDate(application.legal_due_date) });
  return { title: t('receipts:application.sentHeading'), rows };
}

/**
 * The receipt of an application as sent, in the reader's language: the reference as every page
 * writes it, the service, when it was sent (Baku time), the speed and fee chosen, the legal date of
 * the decision, every answer as "check your answers" showed it (`renderAnswers`), and each document
 * sent with it by name, size and the start of its SHA-256, so either side can show which file it was.
 */
export async function applicationReceiptPdf(db: Queryable, application: ApplicationRow, context: ReceiptContext): Promise<Buffer> {
  const { reader } = context;
  const { t } = reader;
  const authority = t(`common:authority.${context.authority}`);
  const { doc, bytes } = await newPdf({ title: t('receipts:application.title'), author: authority, language: reader.lang });
  drawHeading(doc, { authority, title: t('receipts:application.title'), subtitle: t(`services:services.${application.service_id}.name`) });
  const answers = renderApplicationAnswers(application, reader).map((card) => ({
    title: card.title,
    rows: card.rows.map((row) => ({ label: row.key.text, value: summaryText(row.value) })),
  }));
  // Files sent later, in answer to a request for information, are not part of what was sent here.
  const documents = (await applicationDocuments(db, application.id)).filter((row) => row.information_request_id === null);
  const files: PdfSection = {
    title: t('receipts:application.documents'),
    rows: documents.map((row) => ({
      label: row.display_name,
      value: t('receipts:application.document', { size: formatSize(row.size_bytes, reader), hash: row.sha256.slice(0, HASH_PREFIX) }),
    })),
  };
  drawSections(doc, [sentSection(application, reader), ...answers, ...(documents.length ? [files] : [])]);
  drawNote(doc, [t('receipts:application.note'), t('receipts:application.track', { url: `${context.baseUrl.replace(/\/$/, '')}/track` })]);
  doc.end();
  return bytes;
}
