import type { Knex } from 'knex';

/**
 * The register of travel bans that supervisors keep and the public travel-ban check reads; and
 * what the dashboard counts with: working days between two dates, as the deadlines count them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('travel_bans', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('surname').notNullable();
    table.text('given_names').notNullable();
    table.date('date_of_birth').notNullable();
    table.text('citizenship').notNullable();
    table.text('document_number').notNullable();
    table.text('search_name').notNullable();
    table.text('kind').notNullable();
    table.text('authority').notNullable();
    table.text('legal_basis').notNullable();
    table.date('starts_on').notNullable();
    table.date('ends_on');
    table.integer('version').notNullable().defaultTo(0);
    table.uuid('created_by').notNullable().references('officers.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.uuid('updated_by').references('officers.id');
    table.timestamp('updated_at', { useTz: true });
    // Lifted, never deleted: who lifted it and when stay on the record.
    table.uuid('lifted_by').references('officers.id');
    table.timestamp('lifted_at', { useTz: true });
    table.index(['document_number', 'date_of_birth']);
  });
  await knex.raw(`alter table travel_bans add constraint travel_bans_kind_check check (kind in ('entryBan', 'exitRestriction'))`);
  await knex.raw('alter table travel_bans add constraint travel_bans_dates_check check (ends_on is null or ends_on >= starts_on)');
  await knex.raw('alter table travel_bans add constraint travel_bans_lifted_check check ((lifted_at is null) = (lifted_by is null))');
  await knex.raw('create index travel_bans_search_name on travel_bans using gin (search_name gin_trgm_ops)');

  // Monday to Friday from the day after `since` up to and including `until`; 0 when until is not later.
  await knex.raw(`
    create function working_days_between(since date, until date) returns integer language sql immutable parallel safe as $$
      select case when until <= since then 0 else (
        ((until - since) / 7) * 5
        + (select count(*)::int from generate_series(1, (until - since) % 7) as step
           where extract(isodow from since + step) < 6)
      ) end
    $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function working_days_between(date, date)');
  await knex.schema.dropTable('travel_bans');
}
