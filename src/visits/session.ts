import type { Request, Response } from 'express';
import type { LookupDeps } from '../lookups/page.js';
import type { BookingRow } from './model.js';
import { MANAGE_PATH } from './paths.js';
import { bookingById } from './repository.js';

declare module 'express-session' {
  interface SessionData {
    /**
     * The electronic queue: the booking just made (its code shown to this session only) and the
     * booking opened to change or cancel, with the code it was opened with (for its print view).
     */
    visit?: { booked?: { id: string; code: string }; manage?: string; code?: string };
  }
}

/** The booking opened with its code in this session, still to come; otherwise back to opening one. */
export async function managedBooking(deps: LookupDeps, req: Request, res: Response): Promise<BookingRow | undefined> {
  const id = req.session.visit?.manage;
  const booking = id ? await bookingById(deps.db, id, deps.clock()) : undefined;
  if (!booking) res.redirect(303, MANAGE_PATH);
  return booking;
}
