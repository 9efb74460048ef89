import type { OpenTarget } from '../../applications/links.js';
import { decisionToken } from '../../decisions/token.js';
import type { Queryable } from '../../db/knex.js';
import type { ApplicationRow } from '../../db/tables.js';
import { feeOfApplication, feePath, feeReceiptPath } from '../../payments/fees.js';

/** The receipt of the application this session follows (served by src/receipts/routes.ts). */
export const TRACKED_RECEIPT_PATH = '/track/receipt.pdf';

/**
 * Where a link's target is for this application now (see applications/links.ts); undefined when it
 * has none (no request open, not decided, no fee), and the tracking page, shown instead, says why.
 */
export async function openTargetPath(db: Queryable, application: ApplicationRow, target: OpenTarget, decisionTokenKey: Buffer | undefined, now: Date): Promise<string | undefined> {
  switch (target) {
    case 'reply':
      return application.status === 'awaiting_applicant' ? '/track/reply' : undefined;
    case 'receipt':
      return TRACKED_RECEIPT_PATH;
    case 'decision':
      // A fresh link (each lasts 90 days); none once the permit is revoked, whose links all stop working.
      return application.decided_at && !application.permit_revoked_at && decisionTokenKey ? `/decisions/${decisionToken(decisionTokenKey, application.id, now)}` : undefined;
    case 'fee':
    case 'paymentReceipt': {
      const fee = await feeOfApplication(db, application.id);
      if (!fee) return undefined;
      return target === 'paymentReceipt' && fee.paid_at ? feeReceiptPath(fee.payment_number) : feePath(fee.payment_number);
    }
  }
}
