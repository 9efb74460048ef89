import type { TFunction } from 'i18next';
import { formatReference } from '../applications/reference.js';
import { decisionRules, reasonWithBasis } from '../catalogue/decisions.js';
import { appealText } from '../catalogue/legal.js';
import type { ServiceDefinition } from '../catalogue/types.js';
import type { ApplicationRow, Decision } from '../db/tables.js';
import { formatDate, formatMoney } from '../i18n/format.js';
import type { Language } from '../i18n/languages.js';
import type { FeeRow } from '../payments/fees.js';
import { groupedPaymentNumber } from '../payments/numbers.js';
import { drawHeading, drawLabelled, newPdf } from '../pdf/document.js';

/** The public address the QR code on the document opens: the check of this one document, by its own code. */
export function verificationUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/verify/${code}`;
}

/** The QR code the document holds, as the PNG embedded in it. */
async function qrPng(url: string): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

export interface DecisionDocument {
  application: ApplicationRow & { decision: Decision; decided_at: Date };
  service: ServiceDefinition;
  fee?: FeeRow;
  /** Where the QR code leads: the check of this document (an approval's only). */
  verifyUrl?: string;
  language: Language;
  t: TFunction;
  baseUrl: string;
  authority: string;
}

/**
 * The decision as a PDF in one language: who it is for (the name in its own script, in DejaVu
 * Sans, which has Azerbaijani and Cyrillic letters), what was decided, the permit and its validity
 * or each reason with its legal basis and the right to appeal, the reference as every page writes it,
 * the date, the fee to pay, and a QR code that opens the document's own check, which asks nothing of
 * whoever scans it. The fonts are embedded (subset), so it reads the same anywhere.
 */
export async function decisionPdf(input: DecisionDocument): Promise<Buffer> {
  const { application, language, t } = input;
  const decision = application.decision;
  const date = (value: string | Date) => formatDate(value, language);
  const { doc, bytes: done } = await newPdf({ title: t('decisions:pdf.title'), author: t(`common:authority.${input.authority}`), language });
  const line = (label: string, value: string) => drawLabelled(doc, label, value);

  drawHeading(doc, { authority: t(`common:authority.${input.authority}`), title: t('decisions:pdf.title'), subtitle: t(`services:services.${application.service_id}.name`) });

  line(t('decisions:pdf.applicant'), application.applicant_name);
  line(t('decisions:pdf.reference'), formatReference(application.reference));
  line(t('decisions:pdf.date'), date(application.decided_at));

  doc.moveDown(0.5).font('bold').fontSize(14).text(t(decision.outcome === 'approved' ? 'decisions:outcome.approved' : 'decisions:outcome.refused')).moveDown(0.5);
  if (decision.outcome === 'approved') {
    if (application.permit_number) line(t(`decisions:pdf.number.${decision.grants}`), application.permit_number);
    if (application.valid_from && application.valid_until) line(t('decisions:pdf.validity'), t('decisions:pdf.validFromTo', { from: date(application.valid_from), until: date(application.valid_until) }));
    else if (application.valid_from) line(t('decisions:pdf.validity'), t('decisions:pdf.validFrom', { from: date(application.valid_from) }));
    if (decision.address) line(t('decisions:pdf.address'), decision.address);
  } else {
    doc.font('bold').fontSize(10).text(t('decisions:pdf.reasons')).moveDown(0.3);
    for (const reason of decision.reasons) {
      doc.font('regular').fontSize(12).text(`• ${reasonWithBasis(t, input.service, reason)}`, { indent: 10 }).moveDown(0.4);
    }
    doc.moveDown(0.5);
    line(t('decisions:pdf.appeal'), appealText(t, decisionRules(input.service).appeal));
  }
  if (input.fee) {
    doc.moveDown(0.5);
    line(t('decisions:pdf.fee'), t('decisions:pdf.feeLine', { amount: formatMoney(Number(input.fee.amount), language), number: groupedPaymentNumber(input.fee.payment_number), due: date(input.fee.due_date) }));
  }
  if (input.verifyUrl) {
    doc.moveDown();
    const top = doc.y;
    doc.image(await qrPng(input.verifyUrl), doc.page.margins.left, top, { width: 110 });
    doc.font('regular').fontSize(10).text(t('decisions:pdf.verify'), doc.page.margins.left + 125, top + 10, { width: 340 });
    doc.text(input.verifyUrl, { width: 340 });
  }
  doc.end();
  return done;
}
