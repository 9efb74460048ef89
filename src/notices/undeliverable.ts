import type { Queryable } from '../db/knex.js';
import { maskAddress } from './failures.js';

/** A mail about an application that will never arrive, as the officer's case page tells it. */
export interface UndeliverableMail {
  queuedAt: Date;
  /** "s…@example.com" */
  address: string;
  reason: 'refused' | 'expired';
  /** The server's reply, or the last cause it could not be reached. */
  reply: string;
  /** How long it waited before it was given up. */
  hours: number;
}

export async function undeliverableMail(db: Queryable, applicationId: string): Promise<UndeliverableMail[]> {
  const rows = await db('outbox').where({ application_id: applicationId }).whereNotNull('undeliverable_at').orderBy('created_at');
  return rows.map((row) => ({
    queuedAt: row.created_at,
    address: maskAddress(row.recipient),
    reason: row.undeliverable_reason ?? 'refused',
    reply: row.last_error ?? '',
    hours: Math.round((row.undeliverable_at!.getTime() - row.created_at.getTime()) / 3_600_000),
  }));
}
