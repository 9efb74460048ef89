import type { Knex } from 'knex';

/**
 * Issue 15, decision documents that work on paper: every approval carries a number (registrations and
 * decisions had none), and the QR code printed on it holds a verification code of its own, kept only
 * as a hash, so that whoever scans it sees the document's state without the holder's date of birth.
 */

/** The letters each service's numbers begin with, as the catalogue gave them when this ran. */
const PREFIXES: Record<string, string> = {
  'registration-at-place-of-stay': 'QEY',
  'stay-extension': 'MOM',
  'temporary-residence-permit': 'MYI',
  'permanent-residence-permit': 'DYI',
  'work-permit': 'IS',
  'work-permit-extension': 'IS',
  'foreign-citizenship-notice': 'XV',
  'citizenship-determination': 'VM',
  'citizenship-admission': 'VQ',
  'citizenship-restoration': 'VB',
  'citizenship-renunciation': 'VC',
  'service-recruitment': 'MOQ',
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('verification_codes', (table) => {
    table.text('code_hash').primary();
    table.uuid('application_id').notNullable().references('applications.id').onDelete('cascade');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['application_id']);
  });
  await knex.raw(`alter table verification_codes add constraint verification_codes_hash check (code_hash ~ '^[0-9a-f]{64}$')`);

  // Approvals made before every one had a number get one now, dated by their decision, valid from it.
  const cases = Object.keys(PREFIXES).map(() => `when ? then ?`).join(' ');
  await knex.raw(
    `update applications
        set permit_number = (case service_id ${cases} else 'QR' end)
              || to_char(decided_at at time zone 'Asia/Baku', 'YY')
              || lpad(nextval('permit_number_seq')::text, 7, '0'),
            valid_from = coalesce(valid_from, (decided_at at time zone 'Asia/Baku')::date)
      where status = 'approved' and permit_number is null and decided_at is not null`,
    Object.entries(PREFIXES).flat(),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('verification_codes');
}
