import type { Knex } from 'knex';
import type { Language } from '../i18n/languages.js';

/** Rows as PostgreSQL returns them (dates as 'YYYY-MM-DD', see db/knex.ts). */

// The values a row holds are declared here, below every module that reads or writes them, so the
// database layer never imports the areas above it (that import is what tied db, notices, the
// catalogue and the engine into one circle). Their owners re-export them under the old names.

/**
 * Every status an application can be in. The database holds the same list (migrations/…_foundation.ts,
 * …_decisions.ts) and a trigger refuses any other change; applications/status.ts says which may follow which.
 */
export const STATUSES = ['submitted', 'in_review', 'awaiting_applicant', 'pending_confirmation', 'approved', 'refused', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * The engine's RawAnswers and Answers (forms/model.ts), spelled out: the same shapes, so either
 * assigns to the other, without the database layer importing the engine.
 */
type StoredRawAnswers = Record<string, Record<string, unknown>>;
type StoredAnswers = Partial<Record<string, Record<string, unknown>>>;

/** What an approval gives: a permit with a number, a registration, an extended stay, or a decision alone. */
export type Grant = 'permit' | 'registration' | 'extension' | 'decision';

/** Reasons an application can be refused for; words in `services:refusalReasons.<id>.text`, the legal basis in each service's `decision.refusals`. */
export type RefusalReasonId =
  | 'falseInformation'
  | 'documentsIncomplete'
  | 'groundsNotProven'
  | 'abroadTooLong'
  | 'entryBan'
  | 'securityThreat'
  | 'lateApplication'
  | 'conditionsNotMet';

/** A decision as it is kept on the application: what was decided, by whom, and who confirmed it. */
export type Decision =
  | { outcome: 'approved'; grants: Grant; validFrom?: string; validUntil?: string; address?: string; note?: string; decidedBy: string; confirmedBy?: string }
  | { outcome: 'refused'; reasons: RefusalReasonId[]; note?: string; decidedBy: string; confirmedBy?: string };

/** What a mail to an applicant reports. */
export const NOTICE_KINDS = [
  'submitted',
  'information-requested',
  'decided',
  'payment-received',
  'renewal-reminder',
  'draft-expiry',
  'resume-code',
  'visit-booked',
  'visit-changed',
  'visit-cancelled',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface OutboxRow {
  id: string;
  event_key: string;
  kind: NoticeKind;
  application_id: string | null;
  draft_id: string | null;
  recipient: string;
  language: Language;
  data: Record<string, unknown>;
  attempts: number;
  next_attempt_at: Date;
  claimed_until: Date | null;
  sent_at: Date | null;
  /** The server's last refusal or the cause it could not be reached, addresses masked. */
  last_error: string | null;
  created_at: Date;
  /** Set when the mail will never be sent: the server refused it for good, or it waited too long. */
  undeliverable_at: Date | null;
  undeliverable_reason: 'refused' | 'expired' | null;
}

export interface DraftRow {
  id: string;
  service_id: string;
  answers: StoredRawAnswers;
  application_id: string | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  resume_code_hash: string | null;
  resume_date_of_birth: string | null;
}

export interface ApplicationRow {
  id: string;
  reference: string;
  service_id: string;
  service_version: number;
  status: Status;
  language: Language;
  document_number: string;
  citizenship: string;
  date_of_birth: string;
  answers: StoredAnswers;
  legal_due_date: string;
  period: string | null;
  speed: string | null;
  /** numeric comes back as a string, to keep every digit. */
  fee_amount: string | null;
  assigned_officer: string | null;
  assigned_at: Date | null;
  /** Raised by every change an officer makes; a change made from an older version is refused. */
  version: number;
  applicant_name: string;
  search_name: string;
  proposed_decision: Decision | null;
  decision: Decision | null;
  decided_at: Date | null;
  permit_number: string | null;
  valid_from: string | null;
  valid_until: string | null;
  paused_since: string | null;
  paused_days: number;
  /** A permit revoked after it was given, and by whom. */
  permit_revoked_at: Date | null;
  permit_revoked_by: string | null;
  submitted_at: Date;
  updated_at: Date;
}

export interface ApplicationEventRow {
  id: string;
  application_id: string;
  kind: string;
  from_status: Status | null;
  to_status: Status | null;
  actor: string;
  details: Record<string, unknown>;
  created_at: Date;
}

export interface DocumentRow {
  id: string;
  draft_id: string | null;
  application_id: string | null;
  /** A file sent in answer to a request for information, until that answer is sent (then it has an application too). */
  information_request_id: string | null;
  step_id: string;
  field: string;
  storage_key: string;
  sha256: string;
  media_type: string;
  size_bytes: number;
  display_name: string;
  /** What the virus scanner said: "clean", or "not-scanned" where none is configured (never in production). */
  scan_verdict: 'clean' | 'not-scanned';
  /** The scanner's engine and signatures' version, for a clean file. */
  scanner: string | null;
  created_at: Date;
}

export interface InformationRequestRow {
  id: string;
  application_id: string;
  message: string;
  /** Ids of the service's documents the officer asked for. */
  documents: string[];
  requested_by: string;
  requested_at: Date;
  answered_at: Date | null;
  /** What the applicant wrote when answering through the portal; null when an officer marked it received. */
  reply: string | null;
  /** The day the applicant is asked to answer by: set by the database when the request is made. */
  reply_by: string;
}

export interface ShareCodeRow {
  id: string;
  application_id: string;
  code_hash: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

interface VerificationCodeRow {
  code_hash: string;
  application_id: string;
  created_at: Date;
}

interface DocumentBlobRow {
  key: string;
  bytes: Buffer;
  created_at: Date;
}

interface SessionRow {
  sid: string;
  sess: Record<string, unknown>;
  expire: Date;
}

interface RateLimitRow {
  key: string;
  window_started_at: Date;
  hits: number;
}

/** A row to write: any column may be an SQL expression (now(), answers || ...). */
/** The mail server's last answer, one row shared by every instance (src/notices/mail-server.ts). */
export interface MailServerRow {
  id: 1;
  state: 'unknown' | 'answering' | 'unreachable' | 'misconfigured';
  /** Its last reply, or the cause it could not be reached, addresses masked. */
  reply: string | null;
  checked_at: Date | null;
  failing_since: Date | null;
  /** After a refusal of the portal's settings, not tried again before this. */
  next_check_at: Date | null;
  /** Refusals of the portal's settings in a row, since it last answered. */
  configuration_failures: number;
}

type Writable<T> = { [K in keyof T]: T[K] | Knex.Raw };

declare module 'knex/types/tables.js' {
  interface Tables {
    drafts: Knex.CompositeTableType<DraftRow, Writable<Partial<DraftRow> & { service_id: string }>, Writable<Partial<Omit<DraftRow, 'id'>>>>;
    applications: Knex.CompositeTableType<
      ApplicationRow,
      Writable<
        Omit<
          ApplicationRow,
          | 'id'
          | 'submitted_at'
          | 'updated_at'
          | 'assigned_officer'
          | 'assigned_at'
          | 'version'
          | 'applicant_name'
          | 'search_name'
          | 'service_version'
          | 'period'
          | 'speed'
          | 'fee_amount'
          | 'proposed_decision'
          | 'decision'
          | 'decided_at'
          | 'permit_number'
          | 'valid_from'
          | 'valid_until'
          | 'paused_since'
          | 'paused_days'
          | 'permit_revoked_at'
          | 'permit_revoked_by'
        > &
          Partial<Pick<ApplicationRow, 'service_version' | 'period' | 'speed' | 'fee_amount' | 'applicant_name' | 'search_name'>>
      >,
      Writable<Partial<Omit<ApplicationRow, 'id'>>>
    >;
    application_events: Knex.CompositeTableType<
      ApplicationEventRow,
      Writable<
        Omit<ApplicationEventRow, 'id' | 'created_at' | 'details' | 'from_status' | 'to_status'> & { details?: Record<string, unknown>; from_status?: Status | null; to_status?: Status | null }
      >
    >;
    documents: Knex.CompositeTableType<
      DocumentRow,
      Writable<
        Omit<DocumentRow, 'id' | 'created_at' | 'information_request_id' | 'scan_verdict' | 'scanner'> &
          Partial<Pick<DocumentRow, 'information_request_id' | 'scan_verdict' | 'scanner'>>
      >,
      Writable<Partial<Omit<DocumentRow, 'id'>>>
    >;
    information_requests: Knex.CompositeTableType<
      InformationRequestRow,
      Writable<Pick<InformationRequestRow, 'application_id' | 'message' | 'documents' | 'requested_by'>>,
      Writable<Partial<Omit<InformationRequestRow, 'id'>>>
    >;
    share_codes: Knex.CompositeTableType<ShareCodeRow, Writable<Omit<ShareCodeRow, 'id' | 'revoked_at'>>, Writable<Partial<Omit<ShareCodeRow, 'id'>>>>;
    document_blobs: Knex.CompositeTableType<DocumentBlobRow, Omit<DocumentBlobRow, 'created_at'>>;
    verification_codes: Knex.CompositeTableType<VerificationCodeRow, Omit<VerificationCodeRow, 'created_at'>>;
    rate_limits: RateLimitRow;
    sessions: SessionRow;
    outbox: Knex.CompositeTableType<
      OutboxRow,
      Writable<Omit<OutboxRow, 'id' | 'attempts' | 'next_attempt_at' | 'claimed_until' | 'sent_at' | 'last_error' | 'created_at' | 'undeliverable_at' | 'undeliverable_reason'>>,
      Writable<Partial<Omit<OutboxRow, 'id'>>>
    >;
    mail_server: Knex.CompositeTableType<MailServerRow, never, Writable<Partial<Omit<MailServerRow, 'id'>>>>;
  }
}
