import type { Knex } from 'knex';

/**
 * Mail to applicants, written to an outbox in the transaction of the event it reports and sent
 * later by a job (src/notices/). `event_key` is unique: one event never makes two mails, however
 * often the code that reports it runs. A row is claimed for a while (`claimed_until`) by the one
 * worker that sends it; `sent_at` is set once the mail server took it; until then it is tried
 * again at `next_attempt_at`, later after each failure, and never given up.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('event_key').notNullable().unique();
    table.text('kind').notNullable();
    table.uuid('application_id').references('applications.id').onDelete('cascade');
    // No foreign key: a draft is deleted when it expires; its warning has been sent by then.
    table.uuid('draft_id');
    table.text('recipient').notNullable();
    table.text('language').notNullable();
    // What the mail says, as words' values (name, reference, service, dates): rendered when sent.
    table.jsonb('data').notNullable().defaultTo('{}');
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('claimed_until', { useTz: true });
    table.timestamp('sent_at', { useTz: true });
    // A code, never the message: the server's answer can quote the address.
    table.text('last_error');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table outbox add constraint outbox_language_check check (language in ('az', 'en', 'ru'))`);
  await knex.raw('create index outbox_unsent on outbox (next_attempt_at) where sent_at is null');
  await knex.raw('create index outbox_application on outbox (application_id) where application_id is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox');
}
