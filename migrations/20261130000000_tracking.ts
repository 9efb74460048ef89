import type { Knex } from 'knex';

/**
 * The applicant's side after sending: answering a request for information through the portal
 * (the reply and the files sent with it), share codes a permit holder gives an employer or a
 * landlord, a permit that can be revoked, and the indexes the personal estimate reads.
 */
const OPEN = `status in ('submitted', 'in_review', 'awaiting_applicant', 'pending_confirmation')`;

export async function up(knex: Knex): Promise<void> {
  // What the applicant wrote when answering through the portal; null when an officer marked the answer received.
  await knex.schema.alterTable('information_requests', (table) => {
    table.text('reply');
  });

  // A file sent in answer to a request: kept with the request until the answer is sent, then joined to the application.
  await knex.schema.alterTable('documents', (table) => {
    table.uuid('information_request_id').references('information_requests.id').onDelete('cascade');
    table.index(['information_request_id']);
  });
  await knex.raw('alter table documents drop constraint documents_owner');
  await knex.raw('alter table documents add constraint documents_owner check (draft_id is not null or application_id is not null or information_request_id is not null)');

  // A permit revoked after it was given: the verification page says so. Set by an officer (no screen for it yet).
  await knex.schema.alterTable('applications', (table) => {
    table.timestamp('permit_revoked_at', { useTz: true });
    table.uuid('permit_revoked_by').references('officers.id');
  });
  await knex.raw('alter table applications add constraint applications_permit_revoked_check check (permit_revoked_at is null or permit_number is not null)');

  // Codes a permit holder gives to let someone verify the permit; only a hash of each is kept.
  await knex.schema.createTable('share_codes', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('application_id').notNullable().references('applications.id').onDelete('cascade');
    table.text('code_hash').notNullable().unique();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('revoked_at', { useTz: true });
    table.index(['application_id', 'created_at']);
  });
  await knex.raw(`alter table share_codes add constraint share_codes_hash check (code_hash ~ '^[0-9a-f]{64}$')`);
  await knex.raw('alter table share_codes add constraint share_codes_expiry check (expires_at > created_at)');

  // The personal estimate: open applications of one service ahead of one, and its decisions of the last 90 days.
  await knex.raw(`create index applications_open_service on applications (service_id, submitted_at, id) where ${OPEN}`);
  await knex.raw('create index applications_decided_service on applications (service_id, decided_at) where decided_at is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index applications_open_service, applications_decided_service');
  await knex.schema.dropTable('share_codes');
  await knex.raw('alter table applications drop constraint applications_permit_revoked_check');
  await knex.schema.alterTable('applications', (table) => {
    table.dropColumn('permit_revoked_at');
    table.dropColumn('permit_revoked_by');
  });
  await knex('documents').whereNull('draft_id').whereNull('application_id').delete();
  await knex.raw('alter table documents drop constraint documents_owner');
  await knex.raw('alter table documents add constraint documents_owner check (draft_id is not null or application_id is not null)');
  await knex.schema.alterTable('documents', (table) => {
    table.dropColumn('information_request_id');
  });
  await knex.schema.alterTable('information_requests', (table) => {
    table.dropColumn('reply');
  });
}
