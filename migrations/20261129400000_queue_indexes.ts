import type { Knex } from 'knex';

/**
 * Queues show cases not yet decided, and after two years nine in ten applications are decided:
 * an index over all of them, read in due-date order, would pass nine decided rows for every open
 * one. These hold only the open cases, in the two orders a queue offers.
 */
const OPEN = `status in ('submitted', 'in_review', 'awaiting_applicant', 'pending_confirmation')`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index applications_open_due on applications (legal_due_date, id) where ${OPEN}`);
  await knex.raw(`create index applications_open_submitted on applications (submitted_at, id) where ${OPEN}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index applications_open_due, applications_open_submitted');
}
