import QRCode from 'qrcode';
import type { TFunction } from 'i18next';
import type { Decision } from '../backoffice/decisions/decision.js';
import type { ApplicationRow } from '../db/tables.js';
import { formatDate, formatMoney } from '../i18n/format.js';
import type { Language } from '../i18n/languages.js';
import type { FeeRow } from '../payments/fees.js';
import { groupedPaymentNumber } from '../payments/numbers.js';
import { drawHeading, drawLabelled, newPdf } from '../pdf/document.js';

/** The public address a permit is checked at; the QR code on the document opens it. */
export function verificationUrl(baseUrl: string, permitNumber: string): string {
  return `${baseUrl.replace(/\/$/, '')}/verify?permit=${encodeURIComponent(permitNumber)}`;
}

/** The QR code the document holds, as the PNG embedded in it. */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

export interface DecisionDocument {
  application: ApplicationRow & { decision: Decision; decided_at: Date };
  fee?: FeeRow;
  language: Language;
  t: TFunction;
  baseUrl: string;
  authority: string;
}

/**
 * The decision as a PDF in one language: who it is for (the name in its own script, in DejaVu
 * Sans, which has Azerbaijani and Cyrillic letters), what was decided, the permit and its validity
 * or each reason with its legal basis, the reference and date, the fee to pay, and a QR code that
 * opens the permit's public verification. The fonts are embedded (subset), so it reads the same anywhere.
 */
export async function decisionPdf(input: DecisionDocument): Promise<Buffer> {
  const { application, language, t } = input;
  const decision = application.decision;
  const date = (value: string | Date) => formatDate(value, language);
  const { doc, bytes: done } = newPdf({ title: t('decisions:pdf.title'), author: t(`common:authority.${input.authority}`), language });
  const line = (label: string, value: string) => drawLabelled(doc, label, value);

  drawHeading(doc, { authority: t(`common:authority.${input.authority}`), title: t('decisions:pdf.title'), subtitle: t(`services:services.${application.service_id}.name`) });

  line(t('decisions:pdf.applicant'), application.applicant_name);
  line(t('decisions:pdf.reference'), application.reference);
  line(t('decisions:pdf.date'), date(application.decided_at));

  doc.moveDown(0.5).font('bold').fontSize(14).text(t(decision.outcome === 'approved' ? 'decisions:outcome.approved' : 'decisions:outcome.refused')).moveDown(0.5);
  if (decision.outcome === 'approved') {
    if (application.permit_number) line(t('decisions:pdf.permitNumber'), application.permit_number);
    if (application.valid_from && application.valid_until) line(t('decisions:pdf.validity'), t('decisions:pdf.validFromTo', { from: date(application.valid_from), until: date(application.valid_until) }));
    if (decision.address) line(t('decisions:pdf.address'), decision.address);
  } else {
    doc.font('bold').fontSize(10).text(t('decisions:pdf.reasons')).moveDown(0.3);
    for (const reason of decision.reasons) {
      doc.font('regular').fontSize(12).text(`• ${t(`services:refusalReasons.${reason}.text`)}`, { indent: 10 });
      doc.font('regular').fontSize(10).fillColor('#505a5f').text(`${t('decisions:pdf.legalBasis')}: ${t(`services:refusalReasons.${reason}.basis`)}`, { indent: 20 }).fillColor('#0b0c0c').moveDown(0.4);
    }
  }
  if (input.fee) {
    doc.moveDown(0.5);
    line(t('decisions:pdf.fee'), t('decisions:pdf.feeLine', { amount: formatMoney(Number(input.fee.amount), language), number: groupedPaymentNumber(input.fee.payment_number), due: date(input.fee.due_date) }));
  }
  if (application.permit_number) {
    const url = verificationUrl(input.baseUrl, application.permit_number);
    doc.moveDown();
    const top = doc.y;
    doc.image(await qrPng(url), doc.page.margins.left, top, { width: 110 });
    doc.font('regular').fontSize(10).text(t('decisions:pdf.verify'), doc.page.margins.left + 125, top + 10, { width: 340 });
    doc.text(url, { width: 340 });
  }
  doc.end();
  return done;
}
