import type { Knex } from 'knex';

/**
 * Form engine v2: answers kept per step, documents, save and return, limits shared by every
 * instance. Applications sent before it kept every answer in one flat record; they are regrouped
 * by the steps of the journey they were made with, so one renderer reads old and new alike.
 */

// The registration journey as it was when those applications were sent: its steps and their fields.
const FOUNDATION_REGISTRATION_STEPS: Record<string, string[]> = {
  'who-applies': ['applicantType'],
  identity: ['surname', 'givenNames', 'patronymic', 'dateOfBirth', 'sex', 'citizenship', 'placeOfBirth'],
  'travel-document': ['documentNumber', 'documentCountry', 'documentIssueDate', 'documentExpiryDate'],
  entry: ['entryDate', 'purpose', 'visaType', 'visaNumber', 'departureDate'],
  address: ['city', 'street', 'building', 'apartment', 'postcode'],
  'host-person': ['hostName', 'hostFin', 'hostPhone', 'hostConsent'],
  'host-organisation': ['organisationName', 'organisationTaxNumber', 'organisationPhone', 'organisationConsent'],
  contact: ['email', 'phone', 'preferredLanguage'],
};

function regroup(flat: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const grouped: Record<string, Record<string, unknown>> = {};
  for (const [step, fields] of Object.entries(FOUNDATION_REGISTRATION_STEPS)) {
    const values = Object.fromEntries(fields.filter((field) => flat[field] !== undefined && flat[field] !== '').map((field) => [field, flat[field]]));
    if (Object.keys(values).length) grouped[step] = values;
  }
  // An e-visa's number has a field of its own now.
  const entry = grouped.entry;
  if (entry?.visaType === 'eVisa' && entry.visaNumber) {
    entry.eVisaNumber = entry.visaNumber;
    delete entry.visaNumber;
  }
  return grouped;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (table) => {
    table.integer('service_version').notNullable().defaultTo(1);
    table.text('period');
    table.text('speed');
    table.decimal('fee_amount', 10, 2);
  });
  const flat = await knex('applications').select('id', 'answers').whereRaw(`not jsonb_exists(answers, 'identity')`);
  for (const row of flat as { id: string; answers: Record<string, unknown> }[]) {
    await knex('applications').where({ id: row.id }).update({ answers: regroup(row.answers) });
  }

  await knex.schema.alterTable('drafts', (table) => {
    table.timestamp('expires_at', { useTz: true }).notNullable().defaultTo(knex.raw(`now() + interval '30 days'`));
    // Only a hash: the code itself is shown once and kept by the applicant.
    table.text('resume_code_hash').unique();
    table.date('resume_date_of_birth');
    table.index(['expires_at']);
  });

  // The bytes, behind a storage interface that an object store can take over (see src/documents/storage.ts).
  await knex.schema.createTable('document_blobs', (table) => {
    table.text('key').primary();
    table.binary('bytes').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('documents', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('draft_id').references('drafts.id').onDelete('set null');
    table.uuid('application_id').references('applications.id').onDelete('cascade');
    table.text('step_id').notNullable();
    table.text('field').notNullable();
    table.text('storage_key').notNullable().unique();
    table.text('sha256').notNullable();
    table.text('media_type').notNullable();
    table.integer('size_bytes').notNullable();
    table.text('display_name').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['draft_id']);
    table.index(['application_id']);
  });
  await knex.raw(`alter table documents add constraint documents_owner check (draft_id is not null or application_id is not null)`);
  await knex.raw(`alter table documents add constraint documents_sha256 check (sha256 ~ '^[0-9a-f]{64}$')`);
  await knex.raw(`alter table documents add constraint documents_size check (size_bytes > 0)`);
  await knex.raw(`alter table documents add constraint documents_media_type check (media_type in ('application/pdf', 'image/jpeg', 'image/png'))`);

  // Counters of attempts (resume, and later sign-in and lookups), shared by every app instance.
  await knex.schema.createTable('rate_limits', (table) => {
    table.text('key').primary();
    table.timestamp('window_started_at', { useTz: true }).notNullable();
    table.integer('hits').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
  await knex.schema.dropTable('documents');
  await knex.schema.dropTable('document_blobs');
  await knex.schema.alterTable('drafts', (table) => {
    table.dropColumn('expires_at');
    table.dropColumn('resume_code_hash');
    table.dropColumn('resume_date_of_birth');
  });
  await knex.schema.alterTable('applications', (table) => {
    table.dropColumn('service_version');
    table.dropColumn('period');
    table.dropColumn('speed');
    table.dropColumn('fee_amount');
  });
}
