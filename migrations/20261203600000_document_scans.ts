import type { Knex } from 'knex';

/**
 * Issue 16, files from strangers: what the virus scanner said of each kept file and which engine
 * and signatures said it. An infected file is never kept, so a kept file is "clean" or, where no
 * scanner is configured (never in production), "not-scanned"; files kept before scanning began
 * were not scanned, and say so.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (table) => {
    table.text('scan_verdict').notNullable().defaultTo('not-scanned');
    // clamd's VERSION: "ClamAV 1.4.6/27480/Tue Dec  2 09:30:00 2026", the engine and its signatures.
    table.text('scanner');
  });
  await knex.raw(`alter table documents add constraint documents_scan_verdict_check check (scan_verdict in ('clean', 'not-scanned'))`);
  await knex.raw(`alter table documents add constraint documents_scanner_check check ((scan_verdict = 'clean') = (scanner is not null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (table) => {
    table.dropColumn('scanner');
    table.dropColumn('scan_verdict');
  });
}
