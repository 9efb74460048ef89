import type { Knex } from 'knex';

// A snapshot of src/applications/status.ts at the time of writing; test/unit/status.test.ts keeps them equal.
const STATUSES = ['submitted', 'in_review', 'awaiting_applicant', 'approved', 'refused', 'withdrawn'];
const TRANSITIONS: [string, string][] = [
  ['submitted', 'in_review'],
  ['submitted', 'withdrawn'],
  ['in_review', 'awaiting_applicant'],
  ['in_review', 'approved'],
  ['in_review', 'refused'],
  ['in_review', 'withdrawn'],
  ['awaiting_applicant', 'in_review'],
  ['awaiting_applicant', 'withdrawn'],
];
const LANGUAGES = ['az', 'en', 'ru'];

const inList = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  // The table connect-pg-simple expects (its table.sql).
  await knex.schema.createTable('sessions', (table) => {
    table.string('sid').primary();
    table.json('sess').notNullable();
    table.timestamp('expire', { precision: 6 }).notNullable().index('sessions_expire_idx');
  });

  await knex.schema.createTable('application_statuses', (table) => {
    table.text('id').primary();
  });
  await knex('application_statuses').insert(STATUSES.map((id) => ({ id })));

  await knex.schema.createTable('application_status_transitions', (table) => {
    table.text('from_status').notNullable().references('application_statuses.id');
    table.text('to_status').notNullable().references('application_statuses.id');
    table.primary(['from_status', 'to_status']);
  });
  await knex('application_status_transitions').insert(
    TRANSITIONS.map(([from_status, to_status]) => ({ from_status, to_status })),
  );

  await knex.schema.createTable('applications', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('reference').notNullable().unique();
    table.text('service_id').notNullable();
    table.text('status').notNullable().references('application_statuses.id');
    table.text('language').notNullable();
    table.text('document_number').notNullable();
    table.text('citizenship').notNullable();
    table.date('date_of_birth').notNullable();
    table.jsonb('answers').notNullable();
    table.date('legal_due_date').notNullable();
    table.text('assigned_officer');
    table.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['document_number', 'date_of_birth']);
    table.index(['service_id', 'status']);
  });
  await knex.raw(`alter table applications add constraint applications_language_check check (language in (${inList(LANGUAGES)}))`);
  await knex.raw(`alter table applications add constraint applications_status_check check (status in (${inList(STATUSES)}))`);
  await knex.raw(`alter table applications add constraint applications_reference_format check (reference ~ '^[0-9A-Z]{12}$')`);

  // Only the first status on insert, only listed moves on update.
  await knex.raw(`
    create function applications_guard_status() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' and new.status <> 'submitted' then
        raise exception 'a new application must start as submitted, not %', new.status using errcode = 'check_violation';
      end if;
      if tg_op = 'UPDATE' and new.status is distinct from old.status and not exists (
        select 1 from application_status_transitions where from_status = old.status and to_status = new.status
      ) then
        raise exception 'status cannot move from % to %', old.status, new.status using errcode = 'check_violation';
      end if;
      return new;
    end $$;
    create trigger applications_guard_status before insert or update of status on applications
      for each row execute function applications_guard_status();
  `);

  await knex.schema.createTable('application_events', (table) => {
    table.bigIncrements('id');
    table.uuid('application_id').notNullable().references('applications.id').onDelete('cascade');
    table.text('kind').notNullable();
    table.text('from_status').references('application_statuses.id');
    table.text('to_status').references('application_statuses.id');
    table.text('actor').notNullable();
    table.jsonb('details').notNullable().defaultTo('{}');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['application_id', 'created_at']);
  });

  await knex.schema.createTable('drafts', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('service_id').notNullable();
    table.jsonb('answers').notNullable().defaultTo('{}');
    table.uuid('application_id').unique().references('applications.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('drafts');
  await knex.schema.dropTable('application_events');
  await knex.raw('drop trigger applications_guard_status on applications; drop function applications_guard_status()');
  await knex.schema.dropTable('applications');
  await knex.schema.dropTable('application_status_transitions');
  await knex.schema.dropTable('application_statuses');
  await knex.schema.dropTable('sessions');
}
