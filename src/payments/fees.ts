import type { Queryable } from '../db/knex.js';
import { addDays } from '../time/calendar.js';
import { newPaymentNumber } from './numbers.js';

/**
 * When a fee is due: 30 days after the decision. The catalogue states it for the work permit (an
 * unpaid fee 30 days after approval cancels the permit); no other service publishes a period of its
 * own, so every fee-charging service uses the same 30 days until the Service names another.
 */
const FEE_DUE_DAYS = 30;

/**
 * Services whose approval the catalogue says an unpaid fee cancels ("If the fee is not paid within
 * 30 days of approval, the permit is cancelled": the work permit). For the others it names no
 * consequence, and the mail sends the person to the Service once the date is past.
 */
export const UNPAID_FEE_CANCELS: ReadonlySet<string> = new Set(['work-permit']);

export interface FeeRow {
  id: string;
  application_id: string;
  payment_number: string;
  /** numeric comes back as a string, to keep every digit. */
  amount: string;
  due_date: string;
  created_at: Date;
  paid_at: Date | null;
  paid_notice_id: string | null;
}

/** The fees table, its rows typed: the payments' own table, not declared in db/tables.ts. */
export const feesTable = (db: Queryable) => db<FeeRow>('fees');

/** A fee's page, and its receipt once paid: opened by a browser that found the fee, or follows its application on /track. */
export const feePath = (paymentNumber: string): string => `/payments/${paymentNumber}`;
export const feeReceiptPath = (paymentNumber: string): string => `/payments/${paymentNumber}/receipt.pdf`;

/** A fee as the lookup shows it: with what it is for. */
export interface FeeView extends FeeRow {
  reference: string;
  service_id: string;
}

/**
 * The fee a decision makes due, with a new payment number; called in the decision's transaction,
 * so a decision and its fee are made together or not at all. Nothing for an application without a fee.
 */
export async function issueFee(trx: Queryable, application: { id: string; fee_amount: string | null }, decidedOn: string): Promise<FeeRow | undefined> {
  if (application.fee_amount === null || Number(application.fee_amount) <= 0) return undefined;
  for (let attempt = 0; ; attempt += 1) {
    const [row] = await feesTable(trx)
      .insert({ application_id: application.id, payment_number: newPaymentNumber(), amount: application.fee_amount, due_date: addDays(decidedOn, FEE_DUE_DAYS) })
      .onConflict('payment_number')
      .ignore()
      .returning('*');
    if (row) return row;
    // 9·10^10 numbers make a clash rare; three in a row would be a bug.
    if (attempt >= 2) throw new Error('Could not draw a free payment number');
  }
}

export async function findFee(db: Queryable, paymentNumber: string): Promise<FeeView | undefined> {
  return (await db('fees')
    .join('applications', 'applications.id', 'fees.application_id')
    .where('fees.payment_number', paymentNumber)
    .first('fees.*', 'applications.reference', 'applications.service_id')) as FeeView | undefined;
}

export async function feeOfApplication(db: Queryable, applicationId: string): Promise<FeeRow | undefined> {
  return feesTable(db).where({ application_id: applicationId }).first();
}

/** An amount in whole cents, so '350', '350.0' and '350.00' are the same and no float is compared. */
export function cents(amount: string): number | null {
  const match = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(amount);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}
