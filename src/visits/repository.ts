import { createHash } from 'node:crypto';
import { newReference, normaliseReference } from '../applications/reference.js';
import type { Database, Queryable } from '../db/knex.js';
import { todayInBaku } from '../time/calendar.js';
import type { Knex } from 'knex';
import type { Language } from '../i18n/languages.js';
import { bookableDays, hhmm, isAhead, isOffered, slotTimes, timeInBaku, VISIT_PURPOSES, type BookingRow, type OfficeSettings, type VisitPurpose } from './model.js';
import { fieldsOf } from '../http/fields.js';

// The queue's tables are its own and not in db/tables.ts, which tests read as untyped rows:
// their row types are given here once, so every query below is typed by them instead of cast.
const offices = (db: Queryable) => db<OfficeSettings>('visit_offices');
const bookings = (db: Queryable) => db<BookingRow>('visit_bookings');

function hashBookingCode(code: string): string {
  return createHash('sha256').update(`visit:${code}`).digest('hex');
}

export async function officeSettings(db: Queryable, officeId: string): Promise<OfficeSettings | undefined> {
  return offices(db).where({ office_id: officeId }).first();
}

export async function allOfficeSettings(db: Queryable): Promise<OfficeSettings[]> {
  return offices(db).select('*');
}

/** The offices taking bookings for a purpose now. */
export async function openOffices(db: Queryable, purpose: VisitPurpose): Promise<OfficeSettings[]> {
  return offices(db).where({ accepting: true }).whereRaw('? = any(purposes)', [purpose]).select('*');
}

/** The purposes no office takes bookings for now, in the order they are offered. */
export async function purposesWithoutOffice(db: Queryable): Promise<VisitPurpose[]> {
  const rows = (await offices(db).where({ accepting: true }).distinct(db.raw('unnest(purposes) as purpose'))) as { purpose: string }[];
  const served = new Set(rows.map((row) => row.purpose));
  return VISIT_PURPOSES.filter((purpose) => !served.has(purpose));
}

export interface FreeDay {
  day: string;
  times: string[];
}

/** The times of each day ahead with at least one seat nobody holds; days with none are left out. */
export async function freeDays(db: Queryable, settings: OfficeSettings, nowMoment: Date): Promise<FreeDay[]> {
  const today = todayInBaku(nowMoment);
  const now = timeInBaku(nowMoment);
  const days = bookableDays(settings, today);
  if (!days.length) return [];
  const rows = (await bookings(db)
    .where({ office_id: settings.office_id })
    .whereBetween('day', [days[0]!, days[days.length - 1]!])
    .whereNot('status', 'cancelled')
    .groupBy('day', 'starts')
    .select('day', 'starts', db.raw('count(*)::int as taken'))) as { day: string; starts: string; taken: number }[];
  const taken = new Map(rows.map((row) => [`${row.day} ${hhmm(row.starts)}`, row.taken]));
  const times = slotTimes(settings);
  return days
    .map((day) => ({ day, times: times.filter((time) => isAhead(day, time, today, now) && (taken.get(`${day} ${time}`) ?? 0) < settings.seats) }))
    .filter((free) => free.times.length > 0);
}

/**
 * A seat of the slot, taken under a lock of that slot alone (an advisory lock for the transaction),
 * so two bookings of its last seat are made one after the other and the second finds it gone. The
 * unique index over seats would refuse a second holder of a seat even without the lock.
 */
async function claimSeat(trx: Knex.Transaction, settings: OfficeSettings, day: string, starts: string): Promise<number | undefined> {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`visit-slot:${settings.office_id}:${day}:${starts}`]);
  const held = new Set((await bookings(trx).where({ office_id: settings.office_id, day, starts }).whereNot('status', 'cancelled').select('seat')).map((row: { seat: number }) => row.seat));
  for (let seat = 1; seat <= settings.seats; seat += 1) if (!held.has(seat)) return seat;
  return undefined;
}

/** The office's settings for a booking being made: read under a share lock, so a supervisor's change waits for it. */
async function settingsForBooking(trx: Knex.Transaction, officeId: string): Promise<OfficeSettings | undefined> {
  return offices(trx).where({ office_id: officeId }).forShare().first();
}

/** Bookings of this person whose time has passed are no longer theirs to hold. */
async function endPassed(trx: Queryable, where: Record<string, string>, nowMoment: Date): Promise<void> {
  const today = todayInBaku(nowMoment);
  const now = timeInBaku(nowMoment);
  await bookings(trx)
    .where({ ...where, status: 'booked' })
    .where((passed) => passed.where('day', '<', today).orWhere((earlier) => earlier.where('day', today).where('starts', '<=', now)))
    .update({ status: 'ended' });
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const failure = fieldsOf(error);
  return failure.code === '23505' && failure.constraint === constraint;
}

export interface NewBooking {
  officeId: string;
  purpose: VisitPurpose;
  day: string;
  starts: string;
  documentNumber: string;
  dateOfBirth: string;
  language: Language;
  /** Where the confirmation goes; none given, none sent. */
  email?: string;
}

export type BookResult = { ok: true; booking: BookingRow; code: string } | { ok: false; reason: 'full' | 'alreadyBooked' | 'notOffered' };

/**
 * What a booking made, moved or cancelled reports, called in its own transaction (src/visits/notice.ts
 * writes the mail to the outbox there, so a booking and its mail are kept together or not at all).
 * The code is given only when the booking is made: it is kept nowhere else.
 */
