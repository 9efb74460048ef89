import type { Knex } from 'knex';

/** Where a booking's confirmation, and the mails of its moves and cancellation, go: given or not when booking. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('visit_bookings', (table) => {
    table.text('email');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('visit_bookings', (table) => {
    table.dropColumn('email');
  });
}
