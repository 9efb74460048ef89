import { formatReference } from '../applications/reference.js';
import type { Reader } from '../forms/words.js';
import { formatDateTime } from '../i18n/format.js';
import { drawHeading, drawNote, drawSections, newPdf } from '../pdf/document.js';
import type { FeeView } from './fees.js';
import { groupedPaymentNumber } from './numbers.js';

/**
 * The receipt of a paid state fee, in the reader's language: what was paid, for which application
 * and when (Baku time), with the provider's own id of the payment. It names no person: whoever
 * holds the payment number can see the fee page, and so this.
 */
export async function paymentReceiptPdf(fee: FeeView & { paid_at: Date }, context: { reader: Reader; authority: string }): Promise<Buffer> {
  const { reader } = context;
  const { t } = reader;
  const authority = t(`common:authority.${context.authority}`);
  const { doc, bytes } = await newPdf({ title: t('receipts:payment.title'), author: authority, language: reader.lang });
  drawHeading(doc, { authority, title: t('receipts:payment.title'), subtitle: t(`services:services.${fee.service_id}.name`) });
  const rows = [
    { label: t('payments:fee.number'), value: groupedPaymentNumber(fee.payment_number) },
    { label: t('payments:fee.amount'), value: reader.formatMoney(Number(fee.amount)) },
    { label: t('payments:fee.for'), value: t(`services:services.${fee.service_id}.name`) },
    { label: t('payments:fee.reference'), value: formatReference(fee.reference) },
    { label: t('receipts:payment.paidAt'), value: formatDateTime(fee.paid_at, reader.lang) },
  ];
  if (fee.paid_notice_id) rows.push({ label: t('receipts:payment.providerId'), value: fee.paid_notice_id });
  drawSections(doc, [{ title: t('receipts:payment.heading'), rows }]);
  drawNote(doc, [t('receipts:payment.note')]);
  doc.end();
  return bytes;
}
