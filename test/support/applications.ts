import { insertApplication } from '../../src/applications/repository.js';
import type { Database } from '../../src/db/knex.js';
import type { ApplicationRow } from '../../src/db/tables.js';

export interface Filed {
  service?: string;
  surname?: string;
  givenNames?: string;
  documentNumber?: string;
  citizenship?: string;
  due?: string;
  submittedAt?: Date;
}

/** An application as the form engine writes it, made directly: for tests of queues, not of forms. */
export async function fileApplication(db: Database, filed: Filed = {}): Promise<ApplicationRow> {
  const identity = { surname: filed.surname ?? 'Həsənov', givenNames: filed.givenNames ?? 'Orxan', dateOfBirth: '1988-05-04', citizenship: filed.citizenship ?? 'TR' };
  const row = await db.transaction((trx) =>
    insertApplication(trx, {
      serviceId: filed.service ?? 'registration-at-place-of-stay',
      serviceVersion: 1,
      language: 'az',
      person: { documentNumber: filed.documentNumber ?? 'U1234567', citizenship: identity.citizenship, dateOfBirth: identity.dateOfBirth, name: `${identity.surname} ${identity.givenNames}` },
      answers: { identity },
      legalDueDate: filed.due ?? '2026-11-30',
    }),
  );
  if (filed.submittedAt) await db('applications').where({ id: row.id }).update({ submitted_at: filed.submittedAt });
  return (await db('applications').where({ id: row.id }).first())!;
}
