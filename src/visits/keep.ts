import type { Request, Response } from 'express';
import { formatReference } from '../applications/reference.js';
import { readerOf } from '../forms/context.js';
import type { LookupDeps } from '../lookups/page.js';
import { visitCalendar } from './calendar.js';
import { hhmm, type BookingRow } from './model.js';
import { bookingById, officeSettings } from './repository.js';
import { CALENDAR_PATH, MANAGE_PATH } from './paths.js';
import { aboutBooking } from './pages/visit-page.js';
import { officeLine } from './rows.js';

/** A slot length for a booking whose office settings are gone: the queue's shortest common one. */
const DEFAULT_MINUTES = 30;

/** The booking this browser holds: the one it opened with its code, else the one it just made; still to come. */
async function heldBooking(deps: LookupDeps, req: Request): Promise<{ booking: BookingRow; code?: string } | undefined> {
  const visit = req.session.visit;
  const id = visit?.manage ?? visit?.booked?.id;
  const booking = id ? await bookingById(deps.db, id, deps.clock()) : undefined;
  if (!booking) return undefined;
  return { booking, code: visit?.manage ? visit.code : visit?.booked?.code };
}

function calendarFile(res: Response, booking: BookingRow, code: string | undefined, minutes: number, now: Date): string {
  const { t, lang } = readerOf(res);
  return visitCalendar({
    uid: `visit-${booking.id}@e-services`,
    // Seconds between the booking and its last move: each move's file replaces the one before in a calendar.
    sequence: booking.changed_at ? Math.max(1, Math.round((booking.changed_at.getTime() - booking.created_at.getTime()) / 1000)) : 0,
    day: booking.day,
    starts: hhmm(booking.starts),
    minutes,
    summary: t('queue:keep.calendarSummary', { purpose: t(`queue:purposes.${booking.purpose}`) }),
    location: officeLine(booking.office_id, { lang }),
    description: [code ? `${t('queue:confirmation.code')}: ${formatReference(code)}` : '', t('queue:confirmation.bring')].filter(Boolean).join('\n'),
    stamp: now,
  });
}

/** The booking's print view, or the queue's manage page when this browser holds none. */
export async function showPrint(deps: LookupDeps, req: Request, res: Response): Promise<void> {
  const held = await heldBooking(deps, req);
  if (!held) return res.redirect(303, MANAGE_PATH);
  res.set('Cache-Control', 'no-store').render('visits/print.njk', {
    ...aboutBooking(readerOf(res), held.booking),
    code: held.code ? formatReference(held.code) : undefined,
    calendarHref: CALENDAR_PATH,
  });
}

/** The booking as a calendar file (.ics), or the queue's manage page when this browser holds none. */
export async function sendCalendar(deps: LookupDeps, req: Request, res: Response): Promise<void> {
  const held = await heldBooking(deps, req);
  if (!held) return res.redirect(303, MANAGE_PATH);
  const settings = await officeSettings(deps.db, held.booking.office_id);
  const file = calendarFile(res, held.booking, held.code, settings?.slot_minutes ?? DEFAULT_MINUTES, deps.clock());
  res
    .status(200)
    .set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="visit-${held.booking.day}.ics"`, 'Cache-Control': 'private, no-store' })
    .send(file);
}
