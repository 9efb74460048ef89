import type { Knex } from 'knex';

/**
 * The electronic queue: how each office takes bookings (set by supervisors in the back-office) and
 * the bookings. PostgreSQL itself keeps the two promises a queue must keep: one seat of a time slot
 * is held by one booking at most (a unique index over the seats not cancelled), and one person holds
 * one booking per purpose (a unique index over the bookings still to come). A cancelled booking's
 * seat is free again, because a cancelled row is in neither index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('visit_offices', (table) => {
    // An office of src/content/offices.json, where its name and address are in three languages.
    table.text('office_id').primary();
    table.boolean('accepting').notNullable().defaultTo(false);
    table.specificType('purposes', 'text[]').notNullable().defaultTo('{}');
    // ISO days of the week the office receives visitors (1 Monday … 7 Sunday).
    table.specificType('weekdays', 'smallint[]').notNullable().defaultTo('{1,2,3,4,5}');
    table.time('opens_at').notNullable();
    table.time('closes_at').notNullable();
    table.integer('slot_minutes').notNullable();
    /** People received at once in one time slot (desks); a day's capacity is this times the slots. */
    table.integer('seats').notNullable();
    table.integer('days_ahead').notNullable();
    table.integer('version').notNullable().defaultTo(0);
    table.uuid('updated_by').references('officers.id');
    table.timestamp('updated_at', { useTz: true });
  });
  await knex.raw(`alter table visit_offices add constraint visit_offices_hours_check check (closes_at > opens_at)`);
  await knex.raw(`alter table visit_offices add constraint visit_offices_slot_check check (slot_minutes between 5 and 240)`);
  await knex.raw(`alter table visit_offices add constraint visit_offices_seats_check check (seats between 1 and 100)`);
  await knex.raw(`alter table visit_offices add constraint visit_offices_days_check check (days_ahead between 1 and 90)`);
  await knex.raw(`alter table visit_offices add constraint visit_offices_purposes_check check (purposes <@ array['biometrics', 'permitCard', 'consultation'])`);
  await knex.raw(`alter table visit_offices add constraint visit_offices_weekdays_check check (weekdays <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[])`);

  await knex.schema.createTable('visit_bookings', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // The code is shown once; only its hash is kept, as with resume codes.
    table.text('code_hash').notNullable().unique();
    table.text('office_id').notNullable().references('visit_offices.office_id');
    table.text('purpose').notNullable();
    table.date('day').notNullable();
    table.time('starts').notNullable();
    table.integer('seat').notNullable();
    // The person the booking is for, fixed when it is made: it can be moved in time, never given to someone else.
    table.text('document_number').notNullable();
    table.date('date_of_birth').notNullable();
    table.text('status').notNullable().defaultTo('booked');
    table.text('language').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('changed_at', { useTz: true });
    table.timestamp('cancelled_at', { useTz: true });
  });
  await knex.raw(`alter table visit_bookings add constraint visit_bookings_status_check check (status in ('booked', 'cancelled', 'ended'))`);
  await knex.raw(`alter table visit_bookings add constraint visit_bookings_purpose_check check (purpose in ('biometrics', 'permitCard', 'consultation'))`);
  await knex.raw(`alter table visit_bookings add constraint visit_bookings_seat_check check (seat >= 1)`);
  await knex.raw(`alter table visit_bookings add constraint visit_bookings_cancelled_check check ((status = 'cancelled') = (cancelled_at is not null))`);
  await knex.raw(`create unique index visit_bookings_seat on visit_bookings (office_id, day, starts, seat) where status <> 'cancelled'`);
  await knex.raw(`create unique index visit_bookings_person on visit_bookings (document_number, purpose) where status = 'booked'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('visit_bookings');
  await knex.schema.dropTable('visit_offices');
}
