import type { Knex } from 'knex';

/**
 * Issue 10, the applicant's side after a decision: the fee a decision makes due, with its payment
 * number; every notice the payment provider sends, kept once by its id (a replay finds it there);
 * and one satisfaction rating per application.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fees', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // One fee per decision: made in the decision's transaction.
    table.uuid('application_id').notNullable().unique().references('applications.id').onDelete('cascade');
    table.text('payment_number').notNullable().unique();
    table.decimal('amount', 10, 2).notNullable();
    table.date('due_date').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('paid_at', { useTz: true });
    table.text('paid_notice_id');
  });
  await knex.raw(`alter table fees add constraint fees_payment_number_check check (payment_number ~ '^[0-9]{12}$')`);
  await knex.raw('alter table fees add constraint fees_amount_check check (amount > 0)');
  await knex.raw('alter table fees add constraint fees_paid_check check ((paid_at is null) = (paid_notice_id is null))');

  await knex.schema.createTable('payment_notices', (table) => {
    // The provider's id of the notice: the same notice twice is a replay, refused by this key.
    table.text('notice_id').primary();
    table.text('payment_number').notNullable();
    table.decimal('amount', 10, 2).notNullable();
    table.timestamp('sent_at', { useTz: true }).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('satisfaction', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Once per application.
    table.uuid('application_id').notNullable().unique().references('applications.id').onDelete('cascade');
    table.text('service_id').notNullable();
    table.smallint('rating').notNullable();
    table.text('comment');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['service_id', 'created_at']);
  });
  await knex.raw('alter table satisfaction add constraint satisfaction_rating_check check (rating between 1 and 5)');
  await knex.raw('alter table satisfaction add constraint satisfaction_comment_check check (comment is null or char_length(comment) <= 1000)');

  // Statistics count what was received in the last 12 months per service.
  await knex.raw('create index applications_service_submitted on applications (service_id, submitted_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index applications_service_submitted');
  await knex.schema.dropTable('satisfaction');
  await knex.schema.dropTable('payment_notices');
  await knex.schema.dropTable('fees');
}
