import type { Request } from 'express';
import { readerOf } from '../../forms/context.js';
import { CALENDAR_PATH, CANCEL_PATH, CHANGE_PATH, PRINT_PATH } from '../paths.js';
import { managedBooking } from '../session.js';
import { aboutBooking, type VisitHandle } from './visit-page.js';

/** A page about the booking opened with its code: its template, given the booking and what else it shows. */
export function managedPage(template: string, more: (req: Request) => Record<string, unknown>): VisitHandle {
  return async (deps, req, res) => {
    const booking = await managedBooking(deps, req, res);
    if (booking) res.render(template, { ...aboutBooking(readerOf(res), booking), ...more(req) });
  };
}

/** The booking opened with its code: to change, cancel, print or add to a calendar. */
export const showBooking = managedPage('visits/booking.njk', (req) => ({
  done: req.query.done === 'changed',
  changeHref: CHANGE_PATH,
  cancelHref: CANCEL_PATH,
  printHref: PRINT_PATH,
  calendarHref: CALENDAR_PATH,
}));
