import type { Knex } from 'knex';
import { searchableText } from '../src/applications/search-text.js';

/**
 * The back-office: officers, the audit log nobody can rewrite, and what a queue needs of an
 * application (its applicant's name, searchable; who holds it; a version checked on each change).
 */
const ROLES = ['officer', 'supervisor', 'admin'];
const LANGUAGES = ['az', 'en', 'ru'];
const inList = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/** The identity step of an application: the one holding a surname and the date of birth the row was filed under. */
function applicantName(answers: Record<string, Record<string, unknown>>, dateOfBirth: string): string {
  for (const values of Object.values(answers)) {
    if (values && typeof values.surname === 'string' && values.dateOfBirth === dateOfBirth) {
      return [values.surname, values.givenNames, values.patronymic].filter((part) => typeof part === 'string' && part).join(' ');
    }
  }
  return '';
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');

  await knex.schema.createTable('officers', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('email').notNullable().unique();
    table.text('name').notNullable();
    table.text('role').notNullable();
    table.specificType('services', 'text[]').notNullable().defaultTo('{}');
    table.boolean('active').notNullable().defaultTo(true);
    table.text('language').notNullable().defaultTo('az');
    table.text('password_hash').notNullable();
    // A password someone else set (the command, an admin's reset) is changed at the first sign-in.
    table.boolean('password_must_change').notNullable().defaultTo(true);
    table.integer('failed_attempts').notNullable().defaultTo(0);
    table.timestamp('locked_until', { useTz: true });
    table.timestamp('last_signed_in_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table officers add constraint officers_role_check check (role in (${inList(ROLES)}))`);
  await knex.raw(`alter table officers add constraint officers_language_check check (language in (${inList(LANGUAGES)}))`);
  await knex.raw(`alter table officers add constraint officers_email_lower check (email = lower(email))`);

  // Append-only: every sign-in, every action, every view of a case or a document.
  await knex.schema.createTable('audit_log', (table) => {
    table.bigIncrements('id');
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.uuid('officer_id').references('officers.id');
    table.text('ip');
    table.text('action').notNullable();
    // No foreign keys to what was seen: the record outlives it.
    table.uuid('application_id');
    table.uuid('document_id');
    table.jsonb('details').notNullable().defaultTo('{}');
    table.index(['at']);
    table.index(['officer_id', 'at']);
    table.index(['application_id', 'at']);
  });
  await knex.raw(`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
  `);

  await knex.schema.alterTable('applications', (table) => {
    table.integer('version').notNullable().defaultTo(0);
    table.text('applicant_name').notNullable().defaultTo('');
    table.text('search_name').notNullable().defaultTo('');
    table.timestamp('assigned_at', { useTz: true });
  });
  await knex.raw('alter table applications alter column assigned_officer type uuid using null');
  await knex.raw('alter table applications add constraint applications_assigned_officer_fkey foreign key (assigned_officer) references officers(id)');

  const rows = (await knex('applications').select('id', 'answers', 'date_of_birth')) as { id: string; answers: Record<string, Record<string, unknown>>; date_of_birth: string }[];
  for (const row of rows) {
    const name = applicantName(row.answers, row.date_of_birth);
    await knex('applications').where({ id: row.id }).update({ applicant_name: name, search_name: searchableText(name) });
  }

  // The queues read in due-date or submission order, a page at a time from the last row seen.
  await knex.raw('create index applications_queue_due on applications (legal_due_date, id)');
  await knex.raw('create index applications_queue_submitted on applications (submitted_at, id)');
  await knex.raw('create index applications_search_name on applications using gin (search_name gin_trgm_ops)');
  await knex.raw('create index applications_document_number on applications (document_number)');
  await knex.raw('create index applications_assigned on applications (assigned_officer, legal_due_date, id) where assigned_officer is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index applications_assigned, applications_document_number, applications_search_name, applications_queue_submitted, applications_queue_due');
  await knex.raw('alter table applications drop constraint applications_assigned_officer_fkey');
  await knex.raw('alter table applications alter column assigned_officer type text');
  await knex.schema.alterTable('applications', (table) => {
    table.dropColumn('version');
    table.dropColumn('applicant_name');
    table.dropColumn('search_name');
    table.dropColumn('assigned_at');
  });
  await knex.raw('drop table audit_log; drop function audit_log_append_only()');
  await knex.schema.dropTable('officers');
}
