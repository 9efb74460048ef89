import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { MADE } from '../applications/repository.js';
import { findService } from '../catalogue/index.js';
import type { Queryable } from '../db/knex.js';
import type { ApplicationRow, DraftRow, NoticeKind, OutboxRow } from '../db/tables.js';
import { isLanguage, type Language } from '../i18n/languages.js';
import { mailAddress } from '../text/mail-address.js';
import type { FormMail, SubmittedFor } from '../forms/context.js';
import { answerAt } from '../forms/journey.js';

// The outbox table's own vocabulary lives with the table (db/tables.ts); tests still ask the queue for it.
export { NOTICE_KINDS, type NoticeKind, type OutboxRow } from '../db/tables.js';

/** Mails about a saved application, not yet an application. */
type DraftNoticeKind = 'draft-expiry' | 'resume-code';
/** Mails about a visit booked in the electronic queue. */
export type VisitNoticeKind = 'visit-booked' | 'visit-changed' | 'visit-cancelled';

/**
 * Where a person's notices go and in which language: the address of the journey's contact step
 * (PersonRefs.email), in the language they chose there ("Which language should we write to you
 * in?"), or else the language of the pages they applied in.
 */
function recipientOf(serviceId: string, answers: Record<string, Record<string, unknown> | undefined>, fallback: Language): { to: string; language: Language } | undefined {
  const journey = findService(serviceId)?.journey;
  if (!journey) return undefined;
  const to = mailAddress(answerAt(answers, journey.person.email));
  if (!to) return undefined;
  const chosen = answers[journey.person.email[0]]?.preferredLanguage;
  return { to, language: isLanguage(chosen) ? chosen : fallback };
}

/** Writes one row unless one with the same event key exists: the same event reported twice makes one mail. */
async function insertOnce(db: Queryable, row: Omit<OutboxRow, 'id' | 'attempts' | 'next_attempt_at' | 'claimed_until' | 'sent_at' | 'last_error' | 'created_at' | 'undeliverable_at' | 'undeliverable_reason'>): Promise<boolean> {
  const inserted = await db('outbox').insert(row).onConflict('event_key').ignore().returning('id');
  return inserted.length === 1;
}

export interface ApplicationNotice {
  kind: Exclude<NoticeKind, DraftNoticeKind | VisitNoticeKind>;
  /** One per event: `event:<application_events.id>`, `payment:<payment id>`, `reminder:<application>:<days>`. */
  eventKey: string;
  applicationId: string;
  /** What this kind of mail says besides the name, reference and service (an amount, a date, reasons). */
  data?: Record<string, unknown>;
}

/**
 * Puts a mail about an application in the outbox, in the caller's transaction: it is sent if and
 * only if the event it reports is committed. Payments call this with kind 'payment-received',
 * `eventKey: payment:<id>` and `data: { amount: '350.00' }`. Returns false when the application
 * has no address to write to, or the event was already reported.
 */
export async function queueNotice(trx: Queryable, notice: ApplicationNotice, known?: ApplicationRow): Promise<boolean> {
  // The application just written in this transaction is not read again.
  const application = known?.id === notice.applicationId ? known : await trx('applications').where({ id: notice.applicationId }).first();
  if (!application) throw new Error(`No application ${notice.applicationId}`);
  const recipient = recipientOf(application.service_id, application.answers, application.language);
  if (!recipient) return false;
  return insertOnce(trx, {
    event_key: notice.eventKey,
    kind: notice.kind,
    application_id: application.id,
    draft_id: null,
    recipient: recipient.to,
    language: recipient.language,
    // Only what the person needs to know which application this is: never a document number.
    data: { name: application.applicant_name, reference: application.reference, service: application.service_id, ...notice.data },
  });
}

/** The warning that a saved application will be deleted, once per date it would be deleted on. */
export async function queueDraftExpiry(db: Queryable, draft: DraftRow, fallback: Language): Promise<boolean> {
  const recipient = recipientOf(draft.service_id, draft.answers as Record<string, Record<string, unknown> | undefined>, fallback);
  if (!recipient) return false;
  const expires = draft.expires_at.toISOString();
  return insertOnce(db, {
    event_key: `draft-expiry:${draft.id}:${expires}`,
    kind: 'draft-expiry',
    application_id: null,
    draft_id: draft.id,
    recipient: recipient.to,
    language: recipient.language,
    data: { service: draft.service_id, expiresAt: expires },
  });
}

/**
 * The resume code of a saved application, to the address its answers hold, once per code (a
 * second click sends nothing more). The code is in the row until it is sent; the cleanup job then
 * takes it out (src/jobs/cleanup.ts).
 */
async function queueResumeCode(db: Queryable, draft: DraftRow, code: string, details: { asks: 'dateOfBirth' | 'documentNumber'; fallback: Language }): Promise<boolean> {
  const recipient = recipientOf(draft.service_id, draft.answers as Record<string, Record<string, unknown> | undefined>, details.fallback);
  if (!recipient) return false;
  return insertOnce(db, {
    event_key: `resume-code:${draft.id}:${createHash('sha256').update(code).digest('hex').slice(0, 16)}`,
    kind: 'resume-code',
    application_id: null,
    draft_id: draft.id,
    recipient: recipient.to,
    language: recipient.language,
    data: { service: draft.service_id, code, asks: details.asks, expiresAt: draft.expires_at.toISOString() },
  });
}

/** A mail about a booked visit, in the booking's transaction: the booking, its move or its cancellation, each once. */
export async function queueVisitNotice(trx: Queryable, notice: { kind: VisitNoticeKind; eventKey: string; to: string; language: Language; data: Record<string, unknown> }): Promise<boolean> {
  const to = mailAddress(notice.to);
  if (!to) return false;
  return insertOnce(trx, { event_key: notice.eventKey, kind: notice.kind, application_id: null, draft_id: null, recipient: to, language: notice.language, data: notice.data });
}

/**
 * "We received your application", as a part of the statement that makes the application (its row
 * read as MADE): the row queueNotice would write for it, keyed by the application's id as there.
 */
function submittedNotice(trx: Queryable, application: SubmittedFor): Knex.Raw | undefined {
  const recipient = recipientOf(application.serviceId, application.answers, application.language);
  if (!recipient) return undefined;
  return trx.raw(
    `insert into outbox (event_key, kind, application_id, draft_id, recipient, language, data)
      select 'submitted:' || ${MADE}.id, 'submitted', ${MADE}.id, null, ?, ?, jsonb_build_object('name', ${MADE}.applicant_name, 'reference', ${MADE}.reference, 'service', ${MADE}.service_id)
      from ${MADE}
      on conflict (event_key) do nothing`,
    [recipient.to, recipient.language],
  );
}

/** The mails the form engine sends, handed to it (FormDeps.mail) so that it imports no area. */
export const formMail: FormMail = {
  submitted: submittedNotice,
  resumeCode: queueResumeCode,
};
