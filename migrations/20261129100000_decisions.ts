import type { Knex } from 'knex';

/**
 * Officers' decisions: a status for decisions waiting for a second officer, the decision itself
 * on the application (with the permit number the system made), requests for more information,
 * and the legal clock that pauses while the applicant answers one.
 */
const STATUSES = ['submitted', 'in_review', 'awaiting_applicant', 'pending_confirmation', 'approved', 'refused', 'withdrawn'];
const NEW_MOVES: [string, string][] = [
  ['in_review', 'pending_confirmation'],
  ['pending_confirmation', 'approved'],
  ['pending_confirmation', 'refused'],
  ['pending_confirmation', 'in_review'],
  ['pending_confirmation', 'withdrawn'],
];
const inList = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex('application_statuses').insert({ id: 'pending_confirmation' });
  await knex('application_status_transitions').insert(NEW_MOVES.map(([from_status, to_status]) => ({ from_status, to_status })));
  await knex.raw('alter table applications drop constraint applications_status_check');
  await knex.raw(`alter table applications add constraint applications_status_check check (status in (${inList(STATUSES)}))`);

  await knex.schema.alterTable('applications', (table) => {
    // What the first officer decided, while a second must confirm it.
    table.jsonb('proposed_decision');
    table.jsonb('decision');
    table.timestamp('decided_at', { useTz: true });
    table.text('permit_number').unique();
    table.date('valid_from');
    table.date('valid_until');
    // The legal clock stops while the applicant is asked for more; the days it stood still are added to the due date.
    table.date('paused_since');
    table.integer('paused_days').notNullable().defaultTo(0);
  });
  await knex.raw('create sequence permit_number_seq');

  await knex.schema.createTable('information_requests', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('application_id').notNullable().references('applications.id').onDelete('cascade');
    table.text('message').notNullable();
    table.specificType('documents', 'text[]').notNullable().defaultTo('{}');
    table.uuid('requested_by').notNullable().references('officers.id');
    table.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('answered_at', { useTz: true });
    table.index(['application_id', 'requested_at']);
  });
  await knex.raw('create index applications_decided on applications (decided_at) where decided_at is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('information_requests');
  await knex.raw('drop sequence permit_number_seq');
  await knex.schema.alterTable('applications', (table) => {
    for (const column of ['proposed_decision', 'decision', 'decided_at', 'permit_number', 'valid_from', 'valid_until', 'paused_since', 'paused_days']) table.dropColumn(column);
  });
  await knex('application_status_transitions').where({ to_status: 'pending_confirmation' }).orWhere({ from_status: 'pending_confirmation' }).delete();
  await knex.raw('alter table applications drop constraint applications_status_check');
  await knex.raw(`alter table applications add constraint applications_status_check check (status in (${inList(STATUSES.filter((status) => status !== 'pending_confirmation'))}))`);
  await knex('application_statuses').where({ id: 'pending_confirmation' }).delete();
}
