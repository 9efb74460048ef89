import type { Knex } from 'knex';
import type { Database } from '../db/knex.js';
import type { Answers, Identity } from '../forms/journey.js';
import type { Language } from '../i18n/languages.js';
import { newReference } from './reference.js';
import { INITIAL_STATUS, type Status } from './status.js';

export interface ApplicationRow {
  id: string;
  reference: string;
  service_id: string;
  status: Status;
  language: Language;
  document_number: string;
  citizenship: string;
  date_of_birth: string;
  answers: Answers;
  legal_due_date: string;
  submitted_at: Date;
}

export interface NewApplication {
  serviceId: string;
  language: Language;
  identity: Identity;
  answers: Answers;
  legalDueDate: string;
}

export function normaliseDocumentNumber(value: string): string {
  return value.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Inserts the application and its first event; the caller's transaction holds both or neither. */
export async function insertApplication(trx: Knex.Transaction, application: NewApplication): Promise<ApplicationRow> {
  for (let attempt = 0; ; attempt += 1) {
    const reference = newReference();
    const [row] = await trx('applications')
      .insert({
        reference,
        service_id: application.serviceId,
        status: INITIAL_STATUS,
        language: application.language,
        document_number: normaliseDocumentNumber(application.identity.documentNumber),
        citizenship: application.identity.citizenship,
        date_of_birth: application.identity.dateOfBirth,
        answers: application.answers,
        legal_due_date: application.legalDueDate,
      })
      .onConflict('reference')
      .ignore()
      .returning('*');
    if (row) {
      await trx('application_events').insert({
        application_id: row.id,
        kind: 'status',
        to_status: INITIAL_STATUS,
        actor: 'applicant',
      });
      return row as ApplicationRow;
    }
    // 32^11 references make a clash all but impossible; three in a row would be a bug.
    if (attempt >= 2) throw new Error('Could not draw a free reference number');
  }
}

export async function findApplicationById(db: Database | Knex.Transaction, id: string): Promise<ApplicationRow | undefined> {
  return db('applications').where({ id }).first();
}
