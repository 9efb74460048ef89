import type { Knex } from 'knex';

/**
 * Officers' sign-in failures, counted per account and client (a browser that signed in before, or
 * an address) and per account from clients it never signed in from, each with a wait that grows;
 * and the addresses each officer signed in from. They replace the lock on the account itself,
 * which anyone who knew an officer's email could set.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_failures', (table) => {
    // Digests only: an email address or a device id is never a key.
    table.text('key').primary();
    table.integer('failures').notNullable();
    table.timestamp('last_failed_at', { useTz: true }).notNullable();
    table.timestamp('locked_until', { useTz: true });
    table.index('last_failed_at');
  });
  await knex.schema.createTable('officer_sign_in_addresses', (table) => {
    table.uuid('officer_id').notNullable().references('officers.id').onDelete('CASCADE');
    table.text('address').notNullable();
    table.timestamp('last_signed_in_at', { useTz: true }).notNullable();
    table.primary(['officer_id', 'address']);
  });
  await knex.schema.alterTable('officers', (table) => {
    table.dropColumn('failed_attempts');
    table.dropColumn('locked_until');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('officers', (table) => {
    table.integer('failed_attempts').notNullable().defaultTo(0);
    table.timestamp('locked_until', { useTz: true });
  });
  await knex.schema.dropTable('officer_sign_in_addresses');
  await knex.schema.dropTable('sign_in_failures');
}
