import type { Knex } from 'knex';
import type { FeeRow } from './fees.js';

export interface FeePaid {
  fee: FeeRow;
  noticeId: string;
}

/**
 * The seam for what follows a payment, called once per fee, inside the transaction that marks it
 * paid: the place to queue a "payment received" email (in that same transaction, so it is sent
 * exactly when the payment is recorded). A no-op until the notifications outbox exists.
 */
export async function onFeePaid(_trx: Knex.Transaction, _payment: FeePaid): Promise<void> {
  // Intentionally empty: the "payment received" email is queued here by the notifications work.
}
