import type { Knex } from 'knex';
import type { Queryable } from '../db/knex.js';
import type { ApplicationRow } from '../db/tables.js';
import type { Language } from '../i18n/languages.js';
import { newReference } from './reference.js';
import { searchableText } from './search-text.js';
import { INITIAL_STATUS } from './status.js';

export type { ApplicationRow };

/** The columns lookups search by, read from the answers of the person the application is about. */
interface PersonColumns {
  documentNumber: string;
  citizenship: string;
  dateOfBirth: string;
  /** Surname, given names and patronymic, as the applicant wrote them. */
  name: string;
}

export interface NewApplication {
  serviceId: string;
  serviceVersion: number;
  language: Language;
  person: PersonColumns;
  /** The engine's accepted answers (forms/model.ts Answers), as the row keeps them. */
  answers: ApplicationRow['answers'];
  legalDueDate: string;
  period?: string;
  speed?: string;
  feeAmount?: number;
}

/** What the application is made from, given to it in the statement that makes it: the draft, and the draft's files it keeps. */
export interface Claimed {
  draftId: string;
  documentIds: readonly string[];
}

/** What the new application's row is called in the statement that makes it: a part given as `also` reads it from there. */
export const MADE = 'made';

/**
 * Inserts the application and its first event; the caller's transaction holds both or neither.
 * With `claimed`, the same statement marks the draft sent and gives the files to the application:
 * one round trip where there were three. Each part of `also` (the mail saying it was received) is
 * written by the same statement, from the row as `made`.
 */
export async function insertApplication(trx: Queryable, application: NewApplication, claimed?: Claimed, also: readonly Knex.Raw[] = []): Promise<ApplicationRow> {
  for (let attempt = 0; ; attempt += 1) {
    const reference = newReference();
    const made = trx('applications')
      .insert({
        reference,
        service_id: application.serviceId,
        service_version: application.serviceVersion,
        status: INITIAL_STATUS,
        language: application.language,
        document_number: application.person.documentNumber,
        citizenship: application.person.citizenship,
        date_of_birth: application.person.dateOfBirth,
        applicant_name: application.person.name,
        search_name: searchableText(application.person.name),
        answers: application.answers,
        legal_due_date: application.legalDueDate,
        period: application.period ?? null,
        speed: application.speed ?? null,
        fee_amount: application.feeAmount === undefined ? null : String(application.feeAmount),
      })
      .onConflict('reference')
      .ignore()
      .returning('*');
    // The application and its first event in one statement: one round trip, and never one without the other.
    const firstEvent = trx.raw('insert into application_events (application_id, kind, to_status, actor) select id, ?, ?, ? from made', ['status', INITIAL_STATUS, 'applicant']);
    let statement = trx.with(MADE, made).with('first_event', firstEvent);
    if (claimed) {
      // Joined to `made`: when the reference clashed and nothing was made, nothing is claimed either.
      statement = statement
        .with('claimed_draft', trx.raw('update drafts set application_id = made.id, updated_at = now() from made where drafts.id = ?', [claimed.draftId]))
        .with('claimed_documents', trx.raw('update documents set application_id = made.id from made where documents.id = any(?::uuid[])', [[...claimed.documentIds]]));
    }
    also.forEach((part, index) => (statement = statement.with(`also_${index + 1}`, part)));
    const [row]: ApplicationRow[] = await statement.select('*').from(MADE);
    if (row) return row;
    // 32^11 references make a clash all but impossible; three in a row would be a bug.
    if (attempt >= 2) throw new Error('Could not draw a free reference number');
  }
}

export async function findApplicationById(db: Queryable, id: string): Promise<ApplicationRow | undefined> {
  return db('applications').where({ id }).first();
}
