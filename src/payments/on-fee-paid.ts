import type { Knex } from 'knex';
import { queueNotice } from '../notices/outbox.js';
import type { FeeRow } from './fees.js';

export interface FeePaid {
  fee: FeeRow;
  noticeId: string;
}

/**
 * What follows a payment, called once per fee inside the transaction that marks it paid: the
 * "payment received" email is queued there, so it is sent exactly when the payment is recorded.
 */
export async function onFeePaid(trx: Knex.Transaction, payment: FeePaid): Promise<void> {
  await queueNotice(trx, { kind: 'payment-received', eventKey: `payment:${payment.fee.id}`, applicationId: payment.fee.application_id, data: { amount: payment.fee.amount, paymentNumber: payment.fee.payment_number, paidAt: payment.fee.paid_at?.toISOString() ?? null } });
}
