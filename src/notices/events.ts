import type { Knex } from 'knex';
import type { ApplicationRow } from '../db/tables.js';
import { feeOfApplication } from '../payments/fees.js';
import { queueNotice } from './outbox.js';

/**
 * The mail an officer's action sends, in that action's transaction, keyed by the event it wrote:
 * a request for information (what to send), and a decision made final (approved, or refused with
 * its reasons). Other events (a proposal waiting for a second officer, a case taken) write nothing.
 */
export async function noticeForEvent(trx: Knex.Transaction, application: ApplicationRow, event: { id: string; kind: string; details: Record<string, unknown> }): Promise<void> {
  const eventKey = `event:${event.id}`;
  if (event.kind === 'information-requested') {
    const request = await trx('information_requests').where({ id: event.details.request as string }).first();
    if (!request) return;
    await queueNotice(trx, {
      kind: 'information-requested',
      eventKey,
      applicationId: application.id,
      data: { message: request.message, documents: request.documents, replyBy: request.reply_by },
    });
  } else if (event.kind === 'decided' && application.decision) {
    const decision = application.decision;
    // The fee an approval made due, in this same transaction: what to pay, with which number, by when.
    const fee = decision.outcome === 'approved' ? await feeOfApplication(trx, application.id) : undefined;
    await queueNotice(trx, {
      kind: 'decided',
      eventKey,
      applicationId: application.id,
      data:
        decision.outcome === 'approved'
          ? { outcome: 'approved', validUntil: application.valid_until ?? null, ...(fee ? { fee: { amount: fee.amount, paymentNumber: fee.payment_number, dueDate: fee.due_date } } : {}) }
          : { outcome: 'refused', reasons: decision.reasons ?? [] },
    });
  }
}
