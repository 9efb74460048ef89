import type { Request } from 'express';
import type { Queryable } from '../../db/knex.js';

/** What an audit row records. Views count as much as changes: who read a case is part of its history. */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in-refused',
  'sign-out',
  'signed-out-idle',
  'password-changed',
  'two-factor-enabled',
  'two-factor-disabled',
  'officer-created',
  'officer-updated',
  'officer-password-reset',
  'role-policy-changed',
  'audit-viewed',
  'queue-exported',
  'dashboard-viewed',
  'travel-ban-added',
  'travel-ban-changed',
  'travel-ban-lifted',
  'travel-bans-viewed',
  'visit-office-changed',
  'queue-viewed',
  'queue-searched',
  'case-viewed',
  'document-viewed',
  'case-claimed',
  'case-released',
  'case-reassigned',
  'information-requested',
  'information-received',
  'decision-proposed',
  'decision-sent-back',
  'case-approved',
  'case-refused',
  'permit-revoked',
  // A file refused because the virus scanner found malware in it: no officer, the signature in its details.
  'upload-infected',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  officerId?: string | null;
  applicationId?: string | null;
  documentId?: string | null;
  /** Codes and ids only: never an applicant's name, a document number or what was searched for. */
  details?: Record<string, string | number | boolean | null>;
}

/** Appends one row; in the caller's transaction when the entry records a change made in it. */
export async function audit(db: Queryable, req: Request, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    officer_id: entry.officerId ?? null,
    ip: req.ip ?? null,
    action: entry.action,
    application_id: entry.applicationId ?? null,
    document_id: entry.documentId ?? null,
    details: entry.details ?? {},
  });
}
