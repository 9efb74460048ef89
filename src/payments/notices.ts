import type { Logger } from 'pino';
import type { Database } from '../db/knex.js';
import { cents, feesTable } from './fees.js';
import { onFeePaid } from './on-fee-paid.js';
import type { PaymentProvider } from './provider.js';

/** A notice older than this (or this far ahead of our clock) is refused as a replay. */
const NOTICE_MAX_AGE_MS = 5 * 60 * 1000;

export type NoticeOutcome =
  | { status: 200; code: 'paid' }
  | { status: 400 | 401 | 404 | 409 | 422; code: 'badSignature' | 'malformed' | 'stale' | 'replay' | 'unknownNumber' | 'wrongAmount' | 'alreadyPaid' };

class Refused extends Error {
  constructor(readonly outcome: Exclude<NoticeOutcome, { status: 200 }>) {
    super(outcome.code);
  }
}

/**
 * A notice from the provider: verified, then recorded once by its id and the fee marked paid once,
 * in one transaction. A second notice with the same id waits on the first's row and is refused as a
 * replay; a fee already paid is never paid again (`where paid_at is null`). The log says what was
 * decided, never whose fee it was.
 */
export async function receiveNotice(
  deps: { db: Database; provider: PaymentProvider; clock: () => Date; logger: Logger },
  rawBody: Buffer,
  signature: string | undefined,
): Promise<NoticeOutcome> {
  const outcome = await decide(deps, rawBody, signature);
  const log = outcome.status === 200 ? deps.logger.info.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
  log({ paymentNotice: outcome.code, status: outcome.status }, 'payment notice');
  return outcome;
}

async function decide(deps: { db: Database; provider: PaymentProvider; clock: () => Date }, rawBody: Buffer, signature: string | undefined): Promise<NoticeOutcome> {
  const reading = deps.provider.verifyNotice(rawBody, signature);
  if (!reading.ok) return { status: reading.status, code: reading.code };
  const { notice } = reading;
  const age = deps.clock().getTime() - new Date(notice.sentAt).getTime();
  if (age > NOTICE_MAX_AGE_MS || age < -NOTICE_MAX_AGE_MS) return { status: 400, code: 'stale' };
  try {
    return await deps.db.transaction(async (trx) => {
      const kept = await trx('payment_notices')
        .insert({ notice_id: notice.noticeId, payment_number: notice.paymentNumber, amount: notice.amount, sent_at: new Date(notice.sentAt) })
        .onConflict('notice_id')
        .ignore()
        .returning('notice_id');
      if (!kept.length) throw new Refused({ status: 409, code: 'replay' });
      const fee = await feesTable(trx).where({ payment_number: notice.paymentNumber }).first();
      if (!fee) throw new Refused({ status: 404, code: 'unknownNumber' });
      if (cents(notice.amount) !== cents(fee.amount)) throw new Refused({ status: 422, code: 'wrongAmount' });
      const [paid] = await feesTable(trx)
        .where({ id: fee.id })
        .whereNull('paid_at')
        .update({ paid_at: deps.clock(), paid_notice_id: notice.noticeId })
        .returning('*');
      if (!paid) throw new Refused({ status: 409, code: 'alreadyPaid' });
      await trx('application_events').insert({ application_id: paid.application_id, kind: 'fee-paid', actor: `provider:${deps.provider.name}`, details: { noticeId: notice.noticeId } });
      await onFeePaid(trx, { fee: paid, noticeId: notice.noticeId });
      return { status: 200, code: 'paid' } as const;
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}
