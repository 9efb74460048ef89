import { applicationOfVerificationCode } from '../../applications/verification-codes.js';
import { decisionRules } from '../../catalogue/decisions.js';
import { findService } from '../../catalogue/index.js';
import type { Grant } from '../../catalogue/types.js';
import type { Queryable } from '../../db/knex.js';
import type { ApplicationRow } from '../../db/tables.js';
import { todayInBaku } from '../../time/calendar.js';
import { applicationOfShareCode } from '../share-codes.js';

type PermitState = 'valid' | 'expired' | 'revoked';

/** What the verification page says of a permit: never more than an employer or a landlord needs. */
export interface PermitCheck {
  state: PermitState;
  permitNumber: string;
  /** The letters that begin the number say its kind (words in `verify:kinds.<prefix>`). */
  prefix: string;
  /** What the approval gave: a permit is named as one, anything else as a document. */
  grants: Grant;
  holder: string;
  validFrom: string | null;
  validUntil: string | null;
}

const COLUMNS = ['permit_number', 'applicant_name', 'valid_from', 'valid_until', 'permit_revoked_at', 'date_of_birth', 'status', 'service_id'] as const;
type PermitRow = Pick<ApplicationRow, (typeof COLUMNS)[number]>;

/** A permit number as typed: upper case, spaces, dashes and dots gone. */
export function readPermitNumber(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s\-_./]/g, '');
  return /^[A-Z]{2,3}\d{9}$/.test(compact) ? compact : null;
}

function stateOf(row: PermitRow, now: Date): PermitCheck {
  const today = todayInBaku(now);
  const state: PermitState = row.permit_revoked_at ? 'revoked' : row.valid_until && row.valid_until < today ? 'expired' : 'valid';
  return {
    state,
    permitNumber: row.permit_number!,
    prefix: /^[A-Z]+/.exec(row.permit_number!)![0],
    grants: decisionRules(findService(row.service_id)!).grants,
    holder: row.applicant_name,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
  };
}

/** A permit by its number and its holder's date of birth; undefined alike when there is none and when the date differs. */
export async function permitByNumber(db: Queryable, permitNumber: string, dateOfBirth: string, now: Date): Promise<PermitCheck | undefined> {
  const row: PermitRow | undefined = await db('applications').where({ permit_number: permitNumber, status: 'approved' }).first(COLUMNS);
  return row && row.date_of_birth === dateOfBirth ? stateOf(row, now) : undefined;
}

/** A permit by a share code that works now (neither expired nor revoked); undefined alike for any other code. */
export async function permitByShareCode(db: Queryable, code: string, now: Date): Promise<PermitCheck | undefined> {
  const applicationId = await applicationOfShareCode(db, code, now);
  if (!applicationId) return undefined;
  const row: PermitRow | undefined = await db('applications').where({ id: applicationId, status: 'approved' }).whereNotNull('permit_number').first(COLUMNS);
  return row ? stateOf(row, now) : undefined;
}

/**
 * A document by the verification code its QR code holds: found whatever its state, so that a
 * revoked permit's code answers "revoked". No date of birth: the code is the proof of holding the paper.
 */
export async function permitByVerificationCode(db: Queryable, code: string, now: Date): Promise<PermitCheck | undefined> {
  const applicationId = await applicationOfVerificationCode(db, code);
  if (!applicationId) return undefined;
  const row: PermitRow | undefined = await db('applications').where({ id: applicationId, status: 'approved' }).whereNotNull('permit_number').first(COLUMNS);
  return row ? stateOf(row, now) : undefined;
}