export type BookingNotice = (trx: Knex.Transaction, event: { kind: 'booked' | 'changed' | 'cancelled'; booking: BookingRow; code?: string }) => Promise<void>;
const NO_NOTICE: BookingNotice = async () => undefined;

/** Books a seat of a slot for one person; one booking per person and purpose still to come. */
export async function book(db: Database, booking: NewBooking, nowMoment: Date, notice: BookingNotice = NO_NOTICE): Promise<BookResult> {
  const code = newReference();
  try {
    return await db.transaction(async (trx): Promise<BookResult> => {
      const settings = await settingsForBooking(trx, booking.officeId);
      if (!settings?.accepting || !settings.purposes.includes(booking.purpose) || !isOffered(settings, booking.day, booking.starts, todayInBaku(nowMoment), timeInBaku(nowMoment))) {
        return { ok: false, reason: 'notOffered' };
      }
      await endPassed(trx, { document_number: booking.documentNumber, purpose: booking.purpose }, nowMoment);
      const holding = await bookings(trx).where({ document_number: booking.documentNumber, purpose: booking.purpose, status: 'booked' }).first('id');
      if (holding) return { ok: false, reason: 'alreadyBooked' };
      const seat = await claimSeat(trx, settings, booking.day, booking.starts);
      if (!seat) return { ok: false, reason: 'full' };
      const [row] = await bookings(trx)
        .insert({
          code_hash: hashBookingCode(code),
          office_id: booking.officeId,
          purpose: booking.purpose,
          day: booking.day,
          starts: booking.starts,
          seat,
          document_number: booking.documentNumber,
          date_of_birth: booking.dateOfBirth,
          language: booking.language,
          email: booking.email ?? null,
        })
        .returning('*');
      await notice(trx, { kind: 'booked', booking: row!, code });
      return { ok: true, booking: row!, code };
    });
  } catch (error) {
    // The same person booking twice at the same moment: the index lets one through.
    if (isUniqueViolation(error, 'visit_bookings_person')) return { ok: false, reason: 'alreadyBooked' };
    if (isUniqueViolation(error, 'visit_bookings_seat')) return { ok: false, reason: 'full' };
    throw error;
  }
}

/** A booking still to come, found by its code and the document number it was made for; anything else finds nothing. */
export async function findBooking(db: Queryable, typedCode: string, documentNumber: string, nowMoment: Date): Promise<BookingRow | undefined> {
  const code = normaliseReference(typedCode);
  if (!code) return undefined;
  const row = await bookings(db).where({ code_hash: hashBookingCode(code), document_number: documentNumber, status: 'booked' }).first();
  return row && isAhead(row.day, row.starts, todayInBaku(nowMoment), timeInBaku(nowMoment)) ? row : undefined;
}

/** The booking held by a session that proved it: still booked and still ahead. */
export async function bookingById(db: Queryable, id: string, nowMoment: Date): Promise<BookingRow | undefined> {
  const row = await bookings(db).where({ id, status: 'booked' }).first();
  return row && isAhead(row.day, row.starts, todayInBaku(nowMoment), timeInBaku(nowMoment)) ? row : undefined;
}

export type MoveResult = 'moved' | 'full' | 'notOffered' | 'gone';

/** Moves a booking to another slot (the same person, the same purpose); its old seat is free at once. */
export async function moveBooking(db: Database, id: string, target: { officeId: string; day: string; starts: string }, nowMoment: Date, notice: BookingNotice = NO_NOTICE): Promise<MoveResult> {
  try {
    return await db.transaction(async (trx): Promise<MoveResult> => {
      const current = await bookings(trx).where({ id, status: 'booked' }).forUpdate().first();
      const today = todayInBaku(nowMoment);
      const now = timeInBaku(nowMoment);
      if (!current || !isAhead(current.day, current.starts, today, now)) return 'gone';
      if (current.office_id === target.officeId && current.day === target.day && hhmm(current.starts) === target.starts) return 'moved';
      const settings = await settingsForBooking(trx, target.officeId);
      if (!settings?.accepting || !settings.purposes.includes(current.purpose) || !isOffered(settings, target.day, target.starts, today, now)) return 'notOffered';
      const seat = await claimSeat(trx, settings, target.day, target.starts);
      if (!seat) return 'full';
      const [row] = await bookings(trx).where({ id }).update({ office_id: target.officeId, day: target.day, starts: target.starts, seat, changed_at: trx.fn.now() }).returning('*');
      await notice(trx, { kind: 'changed', booking: row! });
      return 'moved';
    });
  } catch (error) {
    if (isUniqueViolation(error, 'visit_bookings_seat')) return 'full';
    throw error;
  }
}

/** Cancels a booking still to come; its seat goes back to the pool. */
export async function cancelBooking(db: Database, id: string, nowMoment: Date, notice: BookingNotice = NO_NOTICE): Promise<boolean> {
  return db.transaction(async (trx) => {
    const current = await bookings(trx).where({ id, status: 'booked' }).forUpdate().first();
    if (!current || !isAhead(current.day, current.starts, todayInBaku(nowMoment), timeInBaku(nowMoment))) return false;
    const [row] = await bookings(trx).where({ id }).update({ status: 'cancelled', cancelled_at: trx.fn.now() }).returning('*');
    await notice(trx, { kind: 'cancelled', booking: row! });
    return true;
  });
}
