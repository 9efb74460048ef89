import type { Knex } from 'knex';

/**
 * The day by which the applicant is asked to answer a request for information, fixed when the
 * request is made: 30 days from that day in Baku. No law or page of the Service we have names a
 * period (to be confirmed by the Service); the mail and the tracking page say it, and what follows
 * if no answer comes. Changing the period is changing this default; requests made before keep theirs.
 */
const REPLY_DAYS = 30;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('information_requests', (table) => {
    table.date('reply_by');
  });
  await knex.raw(`update information_requests set reply_by = (requested_at at time zone 'Asia/Baku')::date + ?::int`, [REPLY_DAYS]);
  await knex.raw(`alter table information_requests alter column reply_by set default ((now() at time zone 'Asia/Baku')::date + ${REPLY_DAYS})`);
  await knex.raw('alter table information_requests alter column reply_by set not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('information_requests', (table) => {
    table.dropColumn('reply_by');
  });
}
