import type { Knex } from 'knex';

/** A second factor for officers (TOTP), and the roles an admin requires it of. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('officers', (table) => {
    table.text('totp_secret');
    table.boolean('totp_enabled').notNullable().defaultTo(false);
    // The last time step a code was accepted for: the same code is never accepted twice.
    table.bigInteger('totp_last_step');
  });
  await knex.schema.createTable('role_policies', (table) => {
    table.text('role').primary();
    table.boolean('totp_required').notNullable().defaultTo(false);
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table role_policies add constraint role_policies_role_check check (role in ('officer', 'supervisor', 'admin'))`);
  await knex('role_policies').insert(['officer', 'supervisor', 'admin'].map((role) => ({ role })));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('role_policies');
  await knex.schema.alterTable('officers', (table) => {
    table.dropColumn('totp_secret');
    table.dropColumn('totp_enabled');
    table.dropColumn('totp_last_step');
  });
}
