import type { Knex } from 'knex';

/**
 * Mail an operator can follow. An outbox row the server refused for good (a recipient refused with 550),
 * or not taken in the time allowed, is marked undeliverable with the server's reply (`last_error`,
 * addresses masked), so the officer's case page can say so; it is never tried again. `mail_server`
 * holds the mail server's last answer, shared by every instance: whether mail is flowing (for /readyz),
 * when a failing server is tried again, and how many times in a row it refused the portal's settings.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (table) => {
    table.timestamp('undeliverable_at', { useTz: true });
    table.text('undeliverable_reason');
  });
  await knex.raw(`alter table outbox add constraint outbox_undeliverable_reason_check check (undeliverable_reason in ('refused', 'expired'))`);
  await knex.raw(`alter table outbox add constraint outbox_sent_or_undeliverable check (sent_at is null or undeliverable_at is null)`);
  await knex.raw(`alter table outbox add constraint outbox_undeliverable_with_reason check ((undeliverable_at is null) = (undeliverable_reason is null))`);
  // What is still to send, in the order it was queued.
  await knex.raw('drop index outbox_unsent');
  await knex.raw('create index outbox_waiting on outbox (created_at, id) where sent_at is null and undeliverable_at is null');

  await knex.schema.createTable('mail_server', (table) => {
    table.integer('id').primary();
    table.text('state').notNullable().defaultTo('unknown');
    table.text('reply');
    table.timestamp('checked_at', { useTz: true });
    table.timestamp('failing_since', { useTz: true });
    table.timestamp('next_check_at', { useTz: true });
    table.integer('configuration_failures').notNullable().defaultTo(0);
  });
  await knex.raw(`alter table mail_server add constraint mail_server_one_row check (id = 1)`);
  await knex.raw(`alter table mail_server add constraint mail_server_state_check check (state in ('unknown', 'answering', 'unreachable', 'misconfigured'))`);
  await knex.raw('insert into mail_server (id) values (1)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_server');
  await knex.raw('drop index outbox_waiting');
  await knex.raw('create index outbox_unsent on outbox (next_attempt_at) where sent_at is null');
  await knex.schema.alterTable('outbox', (table) => {
    table.dropChecks(['outbox_undeliverable_reason_check', 'outbox_sent_or_undeliverable', 'outbox_undeliverable_with_reason']);
    table.dropColumn('undeliverable_at');
    table.dropColumn('undeliverable_reason');
  });
}
