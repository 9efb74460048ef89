import type { Knex } from 'knex';
import { searchableText } from '../src/applications/search-text.js';
import { definitionAt } from '../src/catalogue/versions.js';
import { personName } from '../src/forms/journey.js';

/**
 * Issue 15: applications stored without their person's name. Submission took the name from the
 * step holding the date of birth, which for a work-permit extension (asked on the permit step) has
 * no name, so those were stored with an empty name: no name in the queue, the CSV, the case heading,
 * the decision or the permit check, and no name search found them. Journeys now name where the
 * name is; this reads it from each such application's answers, through the definition the
 * application was made with. A name the answers do not hold stays empty, as it was.
 */
const BATCH = 500;

interface Unnamed {
  id: string;
  service_id: string;
  service_version: number;
  answers: Record<string, Record<string, unknown>>;
}

export async function up(knex: Knex): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await knex('applications')
      .select('id', 'service_id', 'service_version', 'answers')
      .where('applicant_name', '')
      .andWhere('id', '>', after)
      .orderBy('id')
      .limit(BATCH)) as Unnamed[];
    for (const row of rows) {
      const journey = definitionAt(row.service_id, row.service_version)?.journey;
      const name = journey ? personName(journey.person, row.answers) : '';
      if (name) await knex('applications').where({ id: row.id }).update({ applicant_name: name, search_name: searchableText(name) });
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Nothing to undo: the names are the applicants' own, and the code before this read none. */
export async function down(): Promise<void> {}
